;; ex-info, throw, try/catch/finally, runtime errors as exceptions.

(try (throw (ex-info "boom" {:a 1})) (catch Exception e (ex-data e)))
;=> {:a 1}

(try (throw (ex-info "boom" {:a 1})) (catch clojure.lang.ExceptionInfo e (ex-message e)))
;=> "boom"

(try (throw (ex-info "boom" {})) (catch ExceptionInfo e :info))
;=> :info

(try (throw (ex-info "boom" {})) (catch Throwable e :t))
;=> :t

(try (throw (ex-info "boom" {})) (catch :default e :d))
;=> :d

(try (throw (ex-info "boom" {})) (catch Object e :o))
;=> :o

(try (throw (ex-info "boom" {:a 1})) (catch ArithmeticException e :arith) (catch Exception e :generic))
;=> :generic

(try (/ 1 0) (catch ArithmeticException e (ex-message e)))
;=> "Divide by zero"

(try (/ 1 0) (catch ExceptionInfo e :info))
;=> error: Divide by zero

(try (+ 1 nil) (catch NullPointerException e :npe))
;=> :npe

(try (+ 1 nil) (catch Exception e (ex-data e)))
;=> nil

(try (nth [1] 5) (catch IndexOutOfBoundsException e :oob))
;=> :oob

(try (throw (ex-info "x" {})) (finally :ignored))
;=> error: x

(try 1 (finally 2))
;=> 1

(try)
;=> nil

(try 1 2 3)
;=> 3

(ex-message (ex-info "m" {}))
;=> "m"

(ex-data (ex-info "m" {:k :v}))
;=> {:k :v}

(ex-data "not an exception")
;=> nil

(ex-message 5)
;=> nil

(ex-info "m" nil)
;=> error: Additional data must be non-nil

(ex-info "m" [1])
;=> error: ex-info data must be a map

(ex-data (ex-info "outer" {:o 1} (ex-info "inner" {:i 1})))
;=> {:o 1}

(throw (ex-info "KV page not found" {:key "k"}))
;=> error: KV page not found

(throw {:not :an-exception})
;=> error: throw takes an exception

(throw "boom")
;=> error: Cannot throw "boom"

(try (throw (ex-info "a" {})) (catch Exception e (throw (ex-info (str "wrapped: " (ex-message e)) {}))))
;=> error: wrapped: a

(try (try (throw (ex-info "inner" {:n 1})) (catch ArithmeticException e :wrong)) (catch Exception e (ex-data e)))
;=> {:n 1}

(try (try (throw (ex-info "inner" {})) (finally (throw (ex-info "from finally" {})))) (catch Exception e (ex-message e)))
;=> "from finally"

(let [e (try (throw (ex-info "v" {:x 1})) (catch Exception e e))] [(ex-message e) (ex-data e)])
;=> ["v" {:x 1}]

(try (throw (ex-info "boom" {})) (catch NoSuchClass e 1))
;=> compile error: Unable to resolve classname: NoSuchClass

(try (catch Exception e 1) 2)
;=> compile error: Only catch or finally clauses can follow catch

(try 1 (finally 2) (catch Exception e 3))
;=> compile error: finally must be the last clause

(try (throw (ex-info "x" {})) (catch Exception))
;=> compile error: catch needs a name

(try ((fn [x] x)) (catch clojure.lang.ArityException e :arity))
;=> :arity

(try (assoc [] 3 1) (catch Exception e (ex-message e)))
;=> "Index 3 out of bounds for length 0"

(try (throw (ex-info "boom" {})) (catch Exception e (str e)))
;=> "clojure.lang.ExceptionInfo: boom {}"

(try (/ 1 0) (catch Exception e (str e)))
;=> "java.lang.ArithmeticException: Divide by zero"
