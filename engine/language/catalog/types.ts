// The shape of the catalog: the one description of the flow language's vocabulary.
// Validation, completion, hover, snippets, the grammar's keyword lists and the engine's
// option checks all read these records; nothing else may hold its own copy of the vocabulary.

/** Literal kinds a value may have in the source. Expressions (calls, symbols) are never type-checked. */
export type ValueKind =
  | 'string'
  | 'keyword'
  | 'symbol'
  | 'int'
  | 'number' // int or decimal
  | 'boolean'
  | 'nil'
  | 'map'
  | 'vector'
  | 'set'
  | 'list' // a quoted form or call
  | 'regex'
  | 'any';

/** What an id-valued field points at; the checker resolves it across the whole file. */
export type RefKind =
  | 'template'
  | 'function'
  | 'connection' // a `:requires` slot (or, without `:requires`, a workspace connection)
  | 'secret' // a `:secret-ref`: a slot id or a slot's own `:secret-ref`
  | 'invocation'
  | 'step'; // a packaged `:steps`/`:agents` id

/** One key of a map the language defines (a step config, a slot, a trigger, ...). */
export interface FieldSpec {
  /** The key's name without the colon, e.g. `max-attempts`. */
  key: string;
  /** Accepted literal kinds; `['any']` accepts everything. */
  kinds: ValueKind[];
  /** Required in its map (the checker reports `missing-required-key`). */
  required?: boolean;
  /** Allowed keyword (or string) values, names without the colon, e.g. `['get', 'post']`. */
  values?: string[];
  /** Inclusive numeric bounds for int/number values (`out-of-range`). */
  min?: number;
  max?: number;
  /** For a vector value: the most items a literal may hold (`out-of-range`), e.g. fanout `:items` <= 25. */
  maxItems?: number;
  /**
   * The value is a duration: a string `"500ms" "10s" "5m" "2h" "1d"` or a number in `unit`.
   * `maxSeconds` bounds it (`out-of-range`).
   */
  duration?: { unit: 'seconds' | 'ms'; maxSeconds?: number };
  /** The value is a cron expression (`invalid-cron`). */
  cron?: boolean;
  /** A regular expression a string or keyword name must match (`invalid-value`), with its description. */
  pattern?: { source: string; describe: string };
  /** The value names a declared thing. */
  ref?: RefKind;
  /** For `ref: 'template'`: the template types this field accepts. */
  templateTypes?: string[];
  /** For `ref: 'connection'`: the slot types that fit. */
  slotTypes?: string[];
  /** For a map value: its own keys (the checker recurses). */
  fields?: FieldSpec[];
  /** For a vector value whose items are maps: the item keys. */
  items?: FieldSpec[];
  /** Unknown keys inside `fields` are fine (free-form maps such as `:headers`). */
  open?: boolean;
  /** Default, printed as EDN, e.g. `":get"` or `"24h"`. */
  default?: string;
  /** Markdown for a person writing a flow, with a short example. */
  docs: string;
  /** Set when the key is legacy; says what to use instead. */
  deprecated?: string;
}

/** Constraints over several keys of one map. */
export interface KeyRule {
  kind: 'one-of' | 'at-most-one' | 'requires';
  /** Key names without colons. For `requires`: `keys[0]` needs all the others. */
  keys: string[];
  /** Message fragment for a person, e.g. "an :http step needs :connection or :url". */
  message: string;
  /** Keys that a step's `:template` may supply (design §2: a template supplies what it holds). */
  suppliedByTemplate?: boolean;
  /** `warning` when the platform takes the flow at push and only the run fails. */
  severity?: 'warning';
}

/** The known shape of a step's result, for hover and the `result-shape` check. */
export interface ResultShape {
  /** Keys the result map has (without colons). */
  keys: string[];
  /** Markdown description with an example value. */
  docs: string;
}

