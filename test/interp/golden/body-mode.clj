;; The flow body: flow/* forms against the golden host, and the body's restrictions.
;; mode: body

(flow/input)
;=> {:order-id "o-1" :items [1 2 3]}

(flow/now-ms)
;=> 1700000000000

(flow/step :http :fetch-order {:method :get :path (str "/orders/" 1)})
;=> {:type :http :id :fetch-order :config {:method :get :path "/orders/1"}}

(flow/step :tools/fetch {:x 1})
;=> {:type :tools/fetch :id nil :config {:x 1}}

(flow/step :tools/fetch :step-1 {:x 1})
;=> {:type :tools/fetch :id :step-1 :config {:x 1}}

(let [input (flow/input)
      {:keys [order-id]} input
      order (flow/step :http :fetch {:path (str "/orders/" order-id)})]
  (get-in order [:config :path]))
;=> "/orders/o-1"

(vec (for [item (:items (flow/input))] (:config (flow/step :http :post-item {:json item}))))
;=> [{:json 1} {:json 2} {:json 3}]

(-> (flow/input) :order-id)
;=> "o-1"

(flow/slot-bound? :slack)
;=> true

(flow/slot-bound? :other)
;=> false

(if ^{:label "Has items?"} (seq (:items (flow/input))) :yes :no)
;=> :yes

^{:label "Q?" :yes "a" :no "b"} (if false 1 2)
;=> 2

(let [map (fn [x] (* 2 x))] (map 21))
;=> 42

(try (throw (ex-info "step failed" {:id :x})) (catch Exception e (ex-data e)))
;=> {:id :x}

(when (flow/slot-bound? :slack) (:type (flow/step :http :ping {})))
;=> :http

(flow/poll {:interval "1s" :max-attempts 3 :return-on (fn [r] (= :check (:id r)))} (flow/step :http :check {}))
;=> {:type :http :id :check :config {}}

(flow/poll {:interval "1s" :max-attempts 2 :return-on (constantly false)} (flow/step :http :check {}))
;=> error: flow/poll gave up after 2 attempts

(flow/poll {:interval "10s" :timeout "25s" :return-on (constantly false)} (flow/step :http :check {}))
;=> error: flow/poll timed out after 20000 ms

(flow/poll {:interval "1s" :max-attempts 2 :return-on (fn [r] (throw (ex-info "job failed" {})))} (flow/step :http :check {}))
;=> error: job failed

(flow/poll {:max-attempts 2 :return-on :id} (flow/step :http :check {}))
;=> error: flow/poll needs :interval

(flow/poll {:interval "1s" :return-on :id} (flow/step :http :check {}))
;=> error: needs :timeout or :max-attempts

(flow/poll {:interval "1s" :timeout "2h" :return-on :id} (flow/step :http :check {}))
;=> error: :timeout is at most 1h

(flow/elapsed? 1699999990000 "5s")
;=> true

(flow/elapsed? 1699999999000 "5s")
;=> false

(flow/backoff "1s" 3)
;=> 8000

(flow/backoff "1s" 10 "1m")
;=> 60000

(flow/backoff 500)
;=> 500

(flow/call-flow :child {:a 1})
;=> {:type :call-flow :id :child :config {:flow-slug :child :input {:a 1}}}

(flow/call-flow {:flow-slug "child" :input {}})
;=> {:type :call-flow :id :child :config {:flow-slug "child" :input {}}}

(map inc [1 2])
;=> compile error: Flow orchestration cannot transform data with `map`

(filter odd? [1])
;=> compile error: cannot transform data with `filter`

(reduce + [1])
;=> compile error: cannot transform data with `reduce`

(apply map [inc [1]])
;=> compile error: cannot transform data with `map`

(->> [1] first)
;=> compile error: `->>` is not supported in the flow body

(some-> {} :a)
;=> compile error: `some->` is not supported in the flow body

(if-some [x 1] x)
;=> compile error: available only in function code

(breyta.sandbox/sha256-hex "x")
;=> compile error: available only in function code

(Long/parseLong "1")
;=> compile error: The flow body has no Java interop

(.toString 1)
;=> compile error: The flow body has no Java interop

(flow/input 1)
;=> compile error: Wrong number of args (1) passed to: flow/input

flow/input
;=> compile error: Can't take the value of `flow/input`

(flow/step :http)
;=> compile error: Wrong number of args (1) passed to: flow/step

(flow/step "http" :x {})
;=> error: flow/step takes a step type keyword first

(flow/step :http :x [1])
;=> error: flow/step config must be a map

(def x 1)
;=> compile error: Unknown symbol def

(rand)
;=> compile error: Unknown symbol rand

(flow/stepp :http :x {})
;=> compile error: Did you mean `flow/step`
