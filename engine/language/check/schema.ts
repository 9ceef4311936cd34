// Checks a map literal against catalog field specs: unknown keys (with did-you-mean),
// required keys, literal kinds, allowed values, numeric ranges, durations, cron, patterns,
// nested maps and vectors of maps, multi-key rules. References are handed to the caller.

import type { CollNode, Node, Span } from '../../edn/nodes';
import { keywordText, unwrapMeta } from '../../edn/nodes';
import type { FieldSpec, KeyRule, ValueKind } from '../catalog/types';
import { checkCron } from '../cron';
import { durationMs, formatDuration } from '../duration';
import { suggest } from '../suggest';
import type { CheckContext } from './check-context';
import { msg } from './messages';

export interface SchemaOptions {
  /** How messages name the map, e.g. "an :http step", ":concurrency". */
  where: string;
  /** Values are code (the flow body): expressions are allowed and not type-checked. */
  code: boolean;
  /** More accepted fields (e.g. the common step options). */
  extraFields?: FieldSpec[];
  rules?: KeyRule[];
  /** Keys a `:template` supplies (rules with suppliedByTemplate count them as present). */
  supplied?: Set<string>;
  /** Keys the caller checks itself; skipped here (still known). */
  skip?: Set<string>;
  /** Where to report missing keys; default the map's opening delimiter. */
  anchor?: Span;
  /** Called for every field with `ref`, and for every literal value (for custom checks). */
  onRef?: (field: FieldSpec, value: Node, key: Node) => void;
  /** Report unknown keys (default true). */
  reportUnknown?: boolean;
}

/** A node's literal kind, or null for an expression (calls, symbols in code). */
export function literalKind(node: Node, code: boolean): ValueKind | null {
  const n = unwrapMeta(node);
  if (n === null) return null;
  switch (n.kind) {
    case 'keyword':
      return 'keyword';
    case 'string':
      return 'string';
    case 'number':
      return n.numberKind === 'int' || n.numberKind === 'bigint' ? 'int' : 'number';
    case 'symbolic':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'nil':
      return 'nil';
    case 'map':
      return 'map';
    case 'vector':
      return 'vector';
    case 'set':
      return 'set';
    case 'regex':
      return 'regex';
    case 'quote':
      return 'list';
    case 'symbol':
      return code ? null : 'symbol';
    case 'list':
    case 'fn':
    case 'syntax-quote':
      return code ? null : 'list';
    default:
      return null;
  }
}

function kindAccepted(kind: ValueKind, kinds: ValueKind[]): boolean {
  if (kinds.includes('any') || kinds.includes(kind)) return true;
  if (kind === 'int' && kinds.includes('number')) return true;
  return false;
}

export function describeKinds(kinds: ValueKind[]): string {
  const names: Record<ValueKind, string> = {
    string: 'a string', keyword: 'a keyword', symbol: 'a symbol', int: 'an integer', number: 'a number', boolean: 'true or false',
    nil: 'nil', map: 'a map', vector: 'a vector', set: 'a set', list: 'a quoted form', regex: 'a regex', any: 'any value',
  };
  const parts = kinds.map((k) => names[k]);
  return parts.length <= 1 ? (parts[0] ?? 'a value') : parts.slice(0, -1).join(', ') + ' or ' + parts[parts.length - 1];
}

export function fieldMap(fields: FieldSpec[]): Map<string, FieldSpec> {
  const m = new Map<string, FieldSpec>();
  for (const f of fields) m.set(f.key, f);
  return m;
}

/** What checkMap needs of a list of field specs, worked out once per list. */
interface FieldTable {
  byKey: Map<string, FieldSpec>;
  /** The fields a map must hold, in the list's order. */
  required: FieldSpec[];
}

const fieldTables = new WeakMap<FieldSpec[], FieldTable>();
function fieldTable(fields: FieldSpec[]): FieldTable {
  let t = fieldTables.get(fields);
  if (t === undefined) fieldTables.set(fields, (t = { byKey: fieldMap(fields), required: fields.filter((f) => f.required) }));
  return t;
}

/**
 * The plain keys (`:name`, not namespaced or auto) of a checked map, each with its last entry,
 * as a later duplicate wins in a map. Read from the map's children when asked: nothing is
 * copied per map (maps are small; most are checked and never asked).
 */
export class PresentKeys {
  constructor(private readonly children: readonly Node[]) {}

  has(name: string): boolean {
    return this.at(name) >= 0;
  }

  get(name: string): { key: Node; value: Node } | undefined {
    const i = this.at(name);
    return i < 0 ? undefined : { key: this.children[i]!, value: this.children[i + 1]! };
  }

