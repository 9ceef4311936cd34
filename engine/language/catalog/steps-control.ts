// Steps the local engine runs itself: `:wait`, `:sleep`, `:time`, `:notify`, `:kv` and
// `:function` (with its deprecated alias `:code`) — spec §10.6–10.10, §10.17.

import type { FieldSpec, StepTypeSpec } from './types';
import { channelsField, DURATION_FORMS, field, md, stepTypeField, THIRTY_DAYS_SECONDS } from './shared';
import { limitValue } from './limits';

const COMMON_EXCEPT_TIMEOUT = ['title', 'retry', 'on-error', 'persist', 'review', 'confirm', 'expect', 'metering'];

export const waitStep: StepTypeSpec = {
  type: 'wait',
  summary: 'Pause the run until an approval, callback or signal arrives (or a timeout)',
  docs: md(
    'Suspends the run until something completes the wait by its `:key`: a person approving or rejecting (send the links with `:notify`), a webhook callback (`:webhook`), or an event routed by key (`:event`). Waits are event-based; use `:sleep` for a plain delay.',
    '',
    'Result: the completion payload; approvals carry `:action` (`:approve` or `:reject`). On timeout with `:on-timeout :continue` the result is `:default-value`.',
    '',
    '```clojure',
    '(flow/step :wait :approval',
    '  {:key (str "approval:order:" order-id)',
    '   :timeout "2h"',
    '   :on-timeout :continue',
    '   :default-value {:action :reject :reason :timeout}',
    '   :notify {:template :approval-notice :data {:order-id order-id}}})',
    '```',
  ),
  fields: [
    stepTypeField('wait'),
    field(
      'key',
      ['string', 'keyword'],
      md(
        'Correlation key that completes this wait. Make it deterministic and unique per item, e.g. `(str "approval:order:" id)`.',
      ),
      { required: true },
    ),
    field(
      'timeout',
      ['string', 'int'],
      `How long to wait: ${DURATION_FORMS} or whole seconds. Default \`"24h"\`, at most 30 days. \`:timeout "2h"\``,
      { duration: { unit: 'seconds', maxSeconds: THIRTY_DAYS_SECONDS }, default: '"24h"' },
    ),
    field(
      'on-timeout',
      ['keyword'],
      'What a timeout does: `:fail` (default; the run fails) or `:continue` (the step returns `:default-value`).',
      { values: ['fail', 'continue'], default: ':fail' },
    ),
    field('default-value', ['any'], 'The step\'s result when it times out with `:on-timeout :continue`. `:default-value {:action :reject :reason :timeout}`'),
    field(
      'notify',
      ['map'],
      md(
        'Send approval links when the wait starts: inline `:channels`, or a `:notification` `:template` with `:data`. `{{approval-url}}` and `{{rejection-url}}` are injected.',
        '',
        '`:notify {:template :approval-notice :data {:order-id order-id}}`',
      ),
      {
        fields: [
          channelsField('The channels to notify on; only `:http`, and it needs a connection slot (no inline auth).'),
          field('template', ['keyword', 'string'], 'A `:notification` template to send. `:template :approval-email`', {
            ref: 'template',
            templateTypes: ['notification'],
          }),
          field('data', ['map'], 'Values for the notification\'s `{{...}}` placeholders.', { open: true }),
        ],
      },
    ),
    field(
      'webhook',
      ['map'],
      md('Complete the wait with an authenticated webhook callback.', '', '`:webhook {:auth {:type :hmac-sha256 :secret-ref :webhook-secret}}`'),
      {
        fields: [
          field('path', ['string'], 'Callback path (inferred: generated when omitted).'),
          field('auth', ['map'], 'How the callback authenticates; same schemes as webhook `:auth`. `{:type :hmac-sha256 :secret-ref :webhook-secret}`', {
            open: true,
            fields: [
              field('type', ['keyword'], 'The auth scheme.', {
                required: true,
                values: ['api-key', 'bearer', 'basic', 'hmac-sha256', 'signature', 'ip-allowlist'],
              }),
            ],
          }),
        ],
      },
    ),
    field(
      'event',
      ['map'],
      md('Complete the wait from a named event whose payload carries the key.', '', '`:event {:name "orders.callback" :key {:path [:order-id]}}`'),
      {
        fields: [
          field('name', ['string'], 'The event name. `:name "orders.callback"`'),
          field('key', ['map'], 'Where the correlation key sits in the event payload. `:key {:path [:order-id]}`', {
            fields: [field('path', ['vector'], 'Path of the key in the payload. `[:order-id]`')],
          }),
        ],
      },
    ),
    field('event-key-path', ['vector'], 'Old way to say where the event payload carries the key.', {
      deprecated: 'Use `:event {:name ... :key {:path [...]}}`.',
    }),
    field('roles', ['vector'], 'Roles allowed to complete the wait.'),
    field('validation', ['map'], 'Fields the completion payload must contain.', { open: true }),
  ],
  commonOptions: COMMON_EXCEPT_TIMEOUT,
  templateType: 'notification',
  snippet: '(flow/step :wait :${1:approval}\n  {:key (str "${2:approval}:" ${3:id})\n   :timeout "${4:24h}"\n   :on-timeout :${5|fail,continue|}})',
};

