// `:requires` vocabulary: the keys of a requirement (connection/secret slot, form, worker),
// the slot types, form fields, and every auth scheme (slot, webhook and step-level `:http` auth)
// with its own keys (spec §4, §5.5, §10.1).

import type { AuthSpec, FieldSpec } from './types';
import { field, md, slotAuthTypes } from './shared';

export const slotTypes: { type: string; docs: string; deprecated?: string }[] = [
  {
    type: 'http-api',
    docs: md(
      'An HTTP API connection: a base URL plus auth. Used by `:http` steps, notify/wait HTTP channels, and (with an LLM backend) by `:llm` and `:agent` steps.',
      '',
      '```clojure',
      '{:slot :api :type :http-api :label "Users API"',
      ' :base-url "https://api.example.com" :auth {:type :bearer}}',
      '```',
    ),
  },
  {
    type: 'database',
    docs: md(
      'A database connection for `:db` steps; declare the engines it serves with `:backends`.',
      '',
      '`{:slot :warehouse :type :database :backends #{:postgres} :label "Warehouse DB"}`',
    ),
  },
  {
    type: 'secret',
    docs: md(
      'A secret (token, signing key) bound per target. Auth maps point at it with `:secret-ref`; the slot id names the secret.',
      '',
      '`{:slot :webhook-signing-secret :type :secret :label "Webhook Signing Secret"}`',
    ),
  },
  {
    type: 'ssh',
    docs: 'An SSH connection (host, port, username, key from the secret store) for `:ssh` steps. `{:slot :vps :type :ssh :label "Build box"}`',
  },
  {
    type: 'llm-provider',
    docs: 'Legacy LLM provider slot; the platform normalises it to `:http-api`.',
    deprecated: 'Use `:type :http-api` (an HTTP API connection with an LLM backend) for `:llm` and `:agent` steps.',
  },
  {
    type: 'blob-storage',
    docs: 'Legacy blob-storage slot from older docs; storage is now platform-managed (`:persist {:type :blob}`).',
    deprecated: 'Blob storage is built in; persist results with `:persist {:type :blob}` instead of a slot.',
  },
  {
    type: 'kv-store',
    docs: 'Legacy key-value store slot from older docs; the workspace KV store is built in.',
    deprecated: 'The workspace KV store is built in; use `:kv` steps or `:persist {:type :kv ...}` without a slot.',
  },
];

export const formField: FieldSpec[] = [
  field('key', ['keyword'], 'The input\'s key; the entered value appears under `:activation` in the run input. `:key :region`', {
    required: true,
  }),
  field('label', ['string'], 'Label shown on the setup form. `:label "Region"`', { required: true }),
  field(
    'field-type',
    ['keyword'],
    'The input widget: `:string :text :number :boolean :select :date :email :textarea :password :secret`. `:select` needs `:options`.',
    {
      required: true,
      values: ['string', 'text', 'number', 'boolean', 'select', 'date', 'email', 'textarea', 'password', 'secret'],
    },
  ),
  field('required', ['boolean'], 'Whether the field must be filled in. Default `false`.', { default: 'false' }),
  field('options', ['vector'], 'Choices for a `:select` field. `:options ["EU" "US"]`'),
  field('default', ['any'], 'Value used when nothing is entered. `:default 500`'),
];

function secretRef(docs: string, required = false): FieldSpec {
  return field('secret-ref', ['keyword'], docs, { ref: 'secret', ...(required ? { required: true } : {}) });
}

function authType(type: string): FieldSpec {
  return field('type', ['keyword'], `The auth scheme, \`:${type}\`.`, { required: true, values: [type] });
}

