// Consistency of the catalog: every step type of the spec is present, every record is
// documented, field lists have no duplicates, references and aliases point at real entries,
// and callables have usable signatures and arities.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  authByType,
  callableByName,
  catalog,
  fieldByKey,
  prohibitedByName,
  slotTypeNames,
  stepConfigFields,
  stepTypeByName,
  templateTypeByName,
} from '../../engine/language/catalog/index';
import type { FieldSpec } from '../../engine/language/catalog/types';
import { limitBytes, limitValue, limits } from '../../engine/language/catalog/limits';
import * as kv from '../../engine/steps/kv';
import * as payload from '../../engine/runtime/payload';

const SPEC_STEP_TYPES = [
  'http',
  'llm',
  'agent',
  'breyta',
  'db',
  'wait',
  'function',
  'code',
  'notify',
  'kv',
  'sleep',
  'ssh',
  'search',
  'fanout',
  'job',
  'table',
  'files',
  'time',
];

/** Every field list in the catalog, with a path for messages. */
function allFieldLists(): { path: string; fields: FieldSpec[] }[] {
  const lists: { path: string; fields: FieldSpec[] }[] = [];
  const visit = (path: string, fields: FieldSpec[]): void => {
    lists.push({ path, fields });
    for (const f of fields) {
      if (f.fields) visit(`${path}.${f.key}`, f.fields);
      if (f.items) visit(`${path}.${f.key}[]`, f.items);
    }
  };
  visit('topLevel', catalog.topLevel);
  visit('concurrency', catalog.concurrency);
  visit('slot', catalog.slot);
  visit('formField', catalog.formField);
  for (const a of catalog.auth) visit(`auth:${a.type}`, a.fields);
  visit('trigger', catalog.trigger);
  for (const t of catalog.triggerTypes) visit(`trigger:${t.type}.config`, t.config);
  visit('invocation', catalog.invocation);
  visit('invocationInput', catalog.invocationInput);
  for (const i of catalog.interfaces) visit(`interfaces:${i.category}`, i.fields);
  visit('schedule', catalog.schedule);
  visit('template', catalog.template);
  for (const t of catalog.templateTypes) visit(`templateType:${t.type}`, t.fields);
  visit('function', catalog.function);
  visit('packagedStep', catalog.packagedStep);
  for (const s of catalog.steps) visit(`step:${s.type}`, s.fields);
  visit('commonStepOptions', catalog.commonStepOptions);
  for (const p of catalog.persist) visit(`persist:${p.type}`, p.fields);
  return lists;
}

function allFields(): { path: string; field: FieldSpec }[] {
  return allFieldLists().flatMap(({ path, fields }) => fields.map((field) => ({ path: `${path}.${field.key}`, field })));
}

test('every step type of spec §10 is present, and nothing else', () => {
  for (const type of SPEC_STEP_TYPES) assert.ok(stepTypeByName(type), `missing step type :${type}`);
  assert.deepEqual(new Set(catalog.steps.map((s) => s.type)), new Set(SPEC_STEP_TYPES));
  assert.equal(catalog.steps.length, SPEC_STEP_TYPES.length, 'duplicate step type');
});

test('every step type has docs with a clojure example, a summary and a snippet', () => {
  for (const s of catalog.steps) {
    assert.ok(s.summary.trim().length > 0, `:${s.type} summary`);
    assert.match(s.docs, /```clojure\n[\s\S]+?\n```/, `:${s.type} docs need a clojure example`);
    assert.ok(s.snippet.includes(`(flow/step :`), `:${s.type} snippet is a flow/step call`);
    if (s.result) assert.ok(s.result.keys.length > 0 && s.result.docs.trim().length > 0, `:${s.type} result`);
  }
});

test('every step has an optional :type field naming itself', () => {
  for (const s of catalog.steps) {
    const type = fieldByKey(s.fields, 'type');
    assert.ok(type, `:${s.type} has a :type field`);
    assert.notEqual(type.required, true, `:${s.type} :type is optional in a typed call`);
    assert.deepEqual(type.values, [s.type]);
  }
});

