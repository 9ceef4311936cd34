;; The fuel limit: runaway code stops with a clear error flow code cannot catch.
;; fuel: 10000

(loop [] (recur))
;=> error: evaluation ran out of fuel after 10000 steps: an unbounded loop?

(loop [i 0] (if (< i 100) (recur (inc i)) i))
;=> 100

(try (loop [] (recur)) (catch Throwable e :caught))
;=> error: ran out of fuel

(try (loop [] (recur)) (finally (throw (ex-info "finally must not run" {}))))
;=> error: ran out of fuel

(count (range 20000))
;=> error: ran out of fuel

(reduce + (range 100))
;=> 4950

(count (for [x (range 200) y (range 200)] 1))
;=> error: ran out of fuel

(let [f (fn f [n] (if (zero? n) 0 (recur (dec n))))] (f 1000000))
;=> error: ran out of fuel

(dotimes [i 1000000] i)
;=> error: ran out of fuel

(count (repeat 1000000 :x))
;=> error: ran out of fuel
