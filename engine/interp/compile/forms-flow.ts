// The `flow/*` forms of the body. Steps, input, clock and slots go to the host; `flow/poll`
// is built from host steps too: the wrapped step, then a `:sleep` step, until `:return-on`
// holds. Its timeout counts the slept time (not the wall clock), so replays agree.
// `flow/call-flow` is handed to the host as a step of type `call-flow`. `flow/elapsed?` and
// `flow/backoff` have no documented signature; the ones here are inferred (see below).

import { Map as IMap, Set as ISet } from 'immutable';
import type { CollNode, Node } from '../../edn/nodes';
import { Keyword, type Value } from '../../edn/values';
import { parseDuration } from '../../language/duration';
import { pollProblems, type Known } from '../../language/poll-options';
import { compileError, InterpError, isCatchable, locate, ThrownValue } from '../errors';
import { getKey, invoke, refuel, R, truthy, type Code, type Frame } from '../runtime';
import { describe, ExceptionValue } from '../values';
import type { StepCall } from '../index';
import { defineSpecials, type CompilerApi, type Cx } from './context';
import { readBinding } from './scope';

const kw = (name: string): Keyword => Keyword.of(name);
const K = {
  type: kw('type'), interval: kw('interval'), timeout: kw('timeout'), maxAttempts: kw('max-attempts'), returnOn: kw('return-on'),
  backoff: kw('backoff'), abortOn: kw('abort-on'), id: kw('id'), status: kw('status'), error: kw('error?'), factor: kw('factor'),
  step: kw('step'), max: kw('max'), millis: kw('millis'), sleep: kw('sleep'), flowSlug: kw('flow-slug'), input: kw('input'),
};

function runtimeError(message: string, at: Node): never {
  throw new InterpError(message, at.start, at.end, { javaClass: 'java.lang.IllegalArgumentException' });
}

function argCount(list: CollNode, ok: (n: number) => boolean, usage: string): Node[] {
  const a = list.children.slice(1);
  if (!ok(a.length)) throw compileError(`Wrong number of args (${a.length}) passed to: ${(list.children[0] as { name: string; ns: string }).ns}/${(list.children[0] as { name: string }).name}; expected ${usage}`, list);
  return a;
}

function stepForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const a = argCount(list, (n) => n === 2 || n === 3, '(flow/step :type :id config) or (flow/step :ns/packaged config)');
  const inner: Cx = { ...cx, tail: false };
  const codes = a.map((n) => c.compile(n, inner));
  const three = codes.length === 3;
  const typeCode = codes[0]!;
  const idCode = three ? codes[1]! : null;
  const configCode = codes[codes.length - 1]!;
  const locals = localsReader(cx);
  return (f: Frame) => {
    const t = typeCode(f);
    if (!(t instanceof Keyword)) return runtimeError(`flow/step takes a step type keyword first, got ${describe(t)}`, a[0]!);
    let id: string | null = null;
    if (idCode !== null) {
      const i = idCode(f);
      if (!(i instanceof Keyword)) return runtimeError(`flow/step takes a step id keyword, got ${describe(i)}`, a[1]!);
      id = i.fqn;
    }
    const config = configCode(f);
    if (!IMap.isMap(config)) return runtimeError(`flow/step config must be a map, got ${describe(config)}`, a[a.length - 1]!);
    if (--R.fuel < 0) refuel(list);
    const call: StepCall = { type: t.fqn, id, config, node: list, locals: () => locals(f) };
    const result = R.host.step(call);
    return result === undefined ? null : result;
  };
}

/** Reads every visible local from a frame (for observers: the debugger's Variables view). */
function localsReader(cx: Cx): (f: Frame) => ReadonlyMap<string, Value> {
  const names = cx.scope.visible();
  const readers = names.map((name) => [name, readBinding(cx.scope.lookup(name)!, cx.scope.fn)] as const);
  return (f) => {
    const out = new Map<string, Value>();
    for (const [name, read] of readers) out.set(name, read(f));
    return out;
  };
}

function durationOf(v: Value, what: string, at: Node): number {
  if (typeof v === 'number' && v >= 0) return v;
  if (typeof v === 'string') {
    const ms = parseDuration(v);
    if (ms !== null) return ms;
  }
  return runtimeError(`flow/poll ${what} must be a duration such as "10s" or milliseconds, got ${describe(v)}`, at);
}

function pollFail(message: string, data: Record<string, Value>, at: Node): never {
  let m = IMap<Value, Value>();
  for (const [k, v] of Object.entries(data)) m = m.set(kw(k), v);
  throw new ThrownValue(new ExceptionValue(message, m), at.start, at.end);
}