test('every FieldSpec in the catalog has non-empty docs and at least one kind', () => {
  const fields = allFields();
  assert.ok(fields.length > 300, `walked only ${fields.length} fields`);
  for (const { path, field } of fields) {
    assert.ok(field.docs.trim().length > 0, `${path} has no docs`);
    assert.ok(field.kinds.length > 0, `${path} has no kinds`);
    assert.ok(/^[a-z][a-z0-9?*!-]*$/.test(field.key), `${path}: key ${field.key} is written without a colon`);
  }
});

test('no field list holds a key twice', () => {
  for (const { path, fields } of allFieldLists()) {
    const seen = new Set<string>();
    for (const f of fields) {
      assert.ok(!seen.has(f.key), `${path} holds :${f.key} twice`);
      seen.add(f.key);
    }
  }
});

test('values lists are non-empty, unique and hold no colons', () => {
  for (const { path, field } of allFields()) {
    if (field.values === undefined) continue;
    assert.ok(field.values.length > 0, `${path} has an empty values list`);
    assert.equal(new Set(field.values).size, field.values.length, `${path} repeats a value`);
    for (const v of field.values) {
      assert.ok(v.length > 0, `${path} has an empty value`);
      assert.ok(!v.startsWith(':'), `${path} value ${v} starts with a colon`);
    }
  }
});

test('bounds, patterns and durations are well formed', () => {
  for (const { path, field } of allFields()) {
    if (field.min !== undefined && field.max !== undefined) assert.ok(field.min <= field.max, `${path} min > max`);
    if (field.pattern) assert.doesNotThrow(() => new RegExp(field.pattern!.source), `${path} pattern`);
    if (field.duration?.maxSeconds !== undefined) assert.ok(field.duration.maxSeconds > 0, `${path} maxSeconds`);
  }
});

test('template refs name existing template types; connection refs name slot types', () => {
  for (const { path, field } of allFields()) {
    if (field.ref === 'template') {
      assert.ok(field.templateTypes && field.templateTypes.length > 0, `${path} lacks templateTypes`);
      for (const t of field.templateTypes) assert.ok(templateTypeByName.get(t), `${path} names unknown template type ${t}`);
    }
    if (field.ref === 'connection') {
      assert.ok(field.slotTypes && field.slotTypes.length > 0, `${path} lacks slotTypes`);
      for (const t of field.slotTypes) assert.ok(slotTypeNames.has(t), `${path} names unknown slot type ${t}`);
    }
    if (field.templateTypes) assert.equal(field.ref, 'template', `${path} has templateTypes without ref`);
    if (field.slotTypes) assert.equal(field.ref, 'connection', `${path} has slotTypes without ref`);
  }
});

test('step connection refs fit their step types', () => {
  assert.deepEqual(fieldByKey(stepTypeByName('http')!.fields, 'connection')?.slotTypes, ['http-api']);
  assert.deepEqual(fieldByKey(stepTypeByName('llm')!.fields, 'connection')?.slotTypes, ['http-api', 'llm-provider']);
  assert.deepEqual(fieldByKey(stepTypeByName('db')!.fields, 'connection')?.slotTypes, ['database']);
  assert.deepEqual(fieldByKey(stepTypeByName('ssh')!.fields, 'connection')?.slotTypes, ['ssh']);
});

test('template types: consumers exist and agree with the steps', () => {
  for (const t of catalog.templateTypes) {
    assert.ok(t.docs.trim().length > 0);
    for (const user of t.usedBy) {
      const step = stepTypeByName(user);
      assert.ok(step, `${t.type} used by unknown step ${user}`);
      const templateField = fieldByKey(step.fields, 'template') ?? fieldByKey(fieldByKey(step.fields, 'notify')?.fields ?? [], 'template');
      assert.ok(templateField?.templateTypes?.includes(t.type), `:${user} :template does not accept ${t.type}`);
    }
  }
  for (const s of catalog.steps) if (s.templateType) assert.ok(templateTypeByName.get(s.templateType), `:${s.type} templateType`);
  const templateType = fieldByKey(catalog.template, 'type')!;
  assert.deepEqual(new Set(templateType.values), new Set(catalog.templateTypes.map((t) => t.type)));
});

