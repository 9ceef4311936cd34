// Data, infrastructure and orchestration steps: `:db`, `:table`, `:files`, `:search`,
// `:fanout`, `:job` and `:ssh` (spec §10.5, §10.11–10.16). All need a mock to run locally.

import type { StepTypeSpec } from './types';
import { DURATION_FORMS, field, md, stepTypeField } from './shared';
import { limitValue } from './limits';

export const dbStep: StepTypeSpec = {
  type: 'db',
  summary: 'Query a database (SQL, BigQuery, Firestore)',
  docs: md(
    'Runs a query against a `:database` connection. SQL engines and BigQuery take `:sql` (or a `:db-query` `:template`) with `:params`; Firestore takes `:collection`, `:where`, `:order-by` and `:limit`. Never build SQL with `str`; use placeholders.',
    '',
    'Result: the rows, a vector of maps (at most 5000 rows and 1 MB); read it with `(count rows)`, `(first rows)`. With `:persist {:type :blob}` a ref map instead (no ephemeral tier for DB).',
    '',
    '```clojure',
    '(flow/step :db :fetch-users',
    '  {:database :postgres',
    '   :connection :warehouse',
    '   :sql "select id, email from users where status = ?"',
    '   :params [(:status input)]',
    '   :max-results 1000})',
    '```',
  ),
  fields: [
    stepTypeField('db'),
    field('database', ['keyword', 'string'], 'The engine: `:postgres`, `:mysql`, `:clickhouse`, `:bigquery` or `:firestore`.', {
      required: true,
      values: ['postgres', 'mysql', 'clickhouse', 'bigquery', 'firestore'],
    }),
    field('connection', ['keyword', 'string'], 'The `:database` slot (declared with matching `:backends`). `:connection :warehouse`', {
      required: true,
      ref: 'connection',
      slotTypes: ['database'],
    }),
    field(
      'sql',
      ['string'],
      'The query (SQL/BigQuery). Exactly one of `:sql` and `:template`. Positional `?` placeholders (SQL) or `@name` (BigQuery) filled from `:params`.',
    ),
    field('template', ['keyword', 'string'], 'A `:db-query` template holding the SQL. `:template :users-by-status`', {
      ref: 'template',
      templateTypes: ['db-query', 'sql'],
    }),
    field(
      'params',
      ['vector', 'map'],
      'Query parameters: a vector for positional `?` (SQL), a map for `@name` (BigQuery). Must match the placeholders. `:params [status 100]`',
    ),
    field('dry-run', ['boolean'], 'BigQuery only: validate and estimate without running.'),
    field('collection', ['keyword', 'string'], 'Firestore: the collection to read. `:collection :metering-events`'),
    field(
      'where',
      ['vector'],
      'Firestore filters, `[field op value]` triples; ops `:= :!= :< :<= :> :>= :in :contains :contains-any`. `:where [[:status := :finalized]]`',
    ),
    field('order-by', ['vector'], 'Firestore ordering, `[field :asc|:desc]` pairs. `:order-by [[:event-ts :asc]]`'),
    field('limit', ['int'], 'Firestore: most documents to return, up to 1000 (default 100; no offset pagination).', {
      min: 1,
      max: 1000,
      default: '100',
    }),
    field('max-results', ['int'], 'SQL/BigQuery: most rows to return, up to 5000. `:max-results 1000`', { min: 1, max: 5000 }),
    field('query', ['string'], 'Old name of `:sql` (old docs also had no `:database`).', { deprecated: 'Use `:sql` with `:database`.' }),
  ],
  rules: [
    {
      kind: 'one-of',
      keys: ['sql', 'template', 'collection', 'query'],
      message: 'a :db step needs :sql or a :db-query :template (Firestore: :collection)',
      suppliedByTemplate: true,
    },
    { kind: 'at-most-one', keys: ['sql', 'template'], message: 'a :db step takes :sql or :template, not both' },
  ],
  templateType: 'db-query',
  needsMock: true,
  snippet:
    '(flow/step :db :${1:query}\n  {:database :${2|postgres,mysql,clickhouse,bigquery,firestore|}\n   :connection :${3:db}\n   :sql "${4:select 1}"\n   :params [${5}]})',
};