const sleepMax = THIRTY_DAYS_SECONDS;

export const sleepStep: StepTypeSpec = {
  type: 'sleep',
  summary: 'Pause the run for a fixed time (durable timer)',
  docs: md(
    'Pauses the run on a durable, non-blocking timer. Give exactly one of `:seconds`, `:millis` or `:duration`; with none it sleeps 1 second. The longest sleep is bounded by the workflow duration limit (30 days).',
    '',
    'Result: `{:slept-seconds 30}`.',
    '',
    '```clojure',
    '(flow/step :sleep :backoff {:duration "5m"})',
    '```',
  ),
  fields: [
    stepTypeField('sleep'),
    field('seconds', ['int'], 'Sleep this many seconds. `:seconds 30`', {
      min: 0,
      duration: { unit: 'seconds', maxSeconds: sleepMax },
    }),
    field('millis', ['int'], 'Sleep this many milliseconds. `:millis 500`', {
      min: 0,
      duration: { unit: 'ms', maxSeconds: sleepMax },
    }),
    field('duration', ['string'], `Sleep for ${DURATION_FORMS}. \`:duration "5m"\``, {
      duration: { unit: 'seconds', maxSeconds: sleepMax },
    }),
  ],
  rules: [{ kind: 'at-most-one', keys: ['seconds', 'millis', 'duration'], message: 'a :sleep step takes only one of :seconds, :millis and :duration' }],
  result: { keys: ['slept-seconds'], docs: 'How long the step slept: `{:slept-seconds 30}`.' },
  snippet: '(flow/step :sleep :${1:pause} {:duration "${2:5m}"})',
};

export const timeStep: StepTypeSpec = {
  type: 'time',
  summary: 'Read the run\'s clock as a step (observed only; prefer flow/now-ms)',
  docs: md(
    'Returns the current run time, recorded so replays see the same value. Seen in one documented example only; `(flow/now-ms)` is the documented way to read time in the body.',
    '',
    'Result (inferred): `{:epoch-ms 1764410400000 :iso "2025-11-29T10:00:00Z"}`.',
    '',
    '```clojure',
    '(flow/step :time :now {})',
    '```',
  ),
  fields: [stepTypeField('time')],
  result: {
    keys: ['epoch-ms', 'iso'],
    docs: 'The run time (inferred shape): `{:epoch-ms 1764410400000 :iso "2025-11-29T10:00:00Z"}`.',
  },
  snippet: '(flow/step :time :${1:now} {})',
};