test('aliases point at existing, non-alias types', () => {
  for (const s of catalog.steps) {
    if (s.aliasOf === undefined) continue;
    const target = stepTypeByName(s.aliasOf);
    assert.ok(target, `:${s.type} aliases unknown :${s.aliasOf}`);
    assert.equal(target.aliasOf, undefined);
    assert.ok(s.deprecated, `alias :${s.type} is deprecated`);
  }
  assert.equal(stepTypeByName('code')?.aliasOf, 'function');
  for (const t of catalog.templateTypes) if (t.aliasOf) assert.ok(templateTypeByName.get(t.aliasOf) && !templateTypeByName.get(t.aliasOf)!.aliasOf);
});

test('rules name keys of their step', () => {
  for (const s of catalog.steps) {
    for (const r of s.rules ?? []) {
      assert.ok(r.keys.length > 0 && r.message.trim().length > 0, `:${s.type} rule`);
      if (r.kind === 'requires') assert.ok(r.keys.length >= 2, `:${s.type} requires rule needs 2 keys`);
      for (const k of r.keys) assert.ok(fieldByKey(s.fields, k), `:${s.type} rule names unknown :${k}`);
    }
  }
  const fn = stepTypeByName('function')!;
  assert.ok(fn.rules?.some((r) => r.kind === 'one-of' && r.keys.join() === 'ref,code'));
  assert.ok(fn.rules?.some((r) => r.kind === 'at-most-one' && r.keys.join() === 'ref,code'));
  assert.ok(stepTypeByName('http')!.rules?.some((r) => r.kind === 'one-of' && r.suppliedByTemplate && r.keys.includes('url')));
});

test('documented limits are encoded on the fields', () => {
  const kv = stepTypeByName('kv')!.fields;
  assert.equal(fieldByKey(kv, 'ttl')?.min, 1);
  assert.equal(fieldByKey(kv, 'ttl')?.max, 31_536_000);
  assert.equal(fieldByKey(kv, 'limit')?.max, 1000);
  const fanout = stepTypeByName('fanout')!.fields;
  assert.equal(fieldByKey(fanout, 'items')?.maxItems, 25);
  assert.equal(fieldByKey(fanout, 'max-concurrency')?.max, 5);
  assert.equal(fieldByKey(stepTypeByName('search')!.fields, 'limit')?.max, 20);
  assert.equal(fieldByKey(stepTypeByName('db')!.fields, 'max-results')?.max, 5000);
  assert.equal(fieldByKey(stepTypeByName('llm')!.fields, 'max-iterations')?.max, 100);
  const timeout = fieldByKey(stepTypeByName('wait')!.fields, 'timeout')!;
  assert.deepEqual(timeout.duration, { unit: 'seconds', maxSeconds: 30 * 86_400 });
  assert.equal(timeout.default, '"24h"');
  assert.equal(fieldByKey(fieldByKey(catalog.commonStepOptions, 'retry')!.fields!, 'max-attempts')?.min, 1);
});

test('a step config sees its own fields before the common options', () => {
  const wait = stepConfigFields(stepTypeByName('wait')!);
  assert.equal(wait.filter((f) => f.key === 'timeout').length, 1);
  assert.ok(fieldByKey(wait as FieldSpec[], 'timeout')?.duration);
  const http = stepConfigFields(stepTypeByName('http')!);
  assert.ok(http.some((f) => f.key === 'retry') && http.some((f) => f.key === 'persist'));
  for (const s of catalog.steps) {
    for (const o of s.commonOptions ?? []) assert.ok(fieldByKey(catalog.commonStepOptions, o), `:${s.type} names unknown option ${o}`);
  }
});

test('top level: required keys and dialects', () => {
  const required = catalog.topLevel.filter((f) => f.required).map((f) => f.key);
  assert.deepEqual(new Set(required), new Set(['slug', 'concurrency', 'flow']));
  assert.deepEqual(fieldByKey(catalog.topLevel, 'flow')?.kinds, ['list']);
  assert.ok(fieldByKey(catalog.topLevel, 'triggers')?.deprecated);
  const slug = fieldByKey(catalog.topLevel, 'slug')!;
  assert.ok(new RegExp(slug.pattern!.source).test('order-sync'));
  assert.ok(!new RegExp(slug.pattern!.source).test('1bad'));
  assert.equal(fieldByKey(catalog.concurrency, 'key-field')?.required, undefined);
});

