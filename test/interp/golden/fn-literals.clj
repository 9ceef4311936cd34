;; #(...) literals and functions as values.

(#(* 2 %) 21)
;=> 42

(#(+ %1 %2) 1 2)
;=> 3

(#(vector % %1) 5)
;=> [5 5]

(#(apply + %&) 1 2 3)
;=> 6

(#(vector %1 %&) 1 2 3)
;=> [1 (2 3)]

(#(do :constant))
;=> :constant

(#(vector %2) 1 2)
;=> [2]

(#(vector %2) 1)
;=> error: Wrong number of args (1)

(map #(* % %) [1 2 3])
;=> (1 4 9)

(#(#(%)) 1)
;=> compile error: Nested #()s are not allowed

(:a {:a 1})
;=> 1

(:b {:a 1} :default)
;=> :default

(:a nil)
;=> nil

(:a [1 2])
;=> nil

({:a 1} :a)
;=> 1

({:a 1} :b 2)
;=> 2

(#{:a :b} :a)
;=> :a

(#{:a :b} :c)
;=> nil

([10 20 30] 1)
;=> 20

([10 20 30] 5)
;=> error: Index 5 out of bounds

('x {'x 1})
;=> 1

(map :id [{:id 1} {:id 2}])
;=> (1 2)

(filter #{2 3} [1 2 3 4])
;=> (2 3)

(map {:a 1 :b 2} [:a :b :c])
;=> (1 2 nil)

(:a)
;=> compile error: A keyword called as a function takes a map

(let [f :a] (f {:a 5}))
;=> 5

(let [f :a] (f))
;=> error: Wrong number of args (0) passed to: :a

((comp inc :n) {:n 1})
;=> 2

((partial + 10) 5)
;=> 15

((complement nil?) 1)
;=> true

((juxt :id :name) {:id 1 :name "a"})
;=> [1 "a"]

((every-pred pos? even?) 4)
;=> true

((every-pred pos? even?) 3)
;=> false

((some-fn :email :phone) {:phone "123"})
;=> "123"

((fnil inc 0) nil)
;=> 1

((constantly 7) 1 2 3)
;=> 7

(identity 3)
;=> 3

(apply max [1 5 3])
;=> 5

(apply + 1 2 [3 4])
;=> 10

(apply str [])
;=> ""

((comp) 5)
;=> 5

(fn? inc)
;=> true

(fn? :a)
;=> false

(fn? (fn []))
;=> true

(into [] (map inc) [1 2 3])
;=> [2 3 4]
