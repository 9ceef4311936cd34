// A flow for the debugger's code tests: a `:functions` entry written over several lines
// with `\"` and `\n` escapes inside its string (a loop, a recursive local function, a
// `try`/`finally`), and a step with inline quoted `:code`.

import { loadProgram, type FlowProgram } from '../../engine/run/program';

export const FLOW = String.raw`{:slug :debug-code
 :name "Debug code"
 :concurrency {:type :singleton :on-new-version :supersede}
 :functions [{:id :tally
              :language :clojure
              :code "(fn [input]
  (let [xs (:xs input)
        label \"sum\"]
    (loop [i 0 acc 0]
      (if (< i (count xs))
        (recur (inc i) (+ acc (nth xs i)))
        {:label (str label \"!\") :sum acc :fact (letfn [(fact [n] (if (<= n 1) 1 (* n (fact (dec n)))))] (fact 3))}))))"}
             {:id :guarded
              :language :clojure
              :code "(fn [input] (try (let [x (:n input)]\n (inc x)) (catch :default e :caught) (finally (str \"cleanup\"))))"}]
 :triggers [{:type :manual :label "Run" :enabled true :config {}}]
 :flow
 '(let [input (flow/input)
        total (flow/step :function :total
                {:ref :tally
                 :input {:xs (:xs input)}})
        doubled (flow/step :function :double
                  {:code '(fn [input]
                            (update input :sum (fn [s] (* 2 s))))
                   :input total})]
    {:total total :doubled doubled})}
`;

export function program(): FlowProgram {
  return loadProgram(FLOW, 'debug-code.flow.edn');
}
