;; Special forms and core macros, in function code.

(quote (a b c))
;=> (a b c)

'x
;=> x

(let [x 1 y (+ x 1)] (* x y))
;=> 2

(let [x 1 x (inc x) x (* x 10)] x)
;=> 20

(let [] 5)
;=> 5

(let [x 1] (let [x 2] x))
;=> 2

(let [x 1 f (fn [] x) x 2] [(f) x])
;=> [1 2]

(if true :yes :no)
;=> :yes

(if nil :yes :no)
;=> :no

(if false :yes)
;=> nil

(if 0 :truthy :falsey)
;=> :truthy

(if "" :truthy :falsey)
;=> :truthy

(if (seq []) :some :none)
;=> :none

(when (pos? 1) :a :b)
;=> :b

(when false :a)
;=> nil

(when-not false 1 2 3)
;=> 3

(when-not true 1)
;=> nil

(cond (= 1 2) :a (= 1 1) :b :else :c)
;=> :b

(cond false 1)
;=> nil

(cond)
;=> nil

(cond 1)
;=> compile error: even number of forms

(case :reject :approve "yes" :reject "no" "unknown")
;=> "no"

(case "zzz" :approve "yes" "unknown")
;=> "unknown"

(case 3 (1 2) :low (3 4) :mid :high)
;=> :mid

(case [1 2] [1 2] :pair :other)
;=> :pair

(case nil nil :nothing :something)
;=> :nothing

(case 9 1 :one)
;=> error: No matching clause: 9

(case 1 1 :a 1 :b)
;=> compile error: Duplicate case test constant

(do)
;=> nil

(do 1 2 3)
;=> 3

(and)
;=> true

(and 1 2 3)
;=> 3

(and 1 nil 3)
;=> nil

(and 1 false 3)
;=> false

(or)
;=> nil

(or nil false)
;=> false

(or nil 7 (throw (ex-info "not evaluated" {})))
;=> 7

(comment (this is never evaluated))
;=> nil

(condp = 2 1 :one 2 :two :many)
;=> :two

(condp = 5 1 :one :many)
;=> :many

(condp some [1 2 3] #{0 4} :>> inc #{3 5} :>> dec)
;=> 2

(condp = 5 1 :one)
;=> error: No matching clause

(when-let [x (:a {:a 1})] (inc x))
;=> 2

(when-let [x (:b {:a 1})] (inc x))
;=> nil

(if-let [[a b] [1 2]] (+ a b) :none)
;=> 3

(if-let [x false] :then :else)
;=> :else

(if-some [x false] [:then x] :else)
;=> [:then false]

(when-some [x nil] :never)
;=> nil

(if-let [x 1 y 2] x)
;=> compile error: exactly one binding

(letfn [(sq [x] (* x x))] (sq 3))
;=> 9

(letfn [(ev? [n] (if (zero? n) true (od? (dec n))))
        (od? [n] (if (zero? n) false (ev? (dec n))))]
  [(ev? 10) (od? 7)])
;=> [true true]

(let [x 10] (letfn [(add [y] (+ x y))] (add 5)))
;=> 15

((fn [x] (* 2 x)) 21)
;=> 42

((fn add [a b] (+ a b)) 1 2)
;=> 3

((fn fact [n] (if (<= n 1) 1 (* n (fact (dec n))))) 10)
;=> 3628800

((fn ([] :none) ([x] [:one x]) ([x & more] [:many x more])) 1 2 3)
;=> [:many 1 (2 3)]

((fn ([] :none) ([x] [:one x]) ([x & more] [:many x more])))
;=> :none

((fn [& xs] xs))
;=> nil

((fn [& xs] (count xs)) 1 2 3)
;=> 3

((fn [x] x))
;=> error: Wrong number of args (0) passed to: fn

((fn named [x] x) 1 2)
;=> error: Wrong number of args (2) passed to: named

(fn ([x] 1) ([y] 2))
;=> compile error: same number of params

((fn [x] {:pre [(pos? x)]} x) -1)
;=> error: Assert failed: (pos? x)

((fn [x] {:pre [(pos? x)]} (* x 10)) 2)
;=> 20

(let [adders (for [i [1 2 3]] (fn [x] (+ x i)))] (map #(% 10) adders))
;=> (11 12 13)

(let [make (fn [n] (fn [] n))] [((make 1)) ((make 2))])
;=> [1 2]

(let [a 1] (let [f (fn [] (let [g (fn [] a)] (g)))] (f)))
;=> 1

(loop [i 0 acc []] (if (< i 5) (recur (inc i) (conj acc i)) acc))
;=> [0 1 2 3 4]

(loop [[x & xs] [1 2 3] sum 0] (if x (recur xs (+ sum x)) sum))
;=> 6

(loop [i 0] (when (< i 3) (recur (inc i))))
;=> nil

(loop [n 100000 acc 0] (if (zero? n) acc (recur (dec n) (+ acc n))))
;=> 5000050000

((fn sum [n acc] (if (zero? n) acc (recur (dec n) (+ acc n)))) 100000 0)
;=> 5000050000

((fn [x & more] (if (seq more) (recur (first more) (next more)) x)) 1 2 3)
;=> 3

(loop [x 1] (inc (recur x)))
;=> compile error: Can only recur from tail position

(recur 1)
;=> compile error: recur is only allowed inside a loop or a fn

(loop [a 1 b 2] (recur 1))
;=> compile error: Mismatched argument count to recur, expected: 2 args, got: 1

(loop [i 0] (try (recur (inc i)) (catch Exception e 0)))
;=> compile error: Can only recur from tail position

(let [x])
;=> compile error: even number of forms

(let x 1)
;=> compile error: needs a binding vector

(undefined-thing 1)
;=> compile error: Unknown symbol undefined-thing

(let [x 1] (inc y))
;=> compile error: Unknown symbol y

(getin {:a 1} [:a])
;=> compile error: `get-in`

(get-in {:a 1})
;=> compile error: Wrong number of args (1) passed to: get-in

(if)
;=> compile error: Wrong number of args (0) passed to: if

(1 2 3)
;=> compile error: Cannot call 1

(nil)
;=> compile error: Cannot call nil

(let [f nil] (f 1))
;=> error: Cannot call nil as a function

(let [f 5] (f))
;=> error: Cannot call 5 (integer) as a function

@x
;=> compile error: deref

`(a ~b)
;=> compile error: Syntax quote

(catch Exception e 1)
;=> compile error: catch is only allowed

(if-some [x 1] x)
;=> 1

(if)
;=> compile error: expected (if test then)
