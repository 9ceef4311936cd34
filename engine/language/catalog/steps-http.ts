// The `:http` step: every config key of spec §10.1 (common options such as `:retry`,
// `:timeout`, `:persist` and `:metering` live in step-options.ts).

import type { StepTypeSpec } from './types';
import { field, httpRequestFields, md, stepAuthTypes, stepTypeField } from './shared';

export const httpStep: StepTypeSpec = {
  type: 'http',
  summary: 'Call an HTTP API through a connection slot or a URL',
  docs: md(
    'Makes one HTTP request and returns the response. Use it for REST/JSON APIs, e-mail APIs and downloads; prefer a `:connection` to an `:http-api` slot so auth and base URL stay out of the flow.',
    '',
    'Result (inline): `{:status 200 :headers {...} :body ...}`; a JSON body is parsed, so read fields with `(get-in resp [:body :id])`, not `(:id resp)`.',
    'With `:persist` the body is stored and the result is a ref map carrying `:blob-ref` (use it with `:body-from-ref` or multipart `:from-ref`).',
    'Limits: 50 HTTP requests per run; keep inline results under 512 KB.',
    '',
    '```clojure',
    '(flow/step :http :fetch-order',
    '  {:connection :orders-api',
    '   :method :get',
    '   :path (str "/orders/" order-id)',
    '   :retry {:max-attempts 3 :backoff-ms 500}})',
    '```',
  ),
  fields: [
    stepTypeField('http'),
    field(
      'connection',
      ['keyword', 'string'],
      md(
        'The `:http-api` slot (keyword) or a workspace connection id (string) that supplies base URL and auth. A step needs `:connection` or `:url`.',
        '',
        '`:connection :orders-api`',
      ),
      { ref: 'connection', slotTypes: ['http-api'] },
    ),
    ...httpRequestFields(),
    field(
      'multipart',
      ['vector'],
      md(
        'Multipart form parts. A file part can load its bytes from a persisted blob with `:from-ref` (add `:bucket` inside it for a non-default bucket).',
        '',
        '`:multipart [{:name "file" :filename "x.pdf" :content-type "application/pdf" :from-ref (:blob-ref download)}]`',
      ),
      {
        items: [
          field('name', ['string'], 'The form field name.', { required: true }),
          field('filename', ['string'], 'File name sent with a file part.'),
          field('content-type', ['string'], 'MIME type of the part, e.g. `"application/pdf"`.'),
          field('from-ref', ['map', 'string'], 'A blob ref (e.g. a persisted step\'s `:blob-ref`) whose bytes become the part.'),
        ],
      },
    ),
    field(
      'body-from-ref',
      ['map', 'string'],
      'Load the request body from a blob ref, a resource URI or a resource-ref map (10 MB retained / 20 MB ephemeral). `:body-from-ref (:blob-ref download)`',
    ),
    field('content-type', ['keyword', 'string'], 'Request content type, as a keyword (`:json`) or a MIME string.'),
    field('accept', ['keyword', 'string'], 'Accepted response type: `:json`, `:xml`, `:text` or a MIME string.'),
    field(
      'response-as',
      ['keyword'],
      'How to parse the response body: `:auto` (default, by Content-Type), `:json`, `:text`, `:bytes`, `:edn`, `:xml`, `:jsonl`, `:sse`, `:yaml`. Use `:bytes` with a blob `:persist` for binary downloads.',
      { values: ['auto', 'json', 'text', 'bytes', 'edn', 'xml', 'jsonl', 'sse', 'yaml'], default: ':auto' },
    ),
    field('include-headers', ['vector'], 'Return only these response headers. `:include-headers ["etag" "x-request-id"]`'),
    field('parser-fn', ['list', 'symbol'], 'A custom function that parses the response body.'),
    field(
      'template',
      ['keyword', 'string'],
      'An `:http-request` template to start from; the step\'s own keys are added on top and `:data` fills its `{{...}}` placeholders. `:template :fetch-risk`',
      { ref: 'template', templateTypes: ['http-request'] },
    ),
    field('data', ['map'], 'Values for the template\'s `{{...}}` placeholders. `:data {:order-id order-id}`', { open: true }),
    field(
      'auth',
      ['map'],
      md(
        'Step-level auth through the secret store only (inline tokens are rejected): `:bearer`, `:api-key` or `:google-service-account`.',
        '',
        '`:auth {:type :bearer :secret-ref :api-token}`',
      ),
      {
        open: true,
        fields: [
          field('type', ['keyword'], 'Step auth scheme: `:bearer`, `:api-key` or `:google-service-account`.', {
            required: true,
            values: stepAuthTypes,
          }),
        ],
      },
    ),
    field(
      'client-opts',
      ['map'],
      'HTTP client options, e.g. `{:max-response-bytes 104857600}`; raise the response cap only with a blob `:persist` and `:response-as :bytes`.',
      {
        open: true,
        fields: [field('max-response-bytes', ['int'], 'Largest response accepted, in bytes.', { min: 1 })],
      },
    ),
    field('auto-search-index?', ['boolean'], 'Index the pages of a searchable GET result for `:search`.'),
  ],
  rules: [
    {
      kind: 'one-of',
      keys: ['connection', 'url'],
      message: 'an :http step needs :connection or :url (the platform takes the flow at push; the step fails when it runs)',
      suppliedByTemplate: true,
      severity: 'warning',
    },
  ],
  templateType: 'http-request',
  result: {
    keys: ['status', 'headers', 'body'],
    docs: md(
      'The response: `{:status 200 :headers {"content-type" "application/json"} :body {:id "A-1"}}`. JSON bodies are parsed to EDN.',
      'A persisted result is a ref map instead (with `:blob-ref`, `:uri`), and its `:body` is `{:type :omitted :reason :persisted}`.',
    ),
  },
  snippet: '(flow/step :http :${1:id}\n  {:connection :${2:api}\n   :method :${3|get,post,put,patch,delete|}\n   :path "${4:/}"})',
};
