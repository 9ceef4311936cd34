// Flow texts the server suites share: a current-dialect flow with a slot of each kind, a
// template of two types and a function, to embed test snippets in.

import { flow } from '../language/check-support';

export { flow };

export const decls = `:requires [{:slot :api :type :http-api :label "API" :base-url "https://api.example.com" :auth {:type :bearer}}
            {:slot :db :type :database :label "DB" :backends #{:postgres}}
            {:slot :hook-secret :type :secret :label "Hook secret"}]
 :templates [{:id :fetch-risk :type :http-request :request {:path "/risk/{{order-id}}" :method :get}}
             {:id :notice :type :notification :channels {:http {:connection :api :path "/mail" :method :post :json {:text "Hi {{order-id}}"}}}}]
 :functions [{:id :summarize :language :clojure :code "(fn [input] {:n (count (:items input))})"}]`;

/** A flow with the shared declarations and `body` as its `:flow`. */
export function withDecls(body: string, extra = ''): string {
  return flow(body, `${decls}\n ${extra}`);
}

/** A body that binds `input` and `order-id`, with `inner` as one more binding's init. */
export function step(inner: string): string {
  return `(let [input (flow/input)\n        order-id (:order-id input)\n        r ${inner}]\n    r)`;
}