  /** The index of the last key `:name` with a value after it, or -1. */
  private at(name: string): number {
    const c = this.children;
    for (let i = (c.length & ~1) - 2; i >= 0; i -= 2) {
      const k = c[i]!;
      if (k.kind === 'keyword' && k.ns === null && !k.auto && k.name === name) return i;
    }
    return -1;
  }
}

const noKeys = new PresentKeys([]);

/** Checks one map node. Returns the keys present (plain keyword names). */
export function checkMap(ctx: CheckContext, node: Node, fields: FieldSpec[], opts: SchemaOptions): PresentKeys {
  const map = unwrapMeta(node);
  if (map === null || map.kind !== 'map') return noKeys;
  const present = new PresentKeys(map.children);
  const table = fieldTable(fields);
  const known = table.byKey;
  const extra = opts.extraFields ? fieldTable(opts.extraFields).byKey : undefined;
  const c = map.children;
  for (let i = 0; i + 1 < c.length; i += 2) {
    const key = c[i]!;
    const value = c[i + 1]!;
    if (key.kind !== 'keyword') {
      if (!opts.code) ctx.report('invalid-type', 'error', key, msg.keyNotKeyword(ctx.source(key), opts.where));
      continue;
    }
    if (key.ns !== null || key.auto) {
      // Namespaced keys (`:breyta.viewer/kind`, `:flow/ctx`) are data, not language keys.
      continue;
    }
    const field = known.get(key.name) ?? extra?.get(key.name);
    if (field === undefined) {
      if (opts.reportUnknown !== false) {
        const names = [...known.keys(), ...(extra ? extra.keys() : [])];
        const suggestions = suggest(key.name, names);
        ctx.report('unknown-key', 'warning', key, msg.unknownKey(keywordText(key), opts.where, suggestions, names), {
          name: keywordText(key),
          suggestions: suggestions.map((s) => ':' + s),
        });
      }
      continue;
    }
    if (field.deprecated) ctx.report('deprecated', 'info', key, msg.deprecatedKey(keywordText(key), field.deprecated), undefined, ['deprecated']);
    if (opts.skip?.has(key.name)) continue;
    checkValue(ctx, field, value, key, opts);
  }
  const anchor = opts.anchor ?? { start: map.start, end: Math.min(map.start + 1, map.end) };
  const required = table.required;
  for (let i = 0; i < required.length; i++) {
    const field = required[i]!;
    if (!present.has(field.key) && !opts.supplied?.has(field.key)) {
      ctx.report('missing-required-key', 'error', anchor, msg.missingKey(':' + field.key, opts.where, field), { name: ':' + field.key });
    }
  }
  const rules = opts.rules;
  if (rules !== undefined) for (let i = 0; i < rules.length; i++) checkRule(ctx, rules[i]!, present, opts, anchor);
  return present;
}

/** A rule's key counts as there when present, or supplied by the template if the rule allows. */
function ruleHas(rule: KeyRule, k: string, present: PresentKeys, opts: SchemaOptions): boolean {
  return present.has(k) || (rule.suppliedByTemplate === true && opts.supplied?.has(k) === true);
}

function checkRule(ctx: CheckContext, rule: KeyRule, present: PresentKeys, opts: SchemaOptions, anchor: Span): void {
  const keys = rule.keys;
  switch (rule.kind) {
    case 'one-of': {
      let any = false;
      for (let i = 0; i < keys.length && !any; i++) any = ruleHas(rule, keys[i]!, present, opts);
      if (!any) ctx.report('missing-required-key', rule.severity ?? 'error', anchor, msg.ruleOneOf(rule), { name: ':' + rule.keys[0] });
      break;
    }
    case 'at-most-one': {
      let count = 0;
      for (let i = 0; i < keys.length; i++) if (present.has(keys[i]!)) count++;
      if (count > 1) {
        const there = keys.filter((k) => present.has(k));
        const second = present.get(there[1]!)!.key;
        ctx.report('invalid-value', 'error', second, msg.ruleAtMostOne(rule, there));
      }
      break;
    }
    case 'requires': {
      const head = keys[0];
      if (head !== undefined && present.has(head)) {
        for (let i = 1; i < keys.length; i++) {
          const k = keys[i]!;
          if (!ruleHas(rule, k, present, opts)) ctx.report('missing-required-key', 'error', present.get(head)!.key, msg.ruleRequires(rule, head, k), { name: ':' + k });
        }
      }
      break;
    }
  }
}