export const tableStep: StepTypeSpec = {
  type: 'table',
  summary: 'Query and edit a persisted table resource',
  docs: md(
    'Works on a table created by `:persist {:type :table ...}` on a row-producing step: query pages, fetch rows, aggregate, read the schema, export, edit cells and columns, recompute, or materialize a join.',
    '`:query` needs `:table` and `:page` (plus `:select :where :sort`); `:get-row` needs `:row-id` or `:key`; `:aggregate` takes `:where :group-by :metrics :having :order-by :limit`; `:materialize-join` takes `:left :right :into`.',
    '',
    'Result: the operation\'s answer (not documented in detail). Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :table :order-row',
    '  {:op :get-row',
    '   :table {:ref (:uri orders-table)}',
    '   :row-id "order-42"})',
    '```',
  ),
  fields: [
    stepTypeField('table'),
    field(
      'op',
      ['keyword'],
      'The operation: `:query :get-row :aggregate :schema :export :update-cell :update-cell-format :set-column :recompute :materialize-join`.',
      {
        required: true,
        values: ['query', 'get-row', 'aggregate', 'schema', 'export', 'update-cell', 'update-cell-format', 'set-column', 'recompute', 'materialize-join'],
      },
    ),
    field(
      'table',
      ['map', 'string'],
      'The table: `{:ref <resource-uri> :partitions {:key ".."}}` (or `{:keys [..]}`); a bare ref works for simple operations.',
      {
        fields: [
          field('ref', ['string', 'map'], 'The table\'s resource URI or ref.', { required: true }),
          field('partitions', ['map'], 'Partition selection: `{:key ".."}` or `{:keys [..]}`.', {
            fields: [field('key', ['string', 'keyword'], 'One partition key.'), field('keys', ['vector'], 'Several partition keys.')],
          }),
        ],
      },
    ),
    field('page', ['any'], 'Page to read with `:query` (explicit paging).'),
    field('select', ['vector'], 'Columns to return with `:query`.'),
    field('where', ['any'], 'Row filter for `:query` / `:aggregate`.'),
    field('sort', ['any'], 'Ordering for `:query`.'),
    field('row-id', ['any'], 'Row id for `:get-row`.'),
    field('key', ['any'], 'Row key for `:get-row` (instead of `:row-id`).'),
    field('group-by', ['any'], 'Grouping for `:aggregate`.'),
    field('metrics', ['any'], 'Metrics to compute with `:aggregate`.'),
    field('having', ['any'], 'Filter on aggregated groups.'),
    field('order-by', ['any'], 'Ordering of `:aggregate` results.'),
    field('limit', ['int'], 'Most results of an `:aggregate`.', { min: 1 }),
    field('left', ['any'], 'Left table of `:materialize-join`.'),
    field('right', ['any'], 'Right table of `:materialize-join`.'),
    field('into', ['any'], 'Target table of `:materialize-join`.'),
    field('provider-opts', ['map'], 'Provider-specific options.', { open: true }),
  ],
  needsMock: true,
  snippet: '(flow/step :table :${1:id}\n  {:op :${2|query,get-row,aggregate,schema,export|}\n   :table {:ref ${3:uri}}})',
};

