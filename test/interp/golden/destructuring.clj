;; Destructuring in let, fn params, loop, for.

(let [[a b c] [1 2 3]] [c b a])
;=> [3 2 1]

(let [[a b] [1]] [a b])
;=> [1 nil]

(let [[a & more] [1 2 3]] [a more])
;=> [1 (2 3)]

(let [[a & more] [1]] [a more])
;=> [1 nil]

(let [[a b :as all] [1 2 3]] [a b all])
;=> [1 2 [1 2 3]]

(let [[a [b c]] [1 [2 3]]] (+ a b c))
;=> 6

(let [[a b] '(1 2)] (+ a b))
;=> 3

(let [[a b] "hi"] [a b])
;=> [\h \i]

(let [[a b] nil] [a b])
;=> [nil nil]

(let [[_ _ c] (range 5)] c)
;=> 2

(let [[a b] {:a 1}] a)
;=> error: nth not supported

(let [{:keys [a b]} {:a 1 :b 2}] (+ a b))
;=> 3

(let [{:keys [a b] :or {b 10}} {:a 1}] [a b])
;=> [1 10]

(let [{:keys [a] :or {a 10}} {:a nil}] a)
;=> nil

(let [{:keys [a] :as m} {:a 1 :z 2}] [a m])
;=> [1 {:a 1 :z 2}]

(let [{:strs [name age]} {"name" "Ada" "age" 36}] [name age])
;=> ["Ada" 36]

(let [{:syms [x]} {'x 5}] x)
;=> 5

(let [{id :id {city :city} :address} {:id 7 :address {:city "Oslo"}}] [id city])
;=> [7 "Oslo"]

(let [{[first-item] :items} {:items [:a :b]}] first-item)
;=> :a

(let [{:keys [flow/id]} {:flow/id 3}] id)
;=> 3

(let [{:flow/keys [id]} {:flow/id 4}] id)
;=> 4

(let [{:keys [:a]} {:a 9}] a)
;=> 9

(let [{:keys [a]} nil] a)
;=> nil

(let [{:keys [a]} 42] a)
;=> nil

(let [{:keys [a b]} '(:a 1 :b 2)] [a b])
;=> [1 2]

(let [{x :x :or {x (+ 1 2)}} {}] x)
;=> 3

(let [{:keys [a] :or {a (throw (ex-info "default evaluated" {}))}} {:a 1}] a)
;=> 1

((fn [{:keys [name]}] (str "Hello, " name)) {:name "Ada"})
;=> "Hello, Ada"

((fn [[x y] {:keys [z]}] (+ x y z)) [1 2] {:z 3})
;=> 6

((fn [& {:keys [a b]}] [a b]) :a 1 :b 2)
;=> [1 2]

((fn [& {:as opts}] opts) {:a 1})
;=> {:a 1}

(loop [[x & xs] [1 2 3] out []] (if x (recur xs (conj out (* 10 x))) out))
;=> [10 20 30]

(for [[k v] {:a 1 :b 2}] [v k])
;=> ([1 :a] [2 :b])

(for [{:keys [id]} [{:id 1} {:id 2}]] id)
;=> (1 2)

(let [[a b & {:keys [c]}] [1 2 :c 3]] [a b c])
;=> [1 2 3]

(let [ns/x 1] x)
;=> compile error: Cannot bind the qualified symbol

(let [5 1] 5)
;=> compile error: a binding must be a symbol, a vector or a map

(let [{:keys a} {}] a)
;=> compile error: takes a vector of names

(let [[a &] [1]] a)
;=> compile error: `&` needs a name after it
