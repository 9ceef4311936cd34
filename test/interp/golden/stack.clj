;; Deep recursion without recur ends with a clear, uncatchable error, not a crash.

((fn f [n] (inc (f n))) 1)
;=> error: evaluation nested too deeply

(try ((fn f [n] (inc (f n))) 1) (catch Throwable e :caught))
;=> error: evaluation nested too deeply

((fn f [n] (if (zero? n) 0 (inc (f (dec n))))) 500)
;=> 500
