// The keys of a flow map (both dialects, spec §2.1), `:concurrency` (§3), and the
// platform limits (§11) that checks and hovers quote.

import type { FieldSpec, LimitSpec } from './types';
import { field, md, safeIdPattern } from './shared';
import { slot } from './requires';
import { interfaces, schedule, trigger } from './entry-points';
import { functionEntry, packagedStep, template } from './templates';

export const concurrency: FieldSpec[] = [
  field(
    'type',
    ['keyword'],
    '`:singleton`: one active run per flow; `:keyed`: one active run per value of `:key-field`.',
    { required: true, values: ['singleton', 'keyed'] },
  ),
  field(
    'on-new-version',
    ['keyword'],
    md(
      'What happens to running runs when a new version is released:',
      '`:supersede` (older runs are terminated, the new version starts at once; good while iterating),',
      '`:drain` (older runs finish first; new runs wait) or `:coexist` (both run).',
    ),
    { required: true, values: ['supersede', 'drain', 'coexist'] },
  ),
  field(
    'key-field',
    ['keyword', 'vector'],
    md(
      'For `:keyed`: the key in the raw entry payload (read before the body runs), a keyword or a path vector. Required when `:type :keyed`; schedules of keyed flows must carry it in their input.',
      '',
      '`:key-field :order-id` or `:key-field [:event :id]`',
    ),
  ),
];

export const topLevel: FieldSpec[] = [
  field('slug', ['keyword'], 'The flow\'s stable id, a plain keyword. Required. `:slug :order-sync`', {
    required: true,
    pattern: safeIdPattern,
  }),
  field('name', ['string'], 'Display name; renaming does not change identity. Expected by the docs. `:name "Order Sync"`'),
  field(
    'concurrency',
    ['map'],
    md('How runs of this flow may overlap. Required; cannot be `nil`.', '', '`:concurrency {:type :singleton :on-new-version :supersede}`'),
    { required: true, fields: concurrency },
  ),
  field(
    'flow',
    ['list'],
    md(
      'The orchestration body: one **quoted** form, usually a `let` of `flow/step` calls; its value is the run output. Orchestration only: no `map`/`filter`/`reduce` (use `for` or a `:function` step).',
      '',
      '`:flow \'(let [input (flow/input)] input)`',
    ),
    { required: true },
  ),
  field(
    'triggers',
    ['vector'],
    md('Legacy entry points: manual, schedule and event/webhook triggers.', '', '`:triggers [{:type :manual :label "Run" :enabled true :config {}}]`'),
    {
      items: trigger,
      deprecated: 'Use `:invocations` (input contracts) with `:interfaces` (`:manual :http :webhook :mcp`) and `:schedules`.',
    },
  ),
  field(
    'invocations',
    ['map'],
    md(
      'Per-run input contracts, a map from invocation id (a safe keyword such as `:default`) to `{:inputs [...]}`. Interfaces and schedules call an invocation.',
      '',
      '`:invocations {:default {:inputs [{:name :question :type :text :required true}]}}`',
    ),
    { open: true },
  ),
  field(
    'interfaces',
    ['map'],
    md(
      'How runs start: a map from category (`:manual`, `:http`, `:webhook`, `:mcp`) to a vector of entries. At most one entry each for manual, http and webhook.',
      '',
      '`:interfaces {:manual [{:id :run :label "Run" :invocation :default}]}`',
    ),
    {
      fields: interfaces.map((i) =>
        field(i.category, ['vector'], i.docs, { items: i.fields, ...(i.maxEntries !== undefined ? { maxItems: i.maxEntries } : {}) }),
      ),
    },
  ),
  field(
    'schedules',
    ['vector'],
    md('Cron schedules that call an invocation.', '', '`:schedules [{:id :nightly :invocation :default :cron "0 2 * * *" :timezone "UTC"}]`'),
    { items: schedule },
  ),
  field('description', ['string'], 'What the flow does; rendered as sanitized Markdown on setup and run pages.'),
  field(
    'requires',
    ['vector'],
    md(
      'Connections, secrets, setup forms and workers the flow needs; bound per target, never written here.',
      '',
      '`:requires [{:slot :api :type :http-api :label "Users API" :base-url "https://api.example.com" :auth {:type :bearer}}]`',
    ),
    { items: slot },
  ),
  field(
    'templates',
    ['vector'],
    md('Reusable request, prompt, query and notification bodies with `{{...}}` placeholders.', '', '`:templates [{:id :get-users :type :http-request :request {:path "/users"}}]`'),
    { items: template },
  ),
  field(
    'functions',
    ['vector'],
    md('Sandboxed Clojure functions run by `:function` steps via `:ref`.', '', '`:functions [{:id :summarize :language :clojure :code "(fn [input] {:n (count (:users input))})"}]`'),
    { items: functionEntry },
  ),
  field(
    'steps',
    ['vector'],
    md('Packaged steps: each wraps one built-in step behind a schema-backed contract, callable as `(flow/step :ns/id config)`.', '', '`:steps [{:id :tools/fetch :type :http :defaults {:method :get}}]`'),
    { items: packagedStep },
  ),
  field(
    'agents',
    ['vector'],
    'Flow-local agent definitions with qualified ids, called with `(flow/step :review/security :run {...})`. `:agents [{:id :review/security :description "Security reviewer"}]`',
  ),
  field('tags', ['vector'], 'Metadata tags, strings or keywords. `:tags ["draft"]`'),
  field('icon', ['keyword'], 'Icon of the flow. `:icon :workflow`'),
  field(
    'deploy-key-required',
    ['boolean'],
    'Guard release and promote with the `BREYTA_FLOW_DEPLOY_KEY` secret.',
  ),
  field('discover', ['map'], 'Discover listing. `{:public true}` lists a released flow publicly (needs explicit author approval).', {
    open: true,
    fields: [field('public', ['boolean'], 'List the released flow in Discover.')],
  }),
  field(
    'marketplace',
    ['map'],
    'Marketplace listing: `{:visible true}`, paid apps `{:app {... :monetization {:plans [...]}}}`; keep an existing legacy `:monetization` as is.',
    {
      open: true,
      fields: [
        field('visible', ['boolean'], 'Show the flow in the marketplace (needs explicit author approval).'),
        field('app', ['map'], 'Paid app settings, e.g. `{:monetization {:plans [...]}}`.', { open: true }),
        field('monetization', ['map'], 'Legacy listing monetization; preserve it when present.', { open: true }),
      ],
    },
  ),
  field('concurrency-config', ['map'], 'Obsolete early-2026 concurrency key.', {
    deprecated: 'Use `:concurrency {:type :singleton :on-new-version :supersede}`.',
  }),
  field('definition', ['list'], 'Obsolete early-2026 body key (`\'(defflow [input] ...)`).', {
    deprecated: 'Use `:flow \'(let [input (flow/input)] ...)`.',
  }),
];

