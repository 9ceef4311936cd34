// The keys of a flow map (both dialects, spec §2.1), `:concurrency` (§3), and the
// platform limits (§11) that checks and hovers quote.

import type { FieldSpec } from './types';
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

// The limits table lives in limits.ts (with its typed lookup), re-exported here.
export { limits } from './limits';