export const auth: AuthSpec[] = [
  {
    type: 'none',
    docs: 'No authentication. Allowed only on `:requires` HTTP API slots (e.g. a public API); webhooks reject it. `:auth {:type :none}`',
    fields: [authType('none')],
    webhook: false,
    slot: true,
    step: false,
  },
  {
    type: 'api-key',
    docs: md(
      'An API key sent in a header (default `X-API-Key`) or, with `:location :query`, as a query parameter named by `:param`.',
      'On a webhook the caller must send the secret named by `:secret-ref`.',
      '',
      '`:auth {:type :api-key :secret-ref :webhook-secret :header "X-API-Key"}`',
    ),
    fields: [
      authType('api-key'),
      secretRef('The secret holding the key: a `:requires` slot id (or a slot\'s own `:secret-ref`). Needed on webhooks and step-level auth; on a slot it is bound at configuration time.'),
      field('header', ['string'], 'Header carrying the key. Default `"X-API-Key"`.', { default: '"X-API-Key"' }),
      field('location', ['keyword'], 'Where the key travels: `:header` (default) or `:query`.', {
        values: ['header', 'query'],
        default: ':header',
      }),
      field('param', ['string'], 'Query parameter name when `:location :query`, e.g. `:param "token"` for `?token=...`.'),
    ],
    webhook: true,
    slot: true,
    step: true,
  },
  {
    type: 'bearer',
    docs: md(
      'A bearer token: `Authorization: Bearer <secret>`.',
      '',
      '`:auth {:type :bearer}` on a slot; `:auth {:type :bearer :secret-ref :api-token}` on a webhook or an `:http` step.',
    ),
    fields: [
      authType('bearer'),
      secretRef('The secret holding the token (a slot id or a slot\'s `:secret-ref`). Needed on webhooks and step-level auth.'),
    ],
    webhook: true,
    slot: true,
    step: true,
  },
  {
    type: 'basic',
    docs: md(
      'HTTP Basic auth: `Authorization: Basic base64(username:secret)`.',
      '',
      '`:auth {:type :basic :username "hooks" :secret-ref :webhook-password}`',
    ),
    fields: [
      authType('basic'),
      field('username', ['string'], 'The user name. `:username "hooks"`'),
      secretRef('The secret holding the password (a slot id or a slot\'s `:secret-ref`).'),
    ],
    webhook: true,
    slot: true,
    step: false,
  },
  {
    type: 'hmac-sha256',
    docs: md(
      'Webhook signature check: the header carries the base64 HMAC-SHA256 of the exact raw body bytes (for multipart, the whole payload), keyed by the secret.',
      '',
      '`:auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :webhook-secret}`',
    ),
    fields: [
      authType('hmac-sha256'),
      secretRef('The signing secret: a `:requires` slot id (or a slot\'s own `:secret-ref`). Required.', true),
      field('header', ['string'], 'Header carrying the signature, e.g. `"X-Signature"` or `"Stripe-Signature"`.'),
    ],
    webhook: true,
    slot: false,
    step: false,
  },
  {
    type: 'signature',
    docs: md(
      'Generic webhook signature check (HMAC or ECDSA) for providers with their own scheme. Needs the raw request body.',
      'Use `:secret-ref` with `:algo :hmac-sha256` and `:public-key-ref` with `:algo :ecdsa-p256`.',
      '',
      '```clojure',
      ':auth {:type :signature :algo :hmac-sha256',
      '       :signature-header "X-Sig" :timestamp-header "X-Timestamp"',
      '       :signed-message :timestamp-payload :signature-prefix "sha256="',
      '       :secret-ref :webhook-secret}',
      '```',
    ),
    fields: [
      authType('signature'),
      field('algo', ['keyword'], 'Signature algorithm: `:hmac-sha256` or `:ecdsa-p256`.', {
        values: ['hmac-sha256', 'ecdsa-p256'],
      }),
      field('signature-header', ['string'], 'Header carrying the signature. `:signature-header "X-Signature"`'),
      field('timestamp-header', ['string'], 'Header carrying the request timestamp (used with `:signed-message :timestamp-payload`).'),
      field(
        'signed-message',
        ['keyword'],
        'What was signed: `:payload` (the raw body) or `:timestamp-payload` (timestamp plus body).',
        { values: ['payload', 'timestamp-payload'] },
      ),
      field('signature-format', ['keyword'], 'Encoding of the signature: `:base64` (default) or `:hex`.', {
        values: ['base64', 'hex'],
        default: ':base64',
      }),
      field('signature-prefix', ['string'], 'Prefix stripped from the header value before comparing, e.g. `"sha256="`.'),
      field(
        'timestamp-max-skew-ms',
        ['int'],
        'Largest accepted difference between the timestamp header and now, in milliseconds. Default 300000 (5 minutes).',
        { min: 0, default: '300000' },
      ),
      secretRef('The HMAC secret (for `:algo :hmac-sha256`): a slot id or a slot\'s `:secret-ref`.'),
      field('public-key-ref', ['keyword'], 'The public key secret for `:algo :ecdsa-p256`: a slot id or a slot\'s `:secret-ref`.', {
        ref: 'secret',
      }),
    ],
    webhook: true,
    slot: false,
    step: false,
  },
  {
    type: 'ip-allowlist',
    docs: md(
      'Accept webhook requests only from listed addresses (matched against `X-Forwarded-For` / `X-Real-IP`).',
      '',
      '`:auth {:type :ip-allowlist :allow ["203.0.113.10"]}`',
    ),
    fields: [
      authType('ip-allowlist'),
      field('allow', ['vector'], 'The allowed client IP addresses, as strings. `:allow ["203.0.113.10"]`', { required: true }),
    ],
    webhook: true,
    slot: false,
    step: false,
  },
  {
    type: 'google-service-account',
    docs: md(
      'Step-level `:http` auth with a Google service account key kept in the secret store; the platform mints an access token for the scopes.',
      '',
      '`:auth {:type :google-service-account :secret-ref :gcp-sa :scopes ["https://www.googleapis.com/auth/drive.readonly"]}`',
    ),
    fields: [
      authType('google-service-account'),
      secretRef('The secret holding the service-account JSON key. Required.', true),
      field('scopes', ['vector'], 'OAuth scopes to request, as strings.'),
    ],
    webhook: false,
    slot: false,
    step: true,
  },
];