export const notifyStep: StepTypeSpec = {
  type: 'notify',
  summary: 'Send a notification (e-mail, chat) over an HTTP channel',
  docs: md(
    'Sends a notification through the `:http` channel (the only channel; `:ui` is rejected), usually to an e-mail or chat API. String values in the channel are Handlebars templates filled from `:data`. A `:notification` `:template` can supply the channels.',
    '',
    'Result: `{:sent? true :channels {:http {:sent? true :status 202}}}`; on failure `:sent? false` with `:errors [...]`.',
    '',
    '```clojure',
    '(flow/step :notify :send-email',
    '  {:channels {:http {:connection :sendgrid',
    '                     :path "/v3/mail/send"',
    '                     :method :post',
    '                     :json {:subject "{{subject}}"}}}',
    '   :data {:subject "Flow completed"}})',
    '```',
  ),
  fields: [
    stepTypeField('notify'),
    channelsField(
      md(
        'Where to send: `{:http {...}}`. Required unless a `:template` supplies it.',
        '',
        '`:channels {:http {:connection :sendgrid :path "/v3/mail/send" :method :post :json {...}}}`',
      ),
    ),
    field('data', ['map'], 'Values merged into the channel payload templates. `:data {:order-id order-id}`', { open: true }),
    field('template', ['keyword', 'string'], 'A `:notification` template to use as the base. `:template :ops-alert`', {
      ref: 'template',
      templateTypes: ['notification'],
    }),
  ],
  rules: [{ kind: 'one-of', keys: ['channels'], message: 'a :notify step needs :channels (or a :notification :template)', suppliedByTemplate: true }],
  templateType: 'notification',
  result: {
    keys: ['sent?', 'channels', 'errors'],
    docs: 'Delivery status: `{:sent? true :channels {:http {:sent? true :status 202}}}`; on failure `{:sent? false :errors [...]}`.',
  },
  snippet:
    '(flow/step :notify :${1:notify}\n  {:channels {:http {:connection :${2:sendgrid}\n                     :path "${3:/}"\n                     :method :post\n                     :json {${4}}}}\n   :data {${5}}})',
};

export const kvStep: StepTypeSpec = {
  type: 'kv',
  summary: 'Read and write the workspace key-value store',
  docs: md(
    'Reads and writes the workspace-scoped key-value store, e.g. to hand data between runs or keep session history.',
    'Per operation: `:get` (`:key`, optional `:default`), `:set` (`:key :value`, optional `:ttl :metadata :if-not-exists`), `:delete`/`:exists` (`:key`), `:increment` (`:key :delta`), `:append` (`:key` and `:item`/`:items`/`:value`, optional `:max-length`), `:list-keys` (`:prefix`, `:limit`).',
    '',
    'Results: `:get` `{:success true :value ... :exists? true}`; `:set` `{:success true :key "..." :created? true}`; `:increment` `{:success true :key ... :value 11 :previous 10}`; `:list-keys` `{:success true :keys [...] :count n}`. Expired keys read as missing. (Newer docs show `:get` with `:default` used as the value itself; verify which shape you get.)',
    '',
    '```clojure',
    '(flow/step :kv :write-audit',
    '  {:operation :set',
    '   :key (str "orders:audit:" order-id)',
    '   :value {:order-id order-id :action action}',
    '   :ttl 604800})',
    '```',
  ),
  fields: [
    stepTypeField('kv'),
    field(
      'operation',
      ['keyword', 'string'],
      'The operation: `:get :set :delete :exists :increment :append :list-keys`.',
      { required: true, values: ['get', 'set', 'delete', 'exists', 'increment', 'append', 'list-keys'] },
    ),
    field(
      'key',
      ['string'],
      'The key, at most 256 characters of `a-z A-Z 0-9 _ - :` (no `/`); workspace-scoped. Needed by every operation but `:list-keys`. `:key (str "session:" id)`',
      { pattern: { source: '^[A-Za-z0-9_:-]{1,256}$', describe: '1–256 characters of letters, digits, `_`, `-` and `:`' } },
    ),
    field('default', ['any'], 'What `:get` returns when the key is missing. `:default []`'),
    field('value', ['any'], 'The value to store (`:set`, also `:append`); at most 1 MB serialized.'),
    field('ttl', ['int'], `Time to live in seconds, ${limitValue('kv-ttl-min')} to ${limitValue('kv-ttl-max')} (one year). \`:ttl 604800\``, { min: limitValue('kv-ttl-min'), max: limitValue('kv-ttl-max') }),
    field('metadata', ['map'], 'Metadata stored with a `:set`.', { open: true }),
    field('if-not-exists', ['boolean'], 'With `:set`: only create the key if it does not exist yet.'),
    field('delta', ['number'], 'Amount to add with `:increment`. `:delta 1`'),
    field('item', ['any'], 'One item to add with `:append`.'),
    field('items', ['vector'], 'Several items to add with `:append`.'),
    field('max-length', ['int'], 'With `:append`: keep at most this many items. Default 1000.', { min: 1, default: '1000' }),
    field('prefix', ['string'], 'With `:list-keys`: only keys starting with this. `:prefix "session:"`'),
    field('limit', ['int'], 'With `:list-keys`: at most this many keys, up to 1000.', { min: 1, max: 1000 }),
  ],
  rules: [
    { kind: 'requires', keys: ['value', 'key'], message: 'a :kv :value is stored under a :key' },
    { kind: 'requires', keys: ['delta', 'key'], message: 'a :kv :delta increments a :key' },
    { kind: 'requires', keys: ['item', 'key'], message: 'a :kv :item is appended to a :key' },
    { kind: 'requires', keys: ['items', 'key'], message: 'a :kv :items is appended to a :key' },
    { kind: 'requires', keys: ['metadata', 'value'], message: 'a :kv :metadata goes with a :set of a :value' },
    { kind: 'requires', keys: ['if-not-exists', 'value'], message: 'a :kv :if-not-exists goes with a :set of a :value' },
    { kind: 'at-most-one', keys: ['item', 'items'], message: 'a :kv :append takes :item or :items, not both' },
  ],
  result: {
    keys: ['success', 'value', 'exists?', 'key', 'created?', 'previous', 'keys', 'count'],
    docs: md(
      'Depends on `:operation`: `:get` `{:success true :value ... :exists? true}`, `:set` `{:success true :key "..." :created? true}`,',
      '`:increment` `{:success true :key "..." :value 11 :previous 10}`, `:list-keys` `{:success true :keys [...] :count 2}`.',
    ),
  },
  snippet: '(flow/step :kv :${1:id}\n  {:operation :${2|get,set,delete,exists,increment,append,list-keys|}\n   :key "${3:key}"})',
};

