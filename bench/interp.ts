// Interpreter speed on the founding flow's body (examples/advanced-order-orchestration):
// one replay evaluates the whole body against a host answering every step from canned
// results, as the run engine does after each step. Beside it, the same body written by hand
// in JS over the same immutable.js values, measured in the same run; the ratio is the
// interpretive overhead. Also: compile time of the body, and a function-code call.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Map as IMap } from 'immutable';
import { readEdn } from '../engine/edn/reader';
import { mapGet } from '../engine/edn/navigate';
import { nodeToValue } from '../engine/edn/convert';
import { Keyword, type Value } from '../engine/edn/values';
import { compileForm, compileFunction, type Host, type StepCall } from '../engine/interp/index';

const k = Keyword.of;
const m = (entries: [string, Value][]): IMap<Value, Value> => IMap<Value, Value>(entries.map(([key, v]) => [k(key), v]));

const results: Record<string, Value> = {
  'fetch-order': m([['status', 200], ['body', m([['id', 'o-1']])]]),
  'fetch-risk': m([['risk-level', k('high')], ['score', 91]]),
  'risk-summary': m([['risk-level', k('high')], ['risk-score', 91], ['needs-approval', true]]),
  'persist-risk': m([['ref', 'res://runs/r1/persist-risk'], ['content-type', 'application/edn']]),
  'manager-approval': m([['action', 'approve'], ['by', 'ops@example.com']]),
  'fulfill-order': m([['status', 200]]),
  'write-audit': m([['success', true]]),
  'send-outcome-email': m([['sent', true]]),
};
const input = m([['order-id', 'o-1']]);

function host(): Host & { steps: number } {
  const h = {
    steps: 0,
    step(call: StepCall): Value {
      h.steps++;
      return results[call.id ?? ''] ?? null;
    },
    input: () => input,
    nowMs: () => 0,
    branch: () => undefined,
  };
  return h;
}

/** A map built the way a careful JS author would: one mutable pass, keys interned. */
function b(...kvs: Value[]): IMap<Value, Value> {
  return IMap<Value, Value>().withMutations((mm) => {
    for (let i = 0; i < kvs.length; i += 2) mm.set(kvs[i]!, kvs[i + 1]!);
  });
}

// Keywords and constant parts hoisted once, as a hand-written version would.
const K = Object.fromEntries(
  ['order-id', 'connection', 'orders-api', 'method', 'get', 'path', 'retry', 'template', 'fetch-risk', 'data', 'ref', 'risk-summary', 'input', 'order', 'risk', 'summary', 'persist',
    'needs-approval', 'key', 'timeout', 'on-timeout', 'continue', 'default-value', 'notify', 'approval-notice', 'risk-score', 'action', 'approve', 'reject', 'post', 'status',
    'type', 'kv', 'operation', 'set', 'value', 'risk-level', 'artifact-ref', 'ttl', 'channels', 'http', 'sendgrid', 'approval', 'risk-artifact-ref', 'fulfillment', 'notification'].map((n) => [n, k(n)]),
) as Record<string, Keyword>;
const C = {
  retry3: b(k('max-attempts'), 3, k('backoff-ms'), 500),
  retry3b: b(k('max-attempts'), 3, k('backoff-ms'), 1000),
  retry4: b(k('max-attempts'), 4, k('backoff-ms'), 1500),
  blob: b(K.type!, k('blob')),
  rejectTimeout: b(K.action!, K.reject!, k('reason'), k('timeout')),
  autoApprove: b(K.action!, K.approve!, k('reason'), k('auto')),
  notFulfilled: b(K.status!, k('not-fulfilled')),
  channels: b(K.http!, b(K.connection!, K.sendgrid!, K.path!, '/v3/mail/send', K.method!, K.post!)),
};