/** The id of a literal `(flow/step :type :id ...)`, for naming the poll's sleep steps. */
function literalStepId(n: Node): string | null {
  if (n.kind !== 'list') return null;
  const [head, , id] = n.children;
  if (head?.kind !== 'symbol' || head.ns !== 'flow' || head.name !== 'step') return null;
  return id?.kind === 'keyword' ? id.name : null;
}

function pollForm(c: CompilerApi, list: CollNode, cx: Cx): Code {
  const a = argCount(list, (n) => n === 2, '(flow/poll opts step-form)');
  const inner: Cx = { ...cx, tail: false };
  const optsCode = c.compile(a[0]!, inner);
  const step = c.compile(a[1]!, inner);
  const defaultSleepId = `${literalStepId(a[1]!) ?? 'poll'}-poll-sleep`;
  return (f: Frame) => {
    const opts = optsCode(f);
    if (!IMap.isMap(opts)) return runtimeError(`flow/poll options must be a map, got ${describe(opts)}`, a[0]!);
    const get = (k: Keyword): Value => getKey(opts, k);
    const intervalV = get(K.interval);
    if (intervalV === null) return runtimeError('flow/poll needs :interval', a[0]!);
    const interval = durationOf(intervalV, ':interval', a[0]!);
    const timeout = get(K.timeout) === null ? null : durationOf(get(K.timeout), ':timeout', a[0]!);
    const maxV = get(K.maxAttempts);
    const maxAttempts = maxV === null ? null : typeof maxV === 'number' && Number.isInteger(maxV) && maxV > 0 ? maxV : runtimeError(`flow/poll :max-attempts must be a positive integer, got ${describe(maxV)}`, a[0]!);
    const returnOn = get(K.returnOn);
    const backoff = get(K.backoff);
    const known = <T>(v: T | null): Known<T> => (v === null ? { kind: 'absent' } : { kind: 'known', value: v });
    const backoffType = getKey(backoff, K.type);
    const problems = pollProblems({
      interval: known(interval),
      timeout: known(timeout),
      maxAttempts: known(maxAttempts),
      returnOn: known(returnOn),
      backoff: IMap.isMap(backoff) ? { kind: 'known', value: { type: backoffType instanceof Keyword ? backoffType.name : null, hasStep: getKey(backoff, K.step) !== null } } : { kind: 'absent' },
    });
    if (problems.length > 0) return runtimeError(problems[0]!.message, a[0]!);
    const abortOn = get(K.abortOn);
    const abortStatuses = getKey(abortOn, K.status);
    const abortOnError = getKey(abortOn, K.error) !== false;
    const idV = get(K.id);
    const sleepId = idV instanceof Keyword ? idV.fqn : typeof idV === 'string' ? idV : defaultSleepId;
    let delay = interval;
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      if (--R.fuel < 0) refuel(list);
      let result: Value = null;
      let errored = false;
      try {
        result = step(f);
      } catch (e) {
        if (abortOnError || !isCatchable(e)) throw e;
        errored = true;
      }
      if (!errored) {
        const status = getKey(result, K.status);
        if (status !== null && ISet.isSet(abortStatuses) && (abortStatuses as ISet<Value>).has(status))
          pollFail(`flow/poll aborted: status ${describe(status)} is in :abort-on`, { status, result, attempts: attempt }, list);
        let done: Value;
        try {
          done = invoke(returnOn, [result]);
        } catch (e) {
          throw locate(e, a[0]!.start, a[0]!.end);
        }
        if (truthy(done)) return result;
      }
      if (maxAttempts !== null && attempt >= maxAttempts) pollFail(`flow/poll gave up after ${attempt} attempts`, { attempts: attempt, result }, list);
      if (timeout !== null && waited + delay > timeout) pollFail(`flow/poll timed out after ${waited} ms of waiting`, { attempts: attempt, result, 'waited-ms': waited }, list);
      const sleep: StepCall = { type: 'sleep', id: sleepId, config: IMap<Value, Value>([[K.type, K.sleep], [K.millis, delay]]), node: list };
      R.host.step(sleep);
      waited += delay;
      delay = nextDelay(delay, interval, attempt, backoff, a[0]!);
    }
  };
}

