// Quick fixes that declare what a reference names: a missing slot in `:requires` (of a type
// that fits where it is used), a template stub of the type the step takes, a function stub,
// an invocation. Stub bodies come from the catalog's required fields.

import type { Finding } from '../../../engine/edn/findings';
import { unwrapMeta } from '../../../engine/edn/nodes';
import { mapGet } from '../../../engine/edn/navigate';
import type { DocumentAnalysis, Reference } from '../../../engine/language/analysis/index';
import { templateTypeByName } from '../../../engine/language/catalog/index';
import type { FieldSpec } from '../../../engine/language/catalog/types';
import { addToSection, addTopLevel, appendTo, type Action } from './edits';

/** A plain literal for a field: its first allowed value, its default, or an empty value of its kind. */
export function stubValue(field: FieldSpec): string {
  if (field.values && field.values.length > 0) return field.kinds.includes('keyword') ? ':' + field.values[0] : JSON.stringify(field.values[0]);
  if (field.default !== undefined) return field.default;
  switch (field.kinds[0]) {
    case 'string':
      return '""';
    case 'keyword':
      return ':todo';
    case 'int':
    case 'number':
      return '0';
    case 'boolean':
      return 'true';
    case 'vector':
      return '[]';
    case 'map': {
      const required = (field.fields ?? []).filter((f) => f.required);
      return `{${required.map((f) => `:${f.key} ${stubValue(f)}`).join(' ')}}`;
    }
    default:
      return 'nil';
  }
}

function labelOf(id: string): string {
  const words = id.split(/[-_/.]/).filter(Boolean);
  return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(' ') || id;
}

function refAt(analysis: DocumentAnalysis, finding: Finding): Reference | undefined {
  return analysis.index.refs.find((r) => r.node.start === finding.start && r.node.end === finding.end);
}

function idOf(finding: Finding): string | null {
  const name = finding.data?.name;
  return typeof name === 'string' ? name.replace(/^:/, '') : null;
}

/** `unknown-connection` / `unknown-secret-ref`: add the slot to `:requires`. */
export function addSlot(analysis: DocumentAnalysis, finding: Finding): Action[] {
  const id = idOf(finding);
  if (id === null) return [];
  let type = 'http-api';
  if (finding.code === 'unknown-secret-ref') type = 'secret';
  else type = refAt(analysis, finding)?.field?.slotTypes?.[0] ?? 'http-api';
  const extra = type === 'http-api' ? ' :base-url "https://api.example.com" :auth {:type :bearer}' : type === 'database' ? ' :backends #{:postgres}' : type === 'llm-provider' ? ' :auth {:type :bearer}' : '';
  const entry = `{:slot :${id} :type :${type} :label "${labelOf(id)}"${extra}}`;
  const edit = addToSection(analysis, 'requires', entry);
  return edit ? [{ title: `Add slot :${id} (:${type}) to :requires`, kind: 'quickfix', edits: [edit], preferred: true }] : [];
}

/** `unknown-template`: add a template of the type the step takes. */
export function addTemplate(analysis: DocumentAnalysis, finding: Finding): Action[] {
  const id = idOf(finding);
  if (id === null) return [];
  const ref = refAt(analysis, finding);
  const type = ref?.field?.templateTypes?.[0] ?? ref?.schema?.step?.templateType ?? 'http-request';
  const spec = templateTypeByName.get(type);
  const body = (spec?.fields ?? []).filter((f) => f.required && !f.deprecated).map((f) => ` :${f.key} ${stubValue(f)}`).join('');
  const entry = `{:id :${id} :type :${type}${body || (spec?.fields[0] ? ` :${spec.fields[0].key} ${stubValue(spec.fields[0])}` : '')}}`;
  const edit = addToSection(analysis, 'templates', entry);
  return edit ? [{ title: `Create template :${id} (:${type})`, kind: 'quickfix', edits: [edit], preferred: true }] : [];
}

/** `unknown-function`: add a function stub that returns its input. */
export function addFunction(analysis: DocumentAnalysis, finding: Finding): Action[] {
  const id = idOf(finding);
  if (id === null) return [];
  const edit = addToSection(analysis, 'functions', `{:id :${id} :language :clojure :code "(fn [input] input)"}`);
  return edit ? [{ title: `Create function :${id}`, kind: 'quickfix', edits: [edit], preferred: true }] : [];
}

/** `unknown-invocation`: add it to `:invocations`. */
export function addInvocation(analysis: DocumentAnalysis, finding: Finding): Action[] {
  const id = idOf(finding);
  if (id === null) return [];
  const invocations = unwrapMeta(mapGet(analysis.flow, 'invocations') ?? null);
  const edit = invocations?.kind === 'map' ? appendTo(analysis, invocations, `:${id} {:inputs []}`) : invocations ? null : addTopLevel(analysis, 'invocations', `{:${id} {:inputs []}}`);
  return edit ? [{ title: `Add invocation :${id} to :invocations`, kind: 'quickfix', edits: [edit], preferred: true }] : [];
}
