// Pass two over the top-level map: each section checked against the catalog — the map
// itself, `:concurrency`, `:requires` (with auth), `:templates`, `:functions`, packaged
// `:steps`, and the entry points (legacy `:triggers`; `:invocations`, `:interfaces`,
// `:schedules`).

import type { CollNode, Node } from '../../edn/nodes';
import { keywordText, unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { authByType, catalog, templateTypeByName } from '../catalog/index';
import type { FieldSpec } from '../catalog/types';
import { isTimeZone } from '../cron';
import { suggest } from '../suggest';
import type { CheckContext } from './check-context';
import { sectionEntries } from './declarations';
import { checkInlineFunctionCode } from './functions';
import { msg } from './messages';
import { refId, resolveRef } from './refs';
import { checkMap, literalKind, type SchemaOptions } from './schema';

const data = (ctx: CheckContext, where: string, more: Partial<SchemaOptions> = {}): SchemaOptions => ({
  where,
  code: false,
  onRef: (field, value) => resolveRef(ctx, field, value, where),
  ...more,
});

/** Keys of the flow map checked by their own section functions. */
const sectionKeys = new Set(['flow', 'concurrency', 'requires', 'templates', 'functions', 'steps', 'agents', 'triggers', 'invocations', 'interfaces', 'schedules']);

export function checkFlowMap(ctx: CheckContext, top: CollNode): void {
  const present = checkMap(ctx, top, catalog.topLevel, data(ctx, 'the flow map', { skip: sectionKeys }));
  const anchor = { start: top.start, end: top.start + 1 };
  if (!present.has('name')) ctx.report('missing-required-key', 'warning', present.get('slug')?.key ?? anchor, msg.missingName());
  const hasEntry = ['triggers', 'interfaces', 'schedules'].some((k) => present.has(k));
  if (!hasEntry) ctx.report('missing-required-key', 'warning', present.get('slug')?.key ?? anchor, msg.noEntryPoint());
  const conc = present.get('concurrency');
  if (conc) checkConcurrency(ctx, conc.value);
  for (const [key, check] of [
    ['requires', checkRequires],
    ['templates', checkTemplates],
    ['functions', checkFunctions],
    ['steps', checkPackagedSteps],
    ['triggers', checkTriggers],
    ['schedules', checkSchedules],
  ] as const) {
    const entry = present.get(key);
    // An optional section may be `nil` (the platform's scaffolds write `:requires nil`).
    if (entry && unwrapMeta(entry.value)?.kind !== 'nil') {
      if (expectVector(ctx, entry.value, key)) check(ctx, entry.value);
    }
  }
  const invocations = present.get('invocations');
  if (invocations && unwrapMeta(invocations.value)?.kind !== 'nil') checkInvocations(ctx, invocations.value);
  const interfaces = present.get('interfaces');
  if (interfaces && unwrapMeta(interfaces.value)?.kind !== 'nil') checkInterfaces(ctx, interfaces.value);
}

function expectVector(ctx: CheckContext, node: Node, key: string): boolean {
  const k = literalKind(node, false);
  if (k === 'vector') {
    const v = unwrapMeta(node) as CollNode;
    for (const item of v.children) {
      const ik = literalKind(item, false);
      if (ik !== 'map' && unwrapMeta(item)?.kind !== 'tagged') ctx.report('invalid-type', 'error', item, msg.entryNotMap(':' + key, ctx.source(item, 30)));
    }
    return true;
  }
  if (unwrapMeta(node)?.kind === 'tagged') return false; // #flow/include
  ctx.report('invalid-type', 'error', node, msg.sectionNotVector(':' + key));
  return false;
}

function checkConcurrency(ctx: CheckContext, node: Node): void {
  if (literalKind(node, false) !== 'map') {
    ctx.report(unwrapMeta(node)?.kind === 'nil' ? 'missing-required-key' : 'invalid-type', 'error', node, msg.concurrencyNotMap());
    return;
  }
  const present = checkMap(ctx, node, catalog.concurrency, data(ctx, ':concurrency'));
  const type = unwrapMeta(present.get('type')?.value ?? null);
  if (type?.kind === 'keyword' && type.name === 'keyed' && !present.has('key-field')) {
    ctx.report('missing-required-key', 'error', type, msg.keyedWithoutKeyField());
  }
}

function checkAuth(ctx: CheckContext, node: Node, place: 'slot' | 'webhook' | 'step', where: string): void {
  const v = unwrapMeta(node);
  if (v?.kind !== 'map') {
    if (literalKind(node, place === 'step') !== null) ctx.report('invalid-type', 'error', node, msg.authNotMap(where));
    return;
  }
  const typeNode = mapGet(v, 'type');
  const type = unwrapMeta(typeNode ?? null);
  if (typeNode === undefined || type === null) {
    ctx.report('missing-required-key', 'error', { start: v.start, end: v.start + 1 }, msg.authWithoutType(where));
    return;
  }
  if (type.kind !== 'keyword') {
    if (literalKind(type, place === 'step') !== null) ctx.report('invalid-type', 'error', type, msg.authTypeNotKeyword());
    return;
  }
  const allowed = catalog.auth.filter((a) => a[place]).map((a) => a.type);
  const spec = authByType.get(type.name);
  if (spec === undefined || !spec[place]) {
    const suggestions = suggest(type.name, allowed);
    ctx.report('invalid-value', 'error', type, msg.authTypeNotAllowed(type.name, place, allowed, suggestions), { suggestions: suggestions.map((s) => ':' + s) });
    return;
  }
  const fields: FieldSpec[] = spec.fields.some((f) => f.key === 'type') ? spec.fields : [{ key: 'type', kinds: ['keyword'], docs: '' }, ...spec.fields];
  checkMap(ctx, v, fields, data(ctx, `\`:auth {:type :${type.name}}\``, { code: place === 'step' }));
}

const optionalSlotFields = new WeakMap<FieldSpec[], FieldSpec[]>();
function withoutRequired(fields: FieldSpec[]): FieldSpec[] {
  let out = optionalSlotFields.get(fields);
  if (!out) optionalSlotFields.set(fields, (out = fields.map((f) => ({ ...f, required: false }))));
  return out;
}

function checkRequires(ctx: CheckContext, node: Node): void {
  for (const entry of sectionEntries(node)) {
    const kindNode = unwrapMeta(mapGet(entry, 'kind') ?? null);
    const kind = kindNode?.kind === 'keyword' ? kindNode.name : 'connection';
    if (kind !== 'connection') {
      checkMap(ctx, entry, withoutRequired(catalog.slot), data(ctx, `a :${kind} requirement`, { skip: new Set(['fields', 'auth']) }));
      const fieldsNode = unwrapMeta(mapGet(entry, 'fields') ?? null);
      if (fieldsNode?.kind === 'vector') for (const f of fieldsNode.children) if (literalKind(f, false) === 'map') checkMap(ctx, f, catalog.formField, data(ctx, 'a form field'));
      continue;
    }
    const present = checkMap(ctx, entry, catalog.slot, data(ctx, 'a :requires slot', { skip: new Set(['auth', 'fields']) }));
    const typeNode = unwrapMeta(present.get('type')?.value ?? null);
    const type = typeNode?.kind === 'keyword' ? typeNode.name : null;
    const slotType = catalog.slotTypes.find((s) => s.type === type);
    if (slotType?.deprecated && typeNode) ctx.report('deprecated', 'info', typeNode, msg.deprecatedSlotType(type!, slotType.deprecated), undefined, ['deprecated']);
    const auth = present.get('auth');
    if (auth) checkAuth(ctx, auth.value, 'slot', 'a :requires slot');
    else if (type === 'http-api' || type === 'llm-provider') ctx.report('missing-required-key', 'error', present.get('slot')?.key ?? entry, msg.slotWithoutAuth(type));
  }
}

function checkTemplates(ctx: CheckContext, node: Node): void {
  for (const entry of sectionEntries(node)) {
    const typeNode = unwrapMeta(mapGet(entry, 'type') ?? null);
    const tt = typeNode?.kind === 'keyword' ? templateTypeByName.get(typeNode.name) : undefined;
    checkMap(ctx, entry, catalog.template, data(ctx, tt ? `a :${tt.type} template` : 'a template', { extraFields: tt?.fields ?? [], reportUnknown: tt !== undefined }));
  }
}

function checkFunctions(ctx: CheckContext, node: Node): void {
  for (const entry of sectionEntries(node)) {
    const present = checkMap(ctx, entry, catalog.function, data(ctx, 'a :functions entry', { skip: new Set(['code']) }));
    const code = present.get('code');
    if (code) checkInlineFunctionCode(ctx, code.value);
  }
}

function checkPackagedSteps(ctx: CheckContext, node: Node): void {
  for (const entry of sectionEntries(node)) checkMap(ctx, entry, catalog.packagedStep, data(ctx, 'a packaged step'));
}

function checkTriggers(ctx: CheckContext, node: Node): void {
  for (const entry of sectionEntries(node)) {
    const present = checkMap(ctx, entry, catalog.trigger, data(ctx, 'a trigger', { skip: new Set(['config']) }));
    const typeNode = unwrapMeta(present.get('type')?.value ?? null);
    const typeName = typeNode?.kind === 'keyword' ? typeNode.name : null;
    const tt = catalog.triggerTypes.find((t) => t.type === typeName);
    const config = present.get('config');
    if (!tt) continue;
    // The platform's lint warns on a legacy manual trigger (`deprecated_manual_trigger`).
    if (typeName === 'manual' && typeNode) ctx.report('deprecated', 'warning', typeNode, msg.legacyManualTrigger(), undefined, ['deprecated']);
    if (tt.deprecated && typeNode) ctx.report('deprecated', 'info', typeNode, msg.deprecatedTrigger(typeName!, tt.deprecated), undefined, ['deprecated']);
    if (!config || literalKind(config.value, false) !== 'map') {
      if (config) ctx.report('invalid-type', 'error', config.value, msg.configNotMap('a trigger'));
      continue;
    }
    const cfg = checkMap(ctx, config.value, tt.config, data(ctx, `a :${typeName} trigger's :config`, { skip: new Set(['auth']) }));
    checkTimezone(ctx, cfg.get('timezone')?.value);
    if (typeName === 'event' || typeName === 'webhook') {
      const auth = cfg.get('auth');
      const webhook = typeName === 'webhook' || keywordOf(cfg.get('source')?.value) === 'webhook';
      if (auth) checkAuth(ctx, auth.value, 'webhook', 'a webhook trigger');
      else if (webhook) ctx.report('missing-required-key', 'error', config.value, msg.webhookWithoutAuth());
    }
    if (typeName === 'schedule') checkKeyedScheduleInput(ctx, cfg.get('input')?.value, typeNode!);
  }
}

function keywordOf(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  return v?.kind === 'keyword' ? v.name : null;
}

function checkTimezone(ctx: CheckContext, node: Node | undefined): void {
  const v = unwrapMeta(node ?? null);
  if (v?.kind === 'string' && !isTimeZone(v.value)) ctx.report('invalid-value', 'error', v, msg.badTimezone(v.value));
}

/** Keyed flows: a schedule's input must carry the key field (the platform refuses activation). */
function checkKeyedScheduleInput(ctx: CheckContext, input: Node | undefined, at: Node): void {
  if (!ctx.decls.keyed || ctx.decls.keyField === null) return;
  const kf = unwrapMeta(ctx.decls.keyField);
  const path: string[] = kf?.kind === 'keyword' ? [kf.name] : kf?.kind === 'vector' ? kf.children.map((c) => (c.kind === 'keyword' ? c.name : '')) : [];
  if (path.length === 0) return;
  let cur: Node | undefined = input;
  for (const k of path) cur = cur ? mapGet(cur, k) : undefined;
  if (cur === undefined) ctx.report('missing-required-key', 'warning', input ?? at, msg.scheduleWithoutKey(path.map((p) => ':' + p).join(' ')));
}

function checkSchedules(ctx: CheckContext, node: Node): void {
  for (const entry of sectionEntries(node)) {
    const present = checkMap(ctx, entry, catalog.schedule, data(ctx, 'a schedule'));
    checkTimezone(ctx, present.get('timezone')?.value);
    checkKeyedScheduleInput(ctx, present.get('input')?.value, present.get('id')?.key ?? entry);
  }
}

function checkInvocations(ctx: CheckContext, node: Node): void {
  const v = unwrapMeta(node);
  if (v?.kind !== 'map') {
    ctx.report('invalid-type', 'error', node, msg.invocationsNotMap());
    return;
  }
  for (let i = 0; i + 1 < v.children.length; i += 2) {
    const id = v.children[i]!;
    const body = v.children[i + 1]!;
    if (id.kind !== 'keyword' || id.ns !== null || !/^[a-zA-Z][a-zA-Z0-9_-]{0,127}$/.test(id.name)) ctx.report('invalid-value', 'error', id, msg.badInvocationId(ctx.source(id)));
    if (literalKind(body, false) !== 'map') {
      ctx.report('invalid-type', 'error', body, msg.invocationNotMap());
      continue;
    }
    checkMap(ctx, body, catalog.invocation, data(ctx, `invocation ${ctx.source(id)}`));
    const names = new Map<string, Node>();
    for (const input of sectionEntries(mapGet(body, 'inputs'))) {
      const nameNode = mapGet(input, 'name');
      const ref = nameNode ? refId(nameNode) : null;
      if (!ref || !nameNode) continue;
      if (!/^[a-zA-Z][a-zA-Z0-9_-]{0,127}$/.test(ref.id)) ctx.report('invalid-value', 'error', nameNode, msg.badInputName(ref.id));
      const prev = names.get(ref.id);
      if (prev) ctx.report('duplicate-id', 'error', nameNode, msg.duplicateId('input', ref.id, ctx.text, prev.start));
      else names.set(ref.id, nameNode);
    }
  }
}

function checkInterfaces(ctx: CheckContext, node: Node): void {
  const v = unwrapMeta(node);
  if (v?.kind !== 'map') {
    ctx.report('invalid-type', 'error', node, msg.interfacesNotMap());
    return;
  }
  const categories = catalog.interfaces.map((c) => c.category);
  for (let i = 0; i + 1 < v.children.length; i += 2) {
    const key = v.children[i]!;
    const value = v.children[i + 1]!;
    const cat = key.kind === 'keyword' ? catalog.interfaces.find((c) => c.category === key.name) : undefined;
    if (cat === undefined) {
      const name = key.kind === 'keyword' ? key.name : ctx.source(key);
      const suggestions = suggest(name, categories);
      ctx.report('unknown-key', 'warning', key, msg.unknownKey(key.kind === 'keyword' ? keywordText(key) : name, ':interfaces', suggestions, categories), { suggestions: suggestions.map((s) => ':' + s) });
      continue;
    }
    if (!expectVector(ctx, value, `interfaces :${cat.category}`)) continue;
    const entries = sectionEntries(value);
    if (cat.maxEntries !== undefined && entries.length > cat.maxEntries) ctx.report('invalid-value', 'error', entries[cat.maxEntries]!, msg.tooManyInterfaces(cat.category, cat.maxEntries));
    for (const entry of entries) {
      const present = checkMap(ctx, entry, cat.fields, data(ctx, `a :${cat.category} interface`, { skip: new Set(['auth']) }));
      if (cat.category === 'webhook') {
        const auth = present.get('auth');
        if (auth) checkAuth(ctx, auth.value, 'webhook', 'a webhook interface');
        else ctx.report('missing-required-key', 'error', present.get('id')?.key ?? entry, msg.webhookWithoutAuth());
      }
    }
  }
}