export const filesStep: StepTypeSpec = {
  type: 'files',
  summary: 'Read and change source trees through changesets (git)',
  docs: md(
    'Works with Breyta-managed source trees: `:resolve-source` a git repository (immutable source-tree ref), `:init-changeset` (mutable changeset ref), read with `:list :read :search`, edit a changeset with `:write-file :apply-edit :replace :replace-lines :delete-file :move-file`, then `:materialize`, `:capture`, `:diff`, `:publish` (branch) or `:open-change-request` (PR). Keys of operations other than `:resolve-source` are not documented.',
    '',
    'Result: the operation\'s ref or answer (not documented in detail). Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :files :checkout',
    '  {:op :resolve-source',
    '   :source {:type :git :repo "https://github.com/acme/app.git" :ref "main"}})',
    '```',
  ),
  fields: [
    stepTypeField('files'),
    field(
      'op',
      ['keyword'],
      'The operation: `:resolve-source :init-changeset :list :read :search :write-file :apply-edit :replace :replace-lines :delete-file :move-file :materialize :capture :diff :publish :open-change-request`.',
      {
        required: true,
        values: [
          'resolve-source',
          'init-changeset',
          'list',
          'read',
          'search',
          'write-file',
          'apply-edit',
          'replace',
          'replace-lines',
          'delete-file',
          'move-file',
          'materialize',
          'capture',
          'diff',
          'publish',
          'open-change-request',
        ],
      },
    ),
    field('source', ['map'], 'For `:resolve-source`: the repository. `:source {:type :git :repo "https://..." :ref "main"}`', {
      fields: [
        field('type', ['keyword'], 'Source kind; only `:git`.', { values: ['git'] }),
        field('repo', ['string'], 'Repository URL or fetchable remote. Required.', { required: true }),
        field('ref', ['string'], 'Branch, tag or commit (inferred default: `HEAD`).'),
      ],
    }),
  ],
  needsMock: true,
  snippet: '(flow/step :files :${1:id}\n  {:op :${2|resolve-source,init-changeset,list,read,search,diff|}})',
};

export const searchStep: StepTypeSpec = {
  type: 'search',
  summary: 'Search workspace resources, flows, runs and connections',
  docs: md(
    'Searches the workspace (from the run context) across resources, flows, runs and connections, and can hydrate the top resource hits with their text. Producers make artifacts searchable with `:persist {... :search-index ...}`.',
    '',
    'Result: the hits per target (not documented in detail). Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :search :find-docs',
    '  {:query "refund policy"',
    '   :targets [:resources]',
    '   :limit 5})',
    '```',
  ),
  fields: [
    stepTypeField('search'),
    field('query', ['string'], 'What to search for; not blank. Required.', {
      required: true,
      pattern: { source: '\\S', describe: 'a non-blank string' },
    }),
    field('targets', ['vector'], 'Any of `[:resources :flows :runs :connections]`; default all.'),
    field('storage-backend', ['keyword', 'string'], 'Resource filter: storage backend.'),
    field('storage-root', ['string'], 'Resource filter: storage root.'),
    field('path-prefix', ['string'], 'Resource filter: path prefix.'),
    field('limit', ['int'], 'Hits per target, 1 to 20. Default 12.', { min: 1, max: 20, default: '12' }),
    field('hydrate', ['map'], 'Load the text of top resource hits. `:hydrate {:top-k 3 :max-chars 5000}`', {
      fields: [
        field('enabled', ['boolean'], 'Hydrate hits; default `true` when `:resources` is a target.'),
        field('top-k', ['int'], 'How many hits to hydrate, 1 to 10. Default 5.', { min: 1, max: 10, default: '5' }),
        field('max-chars', ['int'], 'Most characters per hit, 1 to 100000. Default 20000.', { min: 1, max: 100_000, default: '20000' }),
      ],
    }),
  ],
  needsMock: true,
  snippet: '(flow/step :search :${1:id}\n  {:query "${2:search terms}"\n   :limit ${3:5}})',
};