/** Checks one value against its field spec. */
export function checkValue(ctx: CheckContext, field: FieldSpec, value: Node, key: Node, opts: SchemaOptions): void {
  const kind = literalKind(value, opts.code);
  if (field.ref !== undefined) opts.onRef?.(field, value, key);
  if (kind === null) return; // an expression: checked at run time
  const v = unwrapMeta(value)!;
  if (field.duration !== undefined && (kind === 'string' || kind === 'int' || kind === 'number')) {
    checkDuration(ctx, field, v, key);
    return;
  }
  if (!kindAccepted(kind, field.kinds)) {
    ctx.report('invalid-type', 'error', value, msg.invalidType(':' + field.key, field, describeKinds(field.kinds), describeKinds([kind])));
    return;
  }
  if (field.values !== undefined && (v.kind === 'keyword' || v.kind === 'string')) {
    const name = v.kind === 'keyword' ? (v.ns === null ? v.name : v.ns + '/' + v.name) : v.value;
    if (!field.values.includes(name)) {
      const suggestions = suggest(name, field.values);
      ctx.report('invalid-value', 'error', value, msg.invalidEnum(':' + field.key, ctx.source(value), field.values, suggestions), {
        suggestions: suggestions.map((s) => (v.kind === 'keyword' ? ':' + s : JSON.stringify(s))),
      });
    }
  }
  if (v.kind === 'number' && (field.min !== undefined || field.max !== undefined)) {
    if ((field.min !== undefined && v.value < field.min) || (field.max !== undefined && v.value > field.max)) {
      ctx.report('out-of-range', 'error', value, msg.outOfRange(':' + field.key, v.value, field.min, field.max));
    }
  }
  if (field.maxItems !== undefined && (v.kind === 'vector' || v.kind === 'set') && v.children.length > field.maxItems) {
    ctx.report('out-of-range', 'error', value, msg.tooManyItems(':' + field.key, v.children.length, field.maxItems));
  }
  if (field.cron && v.kind === 'string') checkCronValue(ctx, v);
  if (field.pattern !== undefined && (v.kind === 'string' || v.kind === 'keyword')) {
    const text = v.kind === 'string' ? v.value : v.ns === null ? v.name : `${v.ns}/${v.name}`;
    if (!patternOf(field.pattern).test(text)) ctx.report('invalid-value', 'error', value, msg.pattern(':' + field.key, ctx.source(value), field.pattern.describe));
  }
  if (field.fields !== undefined && v.kind === 'map') {
    checkMap(ctx, v, field.fields, { where: ':' + field.key, code: opts.code, onRef: opts.onRef, reportUnknown: !field.open });
  }
  if (field.items !== undefined && v.kind === 'vector') {
    for (let i = 0; i < v.children.length; i++) {
      const item = v.children[i]!;
      const itemKind = literalKind(item, opts.code);
      if (itemKind === 'map') checkMap(ctx, item, field.items, { where: `an entry of :${field.key}`, code: opts.code, onRef: opts.onRef, reportUnknown: !field.open });
      else if (itemKind !== null) ctx.report('invalid-type', 'error', item, msg.itemNotMap(':' + field.key, describeKinds([itemKind])));
    }
  }
}

/** A field's pattern, compiled once (no flags: `test` keeps no state between calls). */
const patterns = new WeakMap<{ source: string }, RegExp>();
function patternOf(pattern: { source: string }): RegExp {
  let re = patterns.get(pattern);
  if (re === undefined) patterns.set(pattern, (re = new RegExp(pattern.source)));
  return re;
}

export function checkCronValue(ctx: CheckContext, v: Node & { kind: 'string' }): void {
  const result = checkCron(v.value);
  if (!result.ok) ctx.report('invalid-cron', 'error', v, msg.invalidCron(v.value, result.reason ?? 'unreadable'));
  else if (result.fieldCount !== 5) ctx.report('invalid-cron', 'warning', v, msg.cronFields(v.value, result.fieldCount));
}

function checkDuration(ctx: CheckContext, field: FieldSpec, v: Node, key: Node): void {
  const spec = field.duration!;
  let ms: number | null = null;
  if (v.kind === 'string') {
    ms = durationMs(v.value);
    if (ms === null) {
      ctx.report('invalid-duration', 'error', v, msg.invalidDuration(':' + field.key, v.value, spec.unit));
      return;
    }
  } else if (v.kind === 'number') {
    ms = durationMs(v.value, spec.unit);
    if (ms === null) {
      ctx.report('out-of-range', 'error', v, msg.outOfRange(':' + field.key, v.value, 0, undefined));
      return;
    }
  }
  if (ms !== null && spec.maxSeconds !== undefined && ms > spec.maxSeconds * 1000) {
    ctx.report('out-of-range', 'error', v, msg.durationTooLong(':' + field.key, formatDuration(ms), formatDuration(spec.maxSeconds * 1000)));
  }
  void key;
}

export function isMapNode(node: Node | undefined | null): node is CollNode {
  const n = unwrapMeta(node ?? null);
  return n !== null && n.kind === 'map';
}
