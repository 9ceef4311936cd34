// Entry points: legacy `:triggers` (common keys and per-type `:config`), and the current
// `:invocations` (input contracts), `:interfaces` (manual/http/webhook/mcp) and `:schedules`
// (spec §5.1–5.4).

import type { FieldSpec } from './types';
import { field, md, safeIdPattern, webhookAuthField } from './shared';

export const INPUT_TYPES = [
  'string',
  'text',
  'number',
  'email',
  'password',
  'textarea',
  'boolean',
  'checkbox',
  'select',
  'date',
  'time',
  'datetime',
  'json',
  'file',
  'blob',
  'blob-ref',
  'resource',
  'secret',
];

export const invocationInput: FieldSpec[] = [
  field(
    'name',
    ['keyword', 'string'],
    'The input\'s name, unique within the invocation; `(flow/input)` carries the value under this key. `:name :order-id`',
    { required: true, pattern: safeIdPattern },
  ),
  field(
    'type',
    ['keyword'],
    md(
      'The input type: `:string :text :number :email :password :textarea :boolean :checkbox :select :date :time :datetime :json :file :blob :blob-ref :resource :secret`.',
      'File-like types arrive as resource ref maps.',
    ),
    { values: INPUT_TYPES },
  ),
  field('label', ['string'], 'Label shown on the run form. `:label "Order ID"`'),
  field('required', ['boolean'], 'Whether a run must supply this input. Default `false`.', { default: 'false' }),
  field('description', ['string'], 'Help text for the input.'),
  field('default', ['any'], 'Value used when the run does not supply one.'),
  field('options', ['vector'], 'Choices for a `:select` input. `:options ["low" "high"]`'),
];

export const invocation: FieldSpec[] = [
  field(
    'inputs',
    ['vector'],
    md(
      'The run inputs this invocation accepts, a vector of input maps. `[]` for none.',
      '',
      '`:inputs [{:name :question :type :text :label "Question" :required true}]`',
    ),
    { items: invocationInput },
  ),
  field('label', ['string'], 'A display label for the invocation (the official `flows init` scaffold writes one). `:label "Run"`'),
];

/** Legacy trigger `:fields`: per-run inputs of webhook/manual triggers. */
const legacyTriggerInput: FieldSpec[] = [
  field('name', ['keyword', 'string'], 'The input\'s name. `:name :files`', { required: true }),
  field(
    'type',
    ['keyword'],
    'The input type, as for invocation inputs; `:file`, `:blob` and `:blob-ref` are all validated as a blob ref.',
    { values: INPUT_TYPES },
  ),
  field('label', ['string'], 'Label shown on the run form.'),
  field('required', ['boolean'], 'Whether the input must be supplied. Default `false`.', { default: 'false' }),
  field('multiple', ['boolean'], 'Accept several values (e.g. several files).'),
  field('description', ['string'], 'Help text for the input.'),
  field('default', ['any'], 'Value used when none is supplied.'),
];

function triggerFieldsField(): FieldSpec {
  return field(
    'fields',
    ['vector'],
    md(
      'Legacy per-run inputs of a manual or webhook trigger.',
      '',
      '`:fields [{:name :files :type :file :required true :multiple true}]`',
    ),
    { items: legacyTriggerInput, deprecated: 'Declare run inputs in `:invocations {:id {:inputs [...]}}`.' },
  );
}

const cronDocs = md(
  'A standard 5-field cron expression (minute hour day-of-month month day-of-week), as a static string.',
  '',
  '`:cron "*/15 * * * *"` (every 15 minutes), `:cron "0 * * * *"` (hourly)',
);
const timezoneDocs = 'IANA time zone the cron runs in, e.g. `"UTC"` or `"Europe/Oslo"`. Static string.';
const scheduleInputDocs = md(
  'The run input a scheduled run receives. For `:keyed` concurrency it must carry the `:key-field`, or activation fails.',
  '',
  '`:input {:order-id "nightly"}`',
);

const webhookConfig: FieldSpec[] = [
  field('source', ['keyword'], 'Event source; `:webhook` for HTTP webhooks.', { values: ['webhook'] }),
  field('event-name', ['string'], 'Name of the event this trigger handles. `:event-name "orders.created"`'),
  field(
    'path',
    ['string'],
    'Webhook path, e.g. `"/hooks/orders"`. Later docs generate it at activation; do not hardcode it in new flows.',
  ),
  webhookAuthField('the webhook'),
  triggerFieldsField(),
];

