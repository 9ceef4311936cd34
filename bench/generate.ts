// Generates large, realistic flow files for benchmarks: templates, functions, slots and a
// long `let` body of steps of every common kind, with branches and loops.

/** A flow of about `lines` lines that checks clean (apart from hints). */
export function generateFlow(lines: number): string {
  const steps = Math.max(1, Math.floor(lines / 16));
  const head = [
    '{:slug :generated',
    ' :name "Generated"',
    ' :concurrency {:type :keyed :key-field :order-id :on-new-version :drain}',
    ' :requires [{:slot :orders-api :type :http-api :label "Orders" :base-url "https://api.example.com" :auth {:type :bearer}}',
    '            {:slot :mail :type :http-api :label "Mail" :base-url "https://mail.example.com" :auth {:type :bearer}}]',
    ' :invocations {:default {:inputs [{:name :order-id :type :string :required true}]}}',
    ' :interfaces {:manual [{:id :run :label "Run" :invocation :default :enabled true}]}',
    ' :templates [{:id :fetch :type :http-request :request {:path "/orders/{{order-id}}" :method :get}}',
    '             {:id :notice :type :notification',
    '              :channels {:http {:connection :mail :path "/send" :method :post',
    '                                :json {:subject "Order {{order-id}}" :text "Approve: {{approval-url}}"}}}}]',
    ' :functions [{:id :summarize :language :clojure',
    '              :code "(fn [input] {:n (count (:items input)) :total (reduce + (map :qty (:items input)))})"}]',
    ' :flow',
    " '(let [input (flow/input)",
    '        order-id (:order-id input)',
  ];
  const body: string[] = [];
  for (let i = 0; i < steps; i++) {
    body.push(
      `        order-${i} (flow/step :http :fetch-${i}`,
      `                  {:connection :orders-api :template :fetch :data {:order-id order-id}`,
      `                   :retry {:max-attempts 3 :backoff-ms 500}})`,
      `        summary-${i} (flow/step :function :summarize-${i} {:ref :summarize :input {:items (get-in order-${i} [:body :items])}})`,
      `        decision-${i} ^{:label "Big order ${i}?" :yes "Ask" :no "Skip"}`,
      `                     (if (> (:total summary-${i}) ${i})`,
      `                       (flow/step :wait :approve-${i} {:key (str "approve:" order-id ":${i}") :timeout "2h"`,
      `                                                      :on-timeout :continue :default-value {:action :reject}`,
      `                                                      :notify {:template :notice :data {:order-id order-id}}})`,
      `                       {:action :approve})`,
      `        audit-${i} (flow/step :kv :audit-${i} {:operation :set :key (str "audit:" order-id ":${i}")`,
      `                                         :value {:decision decision-${i} :n (:n summary-${i})} :ttl 3600})`,
      `        lines-${i} (vec (for [item (get-in order-${i} [:body :items]) :when (pos? (:qty item))]`,
      `                    (flow/step :sleep :pause-${i} {:seconds 1})))`,
      `        ok-${i} (and (some? audit-${i}) (= :approve (keyword (name (or (:action decision-${i}) "reject")))))`,
      `        _ (when-not ok-${i} (flow/step :notify :tell-${i} {:channels {:http {:connection :mail :path "/n" :json {:text "{{id}}"}}} :data {:id order-id}}))`,
    );
  }
  return [...head, ...body, '        ]', '    {:order-id order-id})}', ''].join('\n');
}
