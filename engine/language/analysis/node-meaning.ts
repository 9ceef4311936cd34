// What a node means in a flow file, read from the catalog: a map with known keys (a step
// config, a slot, a trigger, ...), a vector of entry maps, a field's value, or code (the
// `:flow` body, function code). `childContext` derives a child's meaning from its parent's,
// so one walk down a path (completion, hover) or over the file (the index) shares the rules.

import type { CollNode, Node } from '../../edn/nodes';
import { childrenOf, unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { authByType, catalog, fieldByKey, stepConfigFields, stepTypeByName, templateTypeByName } from '../catalog/index';
import type { FieldSpec, StepTypeSpec } from '../catalog/types';

export type MapRole =
  | 'top'
  | 'slot'
  | 'template'
  | 'function'
  | 'packaged'
  | 'trigger'
  | 'trigger-config'
  | 'invocation'
  | 'interfaces'
  | 'interface'
  | 'schedule'
  | 'auth'
  | 'step-config'
  | 'nested';

export type AuthPlace = 'slot' | 'webhook' | 'step';

export interface MapSchema {
  role: MapRole;
  fields: readonly FieldSpec[];
  /** How docs name the map, e.g. "an :http step", "a :requires slot". */
  where: string;
  /** Unknown keys are fine (free-form maps such as `:headers`). */
  open: boolean;
  /** Values may be code (inside a step config). */
  code: boolean;
  /** The step this map belongs to (its config or a map nested in it). */
  step?: StepTypeSpec;
  /** For `auth`: where the auth map sits. */
  authPlace?: AuthPlace;
}

export type NodeContext =
  /** A map whose keys the catalog knows. */
  | { kind: 'map'; schema: MapSchema }
  /** A key position of a map. */
  | { kind: 'key'; schema: MapSchema; field: FieldSpec | undefined }
  /** A vector of entry maps (`:requires`, `:templates`, `:retry`-less item lists, ...). */
  | { kind: 'entries'; field: FieldSpec; role: MapRole; owner: MapSchema }
  /** `:invocations`: keys are ids, values are invocation maps. */
  | { kind: 'id-map'; field: FieldSpec }
  /** The value of a field (a literal, or an expression when `code`). */
  | { kind: 'value'; field: FieldSpec; owner: MapSchema; code: boolean }
  /** Code: the `:flow` body or function code. */
  | { kind: 'code'; mode: 'body' | 'function' }
  /** A string holding function code (`:code "(fn [input] ...)"`). */
  | { kind: 'code-string' }
  /** The type keyword of a `(flow/step :type ...)` call. */
  | { kind: 'step-type' }
  /** The id of a `(flow/step :type :id ...)` call. */
  | { kind: 'step-id' }
  /** Plain data the catalog says nothing about. */
  | { kind: 'data' };

const DATA: NodeContext = { kind: 'data' };
const BODY: NodeContext = { kind: 'code', mode: 'body' };
const FUNCTION_CODE: NodeContext = { kind: 'code', mode: 'function' };

export const topSchema: MapSchema = { role: 'top', fields: catalog.topLevel, where: 'the flow map', open: false, code: false };

/** Entry roles of the top-level sections that hold vectors of maps. */
const sectionRoles: Record<string, MapRole> = {
  requires: 'slot',
  templates: 'template',
  functions: 'function',
  steps: 'packaged',
  agents: 'packaged',
  triggers: 'trigger',
  schedules: 'schedule',
};

function keywordName(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  return v?.kind === 'keyword' ? (v.ns === null ? v.name : v.ns + '/' + v.name) : null;
}

/** The context of a file's first form (the flow map). */
export function rootContext(form: Node): NodeContext {
  return unwrapMeta(form)?.kind === 'map' ? { kind: 'map', schema: topSchema } : DATA;
}

/** The schema of an entry map in a section (`:requires`, `:templates`, `:triggers`, ...). */
export function entrySchema(role: MapRole, field: FieldSpec, node: Node | undefined, owner: MapSchema): MapSchema {
  const items = field.items ?? [];
  switch (role) {
    case 'template': {
      const type = keywordName(mapGet(node, 'type'));
      const tt = type === null ? undefined : templateTypeByName.get(type);
      return { role, fields: tt ? [...catalog.template, ...tt.fields] : catalog.template, where: tt ? `a :${tt.type} template` : 'a template', open: tt === undefined, code: false };
    }
    case 'slot':
      return { role, fields: catalog.slot, where: 'a :requires slot', open: false, code: false };
    case 'function':
      return { role, fields: catalog.function, where: 'a :functions entry', open: false, code: false };
    case 'trigger':
      return { role, fields: catalog.trigger, where: 'a trigger', open: false, code: false };
    case 'schedule':
      return { role, fields: catalog.schedule, where: 'a schedule', open: false, code: false };
    case 'packaged':
      return { role, fields: catalog.packagedStep, where: 'a packaged step', open: false, code: false };
    case 'interface':
      return { role, fields: items, where: `a :${field.key} interface`, open: false, code: false };
    default:
      return { role: 'nested', fields: items, where: `an entry of :${field.key}`, open: field.open === true, code: owner.code, ...(owner.step ? { step: owner.step } : {}) };
  }
}

/** The schema of a step's config map. */
export function stepSchema(step: StepTypeSpec, written: string): MapSchema {
  const base = step.aliasOf !== undefined ? (stepTypeByName(step.aliasOf) ?? step) : step;
  return { role: 'step-config', fields: stepConfigFields(base), where: `a :${written} step`, open: false, code: true, step: base };
}

function authSchema(place: AuthPlace, node: Node | undefined, owner: MapSchema): MapSchema {
  const allowed = catalog.auth.filter((a) => a[place]).map((a) => a.type);
  const typeField: FieldSpec = { key: 'type', kinds: ['keyword'], required: true, values: allowed, docs: `The auth scheme: ${allowed.map((t) => '`:' + t + '`').join(', ')}.` };
  const type = keywordName(mapGet(node, 'type'));
  const spec = type === null ? undefined : authByType.get(type);
  const fields = spec && spec[place] ? [typeField, ...spec.fields.filter((f) => f.key !== 'type')] : [typeField];
  return { role: 'auth', fields, where: type ? `\`:auth {:type :${type}}\`` : '`:auth`', open: spec === undefined, code: owner.code, authPlace: place, ...(owner.step ? { step: owner.step } : {}) };
}

function authPlaceOf(owner: MapSchema): AuthPlace {
  if (owner.role === 'slot') return 'slot';
  if (owner.role === 'step-config' || (owner.code && owner.step !== undefined)) return 'step';
  return 'webhook';
}

/** The context of a map's value for `field` (the value node may not exist yet while typing). */
export function valueContext(owner: MapSchema, field: FieldSpec, value: Node | undefined): NodeContext {
  const v = unwrapMeta(value ?? null);
  if (owner.role === 'top') {
    if (field.key === 'flow') return BODY;
    if (field.key === 'invocations') return { kind: 'id-map', field };
    if (field.key === 'interfaces' && field.fields !== undefined) return { kind: 'map', schema: { role: 'interfaces', fields: field.fields, where: ':interfaces', open: false, code: false } };
    const role = sectionRoles[field.key];
    if (role !== undefined && field.items) return { kind: 'entries', field, role, owner };
  }
  if (field.key === 'code' && (owner.role === 'function' || (owner.role === 'step-config' && owner.step?.type === 'function'))) {
    if (v?.kind === 'string') return { kind: 'code-string' };
    return FUNCTION_CODE;
  }
  if (owner.code && v !== null && (v.kind === 'list' || v.kind === 'symbol' || v.kind === 'fn')) return BODY;
  if (field.key === 'auth' && (v === null || v.kind === 'map')) return { kind: 'map', schema: authSchema(authPlaceOf(owner), value, owner) };
  if (field.fields !== undefined && (v === null || v.kind === 'map')) {
    const role: MapRole = 'nested';
    return { kind: 'map', schema: { role, fields: field.fields, where: ':' + field.key, open: field.open === true, code: owner.code, ...(owner.step ? { step: owner.step } : {}) } };
  }
  if (field.items !== undefined && (v === null || v.kind === 'vector')) {
    const role: MapRole = owner.role === 'interfaces' ? 'interface' : 'nested';
    return { kind: 'entries', field, role, owner };
  }
  return { kind: 'value', field, owner, code: owner.code };
}

function triggerConfigSchema(trigger: CollNode): MapSchema {
  const type = keywordName(mapGet(trigger, 'type'));
  const tt = catalog.triggerTypes.find((t) => t.type === type);
  return { role: 'trigger-config', fields: tt?.config ?? [], where: tt ? `a :${tt.type} trigger's :config` : "a trigger's :config", open: tt === undefined, code: false };
}

/** The field for a key in a map schema, by the key node. */
export function fieldOfKey(schema: MapSchema, key: Node | undefined): FieldSpec | undefined {
  const k = unwrapMeta(key ?? null);
  if (k?.kind !== 'keyword' || k.ns !== null || k.auto) return undefined;
  return fieldByKey(schema.fields, k.name);
}

/** True for `(flow/step ...)`. */
export function isStepCall(node: Node | null | undefined): node is CollNode & { kind: 'list' } {
  if (!node || node.kind !== 'list') return false;
  const head = node.children[0];
  return head !== undefined && head.kind === 'symbol' && head.ns === 'flow' && head.name === 'step';
}

/** The config node index of a step call: 3 for `(flow/step :t :id {...})`, 2 when the id is left out. */
export function stepConfigIndex(call: CollNode): number {
  const second = unwrapMeta(call.children[2] ?? null);
  return call.children.length === 3 && second?.kind === 'map' ? 2 : 3;
}

/**
 * The context of `parent`'s child at `index` (`child` may be undefined: a position where the
 * user is about to type). For maps, even indexes are keys and odd ones values.
 */
export function childContext(ctx: NodeContext, parent: Node, index: number, child: Node | undefined): NodeContext {
  switch (ctx.kind) {
    case 'map': {
      if (parent.kind === 'meta') return index === 0 ? DATA : ctx;
      if (parent.kind !== 'map') return DATA;
      const schema = ctx.schema;
      const keyNode = parent.children[index - (index % 2)];
      const field = fieldOfKey(schema, keyNode);
      if (index % 2 === 0) return { kind: 'key', schema, field: child === undefined || child === keyNode ? field : fieldOfKey(schema, child) };
      if (field === undefined) return schema.code ? BODY : DATA;
      if (schema.role === 'trigger' && field.key === 'config') {
        return unwrapMeta(child ?? null)?.kind === 'map' || child === undefined ? { kind: 'map', schema: triggerConfigSchema(parent) } : DATA;
      }
      return valueContext(schema, field, child);
    }
    case 'entries': {
      if (parent.kind === 'meta') return index === 0 ? DATA : ctx;
      const v = unwrapMeta(child ?? null);
      if (child !== undefined && v?.kind !== 'map') return ctx.owner.code && v !== null && (v.kind === 'list' || v.kind === 'symbol') ? BODY : DATA;
      return { kind: 'map', schema: entrySchema(ctx.role, ctx.field, v ?? undefined, ctx.owner) };
    }
    case 'id-map': {
      if (parent.kind !== 'map') return DATA;
      if (index % 2 === 0) return DATA;
      return { kind: 'map', schema: { role: 'invocation', fields: catalog.invocation, where: 'an invocation', open: false, code: false } };
    }
    case 'code':
      return codeChild(ctx, parent, index, child);
    case 'value':
      // Inside a literal value of a step config (`:data {...}`, `:json {...}`): expressions.
      if (!ctx.code) return DATA;
      return child?.kind === 'quote' ? DATA : BODY;
    case 'key':
    case 'code-string':
    case 'step-type':
    case 'step-id':
    case 'data':
      return DATA;
  }
}

function codeChild(ctx: NodeContext & { kind: 'code' }, parent: Node, index: number, child: Node | undefined): NodeContext {
  // A quote inside code is data; the quote that is the `:flow` (or `:code`) value itself has
  // the code context, so its form inherits it.
  if (child?.kind === 'quote') return DATA;
  switch (parent.kind) {
    case 'meta':
      return index === 0 ? DATA : ctx;
    case 'list': {
      if (ctx.mode === 'body' && isStepCall(parent)) {
        if (index === 1) return { kind: 'step-type' };
        const typeNode = unwrapMeta(parent.children[1] ?? null);
        const configAt = stepConfigIndex(parent);
        if (index === 2 && configAt === 3) return { kind: 'step-id' };
        if (index === configAt && typeNode?.kind === 'keyword' && typeNode.ns === null) {
          const spec = stepTypeByName(typeNode.name);
          const c = unwrapMeta(child ?? null);
          if (spec !== undefined && (c === null || c.kind === 'map')) return { kind: 'map', schema: stepSchema(spec, typeNode.name) };
        }
      }
      return ctx;
    }
    default:
      return ctx;
  }
}

/**
 * Contexts along a path from `pathAt` (outermost first). `contexts[i]` is the meaning of
 * `path[i]`. A quote wrapping the `:flow` body or a `:code` form keeps the code context.
 */
export function contextsAlong(path: Node[]): NodeContext[] {
  const out: NodeContext[] = [];
  if (path.length === 0) return out;
  let ctx = rootContext(path[0]!);
  out.push(ctx);
  for (let i = 1; i < path.length; i++) {
    const parent = path[i - 1]!;
    const child = path[i]!;
    ctx = stepInto(ctx, parent, child);
    out.push(ctx);
  }
  return out;
}

/** The context of `child` inside `parent` (whose context is `ctx`). */
export function stepInto(ctx: NodeContext, parent: Node, child: Node): NodeContext {
  return childContext(ctx, parent, childrenOf(parent).indexOf(child), child);
}

export { DATA as dataContext, BODY as bodyContext, FUNCTION_CODE as functionCodeContext };

/** Contexts along a path that starts at a node whose context is `root` (e.g. function code read from a string). */
export function contextsFrom(root: NodeContext, path: Node[]): NodeContext[] {
  const out: NodeContext[] = [];
  let ctx = root;
  for (let i = 0; i < path.length; i++) {
    if (i > 0) ctx = stepInto(ctx, path[i - 1]!, path[i]!);
    out.push(ctx);
  }
  return out;
}