export const triggerTypes: { type: string; docs: string; config: FieldSpec[]; deprecated?: string }[] = [
  {
    type: 'manual',
    docs: md(
      'A run button. Its `:label` is the button text; `:config` is `{}`.',
      '',
      '`{:type :manual :label "Run" :enabled true :config {}}`',
    ),
    config: [triggerFieldsField()],
  },
  {
    type: 'schedule',
    docs: md(
      'Runs on a cron schedule (needs a live/prod target).',
      '',
      '`{:type :schedule :label "Every 15m" :enabled true :config {:cron "*/15 * * * *"}}`',
    ),
    config: [
      field('cron', ['string'], cronDocs, { required: true, cron: true }),
      field('timezone', ['string'], timezoneDocs),
      field('input', ['map'], scheduleInputDocs, { open: true }),
    ],
  },
  {
    type: 'event',
    docs: md(
      'Starts a run on an event; with `:source :webhook`, on an authenticated HTTP webhook request.',
      '',
      '```clojure',
      '{:type :event :label "Order webhook" :enabled true',
      ' :config {:source :webhook :event-name "orders.created"',
      '          :auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :webhook-secret}}}',
      '```',
    ),
    config: webhookConfig,
  },
  {
    type: 'webhook',
    docs: 'Accepted and normalised to `:type :event` with `:config {:source :webhook ...}`.',
    config: webhookConfig,
    deprecated: 'Write `{:type :event :config {:source :webhook ...}}`, or better a `:webhook` interface.',
  },
];

export const trigger: FieldSpec[] = [
  field('type', ['keyword'], 'The trigger type: `:manual`, `:schedule` or `:event` (`:webhook` is normalised to `:event`).', {
    required: true,
    values: triggerTypes.map((t) => t.type),
  }),
  field('label', ['string'], 'Label shown in the UI (for `:manual`, the run button text). `:label "Run"`'),
  field('enabled', ['boolean'], 'Whether the trigger is active. Default `true` (inferred).'),
  field('config', ['map'], 'Type-specific settings: `{}` for manual, `{:cron ..}` for schedule, `{:source :webhook ..}` for event.', {
    open: true,
  }),
  field(
    'fields',
    ['vector'],
    'Legacy per-run inputs; the documented place is `:config :fields`. `[{:name :files :type :file :required true}]`',
    { items: legacyTriggerInput, deprecated: 'Declare run inputs in `:invocations {:id {:inputs [...]}}`.' },
  ),
];

function interfaceIdField(): FieldSpec {
  return field('id', ['keyword', 'string'], 'The interface id, unique across all interfaces; it appears in the generated endpoint URL. `:id :run`', {
    required: true,
    pattern: safeIdPattern,
  });
}

function interfaceCommon(): FieldSpec[] {
  return [
    field('invocation', ['keyword'], 'The `:invocations` entry this interface starts. Required. `:invocation :default`', {
      required: true,
      ref: 'invocation',
    }),
    field('label', ['string'], 'Label shown in the UI. `:label "Run"`'),
    field('enabled', ['boolean'], 'Whether the interface is active. Default `true`; `:enabled false` keeps it declared but off.', {
      default: 'true',
    }),
    field('description', ['string'], 'What the interface is for, shown to users.'),
  ];
}

export const interfaces: { category: string; docs: string; maxEntries?: number; fields: FieldSpec[] }[] = [
  {
    category: 'manual',
    docs: md(
      'A run button or CLI run for an invocation. At most one entry.',
      '',
      '`:manual [{:id :run :label "Run" :invocation :default :enabled true}]`',
    ),
    maxEntries: 1,
    fields: [interfaceIdField(), ...interfaceCommon()],
  },
  {
    category: 'http',
    docs: 'A synchronous HTTP endpoint for an invocation (URL generated by the platform). At most one entry.',
    maxEntries: 1,
    fields: [interfaceIdField(), ...interfaceCommon()],
  },
  {
    category: 'webhook',
    docs: md(
      'An authenticated webhook endpoint for an invocation; the URL is generated (`/api/flows/{slug}/interfaces/live/{id}`). At most one entry.',
      '',
      '```clojure',
      ':webhook [{:id :order-webhook :invocation :order-updated :event-name "orders.updated"',
      '           :auth {:type :hmac-sha256 :header "Stripe-Signature" :secret-ref :webhook-signing-secret}}]',
      '```',
    ),
    maxEntries: 1,
    fields: [
      interfaceIdField(),
      ...interfaceCommon(),
      field('event-name', ['string'], 'Name of the event this webhook receives. `:event-name "orders.updated"`'),
      webhookAuthField('the webhook interface'),
    ],
  },
  {
    category: 'mcp',
    docs: md(
      'Exposes an invocation as a tool on the workspace MCP server. Any number of entries.',
      '',
      '`:mcp [{:tool-name "lookup_order" :invocation :default :description "Look up an order"}]`',
    ),
    fields: [
      field('tool-name', ['string'], 'The MCP tool name, non-blank and unique across interfaces. `:tool-name "lookup_order"`', {
        required: true,
        pattern: { source: '\\S', describe: 'a non-blank string' },
      }),
      ...interfaceCommon(),
    ],
  },
];

export const schedule: FieldSpec[] = [
  field('id', ['keyword'], 'The schedule id. `:id :nightly`', { required: true, pattern: safeIdPattern }),
  field('label', ['string'], 'Label shown in the UI. `:label "Nightly"`'),
  field('invocation', ['keyword'], 'The `:invocations` entry each scheduled run starts. `:invocation :default`', {
    required: true,
    ref: 'invocation',
  }),
  field('enabled', ['boolean'], 'Whether the schedule fires. Default `true` (inferred).'),
  field('cron', ['string'], cronDocs, { cron: true }),
  field('timezone', ['string'], timezoneDocs),
  field('input', ['map'], scheduleInputDocs, { open: true }),
];
