// `:persist` on any step: `{:type :blob}` stores the result (an http body as it came) as a
// `res://` resource the store keeps and returns a ref map in its place; `{:type :kv :key ..}`
// writes the result to the KV store. Writes are effects, committed with the journal record.

import { Map as IMap } from 'immutable';
import { printValue, valueToJson } from '../edn/printer';
import { Keyword, type Value } from '../edn/values';
import type { RunStore } from '../store/port';
import { encodeValue } from './codec';
import { kget, kmap, knum, kstr } from './data';

export interface Persisted {
  result: Value;
  effects: (() => void)[];
}

function encodeBody(body: Value, contentType: string | null): { bytes: Uint8Array; contentType: string } {
  if (typeof body === 'string') return { bytes: new TextEncoder().encode(body), contentType: contentType ?? 'text/plain; charset=utf-8' };
  if (contentType && /json/.test(contentType)) return { bytes: new TextEncoder().encode(JSON.stringify(valueToJson(body), null, 2)), contentType };
  return { bytes: new TextEncoder().encode(printValue(body)), contentType: 'application/edn' };
}

export function persistResult(opts: { persist: Value; result: Value; stepType: string; runId: string; stepKey: string; store: RunStore; now: number }): Persisted {
  const { persist, result, stepType, runId, stepKey, store, now } = opts;
  const type = kstr(persist, 'type') ?? 'blob';
  if (type === 'kv') {
    const key = kstr(persist, 'key') ?? `runs:${runId}:${stepKey}`;
    const ttl = knum(persist, 'ttl');
    return {
      result: kmap({ type: Keyword.of('kv'), key, persisted: true }),
      effects: [() => store.kvSet({ key, value: encodeValue(result), metadata: null, expiresAt: ttl ? now + ttl * 1000 : null, updatedAt: now })],
    };
  }
  const isHttp = stepType === 'http' && IMap.isMap(result) && kget(result, 'status') !== undefined;
  const headers = isHttp ? kget(result, 'headers') : undefined;
  const declared = kstr(persist, 'content-type') ?? (isHttp ? (kstr(headers, 'content-type') ?? null) : null);
  const payload = isHttp ? (kget(result, 'body') ?? null) : result;
  const { bytes, contentType } = encodeBody(payload, declared ?? (isHttp ? null : null));
  const uri = `res://runs/${runId}/${stepKey.replace('#', '-')}`;
  const ref = kmap({
    ref: uri,
    uri,
    'content-type': contentType,
    'size-bytes': bytes.length,
    ...(kstr(persist, 'filename') ? { filename: kstr(persist, 'filename')! } : {}),
  });
  const effects = [() => store.putBlob({ uri, runId, stepKey, contentType, size: bytes.length, content: bytes, createdAt: now })];
  if (isHttp) {
    const m = (result as IMap<Value, Value>)
      .set(Keyword.of('body'), kmap({ type: Keyword.of('omitted'), reason: Keyword.of('persisted') }))
      .set(Keyword.of('blob-ref'), ref)
      .set(Keyword.of('ref'), uri)
      .set(Keyword.of('uri'), uri);
    return { result: m, effects };
  }
  return { result: ref, effects };
}
