// The checker's findings as a table: one or more cases per code, each asserting the code,
// the severity and the exact range (between the `|` markers).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertCase, describe, findingsOf, flow, type Case } from './check-support';

const step = (inner: string) => flow(`(let [input (flow/input)\n        r ${inner}]\n    r)`);
const withRequires = `:requires [{:slot :api :type :http-api :label "API" :base-url "http://x" :auth {:type :bearer}}]`;
const withTemplates = `:templates [{:id :fetch-risk :type :http-request :request {:path "/risk/{{order-id}}" :method :get}}
              {:id :notice :type :notification :channels {:http {:connection :api :path "/mail" :method :post :json {:text "{{order-id}} {{approval-url}}"}}}}]`;

const cases: Case[] = [
  // ---- reader
  { name: 'bad number', source: flow('(let [x |1.2.3|] x)'), code: 'syntax-error', severity: 'error' },
  { name: 'unclosed paren', source: flow('(let [x |(|inc 1]\n  x)'), code: 'unbalanced-delimiter', severity: 'error', message: 'Unclosed `(`' },
  { name: 'stray closer', source: '{:slug :t |]| :name "T"}', code: 'unbalanced-delimiter', severity: 'error', message: 'Unmatched `]`' },
  { name: 'unterminated string', source: '{:slug :t :name |"|T}', code: 'unterminated-string', severity: 'error' },
  { name: 'reader eval', source: flow('(let [x 1] x)', ':description |#=(str "a")|'), code: 'reader-eval-forbidden', severity: 'error' },
  { name: 'odd map', source: '{:slug :t :concurrency {:type :singleton |:on-new-version|}}', code: 'odd-map-entries', severity: 'error' },
  { name: 'duplicate key', source: flow('(let [x 1] x)', '|:name| "U"'), code: 'duplicate-key', severity: 'error', message: 'first at line 2' },
  { name: 'duplicate set item', source: flow('(let [x #{1 |1|}] x)'), code: 'duplicate-key', severity: 'error' },

  // ---- file and top level
  { name: 'missing slug', source: '|{|:name "T" :concurrency {:type :singleton :on-new-version :supersede} :interfaces {} :flow \'(let [x 1] x)}', code: 'missing-required-key', severity: 'error', message: '`:slug`' },
  { name: 'missing flow', source: '|{|:slug :t :name "T" :concurrency {:type :singleton :on-new-version :supersede} :schedules []}', code: 'missing-required-key', severity: 'error', message: '`:flow`' },
  { name: 'missing name is a warning', source: "{|:slug| :t :concurrency {:type :singleton :on-new-version :supersede} :schedules [] :flow '(let [x 1] x)}", code: 'missing-required-key', severity: 'warning', message: ':name' },
  { name: 'keyed without key-field', source: "{:slug :t :name \"T\" :concurrency {:type |:keyed| :on-new-version :drain} :schedules [] :flow '(let [x 1] x)}", code: 'missing-required-key', severity: 'error', message: ':key-field' },
  { name: 'misspelt top key', source: flow('(let [x 1] x)', '|:nmae| "x"'), code: 'unknown-key', severity: 'warning', message: 'did you mean :name' },
  { name: 'name not a string', source: flow('(let [x 1] x)', ':description |42|'), code: 'invalid-type', severity: 'error', message: 'expects a string' },
  { name: 'bad concurrency type', source: "{:slug :t :name \"T\" :concurrency {:type |:single| :on-new-version :drain} :schedules [] :flow '(let [x 1] x)}", code: 'invalid-value', severity: 'error', message: 'did you mean :singleton' },
  { name: 'bad slug', source: "{:slug |:9lives| :name \"T\" :concurrency {:type :singleton :on-new-version :drain} :schedules [] :flow '(let [x 1] x)}", code: 'invalid-value', severity: 'error' },
  { name: 'flow not quoted', source: '{:slug :t :name "T" :concurrency {:type :singleton :on-new-version :drain} :schedules [] :flow |(let [x 1] x)|}', code: 'flow-not-quoted', severity: 'error' },
  { name: 'second top-level form', source: flow('(let [x 1] x)') + '\n|{:extra 1}|', code: 'invalid-type', severity: 'error' },
  { name: 'legacy triggers', source: "{:slug :t :name \"T\" :concurrency {:type :singleton :on-new-version :drain}\n |:triggers| [{:type :manual :label \"Run\" :enabled true :config {}}]\n :flow '(let [x 1] x)}", code: 'deprecated', severity: 'info' },

  // ---- steps
  { name: 'unknown step type', source: step('(flow/step |:htp| :x {:url "http://x"})'), code: 'unknown-step-type', severity: 'error', message: 'did you mean :http' },
  { name: 'step without config', source: step('|(flow/step :http :x)|'), code: 'invalid-step-call', severity: 'error', message: 'config map' },
  { name: 'step with too many args', source: step('(flow/step :http :x {:url "http://x"} |{}|)'), code: 'invalid-step-call', severity: 'error' },
  { name: 'step config not a map (fails at run time)', source: step('(flow/step :http :x |[1 2]|)'), code: 'invalid-step-call', severity: 'warning', message: 'fails when it runs' },
  { name: 'step type a string (fails at run time)', source: step('(flow/step |"http"| :x {})'), code: 'invalid-step-call', severity: 'warning', message: 'fails when it runs' },
  { name: 'http without target (fails at run time)', source: step('(flow/step :http :x |{|:method :get})'), code: 'missing-required-key', severity: 'warning', message: ':connection' },
  { name: 'step with no config (llm)', source: step('|(flow/step :llm)|'), code: 'invalid-step-call', severity: 'warning', message: 'fails when it runs' },
  { name: 'bare flow/step', source: step('|(flow/step)|'), code: 'invalid-step-call', severity: 'warning', message: 'fails when it runs' },
  { name: 'nil config', source: step('(flow/step :http :x |nil|)'), code: 'invalid-step-call', severity: 'warning', message: 'fails when it runs' },
  { name: 'empty vector config', source: step('(flow/step :http :x |[]|)'), code: 'invalid-step-call', severity: 'warning' },
  { name: 'two keywords and no config (push refuses)', source: step('|(flow/step :http :fetch)|'), code: 'invalid-step-call', severity: 'error', message: 'config should be a map' },
  { name: 'string step id', source: step('(flow/step :http |"fetch"| {:url "http://x"})'), code: 'invalid-step-call', severity: 'warning' },
  { name: 'function step with two arguments', source: step('|(flow/step :function :f)|'), code: 'invalid-step-call', severity: 'error', message: 'exactly a type, an id and a config map' },
  { name: 'function step config a symbol', source: flow('(let [cfg {} r (flow/step :function :f |cfg|)] r)'), code: 'invalid-step-call', severity: 'error', message: 'map literal' },
  { name: 'unknown step key', source: step('(flow/step :http :x {:url "http://x" |:retries| 3})'), code: 'unknown-key', severity: 'warning', message: 'did you mean :retry' },
  { name: 'bad http method', source: step('(flow/step :http :x {:url "http://x" :method |:fetch|})'), code: 'invalid-value', severity: 'error' },
  { name: 'retry attempts zero', source: step('(flow/step :http :x {:url "http://x" :retry {:max-attempts |0| :backoff-ms 10}})'), code: 'out-of-range', severity: 'error' },
  { name: 'kv ttl zero', source: step('(flow/step :kv :x {:operation :set :key "k" :value 1 :ttl |0|})'), code: 'out-of-range', severity: 'error', message: 'between 1 and 31536000' },
  { name: 'kv bad operation', source: step('(flow/step :kv :x {:operation |:put| :key "k"})'), code: 'invalid-value', severity: 'error' },
  { name: 'wait bad duration', source: step('(flow/step :wait :x {:key "k" :timeout |"2 hours"|})'), code: 'invalid-duration', severity: 'error' },
  { name: 'wait too long', source: step('(flow/step :wait :x {:key "k" :timeout |"31d"|})'), code: 'out-of-range', severity: 'error', message: '30d' },
  { name: 'config type contradicts', source: step('(flow/step :kv :x {:type |:notify| :operation :get :key "k"})'), code: 'invalid-value', severity: 'error' },
  { name: 'function step without code', source: step('(flow/step :function :persist |{:input {:a 1}}|)'), code: 'function-step-without-code', severity: 'warning' },
  { name: 'ref function input vector', source: flow('(let [r (flow/step :function :f {:ref :f :input |[1 2]|})] r)', ':functions [{:id :f :language :clojure :code "(fn [input] input)"}]'), code: 'invalid-type', severity: 'error' },
  { name: 'duplicate step id', source: flow('(let [a (flow/step :sleep :nap {:seconds 1})\n b (flow/step :sleep |:nap| {:seconds 2})] b)'), code: 'duplicate-step-id', severity: 'warning', message: 'line 7' },
  { name: 'code alias is legacy', source: step('(flow/step |:code| :x {:code \'(fn [input] input)})'), code: 'deprecated', severity: 'info' },
  { name: 'fanout items limit', source: step(`(flow/step :fanout :x {:items |[${Array.from({ length: 26 }, (_, i) => i).join(' ')}]|})`), code: 'out-of-range', severity: 'error' },

  // ---- references
  { name: 'unknown template', source: flow('(let [r (flow/step :http :x {:connection :api :template |:fetch-riks| :data {:order-id 1}})] r)', `${withRequires}\n ${withTemplates}`), code: 'unknown-template', severity: 'error', message: 'did you mean :fetch-risk? Templates declared: :fetch-risk, :notice' },
  { name: 'template type mismatch', source: flow('(let [r (flow/step :http :x {:connection :api :template |:notice| :data {:order-id 1}})] r)', `${withRequires}\n ${withTemplates}`), code: 'template-type-mismatch', severity: 'error' },
  { name: 'unknown function', source: flow('(let [r (flow/step :function :x {:ref |:sumary| :input {}})] r)', ':functions [{:id :summary :language :clojure :code "(fn [input] input)"}]'), code: 'unknown-function', severity: 'error', message: 'did you mean :summary' },
  { name: 'unknown connection with requires', source: flow('(let [r (flow/step :http :x {:connection |:apj| :path "/"})] r)', withRequires), code: 'unknown-connection', severity: 'error', message: 'did you mean :api' },
  { name: 'workspace connection without requires', source: step('(flow/step :http :x {:connection |:crm| :path "/"})'), code: 'unknown-connection', severity: 'warning' },
  { name: 'slot of wrong type', source: flow('(let [r (flow/step :http :x {:connection |:sec| :path "/"})] r)', ':requires [{:slot :sec :type :secret :label "S"}]'), code: 'invalid-value', severity: 'error', message: ':secret' },
  { name: 'unknown invocation', source: "{:slug :t :name \"T\" :concurrency {:type :singleton :on-new-version :drain}\n :invocations {:default {:inputs []}}\n :interfaces {:manual [{:id :run :invocation |:defualt|}]}\n :flow '(let [x 1] x)}", code: 'unknown-invocation', severity: 'error', message: 'did you mean :default' },
  { name: 'unknown secret ref', source: flow('(let [x 1] x)', ':interfaces {:webhook [{:id :hook :invocation :default :auth {:type :hmac-sha256 :header "X-Sig" :secret-ref |:hook-secret|}}]}').replace(':interfaces {:manual [{:id :run :label "Run" :invocation :default :enabled true}]}\n', ''), code: 'unknown-secret-ref', severity: 'warning' },
  { name: 'webhook auth none', source: flow('(let [x 1] x)', ':interfaces {:webhook [{:id :hook :invocation :default :auth {:type |:none|}}]}').replace(':interfaces {:manual [{:id :run :label "Run" :invocation :default :enabled true}]}\n', ''), code: 'invalid-value', severity: 'error', message: 'Webhooks must authenticate' },
  { name: 'duplicate template id', source: flow('(let [x 1] x)', ':templates [{:id :a :type :llm-prompt :prompt "x"} {:id |:a| :type :llm-prompt :prompt "y"}]'), code: 'duplicate-id', severity: 'error' },
  { name: 'too many manual interfaces', source: "{:slug :t :name \"T\" :concurrency {:type :singleton :on-new-version :drain}\n :invocations {:default {:inputs []}}\n :interfaces {:manual [{:id :a :invocation :default} |{:id :b :invocation :default}|]}\n :flow '(let [x 1] x)}", code: 'invalid-value', severity: 'error' },
  { name: 'unused function', source: flow('(let [x 1] x)', ':functions [{:id |:unused| :language :clojure :code "(fn [input] input)"}]'), code: 'unused-declaration', severity: 'hint' },
  { name: 'unused slot', source: flow('(let [x 1] x)', withRequires.replace(':slot :api', ':slot |:api|')), code: 'unused-declaration', severity: 'hint' },

  // ---- body code
  { name: 'unknown symbol', source: flow('(let [input (flow/input)] (|inptu| 1))'), code: 'unknown-symbol', severity: 'error', message: 'did you mean input' },
  { name: 'out of scope let', source: flow('(let [a (let [b 1] b)] |b|)'), code: 'unknown-symbol', severity: 'error' },
  { name: 'java interop in body', source: flow('(let [x (|Long/parseLong| "1")] x)'), code: 'unknown-symbol', severity: 'error', message: ':function' },
  { name: 'sandbox helper in body', source: flow('(let [x (|breyta.sandbox/sha256-hex| "1")] x)'), code: 'unknown-symbol', severity: 'error', message: 'only in function code' },
  { name: 'wrong arity of a function (fails at run time)', source: flow('(let [m {}] (|get-in| m))'), code: 'wrong-arity', severity: 'warning', message: 'takes 2 or 3' },
  { name: 'if arity', source: flow('(let [m {}] (|if| m))'), code: 'wrong-arity', severity: 'error' },
  { name: 'keyword arity (fails at run time)', source: flow('(let [m {}] |(:a)|)'), code: 'wrong-arity', severity: 'warning' },
  { name: 'map in body', source: flow('(let [xs [1]] (|map| inc xs))'), code: 'prohibited-transform', severity: 'error', message: 'use' },
  { name: 'map passed as value', source: flow('(let [xs [1]] (apply |filter| [odd? xs]))'), code: 'prohibited-transform', severity: 'error' },
  { name: 'thread-last in body', source: flow('(let [xs [1]] (|->>| xs (into [])))'), code: 'unsupported-form', severity: 'error' },
  { name: 'unbounded range', source: flow('(let [xs |(range)|] (first xs))'), code: 'unbounded-range', severity: 'warning' },
  { name: 'odd let bindings', source: flow('(let |[a 1 b]| a)'), code: 'wrong-arity', severity: 'error' },
  { name: 'branch labels on let', source: flow('(let [x 1] ^|{:label "L" :yes "Y" :no "N"}| (let [y 2] y))'), code: 'invalid-branch-metadata', severity: 'error' },
  { name: 'branch label not string', source: flow('(let [x 1] ^{:label |:l|} (if x 1 2))'), code: 'invalid-branch-metadata', severity: 'error' },

  // ---- entry points
  { name: 'bad cron', source: flow('(let [x 1] x)', ':schedules [{:id :s :invocation :default :cron |"61 * * * *"|}]'), code: 'invalid-cron', severity: 'error' },
  { name: 'six-field cron', source: flow('(let [x 1] x)', ':schedules [{:id :s :invocation :default :cron |"0 0 * * * *"|}]'), code: 'invalid-cron', severity: 'warning' },
  { name: 'bad timezone', source: flow('(let [x 1] x)', ':schedules [{:id :s :invocation :default :cron "0 * * * *" :timezone |"Mars/Olympus"|}]'), code: 'invalid-value', severity: 'error' },
  { name: 'keyed schedule without key', source: "{:slug :t :name \"T\" :concurrency {:type :keyed :key-field :order-id :on-new-version :drain}\n :triggers [{:type |:schedule| :label \"H\" :enabled true :config {:cron \"0 * * * *\"}}]\n :flow '(let [x 1] x)}", code: 'missing-required-key', severity: 'warning', message: ':order-id' },
  { name: 'webhook trigger without auth', source: "{:slug :t :name \"T\" :concurrency {:type :singleton :on-new-version :drain}\n :triggers [{:type :event :label \"W\" :enabled true :config |{:source :webhook :event-name \"e\"}|}]\n :flow '(let [x 1] x)}", code: 'missing-required-key', severity: 'error', message: 'authenticate' },

  // ---- function code
  { name: 'function code trailing form', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "(fn [input] input) |(extra)|"}]'), code: 'invalid-function-code', severity: 'error', message: 'Trailing' },
  { name: 'function code not fn', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "|(defn f [x] x)|"}]'), code: 'invalid-function-code', severity: 'error' },
  { name: 'function code empty', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code |"  "|}]'), code: 'invalid-function-code', severity: 'error' },
  { name: 'function code two params', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "(fn |[a b]| a)"}]'), code: 'invalid-function-code', severity: 'error' },
  { name: 'unknown symbol in code string (escapes mapped)', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "(fn [input] (str \\"a\\" |inptu|))"}]'), code: 'unknown-symbol', severity: 'error', message: 'did you mean input' },
  { name: 'syntax error inside code string', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "|(|fn [input] (inc input)"}]'), code: 'unbalanced-delimiter', severity: 'error' },
  { name: 'inline quoted code', source: step("(flow/step :function :x {:code '(fn [input] (|nope| input)) :input {}})"), code: 'unknown-symbol', severity: 'error' },

  // ---- templates
  { name: 'template syntax', source: flow('(let [x 1] x)', ':templates [{:id :p :type :llm-prompt :prompt "Hi {{#if x}}oops|"|}]'), code: 'invalid-template-syntax', severity: 'error' },
  { name: 'template variable missing', source: flow('(let [r (flow/step :http :x {:connection :api :template :fetch-risk :data |{:id 1}|})] r)', `${withRequires}\n ${withTemplates}`), code: 'unknown-template-variable', severity: 'warning', message: '{{order-id}}' },
  { name: 'inline notify variable missing', source: flow('(let [r (flow/step :notify :x {:channels {:http {:connection :api :path "/m" :json {:text "Hi {{|who|}}"}}} :data {:name "n"}})] r)', withRequires), code: 'unknown-template-variable', severity: 'warning' },

  // ---- packaged steps (ids are qualified keywords such as :tools/fetch)
  { name: 'packaged step nothing calls', source: flow('(let [x 1] x)', ':steps [{:id |:tools/orphan| :type :http :defaults {:url "https://x"}}]'), code: 'unused-declaration', severity: 'warning', message: 'nothing calls it' },
  { name: 'packaged step with an extra argument', source: flow('(let [r (flow/step :tools/fetch {:a 1} |{:b 2}|)] r)', ':steps [{:id :tools/fetch :type :http :defaults {:url "https://x"}}]'), code: 'invalid-step-call', severity: 'warning', message: 'extra argument' },
  { name: 'packaged step id a string', source: flow('(let [r (flow/step :tools/fetch |"run"| {})] r)', ':steps [{:id :tools/fetch :type :http :defaults {:url "https://x"}}]'), code: 'invalid-step-call', severity: 'warning' },
  { name: 'packaged step not declared', source: step('(flow/step |:tools/missing| {})'), code: 'unknown-step-type', severity: 'error' },
  { name: 'packaged step with two keywords and no config', source: flow('(let [r |(flow/step :tools/fetch :run)|] r)', ':steps [{:id :tools/fetch :type :http :defaults {:url "https://x"}}]'), code: 'invalid-step-call', severity: 'error' },

  // ---- the platform's severities
  { name: 'legacy manual trigger', source: "{:slug :t :name \"T\" :concurrency {:type :singleton :on-new-version :drain}\n :triggers [{:type |:manual| :label \"Run\" :enabled true :config {}}]\n :flow '(let [x 1] x)}", code: 'deprecated', severity: 'warning', message: ':interfaces {:manual' },
  { name: 'pulled source keeps a legacy :input (warning)', source: ';; breyta: pulled-source\n;; breyta: legacy-bare-function-input ":old"\n' + flow('(let [r (flow/step :function :old {:ref :f :input |[1 2]|})] r)', ':functions [{:id :f :language :clojure :code "(fn [input] input)"}]'), code: 'invalid-type', severity: 'warning', message: 'pulled source' },
  { name: 'legacy :input marker without the pulled-source marker', source: ';; breyta: legacy-bare-function-input ":old"\n' + flow('(let [r (flow/step :function :old {:ref :f :input |[1 2]|})] r)', ':functions [{:id :f :language :clojure :code "(fn [input] input)"}]'), code: 'invalid-type', severity: 'error' },

  // ---- :input literals that can never be maps
  ...['#(identity %)', "#'inc", '\\a', '()', '`[x]', '(quote [x])', "'x", 'nil', '42', '#{1}'].map(
    (input): Case => ({ name: `function :input ${input}`, source: flow(`(let [x 1 r (flow/step :function :f {:ref :f :input |${input}|})] r)`, ':functions [{:id :f :language :clojure :code "(fn [input] input)"}]'), code: 'invalid-type', severity: 'error', message: 'must be a map' }),
  ),

  // ---- transforms hidden from a text scan
  { name: 'transform unquoted in a syntax-quote', source: flow('(let [xs [1]] `{:items ~(|map| inc xs)})'), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform spliced in a syntax-quote', source: flow('(let [xs [1]] `{:items ~@[(|filter| odd? xs)]})'), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform twice unquoted in a nested syntax-quote', source: flow('(let [xs [1]] `{:t `(do ~~|map|)})'), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform through a var quote', source: flow("(let [xs [1]] (#'|clojure.core/mapv| inc xs))"), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform with metadata', source: flow('(let [xs [1]] (^:trace |map| inc xs))'), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform bound to a discarded name', source: flow('(let [xs [1] _ (|mapv| inc xs)] xs)'), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform exposed by a discard chain in a splice', source: flow('(let [xs [1]] (#?@(:clj [#_ #_ :old identity |map|]) inc xs))'), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform in an :or default', source: flow('(let [xs [1] {:keys [a] :or {a (|map| inc xs)}} {}] a)'), code: 'prohibited-transform', severity: 'error' },
  { name: 'transform in the active reader-conditional branch', source: flow('(let [xs [1]] (#?(:clj |map| :default identity) inc xs))'), code: 'prohibited-transform', severity: 'error' },

  // ---- literals
  { name: 'workspace id', source: flow('(let [x "|ws-abc12345|"] x)'), code: 'hardcoded-workspace-id', severity: 'warning' },
  { name: 'workspace id inside a string', source: flow('(let [x "see |ws-abc123| for details"] x)'), code: 'hardcoded-workspace-id', severity: 'warning', message: 'ws-abc123' },
  { name: 'workspace id after an escape', source: flow('(let [x "a\\"b |ws-x_1|."] x)'), code: 'hardcoded-workspace-id', severity: 'warning' },
  { name: 'workspace id in function code', source: flow('(let [x 1] x)', ':functions [{:id :f :language :clojure :code "(fn [input] (assoc input :ws \\"|ws-prod|\\"))"}]'), code: 'hardcoded-workspace-id', severity: 'warning' },
  { name: 'large inline string', source: flow(`(let [x |"|${'a'.repeat(4001)}"] x)`), code: 'large-inline-string', severity: 'warning', message: '4001 characters' },
];

/** Flows the platform accepts, one per class that was once a false error: no errors. */
const accepted: [string, string][] = [
  ['packaged step ids are qualified keywords', flow('(let [r (flow/step :tools/fetch {:a 1}) s (flow/step :tools/fetch :again {})] [r s])', ':steps [{:id :tools/fetch :type :http :description "F" :input-schema [:map] :defaults {:url "https://x"}}]')],
  ['nil optional sections', "{:slug :t :name \"T\" :concurrency {:type :singleton :on-new-version :supersede}\n :requires nil :templates nil :functions nil :steps nil\n :invocations nil :interfaces nil :schedules nil\n :flow '(let [x 1] x)}"],
  ['reader conditional in :flow', flow('(let [x #?(:clj 1 :cljs (map inc [1]))] x)')],
  ['splicing reader conditional around top-level entries', flow('(let [x 1] x)', '#?@(:clj [:description "d" :tags ["a"]] :cljs [:tags])')],
  ['reader conditional in function code', flow('(let [r (flow/step :function :f {:ref :f :input {}})] r)', ':functions [{:id :f :language :clojure :code "(fn [input] #?(:clj (str input) :cljs (js/String input)))"}]')],
  ['splicing reader conditional in :steps', flow('(flow/step :tools/a {})', ':steps [#?@(:clj [{:id :tools/a :type :http :defaults {:url "https://x"}}])]')],
  ['clojure.core/quote is quote', flow("(let [x (clojure.core/quote (mapv inc [1]))] x)")],
  ['clojure.core/comment is comment', flow('(let [x (clojure.core/comment (mapv inc [1]) (unknown 1))] x)')],
  ['when-first binds', flow('(let [xs [1 2]] (when-first [x xs] (inc x)))')],
  ['legacy #^Type metadata', flow('(let [s #^String (str "a")] s)')],
  ['quoted map literal :input', flow("(let [rows [1] r (flow/step :function :f {:ref :f :input '{:rows rows}})] r)", ':functions [{:id :f :language :clojure :code "(fn [input] input)"}]')],
  ['syntax-quoted :code fn', flow('(let [r (flow/step :function :f {:code `(fn [input] input) :input {}})] r)')],
  ['step call with a computed type', flow('(let [kind :tools/a r (flow/step kind {})] r)', ':steps [{:id :tools/a :type :http :defaults {:url "https://x"}}]')],
  ['symbol-like :input', flow('(let [input (flow/input) r (flow/step :function :f {:ref :f :input input})] r)', ':functions [{:id :f :language :clojure :code "(fn [input] input)"}]')],
  ['n8n-import tag allows a bare :input', flow('(let [r (flow/step :function :f {:ref :f :input [1]})] r)', ':tags ["n8n-import"] :functions [{:id :f :language :clojure :code "(fn [input] input)"}]')],
];

for (const [name, source] of accepted) {
  test(`accepted: ${name}`, () => {
    const errors = findingsOf(source).filter((f) => f.severity === 'error');
    assert.deepEqual(errors, [], `${name}:\n${describe(errors, source)}`);
  });
}

for (const c of cases) {
  test(`${c.code}: ${c.name}`, () => {
    assertCase(c);
  });
}

test('{{default x "fallback"}} covers a missing x: no unknown-template-variable, other variables still checked', () => {
  const text = flow('(let [r (flow/step :notify :x {:channels {:http {:connection :api :path "/m" :json {:text "Hi {{default who \\"there\\"}} {{#if (default flag false)}}y{{/if}} {{lost}}"}}} :data {:name "n"}})] r)', withRequires);
  const found = findingsOf(text).filter((f) => f.code === 'unknown-template-variable');
  assert.deepEqual(found.map((f) => text.slice(f.start, f.end)), ['lost']);
});