export const fanoutStep: StepTypeSpec = {
  type: 'fanout',
  summary: 'Run child flows (or items) in parallel and collect the results',
  docs: md(
    `Runs up to ${limitValue('fanout-width')} items, at most ${limitValue('fanout-concurrency')} at a time, and collects results in item order. When every item is \`{:type :call-flow ...}\` the children run asynchronously as child flows; otherwise items run on a sequential path (modes cannot be mixed). Per run: at most ${limitValue('fanout-steps-per-run')} fanout steps and ${limitValue('fanout-items-per-run')} items in total.`,
    '',
    'Result: the collected results in item order, optionally reshaped by `:transform` (shape not documented). Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :fanout :process-pages',
    '  {:items (vec (for [p pages]',
    '                 {:type :call-flow :flow-slug :process-page :input {:page p}}))',
    '   :max-concurrency 5',
    '   :on-error :collect})',
    '```',
  ),
  fields: [
    stepTypeField('fanout'),
    field('items', ['vector'], `The work items, at most ${limitValue('fanout-width')}. Child-flow items are \`{:type :call-flow :flow-slug .. :input ..}\`.`, {
      required: true,
      maxItems: limitValue('fanout-width'),
      open: true,
      items: [
        field('type', ['keyword'], '`:call-flow` runs the item as a child flow.', { values: ['call-flow'] }),
        field('flow-slug', ['keyword', 'string'], 'The child flow to run.'),
        field('input', ['any'], 'The child flow\'s input.'),
        field('timeout', ['string', 'int'], `Child run timeout: ${DURATION_FORMS} or seconds.`, { duration: { unit: 'seconds' } }),
        field('version', ['int', 'string', 'keyword'], 'Child flow version to run.'),
        field('installation-id', ['string'], 'Installation to run the child in (needed when it has `:requires`).'),
        field('profile-id', ['string'], 'Old name of `:installation-id`.', { deprecated: 'Use `:installation-id`.' }),
        field('workflow-id', ['string'], 'Workflow id for the child run.'),
        field('parent-close-policy', ['keyword'], 'What happens to the child when the parent closes: `:abandon`, `:request-cancel` or `:terminate`.', {
          values: ['abandon', 'request-cancel', 'terminate'],
        }),
        field('retry-policy', ['map'], 'Retry policy of the child run.', { open: true }),
      ],
    }),
    field('max-concurrency', ['int'], `Items running at once, 1 to ${limitValue('fanout-concurrency')}.`, { min: 1, max: limitValue('fanout-concurrency') }),
    field(
      'on-error',
      ['keyword'],
      'What a failed item does: `:fail` (default; the step fails), `:continue` or `:collect` (gather errors with the results).',
      { values: ['fail', 'continue', 'collect'], default: ':fail' },
    ),
    field('transform', ['list', 'symbol'], 'A sandboxed function applied to the aggregated result map.'),
  ],
  commonOptions: ['title', 'timeout', 'retry', 'persist', 'review', 'confirm', 'expect', 'metering'],
  needsMock: true,
  snippet: '(flow/step :fanout :${1:id}\n  {:items [${2}]\n   :max-concurrency ${3:5}})',
};

export const jobStep: StepTypeSpec = {
  type: 'job',
  summary: 'Submit work to external job workers and await it',
  docs: md(
    'Hands work to external workers (`breyta jobs worker run --type <t> --handler ./script.sh`, declared with a `{:kind :worker}` requirement). `:submit` (needs `:job-type`) or `:submit-batch` (`:job-type :jobs`), then `:get`/`:await` a `:job-id` or `:get-batch`/`:await-batch` a `:batch-id`.',
    '',
    'Result: a job map (`:job-id :job-type :status :payload ...`; terminal statuses `"succeeded" "no_changes" "failed" "cancelled" "timed_out"`) or a batch map (`:batch-id`, counts, `:jobs`). Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :job :await-review',
    '  {:op :await',
    '   :job-id (:job-id queued-job)',
    '   :interval "250ms"',
    '   :timeout "10m"})',
    '```',
  ),
  fields: [
    stepTypeField('job'),
    field('op', ['keyword'], 'The operation: `:submit :submit-batch :get :get-batch :await :await-batch`.', {
      required: true,
      values: ['submit', 'submit-batch', 'get', 'get-batch', 'await', 'await-batch'],
    }),
    field('job-type', ['string', 'keyword'], 'Worker type for `:submit`/`:submit-batch`. `:job-type "agent-review"`'),
    field('payload', ['any'], 'Job payload for `:submit`.'),
    field('metadata', ['map'], 'Metadata for `:submit`/`:submit-batch`.', { open: true }),
    field('max-attempts', ['int'], 'Worker attempts for a submit, or polls for an await.', { min: 1 }),
    field('jobs', ['vector'], 'Jobs of a `:submit-batch`. `:jobs [{:payload {:surface "api"}}]`'),
    field('job-id', ['string'], 'The job for `:get`/`:await`. `:job-id (:job-id queued-job)`'),
    field('batch-id', ['string'], 'The batch for `:get-batch`/`:await-batch`.'),
    field('include-jobs?', ['boolean'], 'Include the batch\'s jobs in the result.'),
    field('limit', ['int'], 'Most jobs to include with a batch.', { min: 1 }),
    field('interval', ['string', 'int'], `Poll interval of an await: ${DURATION_FORMS} or ms. \`:interval "250ms"\``, {
      duration: { unit: 'ms' },
    }),
    field('timeout', ['string', 'int'], `How long an await waits: ${DURATION_FORMS} or seconds. \`:timeout "45m"\``, {
      duration: { unit: 'seconds' },
    }),
    field('backoff', ['map'], 'Backoff between await polls.', { open: true }),
  ],
  commonOptions: ['title', 'retry', 'on-error', 'persist', 'review', 'confirm', 'expect', 'metering'],
  needsMock: true,
  snippet: '(flow/step :job :${1:id}\n  {:op :submit\n   :job-type "${2}"\n   :payload {${3}}})',
};