const KB = 'KB';
const MB = 'MB';

export const limits: LimitSpec[] = [
  { id: 'flow-definition-size', value: 150, unit: KB, docs: 'Flow definition payload, templates and functions excluded.' },
  { id: 'templates-total-size', value: 1, unit: MB, docs: 'All templates together.' },
  { id: 'functions-total-size', value: 1, unit: MB, docs: 'All functions together.' },
  { id: 'package-size', value: 2.1, unit: MB, docs: 'Whole package (approximately).' },
  { id: 'declared-steps', value: 50, unit: 'steps', docs: 'Declared steps per flow.' },
  { id: 'call-flow-depth', value: 5, unit: 'levels', docs: '`flow/call-flow` nesting depth.' },
  { id: 'child-flow-invocations', value: 25, unit: 'calls per run', docs: 'Child flow invocations per run.' },
  { id: 'step-executions-per-run', value: 10_000, unit: 'steps', docs: 'Step executions per run (older docs: 100).' },
  { id: 'http-requests-per-run', value: 50, unit: 'requests', docs: 'HTTP requests per run.' },
  { id: 'llm-tokens-per-run', value: 100_000, unit: 'tokens', docs: 'Tracked LLM tokens per run with platform-managed keys.' },
  { id: 'llm-max-tokens', value: 10_000, unit: 'tokens', docs: 'Per-call `:max-tokens` clamp with platform-managed keys.' },
  { id: 'llm-max-iterations', value: 100, unit: 'iterations', docs: '`:max-iterations` of `:llm` (default 20).' },
  { id: 'llm-max-tool-calls', value: 1000, unit: 'calls', docs: '`:max-tool-calls` of `:llm` (default 100).' },
  { id: 'workflow-duration', value: 30, unit: 'days', docs: 'Longest run (older docs: 7 days).' },
  { id: 'fanout-width', value: 25, unit: 'items', docs: 'Items of one `:fanout` step.' },
  { id: 'fanout-concurrency', value: 5, unit: 'items', docs: '`:max-concurrency` of a `:fanout` step.' },
  { id: 'fanout-steps-per-run', value: 5, unit: 'steps', docs: '`:fanout` step executions per run.' },
  { id: 'fanout-items-per-run', value: 100, unit: 'items', docs: '`:fanout` items per run in total.' },
  { id: 'wait-timeout-default', value: 24, unit: 'hours', docs: 'Default `:wait` timeout.' },
  { id: 'wait-timeout-max', value: 30, unit: 'days', docs: 'Longest `:wait` timeout ("Wait timeout exceeds maximum").' },
  { id: 'checkpoint-timeout-default', value: 24, unit: 'hours', docs: 'Default review/confirm checkpoint timeout.' },
  { id: 'checkpoint-timeout-max', value: 30, unit: 'days', docs: 'Longest review/confirm checkpoint timeout.' },
  { id: 'poll-timeout-max', value: 1, unit: 'hours', docs: 'Longest `flow/poll` `:timeout`.' },
  { id: 'poll-attempts-max', value: 100, unit: 'attempts', docs: 'Most `flow/poll` `:max-attempts`.' },
  { id: 'inline-result-size', value: 512, unit: KB, docs: 'Keep inline step results under this (older docs: 256 KB); persist larger ones.' },
  { id: 'unpersisted-result-max', value: 1, unit: MB, docs: 'An unpersisted step result above this fails the step; also the cap for DB, code and notify payloads.' },
  { id: 'db-result-rows', value: 5000, unit: 'rows', docs: 'Rows a `:db` step returns (`:max-results`).' },
  { id: 'db-result-size', value: 1, unit: MB, docs: '`:db` result payload.' },
  { id: 'http-response-size', value: 10, unit: MB, docs: 'HTTP response size (older docs).' },
  { id: 'blob-retained-write', value: 50, unit: MB, docs: 'Blob persist write, retained tier.' },
  { id: 'blob-ephemeral-write', value: 4, unit: 'GB', docs: 'Blob persist write, ephemeral tier.' },
  { id: 'body-from-ref-retained', value: 10, unit: MB, docs: 'HTTP body loaded from a retained ref.' },
  { id: 'body-from-ref-ephemeral', value: 20, unit: MB, docs: 'HTTP body loaded from an ephemeral ref.' },
  { id: 'kv-key-length', value: 256, unit: 'characters', docs: 'KV key length.' },
  { id: 'kv-value-size', value: 1, unit: MB, docs: 'KV value, serialized.' },
  { id: 'kv-ttl-min', value: 1, unit: 'seconds', docs: 'Shortest KV `:ttl`.' },
  { id: 'kv-ttl-max', value: 31_536_000, unit: 'seconds', docs: 'Longest KV `:ttl` (one year).' },
  { id: 'kv-list-limit', value: 1000, unit: 'keys', docs: 'KV `:list-keys` `:limit`, and the default `:append` `:max-length`.' },
  { id: 'webhook-payload-size', value: 50, unit: MB, docs: 'Webhook request payload.' },
  { id: 'webhook-signed-multipart-size', value: 5, unit: MB, docs: 'Signed multipart webhook payload (413 above).' },
  { id: 'webhook-raw-mime-size', value: 50, unit: MB, docs: 'Raw MIME field of a webhook.' },
  { id: 'search-limit', value: 20, unit: 'hits', docs: '`:search` `:limit` per target (1–20, default 12).' },
  { id: 'search-hydrate-top-k', value: 10, unit: 'hits', docs: '`:search` `:hydrate :top-k` (1–10, default 5).' },
  { id: 'search-hydrate-max-chars', value: 100_000, unit: 'characters', docs: '`:search` `:hydrate :max-chars` (default 20000).' },
  { id: 'blob-ephemeral-ttl', value: 12, unit: 'hours', docs: 'Approximate lifetime of an ephemeral blob (retained: about 90 days).' },
  { id: 'workspace-files-retention', value: 90, unit: 'days', docs: 'Default and longest retention of workspace files.' },
  { id: 'large-inline-string', value: 4000, unit: 'characters', docs: 'Quoted strings longer than this draw a `large_inline_string` lint warning.' },
];
