// Small builders and the few field records that several catalog files share
// (the HTTP request keys, webhook `:auth`, identifier patterns, durations), so each
// appears once. Only catalog files import this module.

import type { FieldSpec, ValueKind } from './types';

/** Joins markdown lines. */
export function md(...lines: string[]): string {
  return lines.join('\n');
}

/** Builds a FieldSpec: key, kinds, docs, then any other properties. */
export function field(key: string, kinds: ValueKind[], docs: string, more: Partial<FieldSpec> = {}): FieldSpec {
  return { key, kinds, docs, ...more };
}

/** The optional `:type` key of a step config; in a typed call it repeats the step type. */
export function stepTypeField(type: string): FieldSpec {
  return field(
    'type',
    ['keyword'],
    `The step type, \`:${type}\`. Optional in \`(flow/step :${type} :id {...})\`; when present it must be \`:${type}\`.`,
    { values: [type], required: false },
  );
}

const SAFE_ID_SOURCE = '^[a-zA-Z][a-zA-Z0-9_-]{0,127}$';

/** Slugs, invocation/input/interface/schedule ids: a letter, then letters, digits, `_` or `-`; at most 128. */
export const safeIdPattern = {
  source: SAFE_ID_SOURCE,
  describe: 'a letter followed by letters, digits, `_` or `-` (at most 128 characters)',
};

/** Packaged step and agent ids: a qualified keyword such as `:github/open-pr`. */
export const packagedIdPattern = {
  source: '^[a-zA-Z][a-zA-Z0-9_-]*(\\.[a-zA-Z][a-zA-Z0-9_-]*)*/[a-zA-Z][a-zA-Z0-9_-]{0,127}$',
  describe: 'a qualified keyword `:namespace/name`, e.g. `:tools/fetch`',
};

export const SECONDS_PER_DAY = 86_400;
export const THIRTY_DAYS_SECONDS = 30 * SECONDS_PER_DAY;

/** Auth scheme names by where they are accepted (the full records live in requires.ts). */
export const slotAuthTypes = ['none', 'api-key', 'bearer', 'basic'];
export const webhookAuthTypes = ['api-key', 'bearer', 'basic', 'hmac-sha256', 'signature', 'ip-allowlist'];
export const stepAuthTypes = ['bearer', 'api-key', 'google-service-account'];

/** `:auth` on a webhook (legacy trigger config, webhook interface, wait callback). */
export function webhookAuthField(context: string): FieldSpec {
  return field(
    'auth',
    ['map'],
    md(
      `How ${context} authenticates incoming requests. Required for webhooks; \`{:type :none}\` is rejected.`,
      'Schemes: `:api-key`, `:bearer`, `:basic`, `:hmac-sha256`, `:signature`, `:ip-allowlist`; each takes its own keys.',
      '',
      '`:auth {:type :hmac-sha256 :header "X-Signature" :secret-ref :webhook-secret}`',
    ),
    {
      open: true,
      fields: [
        field('type', ['keyword'], 'The auth scheme. One of `:api-key :bearer :basic :hmac-sha256 :signature :ip-allowlist`.', {
          required: true,
          values: webhookAuthTypes,
        }),
      ],
    },
  );
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The request keys shared by the `:http` step, `:http-request` templates and notify HTTP channels. */
export function httpRequestFields(): FieldSpec[] {
  return [
    field(
      'url',
      ['string'],
      md(
        'A full URL, for ad hoc calls without a connection. It bypasses `:path` and any base URL.',
        '',
        '`:url "https://api.example.com/v1/users"`',
      ),
    ),
    field(
      'path',
      ['string'],
      md('Path appended to the connection\'s `:base-url`.', '', '`:path (str "/orders/" order-id)`'),
    ),
    field('method', ['keyword', 'string'], 'HTTP method: `:get` (default), `:post`, `:put`, `:patch` or `:delete`.', {
      values: HTTP_METHODS,
      default: ':get',
    }),
    field('headers', ['map'], 'Request headers, a map of header name to value. `:headers {"Accept" "application/json"}`', {
      open: true,
    }),
    field('query', ['map'], 'Query-string parameters. `:query {:page 2 :per-page 50}`', { open: true }),
    field(
      'json',
      ['any'],
      'JSON request body (any EDN data, encoded as JSON). Wins over `:body` when both are given. `:json {:name "Ada"}`',
    ),
    field('form', ['map'], 'URL-encoded form body. `:form {:grant_type "client_credentials"}`', { open: true }),
    field('body', ['any'], 'Raw request body (a string, or data sent as is). Prefer `:json` for JSON APIs.'),
  ];
}

/** A duration docs suffix. */
export const DURATION_FORMS = 'a duration string (`"500ms"`, `"10s"`, `"5m"`, `"2h"`, `"1d"`)';

/** The keys of a notification `:channels {:http {...}}` channel (notify steps, wait `:notify`, notification templates). */
export function httpChannelFields(): FieldSpec[] {
  return [
    field(
      'connection',
      ['keyword', 'string'],
      'The `:http-api` slot the channel sends through (auth comes from the slot; no inline credentials). Needs `:connection` or `:url`.',
      { ref: 'connection', slotTypes: ['http-api'] },
    ),
    ...httpRequestFields(),
    field('template', ['keyword', 'string'], 'A template whose request the channel starts from (inferred).', {
      ref: 'template',
      templateTypes: ['http-request', 'notification'],
    }),
    field('data', ['map'], 'Values for `{{...}}` placeholders in this channel\'s payload.', { open: true }),
  ];
}

/** `:channels` of a notification: only `:http` exists (`:ui` is rejected). */
export function channelsField(docs: string, more: Partial<FieldSpec> = {}): FieldSpec {
  return field('channels', ['map'], docs, {
    fields: [
      field(
        'http',
        ['map'],
        md(
          'Send the notification as an HTTP request, typically to an e-mail or chat API. String values are Handlebars templates filled from `:data`.',
          '',
          '`:http {:connection :sendgrid :path "/v3/mail/send" :method :post :json {...}}`',
        ),
        { fields: httpChannelFields() },
      ),
    ],
    ...more,
  });
}