const functionFields: FieldSpec[] = [
  stepTypeField('function'),
  field('ref', ['keyword'], 'Id of a top-level `:functions` entry to run. Give `:ref` or `:code`, not both. `:ref :summarize`', {
    ref: 'function',
  }),
  field(
    'code',
    ['list', 'string'],
    'Inline code: one `(fn [input] ...)` form, quoted or as a string. Give `:ref` or `:code`, not both. `:code \'(fn [input] (assoc input :ok true))`',
  ),
  field(
    'input',
    ['map'],
    'The map the function receives (plus `:step/ctx` and `:flow/ctx`). Optional, default `{}`; for `:ref` steps it must be a map. `:input {:users users}`',
    { default: '{}' },
  ),
  field(
    'load',
    ['vector'],
    'Keys of `:input` whose values are blob/resource refs; the runtime loads their content before calling the function. `:load [:report]`',
  ),
];

const functionDocs = md(
  'Runs deterministic Clojure in a sandbox: a top-level `:functions` entry (`:ref`) or inline `:code`. Use it for every data transformation (`map`, `filter`, `reduce`, parsing, Java time) that the `:flow` body may not do. The function gets one map, `:input` plus `:step/ctx` and `:flow/ctx`; `breyta.sandbox/*` helpers are available.',
  '',
  'Result: whatever the function returns (must be EDN/JSON-serializable).',
  '',
  '```clojure',
  '(flow/step :function :summarize',
  '  {:ref :summarize',
  '   :input {:users users}})',
  '```',
);

const functionRules = [
  { kind: 'one-of' as const, keys: ['ref', 'code'], message: 'a :function step needs :ref or :code' },
  { kind: 'at-most-one' as const, keys: ['ref', 'code'], message: 'a :function step takes :ref or :code, not both' },
];

export const functionStep: StepTypeSpec = {
  type: 'function',
  summary: 'Run sandboxed Clojure (a :functions entry or inline code)',
  docs: functionDocs,
  fields: functionFields,
  rules: functionRules,
  snippet: '(flow/step :function :${1:id}\n  {:ref :${2:fn-id}\n   :input {${3}}})',
};

export const codeStep: StepTypeSpec = {
  type: 'code',
  summary: 'Deprecated alias of :function',
  docs: md(
    'Old name of the `:function` step; it behaves the same.',
    '',
    '```clojure',
    '(flow/step :function :double {:code \'(fn [input] {:n (* 2 (:n input))}) :input {:n 2}})',
    '```',
  ),
  fields: functionFields.map((f) => (f.key === 'type' ? stepTypeField('code') : f)),
  rules: functionRules,
  aliasOf: 'function',
  deprecated: 'Use `:function` as the step type.',
  snippet: '(flow/step :function :${1:id}\n  {:ref :${2:fn-id}\n   :input {${3}}})',
};
