// Template rendering with handlebars in an isolated instance: no HTML escaping (payloads
// are JSON and text), the platform's helpers (`truncate`, `json`, `length`, `join`, `first`,
// `last`, `default`), and missing variables reported instead of silently rendered empty.
// Rendering is bounded: `{{#each}}` counts its iterations and the output it builds, so nested
// loops stop with an error naming the template; no helper writes anywhere (`{{log}}` is gone).

import Handlebars from 'handlebars';
import { List, Map as IMap } from 'immutable';
import { valueToJson } from '../edn/printer';
import type { Value } from '../edn/values';
import { templateReadNames } from '../language/template-reads';

const hb = Handlebars.create();
// Helpers that write to the process output (or anywhere) have no place in a flow's templates.
hb.registerHelper('log', () => {
  throw new Error('{{log}} is not available in flow templates: a template renders text and writes nowhere; remove it');
});

/** Iterations of `{{#each}}` one rendering may run (all loops together). */
export const MAX_TEMPLATE_STEPS = 100_000;
/** Characters one rendered string may hold. */
export const MAX_TEMPLATE_OUTPUT = 1024 * 1024;

export class TemplateLimitError extends Error {}

/** The rendering in progress: its name (for errors) and what it may still spend. */
const budget = { name: '', steps: MAX_TEMPLATE_STEPS };

function overOutput(length: number): never {
  throw new TemplateLimitError(`${budget.name}: rendering stopped: the output grew past ${MAX_TEMPLATE_OUTPUT} characters (${length} so far); render less, or send the data with {{json}} once`);
}

type EachOptions = {
  fn: (ctx: unknown, o?: { data?: unknown; blockParams?: unknown[] }) => string;
  inverse: (ctx: unknown) => string;
  data?: Record<string, unknown>;
  blockParams?: number;
};

// `{{#each}}` as Handlebars has it (arrays and objects, @index @key @first @last, block
// params, else), counting every iteration and the output against the budget.
hb.registerHelper('each', function (this: unknown, context: unknown, options: EachOptions) {
  if (typeof context === 'function') context = (context as (this: unknown) => unknown).call(this);
  const keys: (string | number)[] = Array.isArray(context) ? context.map((_, i) => i) : context !== null && typeof context === 'object' ? Object.keys(context) : [];
  if (keys.length === 0) return options.inverse(this);
  let out = '';
  keys.forEach((key, i) => {
    if (--budget.steps < 0) {
      throw new TemplateLimitError(`${budget.name}: rendering stopped after ${MAX_TEMPLATE_STEPS} {{#each}} iterations (nested loops over large lists); loop over less, or send the data with {{json}}`);
    }
    const value = (context as Record<string | number, unknown>)[key];
    const data = hb.createFrame(options.data ?? {}) as Record<string, unknown>;
    data.key = key;
    data.index = i;
    data.first = i === 0;
    data.last = i === keys.length - 1;
    out += options.fn(value, { data, blockParams: [value, key] });
    if (out.length > MAX_TEMPLATE_OUTPUT) overOutput(out.length);
  });
  return out;
});

type Options = { hash?: Record<string, unknown> };
const isOptions = (x: unknown): x is Options => typeof x === 'object' && x !== null && 'hash' in x && 'data' in x;

hb.registerHelper('truncate', (text: unknown, options: Options) => {
  const s = text === undefined || text === null ? '' : String(text);
  const length = Number(options?.hash?.length ?? 100);
  const suffix = String(options?.hash?.suffix ?? '...');
  return s.length > length ? s.slice(0, length) + suffix : s;
});
hb.registerHelper('json', (data: unknown, options: Options) => JSON.stringify(data ?? null, null, options?.hash?.pretty ? 2 : undefined));
hb.registerHelper('length', (x: unknown) => (Array.isArray(x) || typeof x === 'string' ? x.length : x && typeof x === 'object' ? Object.keys(x).length : 0));
hb.registerHelper('join', (xs: unknown, options: Options) => (Array.isArray(xs) ? xs.join(String(options?.hash?.separator ?? ', ')) : ''));
hb.registerHelper('first', (xs: unknown) => (Array.isArray(xs) ? xs[0] : undefined));
hb.registerHelper('last', (xs: unknown) => (Array.isArray(xs) ? xs[xs.length - 1] : undefined));
hb.registerHelper('default', (value: unknown, fallback: unknown) => (value === undefined || value === null || value === '' || isOptions(value) ? (isOptions(fallback) ? '' : fallback) : value));

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Top-level variable names a template reads from its context (helpers and block contexts excluded). */
export const templateVariables = templateReadNames;

/** Renders one template string with `data` (JSON-ready); reports variables `data` lacks (own
 *  properties only: `{{toString}}` is missing). `name` says which template, for errors.
 *  Throws `TemplateLimitError` when the rendering runs past its bounds. */
export function renderString(text: string, data: Record<string, unknown>, onMissing: (variable: string) => void, name = 'template'): string {
  if (!text.includes('{{')) return text;
  for (const v of templateVariables(text)) if (!Object.hasOwn(data, v)) onMissing(v);
  let fn = compiled.get(text);
  if (fn === undefined) {
    fn = hb.compile(text, { noEscape: true });
    compiled.set(text, fn);
  }
  budget.name = name;
  budget.steps = MAX_TEMPLATE_STEPS;
  let out: string;
  try {
    out = fn(data);
  } catch (e) {
    if (e instanceof TemplateLimitError) throw e;
    throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (out.length > MAX_TEMPLATE_OUTPUT) overOutput(out.length);
  return out;
}

/** Renders every string inside a value (maps, vectors) with `data`. */
export function renderValue(v: Value, data: Record<string, unknown>, onMissing: (variable: string) => void, name = 'template'): Value {
  if (typeof v === 'string') return renderString(v, data, onMissing, name);
  if (IMap.isMap(v)) return (v as IMap<Value, Value>).map((x) => renderValue(x, data, onMissing, name));
  if (List.isList(v)) return (v as List<Value>).map((x) => renderValue(x, data, onMissing, name));
  return v;
}

/** `:data` as the JSON-ready context a template sees (`{{order-id}}` reads `:order-id`). */
export function templateData(data: Value | undefined, injected: Record<string, string> = {}): Record<string, unknown> {
  const json = data === undefined || data === null ? {} : valueToJson(data);
  return { ...(typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {}), ...injected };
}