export const sshStep: StepTypeSpec = {
  type: 'ssh',
  summary: 'Run a shell command on a remote host over SSH',
  docs: md(
    'Runs a command (via `sh -lc`) on a host behind an `:ssh` connection. For long jobs, kick off in the background and wait for a callback with a `:wait` step. An exit code outside `:ok-exit-codes` fails the step with the code and a stderr preview.',
    '',
    'Result: `{:success true :exit 0 :stdout "..." :stderr "..." :duration-ms 123}`. Runs locally only with a `{:result ...}` mock.',
    '',
    '```clojure',
    '(flow/step :ssh :kickoff',
    '  {:connection :vps',
    '   :command "nohup ./run-agent.sh >/tmp/agent.log 2>&1 & echo started"',
    '   :env {"BREYTA_WAIT_KEY" wait-key}',
    '   :timeout 60})',
    '```',
  ),
  fields: [
    stepTypeField('ssh'),
    field('connection', ['keyword', 'string'], 'The `:ssh` connection slot. Required. `:connection :vps`', {
      required: true,
      ref: 'connection',
      slotTypes: ['ssh'],
    }),
    field('command', ['string'], 'The shell command, run with `sh -lc`. Required.', { required: true }),
    field('workdir', ['string'], 'Working directory on the host.'),
    field('env', ['map'], 'Environment variables. `:env {"BREYTA_WAIT_KEY" wait-key}`', { open: true }),
    field('stdin', ['string'], 'Text sent to the command\'s standard input.'),
    field('pty?', ['boolean'], 'Allocate a pseudo-terminal.'),
    field('timeout', ['int'], 'Command timeout in seconds. Default 60.', { min: 1, default: '60' }),
    field('connect-timeout-ms', ['int'], 'Connection timeout in milliseconds.', { min: 0 }),
    field('max-output-bytes', ['int'], 'Most bytes of stdout/stderr kept.', { min: 1 }),
    field('ok-exit-codes', ['vector'], 'Exit codes that count as success. Default `[0]`.', { default: '[0]' }),
    field('log-command-preview?', ['boolean'], 'Log a preview of the command.'),
  ],
  commonOptions: ['title', 'retry', 'on-error', 'persist', 'review', 'confirm', 'expect', 'metering'],
  needsMock: true,
  result: {
    keys: ['success', 'exit', 'stdout', 'stderr', 'duration-ms'],
    docs: 'The command outcome: `{:success true :exit 0 :stdout "started\\n" :stderr "" :duration-ms 123}`.',
  },
  snippet: '(flow/step :ssh :${1:id}\n  {:connection :${2:vps}\n   :command "${3}"})',
};