export interface StepTypeSpec {
  /** Type name without the colon, e.g. `http`. */
  type: string;
  /** One line shown in completion lists. */
  summary: string;
  /** Markdown with a short example. */
  docs: string;
  /** Config keys, not counting the common options (those are in `commonStepOptions`). */
  fields: FieldSpec[];
  rules?: KeyRule[];
  /** Template type this step consumes through `:template`, if any. */
  templateType?: string;
  /** The step type this is an alias of (e.g. `code` -> `function`). */
  aliasOf?: string;
  /** Set when the step type is legacy; says what to use instead. */
  deprecated?: string;
  /** Steps that run locally only through a `{:result ...}` mock. */
  needsMock?: boolean;
  /** Which common options apply; default all. */
  commonOptions?: string[];
  /** Result shape; absent when the spec does not document it. */
  result?: ResultShape;
  /** A snippet (VS Code snippet syntax) for the whole call, e.g. `(flow/step :http :${1:id} {...})`. */
  snippet: string;
}

/** A template type (`:http-request`, `:llm-prompt`, `:db-query`, `:notification`). */
export interface TemplateTypeSpec {
  type: string;
  docs: string;
  fields: FieldSpec[];
  /** Step types that consume this template type. */
  usedBy: string[];
  /** The template type this is a legacy name of (e.g. `sql` -> `db-query`). */
  aliasOf?: string;
  /** Set when the template type is legacy; says what to use instead. */
  deprecated?: string;
}

/** A function or special form callable in the body or in function code. */
export interface CallableSpec {
  /** Fully written name as it appears in source: `get-in`, `clojure.string/join`, `flow/step`. */
  name: string;
  /** Accepted argument counts: exact counts, plus `variadicFrom` for `& rest`. */
  arities: number[];
  variadicFrom?: number;
  /** Where it may be used. */
  inBody: boolean;
  inFunctions: boolean;
  /** A special form or macro (its arguments are not all evaluated). */
  special?: boolean;
  /** Signature line, e.g. `(get-in m ks)` / `(get-in m ks not-found)`. */
  signature: string;
  /** Markdown docs with a short example. */
  docs: string;
}

/** A form that the `:flow` body may not use, with its fix. */
export interface ProhibitedForm {
  name: string;
  code: 'prohibited-transform' | 'unsupported-form';
  /** What to write instead. */
  fix: string;
}

/** A webhook / connection auth scheme. */
export interface AuthSpec {
  type: string;
  docs: string;
  fields: FieldSpec[];
  /** Allowed on webhooks (triggers, interfaces); `none` is not. */
  webhook: boolean;
  /** Allowed on `:requires` slots. */
  slot: boolean;
  /** Allowed as step-level `:auth` on `:http`. */
  step: boolean;
}

export interface LimitSpec {
  id: string;
  value: number;
  unit: string;
  docs: string;
}

export interface Catalog {
  /** Top-level keys of a flow map. */
  topLevel: FieldSpec[];
  concurrency: FieldSpec[];
  /** Fields of a `:requires` entry; `kind` selects connection, form or worker. */
  slot: FieldSpec[];
  slotTypes: { type: string; docs: string; deprecated?: string }[];
  formField: FieldSpec[];
  auth: AuthSpec[];
  /** Legacy `:triggers`: common fields and per-type `:config` fields. */
  trigger: FieldSpec[];
  triggerTypes: { type: string; docs: string; config: FieldSpec[]; deprecated?: string }[];
  invocation: FieldSpec[];
  invocationInput: FieldSpec[];
  /** `:interfaces` categories with their entry fields. */
  interfaces: { category: string; docs: string; maxEntries?: number; fields: FieldSpec[] }[];
  schedule: FieldSpec[];
  template: FieldSpec[];
  templateTypes: TemplateTypeSpec[];
  function: FieldSpec[];
  packagedStep: FieldSpec[];
  steps: StepTypeSpec[];
  /** Options every step accepts (`:title :timeout :retry :on-error :persist ...`). */
  commonStepOptions: FieldSpec[];
  /** `:persist` forms by `:type`. */
  persist: { type: string; docs: string; fields: FieldSpec[] }[];
  /** `flow/*` forms. */
  flowForms: CallableSpec[];
  /** Special forms, macros and core functions (body and/or function code). */
  core: CallableSpec[];
  /** `breyta.sandbox/*` helpers (function code only). */
  sandbox: CallableSpec[];
  prohibited: ProhibitedForm[];
  limits: LimitSpec[];
}
