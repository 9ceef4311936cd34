;; Clojure equality and printing.

(= 1 1)
;=> true

(= [1 2] '(1 2))
;=> true

(= [1 2] [1 2 3])
;=> false

(= {:a [1 2]} {:a '(1 2)})
;=> true

(= #{1 2} #{2 1})
;=> true

(= {:a 1 :b 2} {:b 2 :a 1})
;=> true

(= "a" "a" "a")
;=> true

(= :a :a :b)
;=> false

(= nil nil)
;=> true

(= nil false)
;=> false

(= [] nil)
;=> false

(= [] ())
;=> true

(= {} [])
;=> false

(= 1 1.0)
;=> true

(== 1 1.0)
;=> true

(not= 1 2)
;=> true

(not= [1] [1])
;=> false

(= (map inc [1 2]) [2 3])
;=> true

(= 'a 'a)
;=> true

(= \a \a)
;=> true

(= "a" \a)
;=> false

(contains? #{[1 2]} '(1 2))
;=> true

(get {[1 2] :v} '(1 2))
;=> :v

(distinct? 1 2 3)
;=> true

(distinct? 1 2 1)
;=> false

(pr-str {:a "b"})
;=> "{:a \"b\"}"

(pr-str [1 :k "s" \c nil true 2.5 'sym])
;=> "[1 :k \"s\" \\c nil true 2.5 sym]"

(pr-str '(1 2) #{3})
;=> "(1 2) #{3}"

(pr-str)
;=> ""

(pr-str "line\nbreak")
;=> "\"line\\nbreak\""

(prn-str :a)
;=> ":a\n"

(print-str "a" 1 :b ["c"])
;=> "a 1 :b [c]"

(str "a" 1 :b nil 'c \d)
;=> "a1:bcd"

(str)
;=> ""

(str nil)
;=> ""

(str [1 "a"])
;=> "[1 \"a\"]"

(str {:a 1})
;=> "{:a 1}"

(str 1.5)
;=> "1.5"

(str true false)
;=> "truefalse"

(str (ex-info "boom" {:a 1}))
;=> "clojure.lang.ExceptionInfo: boom {:a 1}"

(pr-str (ex-info "boom" {:a 1}))
;=> "#error {:type clojure.lang.ExceptionInfo, :message \"boom\", :data {:a 1}}"

(pr-str (map inc [1 2]))
;=> "(2 3)"

(pr-str (for [x [1]] x))
;=> "(1)"

(pr-str {:a {:b [1 #{2}]}})
;=> "{:a {:b [1 #{2}]}}"

(pr-str inc)
;=> "#function[inc]"

(pr-str (fn named [x] x))
;=> "#function[named]"

(compare 1 2)
;=> -1

(compare "a" "c")
;=> -2

(compare :a :b)
;=> -1

(compare [1 2] [1 3])
;=> -1

(compare [1 2 3] [9])
;=> 1

(compare nil 1)
;=> -1

(compare "a" 1)
;=> error: Cannot compare
