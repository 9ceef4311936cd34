;; for, doseq, dotimes.

(for [x [1 2 3]] (* x x))
;=> (1 4 9)

(for [x [1 2 3 4 5 6] :when (even? x)] x)
;=> (2 4 6)

(for [x [1 2 3 4 1 2] :while (< x 4)] x)
;=> (1 2 3)

(for [x [1 2 3] :let [y (* 10 x)]] y)
;=> (10 20 30)

(for [x [1 2] y [:a :b]] [x y])
;=> ([1 :a] [1 :b] [2 :a] [2 :b])

(for [x (range 3) y (range 3) :when (< x y)] [x y])
;=> ([0 1] [0 2] [1 2])

(for [x [1 2 3] y [10 20] :while (< (+ x y) 22)] (+ x y))
;=> (11 21 12 13)

(for [x [1 2 3] :let [y (inc x)] :when (odd? y)] [x y])
;=> ([2 3])

(for [x []] x)
;=> ()

(for [x nil] x)
;=> ()

(for [c "abc"] c)
;=> (\a \b \c)

(seq? (for [x [1]] x))
;=> true

(vec (for [x [1 2]] x))
;=> [1 2]

(= [1 4] (for [x [1 2]] (* x x)))
;=> true

(for [x 5] x)
;=> error: Don't know how to create a sequence from 5

(for [x [1 2]] x x)
;=> compile error: one body form

(for [:when true] 1)
;=> compile error: must start with a binding

(for [x [1] :until true] x)
;=> compile error: Invalid `for` modifier

(doseq [x [1 2 3]] (inc x))
;=> nil

(dotimes [i 3] i)
;=> nil

(let [n 3] (dotimes [i n] (inc i)))
;=> nil

(dotimes [i :a] i)
;=> error: Cannot cast :a