function nextDelay(delay: number, interval: number, attempt: number, backoff: Value, at: Node): number {
  if (!IMap.isMap(backoff)) return delay;
  const type = getKey(backoff, K.type);
  const maxV = getKey(backoff, K.max);
  const cap = maxV === null ? Infinity : durationOf(maxV, ':backoff :max', at);
  let next = delay;
  if (type === kw('exponential')) {
    const factor = getKey(backoff, K.factor);
    next = delay * (typeof factor === 'number' ? factor : 2);
  } else if (type === kw('linear')) {
    const stepV = getKey(backoff, K.step);
    if (stepV === null) return runtimeError('flow/poll :backoff {:type :linear} needs :step', at);
    next = interval + durationOf(stepV, ':backoff :step', at) * attempt;
  }
  return Math.min(next, cap);
}

defineSpecials({
  'flow/step': stepForm,
  'flow/poll': pollForm,
  'flow/input': (_c, list) => {
    argCount(list, (n) => n === 0, '(flow/input)');
    return () => R.host.input() ?? null;
  },
  'flow/now-ms': (_c, list) => {
    argCount(list, (n) => n === 0, '(flow/now-ms)');
    return () => R.host.nowMs();
  },
  'flow/slot-bound?': (c, list, cx) => {
    const a = argCount(list, (n) => n === 1, '(flow/slot-bound? :slot)');
    const slot = c.compile(a[0]!, { ...cx, tail: false });
    return (f: Frame) => {
      const s = slot(f);
      if (!(s instanceof Keyword)) return runtimeError(`flow/slot-bound? takes a slot keyword, got ${describe(s)}`, a[0]!);
      const h = R.host;
      return h.slotBound !== undefined ? h.slotBound(s.fqn) : false;
    };
  },
  // Inferred: (flow/elapsed? since-ms duration) is true once `duration` has passed since `since-ms` on the run clock.
  'flow/elapsed?': (c, list, cx) => {
    const a = argCount(list, (n) => n === 2, '(flow/elapsed? since-ms duration)');
    const [since, dur] = a.map((n) => c.compile(n, { ...cx, tail: false })) as [Code, Code];
    return (f: Frame) => {
      const s = since(f);
      if (typeof s !== 'number') return runtimeError(`flow/elapsed? takes epoch milliseconds first, got ${describe(s)}`, a[0]!);
      return R.host.nowMs() - s >= durationOf(dur(f), 'duration', a[1]!);
    };
  },
  // Inferred: (flow/backoff base) is `base` in ms; (flow/backoff base attempt) doubles it per attempt
  // (attempt 0 is `base`); (flow/backoff base attempt max) caps it.
  'flow/backoff': (c, list, cx) => {
    const a = argCount(list, (n) => n >= 1 && n <= 3, '(flow/backoff base attempt? max?)');
    const codes = a.map((n) => c.compile(n, { ...cx, tail: false }));
    return (f: Frame) => {
      const base = durationOf(codes[0]!(f), 'base', a[0]!);
      const attempt = codes[1] === undefined ? 0 : codes[1](f);
      if (typeof attempt !== 'number') return runtimeError(`flow/backoff takes an attempt number, got ${describe(attempt)}`, a[1]!);
      const cap = codes[2] === undefined ? Infinity : durationOf(codes[2](f), 'max', a[2]!);
      return Math.min(base * 2 ** Math.max(0, attempt), cap);
    };
  },
  // (flow/call-flow slug input?) or (flow/call-flow {:flow-slug .. :input .. ...}): a host step of type `call-flow`.
  'flow/call-flow': (c, list, cx) => {
    const a = argCount(list, (n) => n >= 1 && n <= 3, '(flow/call-flow flow-slug input opts?)');
    const codes = a.map((n) => c.compile(n, { ...cx, tail: false }));
    return (f: Frame) => {
      const first = codes[0]!(f);
      let config: IMap<Value, Value>;
      if (IMap.isMap(first) && codes.length === 1) config = first as IMap<Value, Value>;
      else {
        config = IMap<Value, Value>([[K.flowSlug, first], [K.input, codes[1] === undefined ? IMap() : codes[1](f)]]);
        const opts = codes[2] === undefined ? null : codes[2](f);
        if (IMap.isMap(opts)) config = config.merge(opts as IMap<Value, Value>);
      }
      const slug = config.get(K.flowSlug, null);
      const id = slug instanceof Keyword ? slug.fqn : typeof slug === 'string' ? slug : null;
      if (id === null) return runtimeError(`flow/call-flow needs a flow slug (keyword or string), got ${describe(slug ?? null)}`, a[0]!);
      if (--R.fuel < 0) refuel(list);
      return R.host.step({ type: 'call-flow', id, config, node: list });
    };
  },
});
