// Reusable surfaces declared at the top level: `:templates` entries and their types,
// `:functions` entries, and packaged `:steps` (spec §6, §7.1, §9.3).

import type { FieldSpec, TemplateTypeSpec } from './types';
import { channelsField, field, httpRequestFields, md, packagedIdPattern } from './shared';
import { steps } from './steps';

const requestField: FieldSpec = field(
  'request',
  ['map'],
  md(
    'The HTTP request the template describes; strings may use `{{...}}` placeholders filled from the step\'s `:data`.',
    'Step-level keys (`:retry`, `:persist`, `:timeout`) stay on the step.',
    '',
    '`:request {:method :get :path "/orders/{{order-id}}/risk"}`',
  ),
  {
    required: true,
    fields: [
      ...httpRequestFields(),
      field('content-type', ['keyword', 'string'], 'Request content type, as a keyword (`:json`) or a MIME string.'),
      field('accept', ['keyword', 'string'], 'Accepted response type: `:json`, `:xml`, `:text` or a MIME string.'),
    ],
  },
);

const systemField = field('system', ['string'], 'The system prompt (Handlebars). `:system "You are concise."`');
const promptField = field('prompt', ['string'], 'The user prompt (Handlebars, filled from the step\'s `:data`). `:prompt "Welcome {{user.name}}"`');
const messagesField = field(
  'messages',
  ['vector'],
  'Chat messages instead of `:system`/`:prompt` (inferred). `:messages [{:role "user" :content "Hi {{name}}"}]`',
);
const sqlField = field(
  'sql',
  ['string'],
  md(
    'The SQL text. Use placeholders, never string concatenation: positional `?` (SQL) with a `:params` vector, or `@name` (BigQuery) with a `:params` map.',
    '',
    '`:sql "select id, email from users where status = ?"`',
  ),
);
const legacyQueryField = field('query', ['string'], 'Old name of `:sql` in a query template.', { deprecated: 'Use `:sql`.' });
const notificationChannels: FieldSpec = channelsField(
  md(
    'Where the notification goes; only `:http` exists. `{{approval-url}}` and `{{rejection-url}}` are available in a wait\'s notification.',
    '',
    '`:channels {:http {:connection :sendgrid :path "/v3/mail/send" :method :post :json {...}}}`',
  ),
  { required: true },
);

const dbQueryFields = [sqlField, legacyQueryField];

export const templateTypes: TemplateTypeSpec[] = [
  {
    type: 'http-request',
    docs: md(
      'An HTTP request for `:http` steps (`:template :id` + `:data {...}`).',
      '',
      '```clojure',
      '{:id :fetch-risk :type :http-request',
      ' :request {:method :get :path "/orders/{{order-id}}/risk"}}',
      '```',
    ),
    fields: [requestField],
    usedBy: ['http'],
  },
  {
    type: 'llm-prompt',
    docs: md(
      'A prompt for `:llm` and `:agent` steps.',
      '',
      '`{:id :welcome :type :llm-prompt :system "You are concise." :prompt "Welcome {{user.name}}"}`',
    ),
    fields: [systemField, promptField, messagesField],
    usedBy: ['llm', 'agent'],
  },
  {
    type: 'db-query',
    docs: md(
      'A SQL (or BigQuery) query for `:db` steps; the step supplies `:params`.',
      '',
      '`{:id :users-by-status :type :db-query :sql "select id from users where status = ?"}`',
    ),
    fields: dbQueryFields,
    usedBy: ['db'],
  },
  {
    type: 'notification',
    docs: md(
      'A notification for `:notify` steps and for a `:wait` step\'s `:notify`.',
      '',
      '```clojure',
      '{:id :approval-notice :type :notification',
      ' :channels {:http {:connection :sendgrid :path "/v3/mail/send" :method :post',
      '                   :json {:subject "Approve order {{order-id}}"}}}}',
      '```',
    ),
    fields: [notificationChannels],
    usedBy: ['wait', 'notify'],
  },
  {
    type: 'sql',
    docs: 'Old name of the `:db-query` template type.',
    fields: dbQueryFields,
    usedBy: ['db'],
    aliasOf: 'db-query',
    deprecated: 'Use `:type :db-query`.',
  },
];

/** Keys every `:templates` entry has; the body keys of each type are in `templateTypes[].fields`. */
export const template: FieldSpec[] = [
  field('id', ['keyword'], 'The template id, referenced by a step\'s `:template`. `:id :fetch-risk`', { required: true }),
  field(
    'type',
    ['keyword'],
    'The template type: `:http-request` (for `:http`), `:llm-prompt` (`:llm`, `:agent`), `:db-query` (`:db`) or `:notification` (`:notify`, wait `:notify`). Old docs used `:sql` for `:db-query`.',
    { required: true, values: templateTypes.map((t) => t.type) },
  ),
];

/** Keys of one `:functions` entry. */
export const functionEntry: FieldSpec[] = [
  field('id', ['keyword'], 'The function id, referenced by a `:function` step\'s `:ref`. `:id :summarize`', { required: true }),
  field('language', ['keyword'], 'The code language; always `:clojure`.', { required: true, values: ['clojure'] }),
  field(
    'code',
    ['string', 'list'],
    md(
      'Exactly one `(fn [input] ...)` form, as a string or a quoted form. It gets one map (the step\'s `:input` plus `:step/ctx` and `:flow/ctx`) and must be deterministic: no time, randomness or I/O. `breyta.sandbox/*` helpers are available.',
      '',
      '`:code "(fn [input] {:count (count (:users input))})"`',
    ),
    { required: true },
  ),
];

/** Keys of one packaged `:steps` entry. */
export const packagedStep: FieldSpec[] = [
  field(
    'id',
    ['keyword'],
    'Qualified id used as the step type in `(flow/step :tools/fetch config)`. `:id :tools/fetch`',
    { required: true, pattern: packagedIdPattern },
  ),
  field('type', ['keyword'], 'The one built-in step type this packaged step wraps, e.g. `:http` or `:function`.', {
    required: true,
    values: steps.map((s) => s.type),
  }),
  field('description', ['string'], 'What the step does; shown to agents when it is published as a tool.'),
  field('input-schema', ['vector', 'map'], 'Malli schema of the input the step accepts. `:input-schema [:map [:id :string]]`'),
  field(
    'defaults',
    ['map'],
    'Config of the wrapped step that callers need not repeat. `:defaults {:method :get :url "https://example.com"}`',
    { open: true },
  ),
];
