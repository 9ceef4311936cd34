;; Strings: str, subs, format, regexes and clojure.string.

(subs "abcdef" 1 3)
;=> "bc"

(subs "abcdef" 2)
;=> "cdef"

(subs "abc" 2 10)
;=> error: String index out of range: 10

(count "héllo")
;=> 5

(format "%s: %d" "count" 3)
;=> "count: 3"

(format "%05d|%-5s|%5s|" 42 "ab" "cd")
;=> "00042|ab   |   cd|"

(format "%.2f" 1.005)
;=> "1.01"

(format "%.1f %.0f %f" 2.25 2.5 1.0)
;=> "2.3 3 1.000000"

(format "%,d" 1234567)
;=> "1,234,567"

(format "%x %X %o" 255 255 8)
;=> "ff FF 10"

(format "%s %s %s" nil :k [1 2])
;=> "null :k [1 2]"

(format "%b %b %c %%" nil 0 \z)
;=> "false true z %"

(format "%2$s %1$s" "a" "b")
;=> "b a"

(format "%+d %+d" 5 -5)
;=> "+5 -5"

(format "%d" 1.5)
;=> error: %d takes an integer

(format "%s %s" 1)
;=> error: has no argument

(format "%e" 12345.678)
;=> "1.234568e+04"

(re-find #"[0-9]+" "id-42-7")
;=> "42"

(re-find #"(\w+)@(\w+)" "mail ada@example now")
;=> ["ada@example" "ada" "example"]

(re-find #"x" "abc")
;=> nil

(re-matches #"[a-z]+" "abc")
;=> "abc"

(re-matches #"[a-z]+" "abc1")
;=> nil

(re-matches #"a.*?" "abc")
;=> "abc"

(re-matches #"(\d+)-(\d+)" "10-20")
;=> ["10-20" "10" "20"]

(re-seq #"[0-9]+" "1 and 22 and 333")
;=> ("1" "22" "333")

(re-seq #"x" "abc")
;=> nil

(re-find (re-pattern "[0-9]+") "ab12")
;=> "12"

(re-find #"(?i)hello" "say HELLO")
;=> "HELLO"

(re-find #"\Aab" "abab")
;=> "ab"

(re-matches #"\p{Alpha}+" "abcXYZ")
;=> "abcXYZ"

(re-find #"a++" "aaa")
;=> compile error: Possessive quantifiers are not supported

(re-find #"[0-9]+" 5)
;=> error: re-find expects a string

(clojure.string/join ", " ["a" "b" "c"])
;=> "a, b, c"

(clojure.string/join [1 2 3])
;=> "123"

(clojure.string/join "-" [])
;=> ""

(clojure.string/split "a,b,c" #",")
;=> ["a" "b" "c"]

(clojure.string/split "a,b,,c,," #",")
;=> ["a" "b" "" "c"]

(clojure.string/split "a1b2c3" #"\d" 2)
;=> ["a" "b2c3"]

(clojure.string/split "abc" #"")
;=> ["a" "b" "c"]

(clojure.string/split "" #",")
;=> [""]

(clojure.string/split ",a" #",")
;=> ["" "a"]

(clojure.string/split "a  b   c" #" +")
;=> ["a" "b" "c"]

(clojure.string/upper-case "ada")
;=> "ADA"

(clojure.string/lower-case "ADA")
;=> "ada"

(clojure.string/capitalize "hELLO")
;=> "Hello"

(clojure.string/capitalize "a")
;=> "A"

(clojure.string/trim "  a b  ")
;=> "a b"

(clojure.string/triml "  a ")
;=> "a "

(clojure.string/trimr "  a ")
;=> "  a"

(clojure.string/trim-newline "a\r\n\n")
;=> "a"

(clojure.string/blank? nil)
;=> true

(clojure.string/blank? "  \t")
;=> true

(clojure.string/blank? " a ")
;=> false

(clojure.string/starts-with? "/api/x" "/api")
;=> true

(clojure.string/ends-with? "file.pdf" ".pdf")
;=> true

(clojure.string/includes? "urgent: yes" "urgent")
;=> true

(clojure.string/includes? nil "x")
;=> error: expects a string, got nil

(clojure.string/replace "a-b-c" "-" "_")
;=> "a_b_c"

(clojure.string/replace "a-b-c" #"-" "+")
;=> "a+b+c"

(clojure.string/replace "john smith" #"(\w+) (\w+)" "$2, $1")
;=> "smith, john"

(clojure.string/replace "a1b22" #"\d+" (fn [m] (str "<" m ">")))
;=> "a<1>b<22>"

(clojure.string/replace "x.y" "." "\\$")
;=> "x\\$y"

(clojure.string/replace "cost" #"o" "\\$")
;=> "c$st"

(clojure.string/replace "aaa" \a \b)
;=> "bbb"

(clojure.string/replace-first "a-b-c" "-" "_")
;=> "a_b-c"

(clojure.string/replace-first "a1b2" #"\d" "#")
;=> "a#b2"

(clojure.string/split-lines "a\nb\r\nc\n")
;=> ["a" "b" "c"]

(clojure.string/index-of "abc" "c")
;=> 2

(clojure.string/index-of "abc" \b)
;=> 1

(clojure.string/index-of "abc" "z")
;=> nil

(clojure.string/index-of "abcabc" "a" 1)
;=> 3

(clojure.string/last-index-of "a.b.c" ".")
;=> 3

(clojure.string/reverse "abc")
;=> "cba"

(clojure.string/escape "a&b<c" {\& "&amp;" \< "&lt;"})
;=> "a&amp;b&lt;c"

(clojure.string/upper-case nil)
;=> error: clojure.string/upper-case expects a string, got nil

(name :approve)
;=> "approve"

(name :ns/x)
;=> "x"

(name "s")
;=> "s"

(name 'sym)
;=> "sym"

(name 5)
;=> error: name expects a string, keyword or symbol

(namespace :tools/fetch)
;=> "tools"

(namespace :a)
;=> nil

(keyword "approve")
;=> :approve

(keyword "a/b")
;=> :a/b

(keyword "ns" "n")
;=> :ns/n

(keyword nil)
;=> nil

(keyword :k)
;=> :k

(symbol "x")
;=> x

(symbol "a" "b")
;=> a/b

(keyword (or (:action {}) "reject"))
;=> :reject

(string? "s")
;=> true

(first "abc")
;=> \a

(seq "ab")
;=> (\a \b)

(apply str (reverse "abc"))
;=> "cba"
