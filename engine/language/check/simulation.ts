// Checks a simulation file (`x.sim.edn`) against its flow: known top-level keys, bindings
// only for slots the flow uses, mocks only for steps the flow has and in the shape that
// step type takes, a readable clock and expectation.

import type { Finding } from '../../edn/findings';
import { sortFindings } from '../../edn/findings';
import type { Node } from '../../edn/nodes';
import { keywordText, unwrapMeta } from '../../edn/nodes';
import { walk } from '../../edn/navigate';
import { readEdn } from '../../edn/reader';
import { suggest } from '../suggest';
import { CheckContext } from './check-context';
import type { CheckResult } from './index';

const topKeys = ['input', 'trigger', 'bindings', 'mocks', 'clock', 'expect'];
const bindingKeys = ['base-url', 'url', 'token', 'api-key', 'username', 'password', 'header', 'headers', 'value', 'mock'];
const responseKeys = ['status', 'headers', 'body'];
const locallyRun = new Set(['http', 'function', 'code', 'wait', 'kv', 'notify', 'sleep', 'time']);
const expectKeys = ['status', 'output', 'error', 'steps', 'branches'];

function entriesOf(node: Node | undefined): { key: Node; value: Node }[] {
  const m = unwrapMeta(node ?? null);
  if (m?.kind !== 'map') return [];
  const out: { key: Node; value: Node }[] = [];
  for (let i = 0; i + 1 < m.children.length; i += 2) out.push({ key: m.children[i]!, value: m.children[i + 1]! });
  return out;
}

function keyName(node: Node): string | null {
  return node.kind === 'keyword' ? (node.ns === null ? node.name : `${node.ns}/${node.name}`) : node.kind === 'string' ? node.value : null;
}

function unknownKeys(ctx: CheckContext, map: Node | undefined, known: string[], where: string): void {
  for (const { key } of entriesOf(map)) {
    const name = keyName(key);
    if (name === null || known.includes(name)) continue;
    const suggestions = suggest(name, known);
    ctx.report('unknown-key', 'warning', key, `Unknown key ${key.kind === 'keyword' ? keywordText(key) : JSON.stringify(name)} in ${where}${suggestions.length ? `; did you mean ${suggestions.map((s) => ':' + s).join(' or ')}?` : '.'} Known keys: ${known.map((k) => ':' + k).join(', ')}.`, { suggestions: suggestions.map((s) => ':' + s) });
  }
}

/** Connection names the flow uses (`:connection :x` anywhere), plus its declared slots. */
function connectionsOf(flow: CheckResult): Set<string> {
  const out = new Set(flow.slots);
  walk(flow.parsed.forms, (node) => {
    if (node.kind === 'map') {
      for (let i = 0; i + 1 < node.children.length; i += 2) {
        const k = node.children[i]!;
        const v = unwrapMeta(node.children[i + 1]!);
        if (k.kind === 'keyword' && (k.name === 'connection' || k.name === 'secret-ref') && v?.kind === 'keyword') out.add(v.name);
      }
    }
  });
  return out;
}

function checkResponseMock(ctx: CheckContext, value: Node, stepId: string): void {
  const v = unwrapMeta(value);
  const items = v?.kind === 'vector' ? v.children : [value];
  if (v?.kind === 'vector' && items.length === 0) {
    ctx.report('invalid-value', 'error', value, `The mock for :${stepId} is an empty vector, which mocks no attempt: the step would make a real request. Give one response per attempt, e.g. [{:status 200 :body {...}}], or remove the mock.`);
  }
  for (const item of items) {
    const m = unwrapMeta(item);
    if (m?.kind !== 'map') {
      ctx.report('invalid-type', 'error', item, `The mock for :${stepId} is a response map {:status 200 :headers {...} :body ...}, or a vector of them (one per attempt).`);
      continue;
    }
    unknownKeys(ctx, m, [...responseKeys, 'result'], `the mock for :${stepId}`);
    const status = entriesOf(m).find((e) => keyName(e.key) === 'status');
    const s = status ? unwrapMeta(status.value) : null;
    if (s && (s.kind !== 'number' || s.value < 100 || s.value > 599)) ctx.report('invalid-value', 'error', status!.value, `:status must be an HTTP status code (100-599), not ${ctx.source(status!.value)}.`);
  }
}

