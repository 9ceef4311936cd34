;; Threading macros.

(-> {:a {:b 1}} :a :b)
;=> 1

(-> 1 inc (* 10) (- 3))
;=> 17

(-> {} (assoc :a 1) (assoc :b 2))
;=> {:a 1 :b 2}

(-> 5)
;=> 5

(-> [1 2] (conj 3) count)
;=> 3

(-> 1 (#(* % 100)))
;=> 100

(-> {:k 2} (get :k) (+ 1) (str "!"))
;=> "3!"

(->> [1 2 3] (map inc) (filter odd?) (reduce +))
;=> 3

(->> 10 (- 1))
;=> -9

(some-> {:a {:b 1}} :a :b inc)
;=> 2

(some-> {:a nil} :a :b inc)
;=> nil

(some->> [1 2] (map inc) first)
;=> 2

(some->> nil (map inc))
;=> nil

(cond-> {:role :user} true (assoc :active true) false (assoc :never true))
;=> {:role :user :active true}

(let [admin? true] (cond-> [] admin? (conj :admin) (not admin?) (conj :guest)))
;=> [:admin]

(cond->> [3 1 2] true sort false reverse)
;=> (1 2 3)

(as-> 1 n (inc n) (* n 2) (str n "!"))
;=> "4!"

(-> {:a 1} (get-in))
;=> compile error: Wrong number of args (1) passed to: get-in

(-> 1 (+ :a))
;=> error: Cannot cast :a

(cond-> 1 true)
;=> compile error: test/form pairs

(-> (-> 1 inc) (-> (* 3)))
;=> 6

(let [x 1] (-> x (+ (-> x inc))))
;=> 3