/** Keys of one `:requires` entry; which apply depends on `:kind` (the checker handles the conditionals). */
export const slot: FieldSpec[] = [
  field(
    'slot',
    ['keyword'],
    md(
      'The slot id that steps use as `:connection :slot-name` and auth maps as `:secret-ref`. Required for connection and secret slots (not for `:kind :form`).',
      '',
      '`:slot :orders-api`',
    ),
  ),
  field(
    'type',
    ['keyword'],
    'The connection type: `:http-api`, `:database`, `:secret` or `:ssh` (legacy: `:llm-provider`, `:blob-storage`, `:kv-store`). Required for connection and secret slots.',
    { values: slotTypes.map((t) => t.type) },
  ),
  field('label', ['string'], 'Label shown when the flow is configured or installed. `:label "Orders API"`', { required: true }),
  field(
    'kind',
    ['keyword'],
    'What the requirement is: `:connection` (default) for a connection or secret slot, `:form` for setup inputs, `:worker` for external job workers.',
    { values: ['connection', 'form', 'worker'], default: ':connection' },
  ),
  field('base-url', ['string'], 'Base URL of an `:http-api` connection; step `:path`s are appended to it. `:base-url "https://api.example.com"`'),
  field(
    'auth',
    ['map'],
    md(
      'How the connection authenticates: `{:type :none}`, `{:type :api-key}`, `{:type :bearer}` or `{:type :basic}`. Not needed for `:secret` slots.',
      'The credential itself is bound per target (`flows configure`), never written in the file.',
      '',
      '`:auth {:type :bearer}`',
    ),
    {
      open: true,
      fields: [
        field('type', ['keyword'], 'Slot auth scheme: `:none`, `:api-key`, `:bearer` or `:basic`.', {
          required: true,
          values: slotAuthTypes,
        }),
      ],
    },
  ),
  field(
    'oauth',
    ['map'],
    'OAuth settings for the connection. `:oauth {:provider :google :scopes {:required ["drive.readonly"]}}`',
    {
      open: true,
      fields: [
        field('provider', ['keyword'], 'OAuth provider, e.g. `:google`.'),
        field('scopes', ['map', 'vector'], 'Scopes to request, e.g. `{:required ["drive.readonly"]}`.'),
      ],
    },
  ),
  field(
    'optional',
    ['boolean'],
    'When `true` the flow may run without this slot bound; test with `(flow/slot-bound? :slot)` in the body. Default `false`.',
    { default: 'false' },
  ),
  field(
    'secret-ref',
    ['keyword'],
    'The secret-store key a `:secret` slot is bound to; auth maps may point at it. Optional: without it the slot id names the secret.',
  ),
  field(
    'backends',
    ['set'],
    'Database engines a `:database` slot serves, e.g. `#{:postgres}`, `#{:bigquery}`, `#{:firestore}`.',
  ),
  field('provided-by', ['keyword'], '`:author` when the flow author supplies this requirement rather than the installer.', {
    values: ['author'],
  }),
  field(
    'collect',
    ['keyword'],
    'For `:kind :form`: `:setup` (default; entered once and reused) or `:run` (asked on every run). Current docs put per-run inputs in `:invocations`.',
    { values: ['setup', 'run'], default: ':setup' },
  ),
  field(
    'fields',
    ['vector'],
    md(
      'For `:kind :form`: the setup inputs, shown on the configuration form.',
      '',
      '`:fields [{:key :region :label "Region" :field-type :select :options ["EU" "US"]}]`',
    ),
    { items: formField },
  ),
];