export function checkSimulationText(text: string, flow: CheckResult | null): Finding[] {
  const parsed = readEdn(text);
  const ctx = new CheckContext(text);
  ctx.findings.push(...parsed.findings);
  const top = unwrapMeta(parsed.forms[0] ?? null);
  if (top?.kind !== 'map') {
    if (parsed.findings.length === 0) ctx.report('invalid-type', 'error', parsed.forms[0] ?? { start: 0, end: Math.min(1, text.length) }, 'A simulation file holds one map, e.g. {:input {...} :bindings {...} :mocks {...} :expect {...}}.');
    return sortFindings(ctx.findings);
  }
  unknownKeys(ctx, top, topKeys, 'the simulation');
  const get = (name: string) => entriesOf(top).find((e) => keyName(e.key) === name)?.value;
  // Sections that hold maps: anything else would be ignored by a run (and `:expect 5` passes).
  const shapes: Record<string, string> = {
    bindings: ':bindings is a map of slot to binding, e.g. {:api {:base-url "http://127.0.0.1:4010"}}.',
    mocks: ':mocks is a map of step id to mock, e.g. {:fetch {:status 200 :body {...}}}.',
    clock: ':clock is a map, e.g. {:start "2026-11-29T10:00:00Z"}.',
    expect: ':expect is a map, e.g. {:status :completed :output {...}}.',
    input: ':input is the run input, a map, e.g. {:order-id "A-1"}.',
  };
  for (const [name, message] of Object.entries(shapes)) {
    const value = get(name);
    const v = unwrapMeta(value ?? null);
    if (value !== undefined && v !== null && v.kind !== 'map' && !(name === 'input' && v.kind === 'nil')) ctx.report('invalid-type', 'error', value, message);
  }
  const steps = new Map((flow?.steps ?? []).map((s) => [s.id, s.type]));
  const connections = flow ? connectionsOf(flow) : new Set<string>();
  for (const { key, value } of entriesOf(get('bindings'))) {
    const name = keyName(key);
    if (name === null) continue;
    if (flow && !connections.has(name)) {
      const suggestions = suggest(name, connections);
      ctx.report('unknown-connection', 'warning', key, `The flow has no slot or connection :${name}${suggestions.length ? `; did you mean ${suggestions.map((s) => ':' + s).join(' or ')}?` : '.'}${connections.size ? ` It uses ${[...connections].map((c) => ':' + c).join(', ')}.` : ''}`, { suggestions: suggestions.map((s) => ':' + s) });
    }
    if (unwrapMeta(value)?.kind !== 'map') ctx.report('invalid-type', 'error', value, `A binding is a map, e.g. {:base-url "http://127.0.0.1:4010" :token #env "TOKEN"} or {:mock {:status 200}}.`);
    else unknownKeys(ctx, value, bindingKeys, `binding :${name}`);
  }
  for (const { key, value } of entriesOf(get('mocks'))) {
    const id = keyName(key);
    if (id === null) continue;
    const type = steps.get(id);
    if (flow && type === undefined) {
      const suggestions = suggest(id, steps.keys());
      ctx.report('unknown-step', 'error', key, `The flow has no step :${id}, so this mock would never be used${suggestions.length ? `; did you mean ${suggestions.map((s) => ':' + s).join(' or ')}?` : '.'} Steps: ${[...steps.keys()].map((s) => ':' + s).join(', ')}.`, { suggestions: suggestions.map((s) => ':' + s) });
      continue;
    }
    const hasResult = entriesOf(value).some((e) => keyName(e.key) === 'result');
    if (type === 'http' || type === 'notify') {
      if (!hasResult) checkResponseMock(ctx, value, id);
    } else if (type === 'wait') {
      if (unwrapMeta(value)?.kind !== 'map') ctx.report('invalid-type', 'error', value, `The mock for the wait :${id} is its resolution payload, e.g. {:action :approve :by "ops@example.com"}, or {:timeout true}.`);
    } else if (type !== undefined && !hasResult) {
      ctx.report('invalid-value', 'error', value, `:${type} steps ${locallyRun.has(type) ? 'are mocked' : 'run locally only'} through {:result ...}: write {:${id} {:result <the step's result>}}.`);
    }
  }
  const clock = get('clock');
  for (const { key, value } of entriesOf(clock)) {
    if (keyName(key) === 'start') {
      const v = unwrapMeta(value);
      const text = v?.kind === 'string' ? v.value : v?.kind === 'tagged' && v.form?.kind === 'string' ? v.form.value : null;
      if (text === null || Number.isNaN(Date.parse(text))) ctx.report('invalid-value', 'error', value, ':clock :start is an ISO date string, e.g. "2026-11-29T10:00:00Z".');
    }
  }
  unknownKeys(ctx, clock, ['start', 'virtual'], ':clock');
  const expect = get('expect');
  unknownKeys(ctx, expect, expectKeys, ':expect');
  const status = entriesOf(expect).find((e) => keyName(e.key) === 'status');
  const sv = status ? unwrapMeta(status.value) : null;
  if (sv && !(sv.kind === 'keyword' && ['completed', 'failed', 'waiting', 'cancelled'].includes(sv.name))) ctx.report('invalid-value', 'error', status!.value, ':expect :status is one of :completed, :failed, :waiting, :cancelled.');
  return sortFindings(ctx.findings);
}