test('auth schemes: places and required secrets', () => {
  for (const a of catalog.auth) {
    assert.ok(a.docs.trim().length > 0);
    assert.deepEqual(fieldByKey(a.fields, 'type')?.values, [a.type]);
  }
  assert.equal(authByType.get('none')?.webhook, false);
  assert.equal(authByType.get('none')?.slot, true);
  assert.equal(fieldByKey(authByType.get('hmac-sha256')!.fields, 'secret-ref')?.required, true);
  assert.equal(fieldByKey(authByType.get('hmac-sha256')!.fields, 'secret-ref')?.ref, 'secret');
  assert.deepEqual(
    catalog.auth.filter((a) => a.webhook).map((a) => a.type).sort(),
    ['api-key', 'basic', 'bearer', 'hmac-sha256', 'ip-allowlist', 'signature'],
  );
  assert.deepEqual(catalog.auth.filter((a) => a.step).map((a) => a.type).sort(), ['api-key', 'bearer', 'google-service-account']);
  assert.deepEqual(catalog.auth.filter((a) => a.slot).map((a) => a.type).sort(), ['api-key', 'basic', 'bearer', 'none']);
});

test('interfaces: one entry for manual/http/webhook, unlimited mcp', () => {
  const byCategory = new Map(catalog.interfaces.map((i) => [i.category, i]));
  for (const c of ['manual', 'http', 'webhook']) assert.equal(byCategory.get(c)?.maxEntries, 1);
  assert.equal(byCategory.get('mcp')?.maxEntries, undefined);
  for (const i of catalog.interfaces) assert.equal(fieldByKey(i.fields, 'invocation')?.ref, 'invocation');
  assert.equal(fieldByKey(catalog.invocationInput, 'type')?.values?.length, 18);
});

test('every callable has a signature, docs and arities or variadicFrom', () => {
  const all = [...catalog.flowForms, ...catalog.core, ...catalog.sandbox];
  const names = new Set<string>();
  for (const c of all) {
    assert.ok(!names.has(c.name), `${c.name} listed twice`);
    names.add(c.name);
    assert.ok(c.signature.trim().startsWith('('), `${c.name} signature`);
    assert.ok(c.docs.trim().length > 0, `${c.name} docs`);
    assert.ok(c.arities.length > 0 || c.variadicFrom !== undefined, `${c.name} has no arity`);
    for (const n of c.arities) assert.ok(Number.isInteger(n) && n >= 0, `${c.name} arity ${n}`);
    assert.ok(c.inBody || c.inFunctions, `${c.name} usable nowhere`);
  }
  assert.equal(callableByName.size, all.length);
});

test('arities of common callables', () => {
  const arity = (name: string) => {
    const c = callableByName.get(name);
    assert.ok(c, `missing ${name}`);
    return { arities: c.arities, variadicFrom: c.variadicFrom };
  };
  assert.deepEqual(arity('get'), { arities: [2, 3], variadicFrom: undefined });
  assert.deepEqual(arity('get-in'), { arities: [2, 3], variadicFrom: undefined });
  assert.deepEqual(arity('str'), { arities: [], variadicFrom: 0 });
  assert.deepEqual(arity('assoc'), { arities: [], variadicFrom: 3 });
  assert.deepEqual(arity('range'), { arities: [0, 1, 2, 3], variadicFrom: undefined });
  assert.deepEqual(arity('if'), { arities: [2, 3], variadicFrom: undefined });
  assert.deepEqual(arity('for'), { arities: [2], variadicFrom: undefined });
  assert.deepEqual(arity('throw'), { arities: [1], variadicFrom: undefined });
  assert.deepEqual(arity('flow/input'), { arities: [0], variadicFrom: undefined });
  assert.deepEqual(arity('flow/poll'), { arities: [2], variadicFrom: undefined });
  assert.deepEqual(arity('breyta.sandbox/instant-plus'), { arities: [3], variadicFrom: undefined });
  assert.equal(callableByName.get('let')?.special, true);
  assert.equal(callableByName.get('rand'), undefined);
  assert.equal(callableByName.get('str/join'), undefined);
  assert.ok(callableByName.get('clojure.string/join')?.inBody);
});

