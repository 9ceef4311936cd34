// Markdown for catalog records — fields, step types, callables, auth schemes, template and
// slot types — in one place, so completion items and hovers describe a thing the same way.

import type { AuthSpec, CallableSpec, FieldSpec, StepTypeSpec, TemplateTypeSpec } from '../../engine/language/catalog/types';
import { catalog } from '../../engine/language/catalog/index';

const code = (s: string) => '`' + s + '`';

const kindNames: Record<string, string> = {
  string: 'string', keyword: 'keyword', symbol: 'symbol', int: 'integer', number: 'number', boolean: 'boolean', nil: 'nil',
  map: 'map', vector: 'vector', set: 'set', list: 'quoted form', regex: 'regex', any: 'any',
};

/** One line on a field: its kinds, whether required, its default and limits. */
export function fieldSummary(field: FieldSpec): string {
  const parts: string[] = [field.kinds.map((k) => kindNames[k] ?? k).join(' | ')];
  if (field.required) parts.push('required');
  if (field.default !== undefined) parts.push(`default ${field.default}`);
  if (field.min !== undefined || field.max !== undefined) parts.push(`${field.min ?? ''}..${field.max ?? ''}`);
  if (field.duration) parts.push(`duration${field.duration.maxSeconds ? ` <= ${field.duration.maxSeconds}s` : ''}`);
  if (field.ref) parts.push(`${field.ref} id`);
  if (field.deprecated) parts.push('legacy');
  return parts.join(' · ');
}

export function fieldDocs(field: FieldSpec, where?: string): string {
  const lines = [`**:${field.key}**${where ? ` in ${where}` : ''} — ${fieldSummary(field)}`, '', field.docs];
  if (field.values && field.values.length > 0) lines.push('', `Values: ${field.values.map((v) => code(':' + v)).join(' ')}`);
  if (field.templateTypes) lines.push('', `Templates of type ${field.templateTypes.map((t) => code(':' + t)).join(', ')}.`);
  if (field.slotTypes) lines.push('', `Slots of type ${field.slotTypes.map((t) => code(':' + t)).join(', ')}.`);
  if (field.deprecated) lines.push('', `*Legacy:* ${field.deprecated}`);
  return lines.join('\n');
}

export function resultDocs(step: StepTypeSpec): string | null {
  if (step.result === undefined) return null;
  return `Result: ${code('{' + step.result.keys.map((k) => ':' + k).join(' ') + '}')} — ${step.result.docs}`;
}

export function stepDocs(step: StepTypeSpec): string {
  const lines = [`**(flow/step :${step.type} ...)** — ${step.summary}`];
  if (step.aliasOf) lines.push('', `Alias of ${code(':' + step.aliasOf)}.`);
  if (step.deprecated) lines.push('', `*Legacy:* ${step.deprecated}`);
  lines.push('', step.docs);
  const result = resultDocs(step);
  if (result && !step.docs.includes('Result')) lines.push('', result);
  return lines.join('\n');
}

export function callableDocs(spec: CallableSpec): string {
  const where = spec.inBody && spec.inFunctions ? 'body and function code' : spec.inBody ? 'the flow body only' : 'function code only';
  return ['```clojure', spec.signature, '```', spec.docs, '', `*Available in ${where}.*`].join('\n');
}

export function authDocs(auth: AuthSpec): string {
  const places = [auth.webhook && 'webhooks', auth.slot && 'connection slots', auth.step && 'step `:auth`'].filter(Boolean).join(', ');
  const keys = auth.fields.filter((f) => f.key !== 'type').map((f) => code(':' + f.key) + (f.required ? ' (required)' : ''));
  return [`**:auth {:type :${auth.type}}** — for ${places}`, '', auth.docs, ...(keys.length ? ['', `Keys: ${keys.join(', ')}`] : [])].join('\n');
}

export function templateTypeDocs(t: TemplateTypeSpec): string {
  return [`**:${t.type}** template — used by ${t.usedBy.map((s) => code(':' + s)).join(', ')} steps`, '', t.docs, ...(t.deprecated ? ['', `*Legacy:* ${t.deprecated}`] : [])].join('\n');
}

export function slotTypeDocs(type: string): string | null {
  const t = catalog.slotTypes.find((s) => s.type === type);
  if (!t) return null;
  return [`**:${t.type}** slot`, '', t.docs, ...(t.deprecated ? ['', `*Legacy:* ${t.deprecated}`] : [])].join('\n');
}

export function triggerTypeDocs(type: string): string | null {
  const t = catalog.triggerTypes.find((s) => s.type === type);
  if (!t) return null;
  return [`**:${t.type}** trigger`, '', t.docs, ...(t.deprecated ? ['', `*Legacy:* ${t.deprecated}`] : [])].join('\n');
}

/** Docs of one allowed value of a field (`:drain` of `:on-new-version`, `:bearer` of an auth `:type`, ...). */
export function valueDocs(field: FieldSpec, value: string, role?: string): string {
  if (field.key === 'type') {
    if (role === 'auth') {
      const auth = catalog.auth.find((a) => a.type === value);
      if (auth) return authDocs(auth);
    }
    if (role === 'template') {
      const t = catalog.templateTypes.find((x) => x.type === value);
      if (t) return templateTypeDocs(t);
    }
    if (role === 'slot') {
      const d = slotTypeDocs(value);
      if (d) return d;
    }
    if (role === 'trigger') {
      const d = triggerTypeDocs(value);
      if (d) return d;
    }
    if (role === 'packaged' || role === 'step-config') {
      const s = catalog.steps.find((x) => x.type === value);
      if (s) return stepDocs(s);
    }
  }
  return `${code(':' + value)} — a value of **:${field.key}**${field.default === ':' + value ? ' (the default)' : ''}\n\n${field.docs}`;
}
