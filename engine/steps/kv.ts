// The `:kv` step: every operation of spec §10.9 on the workspace KV store, with ttl (checked
// at read time on the run's clock) and limits. Reads and writes happen inside the step's
// commit transaction, so a replayed or resumed run never applies an operation twice.

import { List } from 'immutable';
import type { Value } from '../edn/values';
import { limitBytes, limitValue } from '../language/catalog/limits';
import { decodeValue, encodeValue } from '../run/codec';
import { kget, kmap, knum, kstr, nameOf } from '../run/data';
import type { AttemptResult, Executor } from './types';

const keyPattern = /^[a-zA-Z0-9_\-:.]+$/;
export const KV_MAX_KEY = limitValue('kv-key-length');
export const KV_MAX_VALUE_BYTES = limitBytes('kv-value-size');
export const KV_MIN_TTL = limitValue('kv-ttl-min');
export const KV_MAX_TTL = limitValue('kv-ttl-max');

function invalid(message: string): AttemptResult {
  return { kind: 'error', error: { message, code: 'kv-invalid' }, retryable: false };
}

export const kvExecutor: Executor = async (ctx): Promise<AttemptResult> => {
  const c = ctx.config;
  const op = nameOf(kget(c, 'operation')) ?? 'get';
  const key = kget(c, 'key');
  const keyText = typeof key === 'string' ? key : nameOf(key);
  if (op !== 'list-keys') {
    if (keyText === null) return invalid(`:kv :${op} needs a :key string`);
    if (keyText.length > KV_MAX_KEY) return invalid(`kv key is ${keyText.length} characters; the limit is ${KV_MAX_KEY}`);
    if (!keyPattern.test(keyText)) return invalid(`kv key ${JSON.stringify(keyText)} may hold only letters, digits, _ - : and . (no /)`);
  }
  const ttl = knum(c, 'ttl');
  if (ttl !== null && (ttl < KV_MIN_TTL || ttl > KV_MAX_TTL)) return invalid(`:ttl must be between ${KV_MIN_TTL} and ${KV_MAX_TTL} seconds; it is ${ttl}`);
  const now = ctx.clock.now();
  const expiresAt = ttl !== null ? now + ttl * 1000 : null;
  const store = ctx.store;
  const read = (k: string): Value | undefined => {
    const e = store.kvGet(k, now);
    return e === undefined ? undefined : decodeValue(e.value);
  };
  const write = (k: string, v: Value): void => {
    const text = encodeValue(v);
    if (text.length > KV_MAX_VALUE_BYTES) throw new Error(`kv value is ${text.length} bytes; the limit is 1 MB`);
    store.kvSet({ key: k, value: text, metadata: kget(c, 'metadata') !== undefined ? encodeValue(kget(c, 'metadata')!) : null, expiresAt, updatedAt: now });
  };
  const ok = (commit: () => Value): AttemptResult => ({ kind: 'ok', result: null, mocked: false, commit });
  const k = keyText!;
  switch (op) {
    case 'get':
      return ok(() => {
        const v = read(k);
        return v === undefined ? kmap({ success: true, value: kget(c, 'default') ?? null, 'exists?': false }) : kmap({ success: true, value: v, 'exists?': true });
      });
    case 'set': {
      const value = kget(c, 'value');
      if (value === undefined) return invalid(':kv :set needs a :value');
      return ok(() => {
        const exists = read(k) !== undefined;
        if (exists && kget(c, 'if-not-exists') === true) return kmap({ success: true, key: k, 'created?': false });
        write(k, value);
        return kmap({ success: true, key: k, 'created?': !exists });
      });
    }
    case 'delete':
      return ok(() => kmap({ success: true, key: k, 'deleted?': store.kvDelete(k) }));
    case 'exists':
      return ok(() => kmap({ success: true, key: k, 'exists?': read(k) !== undefined }));
    case 'increment': {
      const delta = knum(c, 'delta') ?? 1;
      return ok(() => {
        const prev = read(k);
        const previous = typeof prev === 'number' ? prev : 0;
        write(k, previous + delta);
        return kmap({ success: true, key: k, value: previous + delta, previous });
      });
    }
    case 'append': {
      const item = kget(c, 'item');
      const items = kget(c, 'items');
      if (item === undefined && items === undefined) return invalid(':kv :append needs :item or :items');
      const maxLength = knum(c, 'max-length') ?? 1000;
      return ok(() => {
        const prev = read(k);
        let list = List.isList(prev) ? (prev as List<Value>) : List<Value>();
        list = item !== undefined ? list.push(item) : list.concat(List.isList(items) ? (items as List<Value>) : List([items!]));
        if (list.size > maxLength) list = list.slice(list.size - maxLength);
        write(k, list);
        return kmap({ success: true, key: k, count: list.size });
      });
    }
    case 'list-keys': {
      const prefix = kstr(c, 'prefix') ?? '';
      const limit = Math.min(1000, knum(c, 'limit') ?? 1000);
      return ok(() => {
        const keys = store.kvKeys(prefix, now, limit);
        return kmap({ success: true, keys: List(keys), count: keys.length });
      });
    }
    default:
      return invalid(`unknown :kv operation :${op}; use :get :set :delete :exists :increment :append or :list-keys`);
  }
};

