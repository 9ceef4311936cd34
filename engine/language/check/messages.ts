// Every message the checker writes, in one table. A message says what is wrong and what to
// do, names the thing as it is written in the file, and offers what was probably meant.

import type { CallableSpec, FieldSpec, KeyRule } from '../catalog/types';

const kw = (s: string) => (s.startsWith(':') ? s : ':' + s);
const code = (s: string) => '`' + s + '`';

function list(items: string[], max = 8): string {
  const shown = items.slice(0, max);
  const more = items.length > max ? `, ... (${items.length - max} more)` : '';
  return shown.join(', ') + more;
}

function didYouMean(suggestions: string[], prefix = ':'): string {
  if (suggestions.length === 0) return '.';
  return `; did you mean ${suggestions.map((s) => prefix + s).join(' or ')}?`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return 'in range';
}

export const msg = {
  // ---- file shape
  emptyFile: () => 'The file is empty: a flow file holds one map, e.g. `{:slug :my-flow :name "My Flow" :concurrency {...} :flow \'(...)}`.',
  extraTopLevelForm: (src: string) => `A flow file holds exactly one map; remove ${code(src)} or move it inside the map.`,
  extraTopLevelForms: (n: number) => `A flow file holds exactly one map; remove the ${n} more top-level forms from here to the end, or move them inside the map.`,
  topNotMap: (src: string) => `A flow file must be one map literal \`{...}\`, not ${code(src)}.`,
  missingName: () => 'The flow has no `:name`; add a display name, e.g. `:name "Order Sync"` (the docs ask for one).',
  noEntryPoint: () => 'The flow declares no entry point; add `:interfaces {:manual [{:id :run :invocation :default}]}` with `:invocations {:default {:inputs []}}`, or `:schedules`.',
  sectionNotVector: (key: string) => `${key} must be a vector of maps, e.g. \`${key} [{...}]\`.`,
  entryNotMap: (key: string, src: string) => `Each entry of ${key} must be a map; ${code(src)} is not.`,
  concurrencyNotMap: () => '`:concurrency` must be a map, e.g. `{:type :singleton :on-new-version :supersede}`.',
  keyedWithoutKeyField: () => 'Keyed concurrency needs `:key-field`: the input field whose value keys the run, e.g. `:key-field :order-id` or `[:event :id]`.',

  // ---- keys and values
  keyNotKeyword: (src: string, where: string) => `Keys in ${where} are keywords; ${code(src)} is not one.`,
  unknownKey: (key: string, where: string, suggestions: string[], known: string[]) =>
    `Unknown key ${code(key)} in ${where}${didYouMean(suggestions)}${suggestions.length === 0 && known.length > 0 ? ` Known keys: ${list(known.map(kw), 12)}.` : ''}`,
  deprecatedKey: (key: string, instead: string) => `${code(key)} is legacy: ${instead}`,
  missingKey: (key: string, where: string, field: FieldSpec) =>
    `${where[0]!.toUpperCase() + where.slice(1)} needs ${code(key)}${field.values ? ` (one of ${list(field.values.map(kw))})` : ''}.`,
  invalidType: (key: string, field: FieldSpec, expected: string, got: string) =>
    `${code(key)} expects ${expected}, not ${got}.${field.default ? ` Default: ${code(field.default)}.` : ''}`,
  invalidEnum: (key: string, got: string, allowed: string[], suggestions: string[]) =>
    `${code(got)} is not a valid value for ${code(key)}${didYouMean(suggestions)} Allowed: ${list(allowed.map(kw), 12)}.`,
  outOfRange: (key: string, value: number, min: number | undefined, max: number | undefined) => `${code(key)} must be ${range(min, max)}; it is ${value}.`,
  pattern: (key: string, got: string, describe: string) => `${code(got)} is not a valid ${code(key)}: it must be ${describe}.`,
  tooManyItems: (key: string, got: number, max: number) => `${code(key)} holds ${got} items; the limit is ${max}.`,
  itemNotMap: (key: string, got: string) => `Entries of ${code(key)} are maps, not ${got}.`,
  ruleOneOf: (rule: KeyRule) => rule.message,
  ruleAtMostOne: (rule: KeyRule, there: string[]) => `${rule.message} (found ${there.map((k) => code(kw(k))).join(' and ')}).`,
  ruleRequires: (rule: KeyRule, head: string, missing: string) => `${code(kw(head))} needs ${code(kw(missing))}: ${rule.message}`,
  invalidDuration: (key: string, text: string, unit: string) =>
    `${code(JSON.stringify(text))} is not a duration for ${code(key)}; write "500ms", "10s", "5m", "2h" or "1d", or a number of ${unit === 'ms' ? 'milliseconds' : 'seconds'}.`,
  durationTooLong: (key: string, got: string, max: string) => `${code(key)} is ${got}, longer than the limit of ${max}.`,
  invalidCron: (expr: string, reason: string) => `Cron expression ${code(JSON.stringify(expr))} does not parse: ${reason}. Use five fields: minute hour day-of-month month day-of-week, e.g. "*/15 * * * *".`,
  cronFields: (expr: string, count: number) => `Cron expression ${code(JSON.stringify(expr))} has ${count} fields; the platform's schedules use five (minute hour day-of-month month day-of-week).`,
  badTimezone: (zone: string) => `${code(JSON.stringify(zone))} is not a known IANA time zone; use e.g. "UTC", "Europe/Oslo" or "America/New_York".`,

  // ---- declarations and references
  duplicateId: (kind: string, id: string, text: string, first: number) => `Duplicate ${kind} id ${code(kw(id))} (first declared at line ${lineOf(text, first)}); ids must be unique. Rename one.`,
  unknownRef: (kind: string, id: string, suggestions: string[], declared: string[], extra: string) =>
    `Unknown ${kind} ${code(kw(id))}${didYouMean(suggestions)}${declared.length > 0 ? ` ${kind[0]!.toUpperCase() + kind.slice(1)}s declared: ${list(declared.map(kw))}.` : ` No ${kind}s are declared.`}${extra}`,
  workspaceConnection: (id: string) => `Connection ${code(kw(id))} is not declared in the flow (it has no \`:requires\`); it must exist as a workspace connection. Declare it in \`:requires\` to make the flow self-describing.`,
  slotTypeMismatch: (id: string, type: string, fits: string[], where: string) => `Slot ${code(kw(id))} is a ${code(kw(type))} slot, but ${where} needs ${list(fits.map(kw))}.`,
  templateTypeMismatch: (id: string, type: string, fits: string[], where: string) => `Template ${code(kw(id))} is a ${code(kw(type))} template, but ${where} takes ${list(fits.map(kw))} templates.`,
  unknownSecretRef: (id: string, suggestions: string[]) =>
    `No \`:requires\` slot declares the secret ${code(kw(id))}${didYouMean(suggestions)} If it is a workspace secret this is fine; otherwise add \`{:slot ${kw(id)} :type :secret :label "..."}\` to \`:requires\`.`,
  unused: (kind: string, id: string) => `The ${kind} ${code(kw(id))} is declared but never used.`,
  slotWithoutAuth: (type: string | null) => `An ${code(kw(type ?? 'http-api'))} slot needs \`:auth\`, e.g. \`:auth {:type :bearer}\` (or \`{:type :none}\` for a public API).`,
  deprecatedSlotType: (type: string, instead: string) => `Slot type ${code(kw(type))} is legacy: ${instead}`,
  deprecatedTrigger: (type: string, instead: string) => `Trigger type ${code(kw(type))} is legacy: ${instead}`,

  // ---- auth
  authNotMap: (where: string) => `\`:auth\` in ${where} must be a map, e.g. \`{:type :bearer}\`.`,
  authWithoutType: (where: string) => `\`:auth\` in ${where} needs \`:type\`.`,
  authTypeNotKeyword: () => '`:auth` `:type` must be a keyword, e.g. `:bearer`.',
  authTypeNotAllowed: (type: string, place: string, allowed: string[], suggestions: string[]) =>
    type === 'none' && place === 'webhook'
      ? 'Webhooks must authenticate: the platform rejects `:auth {:type :none}`. Use `:hmac-sha256`, `:signature`, `:api-key`, `:bearer`, `:basic` or `:ip-allowlist`.'
      : `${code(kw(type))} is not an auth scheme for ${place === 'slot' ? 'a connection slot' : place === 'step' ? 'a step' : 'a webhook'}${didYouMean(suggestions)} Allowed: ${list(allowed.map(kw))}.`,
  webhookWithoutAuth: () => 'Webhooks must authenticate: add `:auth`, e.g. `{:type :hmac-sha256 :header "X-Signature" :secret-ref :webhook-secret}`.',

  // ---- entry points
  invocationsNotMap: () => '`:invocations` must be a map of invocation id to `{:inputs [...]}`, e.g. `{:default {:inputs []}}`.',
  invocationNotMap: () => 'An invocation must be a map, e.g. `{:inputs [{:name :order-id :type :string}]}`.',
  badInvocationId: (src: string) => `Invocation id ${code(src)} must be an unqualified keyword: a letter, then letters, digits, \`_\` or \`-\`.`,
  badInputName: (name: string) => `Input name ${code(name)} must be a letter followed by letters, digits, \`_\` or \`-\`.`,
  interfacesNotMap: () => '`:interfaces` must be a map of category (`:manual :http :webhook :mcp`) to a vector of interfaces.',
  tooManyInterfaces: (category: string, max: number) => `At most ${max} \`:${category}\` interface is allowed; merge them or remove this one.`,
  configNotMap: (where: string) => `\`:config\` of ${where} must be a map.`,
  scheduleWithoutKey: (path: string) => `This flow uses keyed concurrency on ${path}, but the schedule's input does not carry it; the platform refuses to activate such a schedule. Add it to the schedule's \`:input\`.`,

  // ---- the flow body
  flowNotQuoted: () => '`:flow` must be quoted so it is not evaluated when the file is read: write `:flow \'(let [...] ...)`.',
  flowNotForm: (src: string) => `\`:flow\` must be a quoted form such as \`'(let [input (flow/input)] ...)\`, not ${code(src)}.`,
  prohibitedTransform: (name: string, fix: string) => `Flow orchestration cannot transform data with ${code(name)}: ${fix}`,
  unsupportedForm: (name: string, fix: string) => `${code(name)} is not supported in the flow body (the visual editor renders only \`->\` and explicit branching): ${fix}`,
  functionOnlyInBody: (name: string) => `${code(name)} is available only in function code, not in the flow body; move this logic into a \`:function\` step.`,
  bodyOnlyInFunction: (name: string) => `${code(name)} is available only in the flow body, not in function code.`,
  unknownSymbol: (name: string, mode: string, suggestions: string[], qualifiedInBody: boolean) =>
    `Cannot resolve ${code(name)}${didYouMean(suggestions, '')}${
      qualifiedInBody
        ? ' The flow body has no Java interop or helper namespaces; move this logic into a `:function` step.'
        : mode === 'body'
          ? ' Bind it with `let`, or use a function the flow body allows.'
          : ' Bind it, or use a clojure.core, clojure.string or breyta.sandbox function.'
    }`,
  wrongArity: (spec: CallableSpec, got: number) => {
    const counts = [...spec.arities.map(String), ...(spec.variadicFrom !== undefined ? [`${spec.variadicFrom} or more`] : [])];
    return `${code(spec.name)} takes ${counts.join(' or ')} argument${counts.length === 1 && counts[0] === '1' ? '' : 's'}, not ${got}: ${spec.signature}`;
  },
  keywordArity: (kwText: string, got: number) => `A keyword called as a function takes a map and an optional default: \`(${kwText} m)\` or \`(${kwText} m default)\`, not ${got} arguments.`,
  badBinding: (why: string) => `Invalid binding: ${why}.`,
  bindingVector: (form: string) => `\`${form}\` needs a binding vector, e.g. \`(${form} [x expr] ...)\`.`,
  oddBindings: (form: string) => `\`${form}\` bindings come in pairs (name, then value); one is missing its value.`,
  forModifier: (src: string) => `${code(src)} is not a \`for\` modifier; use \`:when\`, \`:while\` or \`:let\`.`,
  fnNoParams: () => '`fn` needs a parameter vector, e.g. `(fn [input] ...)`.',
  unboundedRange: () => '`(range)` without bounds never ends; the sandbox rejects it. Give an end, e.g. `(range 10)`.',
  branchLabelNotString: (key: string, src: string) => `Branch metadata \`:${key}\` must be a string, e.g. \`:${key} "Approved"\`; got ${code(src)}.`,
  branchNotOnIf: (src: string) => `Branch labels \`^{:label .. :yes .. :no ..}\` belong on an \`if\` form (or its test); here they annotate ${code(src)}.`,

  // ---- steps
  stepNoArgs: () => '`flow/step` needs a step type, an id and a config map: `(flow/step :http :fetch-order {...})`. The platform takes this call at push and it fails when it runs.',
  stepTypeNotKeyword: (src: string) => `The step type must be a keyword such as \`:http\`, not ${code(src)}; the call fails when it runs.`,
  unknownStepType: (t: string, suggestions: string[], known: string[]) => `Unknown step type ${code(t)}${didYouMean(suggestions)} Step types: ${list(known.map(kw), 20)}.`,
  unknownPackaged: (id: string, suggestions: string[], declared: string[]) =>
    `Packaged step ${code(id)} is not declared in \`:steps\` or \`:agents\`${didYouMean(suggestions)}${declared.length ? ` Declared: ${list(declared.map(kw))}.` : ''}`,
  deprecatedStepType: (t: string, instead: string) => `Step type ${code(t)} is legacy: ${instead}`,
  stepMissingIdAndConfig: (t: string) => `\`(flow/step :${t} ...)\` needs an id and a config map: \`(flow/step :${t} :my-step {...})\`. The platform takes this call at push and it fails when it runs.`,
  stepMissingConfigAtRun: (t: string) => `\`(flow/step :${t} ...)\` has no config map: \`(flow/step :${t} :my-step {...})\`. The platform takes this call at push and it fails when it runs.`,
  stepMissingId: (t: string) => `This step has no id; give it one so runs, retries and replays can name it: \`(flow/step :${t} :my-step {...})\`.`,
  stepMissingConfig: (t: string) => `\`(flow/step :${t} ...)\` needs a config map (the platform says "config should be a map"): \`(flow/step :${t} :my-step {...})\`.`,
  stepTooManyArgs: (n: number) => `\`flow/step\` takes a type, an id and a config map; this call has ${n} arguments. Remove the extra ones.`,
  functionStepArity: () => 'A `:function` step takes exactly a type, an id and a config map: `(flow/step :function :my-step {:ref :f :input {...}})`; the platform refuses other shapes.',
  functionConfigNotMap: (src: string) => `A \`:function\` step's config must be a map literal, not ${code(src)}; the platform refuses it: \`{:ref :f :input {...}}\`.`,
  packagedStepIdNotKeyword: (src: string) => `A packaged step takes an id and a config map; ${code(src)} can be neither, so the call fails when it runs. Write \`(flow/step :ns/id {...})\` or \`(flow/step :ns/id :step-id {...})\`.`,
  packagedExtraArgument: () => 'A packaged step takes an id and a config map; this extra argument makes the call fail when it runs. Merge it into the config map, or use a keyword step id: `(flow/step :ns/id :step-id {...})`.',
  functionInputLegacy: (got: string) => `A \`:ref\` function's \`:input\` is ${got}, not a map; this pulled source keeps the legacy shape (marked in its header). For new steps pass a map, e.g. \`:input {:items items}\`.`,
  largeInlineString: (n: number) => `This string is ${n} characters long; large inline text bloats the flow definition (150 KB limit). Move it into a template or a persisted resource.`,
  workspaceId: (id: string) => `\`${id}\` looks like a hard-coded workspace id; flows run in many workspaces, so move it into \`:requires\`, setup or the run input.`,
  legacyManualTrigger: () => 'A manual trigger in `:triggers` is legacy for new flow source (the platform\'s lint warns): use `:interfaces {:manual [{:id :run :label "Run" :invocation :default}]}` with `:invocations`.',
  unreferencedPackagedStep: (id: string) => `Packaged step \`:${id}\` is declared but nothing calls it: call it with \`(flow/step :${id} {...})\` in \`:flow\`, expose it through \`:tools {:steps [...]}\`, or remove it.`,
  stepIdNotKeyword: (src: string) => `A step id is a keyword such as \`:fetch-order\`, not ${code(src)}; the platform skips this call at push and it fails when it runs.`,
  stepConfigNotMap: (src: string) => `A step's config must be a map, not ${code(src)}; the call fails when it runs.`,
  configTypeMismatch: (got: string, t: string) => `\`:type ${got}\` in the config contradicts the step type \`:${t}\`; remove it or make it \`:${t}\`.`,
  functionStepWithoutCode: (id: string) =>
    `The \`:function\` step ${code(kw(id))} has neither \`:ref\` nor \`:code\`. Locally it runs as identity on \`:input\`, but the platform's lint rejects it: add \`:ref :some-function\` or \`:code '(fn [input] input)\`.`,
  functionInputNotMap: (got: string) => `A \`:ref\` function receives one map, so \`:input\` must be a map, not ${got}; wrap it, e.g. \`:input {:items items}\`.`,
  duplicateStepId: (id: string, text: string, first: number) => `Step id ${code(kw(id))} is already used at line ${lineOf(text, first)}; outside a loop each step needs its own id, or replays will confuse them.`,

  // ---- function code
  codeNotQuoted: () => 'Function `:code` must be a string holding one `(fn ...)` form or a quoted form `\'(fn [input] ...)`.',
  codeWrongKind: () => 'Function `:code` must be a string or a quoted `(fn [input] ...)` form.',
  codeEmpty: () => 'The function code is empty; write one form: `"(fn [input] ...)"`.',
  codeTrailing: () => 'Trailing content after the `(fn ...)` form; a code string holds exactly one form.',
  codeNotFn: (src: string) => `Function code must be one \`(fn [input] ...)\` form${src ? `, not ${code(src)}` : ''}.`,
  codeParams: (n: number) => `A flow function takes exactly one argument (the step's \`:input\` map), but this one takes ${n}; write \`(fn [input] ...)\`.`,

  // ---- templates
  templateSyntax: (reason: string) => `Template does not parse: ${reason}.`,
  templateVariableMissing: (name: string, template: string, provided: string[], injected: string[]) =>
    `Template ${code(kw(template))} uses \`{{${name}}}\`, which this step's \`:data\` does not provide${provided.length ? ` (it provides ${list(provided.map(kw))})` : ''}; it will render empty. Add \`:${name}\` to \`:data\`.${injected.length ? ` (${injected.map((i) => `{{${i}}}`).join(', ')} are injected.)` : ''}`,
  inlineVariableMissing: (name: string, provided: string[], injected: string[]) =>
    `\`{{${name}}}\` is not provided by \`:data\`${provided.length ? ` (it provides ${list(provided.map(kw))})` : ' (there is none)'}; it will render empty. Add \`:${name}\` to \`:data\`.${injected.length ? ` (${injected.map((i) => `{{${i}}}`).join(', ')} are injected.)` : ''}`,

  // ---- result shapes (`shape` is the printed key set, `step` names the step)
  keyOffResult: (key: string, local: string, step: string, shape: string, payload: string | null) =>
    `${code(local)} is the result of ${step}, shaped ${code(shape)}; it has no ${code(kw(key))}.${payload ? ` The data is under ${code(kw(payload))}: read ${code(`(get-in ${local} [:${payload} :${key}])`)}.` : ''}`,
  inputShape: (name: string, step: string, shape: string, fn: string, keys: string[], payload: string | null) =>
    `${code(name)} is the whole result of ${step} (${code(shape)}), but ${fn} reads ${keys.map((k) => code(kw(k))).join(', ')} from its input.${payload ? ` Pass ${code(`(:${payload} ${name})`)} as the input.` : ''}`,
  kvEnvelope: (local: string, step: string) =>
    `${code(local)} is the whole result of the \`:kv\` step ${code(kw(step))}, shaped ${code('{:success :value :exists?}')}: this \`:value\` stores that envelope, not the value read. Use ${code(`(:value ${local})`)}.`,
  keyInFunction: (key: string, param: string, via: string, step: string, shape: string, payload: string | null, passed: string) =>
    `${code(param)} receives ${via}, the result of ${step}, shaped ${code(shape)}; it has no ${code(kw(key))}.${payload ? ` Read ${code(`(get-in ${param} [:${payload} :${key}])`)}, or pass ${code(`(:${payload} ${passed})`)} as the input.` : ''}`,
};