test('places: flow forms in the body, sandbox in functions, transforms not in the body', () => {
  for (const c of catalog.flowForms) assert.ok(c.name.startsWith('flow/') && c.inBody && !c.inFunctions, c.name);
  for (const c of catalog.sandbox) assert.ok(c.name.startsWith('breyta.sandbox/') && !c.inBody && c.inFunctions, c.name);
  for (const name of ['map', 'filter', 'reduce', 'mapv', 'filterv', 'mapcat', 'keep', 'keep-indexed', 'remove']) {
    const c = callableByName.get(name);
    assert.ok(c && !c.inBody && c.inFunctions, name);
  }
  for (const name of ['let', 'for', 'get-in', 'str', 'clojure.string/upper-case']) {
    const c = callableByName.get(name);
    assert.ok(c && c.inBody && c.inFunctions, name);
  }
});

test('prohibited names are callables with inBody false, or absent', () => {
  assert.ok(catalog.prohibited.length >= 15);
  for (const p of catalog.prohibited) {
    assert.ok(p.fix.trim().length > 0, p.name);
    const c = callableByName.get(p.name);
    assert.ok(c === undefined || c.inBody === false, `${p.name} is prohibited but allowed in the body`);
    assert.equal(prohibitedByName.get(p.name), p);
  }
  assert.equal(prohibitedByName.get('map')?.code, 'prohibited-transform');
  assert.equal(prohibitedByName.get('->>')?.code, 'unsupported-form');
  assert.equal(prohibitedByName.get('cond->>')?.code, 'unsupported-form');
  assert.match(prohibitedByName.get('filter')!.fix, /for/);
});

test('slot types, trigger types, persist forms and limits are documented', () => {
  for (const t of catalog.slotTypes) assert.ok(t.docs.trim().length > 0, t.type);
  for (const legacy of ['llm-provider', 'blob-storage', 'kv-store']) assert.ok(catalog.slotTypes.find((t) => t.type === legacy)?.deprecated);
  for (const t of catalog.triggerTypes) assert.ok(t.docs.trim().length > 0, t.type);
  assert.ok(catalog.triggerTypes.find((t) => t.type === 'webhook')?.deprecated);
  assert.ok(fieldByKey(catalog.triggerTypes.find((t) => t.type === 'schedule')!.config, 'cron')?.cron);
  assert.deepEqual(catalog.persist.map((p) => p.type), ['blob', 'kv', 'table']);
  const ids = new Set<string>();
  for (const l of catalog.limits) {
    assert.ok(!ids.has(l.id), `limit ${l.id} twice`);
    ids.add(l.id);
    assert.ok(l.value > 0 && l.unit.length > 0 && l.docs.length > 0, l.id);
  }
});

test('one source for each limit: the kv step, the runtime and the catalog field bounds read the limits table', () => {
  const cat = catalog;
  assert.equal(kv.KV_MAX_TTL, limits.find((l) => l.id === 'kv-ttl-max')!.value);
  assert.equal(kv.KV_MAX_KEY, limitValue('kv-key-length'));
  assert.equal(kv.KV_MAX_VALUE_BYTES, 1024 * 1024 * limitValue('kv-value-size'));
  assert.equal(payload.MAX_WEBHOOK_BYTES, limitBytes('webhook-payload-size'));
  assert.equal(payload.MAX_SIGNED_MULTIPART_BYTES, 5 * 1024 * 1024);
  // Every :ttl field in the catalog is bounded by the same numbers.
  const ttlFields: { min?: number; max?: number }[] = [];
  const visit = (v: unknown, seen = new Set<unknown>()): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    const f = v as { key?: unknown; min?: number; max?: number };
    if (f.key === 'ttl') ttlFields.push(f);
    for (const x of Object.values(v)) visit(x, seen);
  };
  visit(cat);
  assert.ok(ttlFields.length >= 2, `ttl fields found: ${ttlFields.length}`);
  for (const f of ttlFields) assert.deepEqual([f.min, f.max], [limitValue('kv-ttl-min'), limitValue('kv-ttl-max')]);
  assert.throws(() => limitValue('no-such-limit'), /no limit no-such-limit/);
  assert.throws(() => limitBytes('kv-ttl-max'), /in seconds, not a size/);
});