/** The body by hand: the same lookups, maps and step calls, no interpreter. */
function handWritten(h: Host, node: StepCall['node']): Value {
  const get = (x: Value, key: Keyword): Value => (IMap.isMap(x) ? ((x as IMap<Value, Value>).get(key) ?? null) : null);
  const inp = h.input();
  const orderId = get(inp, K['order-id']!);
  const call = (type: string, id: string, config: Value): Value => h.step({ type, id, config, node });
  const order = call('http', 'fetch-order', b(K.connection!, K['orders-api']!, K.method!, K.get!, K.path!, '/orders/' + String(orderId), K.retry!, C.retry3));
  const risk = call('http', 'fetch-risk', b(K.connection!, K['orders-api']!, K.template!, K['fetch-risk']!, K.data!, b(K['order-id']!, orderId), K.retry!, C.retry3b));
  const summary = call('function', 'risk-summary', b(K.ref!, K['risk-summary']!, K.input!, risk));
  const artifact = call('function', 'persist-risk', b(K.input!, b(K.order!, order, K.risk!, risk, K.summary!, summary), K.persist!, C.blob));
  const needs = get(summary, K['needs-approval']!);
  const approval =
    needs !== null && needs !== false
      ? call('wait', 'manager-approval', b(K.key!, 'approval:order:' + String(orderId), K.timeout!, '2h', K['on-timeout']!, K.continue!, K['default-value']!, C.rejectTimeout, K.notify!, b(K.template!, K['approval-notice']!, K.data!, b(K['order-id']!, orderId, K['risk-score']!, get(summary, K['risk-score']!)))))
      : C.autoApprove;
  const a = get(approval, K.action!);
  const action = a instanceof Keyword ? a : k(typeof a === 'string' ? a : 'reject');
  const fulfillment = action === K.approve ? call('http', 'fulfill-order', b(K.connection!, K['orders-api']!, K.method!, K.post!, K.path!, '/orders/' + String(orderId) + '/fulfill', K.retry!, C.retry4)) : C.notFulfilled;
  call('kv', 'write-audit', b(K.type!, K.kv!, K.operation!, K.set!, K.key!, 'orders:audit:' + String(orderId), K.value!, b(K['order-id']!, orderId, K.action!, action, K['risk-level']!, get(summary, K['risk-level']!), K['artifact-ref']!, get(artifact, K.ref!)), K.ttl!, 604800));
  const notify = call('notify', 'send-outcome-email', b(K.type!, K.notify!, K.channels!, C.channels, K.data!, b(K['order-id']!, orderId, K.action!, action.name, K['artifact-ref']!, get(artifact, K.ref!))));
  return b(K['order-id']!, orderId, K.action!, action, K.approval!, approval, K['risk-summary']!, summary, K['risk-artifact-ref']!, get(artifact, K.ref!), K.fulfillment!, fulfillment, K.notification!, notify);
}

function timePerCall(fn: () => void, minMs = 300): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return (elapsed * 1000) / n; // microseconds
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<void> {
  const file = path.join(__dirname, '../../examples/advanced-order-orchestration.flow.edn');
  const text = readFileSync(file, 'utf8');
  const parsed = readEdn(text);
  const flow = mapGet(parsed.forms[0], 'flow');
  if (flow === undefined || flow.kind !== 'quote' || flow.form === null) throw new Error('no quoted :flow in the founding flow');
  const bodyNode = flow.form;

  const compileUs = timePerCall(() => void compileForm(bodyNode, { mode: 'body', source: text }), 200);
  const compiled = compileForm(bodyNode, { mode: 'body', source: text });
  const h = host();
  const interpOut = compiled.run(h);
  const stepsPerReplay = h.steps;
  const handOut = handWritten(host(), bodyNode as StepCall['node']);
  if (!IMap.isMap(interpOut) || !IMap.isMap(handOut) || (interpOut as IMap<Value, Value>).size !== (handOut as IMap<Value, Value>).size) console.log('  (warning: the hand-written body returns a different shape)');

  const interp: number[] = [];
  const hand: number[] = [];
  for (let round = 0; round < 5; round++) {
    interp.push(timePerCall(() => void compiled.run(h)));
    hand.push(timePerCall(() => void handWritten(h, bodyNode as StepCall['node'])));
  }
  const iu = median(interp);
  const hu = median(hand);
  console.log(`interpreter: founding flow body, ${stepsPerReplay} steps per replay; median of 5 interleaved rounds`);
  console.log(`  interpreted replay     ${iu.toFixed(2).padStart(8)} us   (${(iu / stepsPerReplay).toFixed(2)} us per step)`);
  console.log(`  hand-written JS        ${hu.toFixed(2).padStart(8)} us   (${(hu / stepsPerReplay).toFixed(2)} us per step)`);
  console.log(`  interpreted / JS = ${(iu / hu).toFixed(2)}   (engine budget: 30 us per step for the whole engine)`);
  console.log(`  compile the body       ${compileUs.toFixed(1).padStart(8)} us   (once per flow snapshot)`);

  const fnCode = '(fn [risk] {:risk-level (:risk-level risk) :risk-score (:score risk) :needs-approval (= :high (:risk-level risk))})';
  const fn = compileFunction(fnCode);
  const riskInput = nodeToValue(readEdn('{:risk-level :high :score 91}').forms[0]!);
  const fnUs = timePerCall(() => void fn(riskInput));
  const kLevel = k('risk-level');
  const kScore = k('score');
  const kRiskScore = k('risk-score');
  const kNeeds = k('needs-approval');
  const kHigh = k('high');
  const fnHand = timePerCall(() => {
    const r = riskInput as IMap<Value, Value>;
    b(kLevel, r.get(kLevel) ?? null, kRiskScore, r.get(kScore) ?? null, kNeeds, r.get(kLevel) === kHigh);
  });
  console.log(`  function code call     ${fnUs.toFixed(2).padStart(8)} us   beside JS ${fnHand.toFixed(2)} us (ratio ${(fnUs / fnHand).toFixed(2)})`);
}
