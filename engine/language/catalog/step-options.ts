// Options every step accepts (`:title :timeout :retry :on-error :persist :review :confirm
// :expect :metering`, spec §9.2) and the `:persist` forms by `:type` (spec §13).

import type { FieldSpec } from './types';
import { field, md } from './shared';
import { limitValue } from './limits';

const searchIndexField = field(
  'search-index',
  ['map', 'boolean'],
  'Make the persisted artifact searchable by `:search` steps (keys not documented).',
  { open: true },
);

const persistType = (type: string): FieldSpec =>
  field('type', ['keyword'], `The persist form, \`:${type}\`.`, { required: true, values: [type] });

export const persist: { type: string; docs: string; fields: FieldSpec[] }[] = [
  {
    type: 'blob',
    docs: md(
      'Store the step result (for `:http`, the response body) as a blob and return a ref map (`:ref`/`:uri "res://..."`, `:blob-ref`, metadata) instead of the data. Writes up to 50 MB retained / 4 GB ephemeral.',
      '',
      '`:persist {:type :blob :filename "report.json"}`',
    ),
    fields: [
      persistType('blob'),
      field('filename', ['string'], 'File name stored with the blob. `:filename "report.json"`'),
      field(
        'tier',
        ['keyword'],
        '`:retained` (default, kept about 90 days) or `:ephemeral` (about 12 hours; only streaming-friendly steps such as `:http`, not `:db` or `:function`).',
        { values: ['retained', 'ephemeral'], default: ':retained' },
      ),
      field('content-type', ['string'], 'MIME type of the blob. `:content-type "video/mp4"`'),
      field('signed-url', ['boolean', 'map'], 'Also return a signed URL: `true` or `{:ttl-seconds 900}`.', {
        fields: [field('ttl-seconds', ['int'], 'How long the signed URL is valid, in seconds.', { min: 1 })],
      }),
      searchIndexField,
    ],
  },
  {
    type: 'kv',
    docs: md(
      'Write the step result to the workspace KV store under `:key` (fallback: an explicit `:kv` step if this returns a `validation-error`).',
      '',
      '`:persist {:type :kv :key (str "pages:" page) :ttl 1209600}`',
    ),
    fields: [
      persistType('kv'),
      field('key', ['string'], 'The KV key (at most 256 characters of `a-z A-Z 0-9 _ - :`).', { required: true }),
      field('ttl', ['int'], `Time to live in seconds, ${limitValue('kv-ttl-min')} to ${limitValue('kv-ttl-max')}.`, { min: limitValue('kv-ttl-min'), max: limitValue('kv-ttl-max') }),
      searchIndexField,
    ],
  },
  {
    type: 'table',
    docs: md(
      'Write a row-shaped result into a table family (created on first write); the step then returns `{:type :resource-ref :uri ...}` for `:table` steps. Other keys are not documented.',
      '',
      '`:persist {:type :table ...}`',
    ),
    fields: [persistType('table'), searchIndexField],
  },
];

export const commonStepOptions: FieldSpec[] = [
  field('title', ['string'], 'Readable label of the step in the run timeline. `:title "Fetch order"`'),
  field('timeout', ['int'], 'Step timeout in whole seconds. `:timeout 30`', { min: 1 }),
  field(
    'retry',
    ['map'],
    md('Retry policy for failed attempts.', '', '`:retry {:max-attempts 3 :backoff-ms 500}`'),
    {
      fields: [
        field('max-attempts', ['int'], 'Total attempts, including the first; at least 1. `:max-attempts 3`', { min: 1 }),
        field('backoff-ms', ['int'], 'Delay between attempts, in milliseconds. `:backoff-ms 1000`', { min: 0 }),
      ],
    },
  ),
  field(
    'on-error',
    ['keyword'],
    'What a failure does after retries: `:fail` (default; the run fails), `:skip` or `:checkpoint`.',
    { values: ['fail', 'skip', 'checkpoint'], default: ':fail' },
  ),
  field(
    'persist',
    ['map'],
    md(
      'Store the result as a resource and return a ref map instead of inline data: `{:type :blob}`, `{:type :kv :key ..}` or `{:type :table ..}`. Must be a map (`:persist true` is not supported).',
      '',
      '`:persist {:type :blob :tier :ephemeral}`',
    ),
    {
      open: true,
      fields: [
        field('type', ['keyword'], 'Where to store the result: `:blob`, `:kv` or `:table`.', {
          values: ['blob', 'kv', 'table'],
        }),
        // The union of the forms' keys; required-ness depends on `:type` (see `persist`).
        ...dedupe(persist.flatMap((p) => p.fields.filter((f) => f.key !== 'type'))).map(({ required: _r, ...f }) => f),
      ],
    },
  ),
  field(
    'review',
    ['boolean', 'string', 'map'],
    'Human review checkpoint before the step runs (`true`, a message, or a map). Default timeout 24h, at most 30 days.',
  ),
  field('confirm', ['boolean', 'string', 'map'], 'Human confirmation checkpoint before the step runs.'),
  field('expect', ['any'], 'Expectations/assertions about the output (used by `:llm`, `:agent`, `:table`).'),
  field(
    'metering',
    ['map'],
    md(
      'Advisory fixed cost for run cost estimates, charged per completed execution, in micros (US$1 = 1,000,000).',
      '',
      '`:metering {:unit :request :unit-cost-micros 2000 :label "Geocoding"}`',
    ),
    {
      fields: [
        field('unit', ['keyword'], 'What is counted, e.g. `:request`.'),
        field('unit-cost-micros', ['int'], 'Cost per unit in micros. `:unit-cost-micros 2000`', { min: 0 }),
        field('label', ['string'], 'Label shown in the cost estimate.'),
      ],
    },
  ),
];

/** Keeps the first FieldSpec of each key. */
function dedupe(fields: FieldSpec[]): FieldSpec[] {
  const seen = new Set<string>();
  return fields.filter((f) => (seen.has(f.key) ? false : (seen.add(f.key), true)));
}
