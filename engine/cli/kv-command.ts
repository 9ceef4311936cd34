// `flow-edn kv list|get|set|delete`: the local KV store that `:kv` steps read and write, so
// a person can see and seed it. Times are the wall clock (runs on a virtual clock write
// entries at their virtual time); expired entries read as missing, as in a run.

import { parseArgs } from 'node:util';
import { valueToJson } from '../edn/printer';
import { prettyValue } from '../edn/pretty';
import { formatDuration, parseDuration } from '../language/duration';
import { decodeValue, encodeValue } from '../run/codec';
import type { KvEntry } from '../store/port';
import { paint } from '../run/paint';
import { openCliStore, parseData, requireFormat } from './engine-setup';
import { UsageError, type CommandIO } from './io';

export const kvHelp = `Usage: flow-edn kv list [PREFIX] [--limit N]
       flow-edn kv get KEY
       flow-edn kv set KEY VALUE [--ttl DURATION]
       flow-edn kv delete KEY
Options: --db PATH, --format text|json

VALUE is EDN or JSON, like --input. --ttl takes 30s, 2h, 7d or seconds; without it the
entry does not expire. Each entry is shown with its time to live.`;

function entryJson(e: KvEntry, now: number): unknown {
  return {
    key: e.key,
    value: valueToJson(decodeValue(e.value)),
    valueEdn: e.value,
    expiresAt: e.expiresAt === null ? null : new Date(e.expiresAt).toISOString(),
    ttlSeconds: e.expiresAt === null ? null : Math.max(0, Math.round((e.expiresAt - now) / 1000)),
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}

function entryText(e: KvEntry, now: number, io: CommandIO): string {
  const p = paint(io.colour);
  const ttl = e.expiresAt === null ? p.dim('no ttl') : p.dim(`ttl ${formatDuration(Math.max(0, e.expiresAt - now))} (expires ${new Date(e.expiresAt).toISOString()})`);
  const value = prettyValue(decodeValue(e.value), io.width ?? 100, 2);
  return `${p.bold(e.key)}  ${ttl}\n  ${value.split('\n').join('\n  ')}`;
}

export async function runKv(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { ttl: { type: 'string' }, limit: { type: 'string' }, db: { type: 'string' }, format: { type: 'string' } } });
  const format = requireFormat(values.format);
  const [op, ...rest] = positionals;
  const now = Date.now();
  const need = (n: number, usage: string) => {
    if (rest.length !== n) throw new UsageError(`kv ${op} takes ${usage}`);
  };
  if (op === 'set') need(2, 'a key and a value, e.g. `flow-edn kv set orders:audit:A-1 \'{:action :approve}\'`');
  else if (op === 'get' || op === 'delete') need(1, 'one key');
  else if (op === 'list') {
    if (rest.length > 1) throw new UsageError('kv list takes at most one prefix');
  } else throw new UsageError(`kv takes list, get, set or delete${op ? `, not '${op}'` : ''}`);
  let ttlMs: number | null = null;
  if (values.ttl !== undefined) {
    ttlMs = /^\d+$/.test(values.ttl) ? Number(values.ttl) * 1000 : parseDuration(values.ttl);
    if (ttlMs === null || ttlMs <= 0) throw new UsageError(`--ttl takes a duration such as 30s, 2h or 7d, or seconds, not '${values.ttl}'`);
  }
  const value = op === 'set' ? parseData(rest[1]!, 'VALUE') : undefined;
  const store = openCliStore(values.db);
  try {
    switch (op) {
      case 'list': {
        const limit = Number(values.limit ?? 1000);
        const entries = store.kvKeys(rest[0] ?? '', now, limit).map((k) => store.kvGet(k, now)).filter((e): e is KvEntry => e !== undefined);
        if (format === 'json') io.out(JSON.stringify({ entries: entries.map((e) => entryJson(e, now)) }, null, 2));
        else if (entries.length === 0) io.out(rest[0] ? `no keys starting with ${JSON.stringify(rest[0])}` : 'no keys');
        else io.out(entries.map((e) => entryText(e, now, io)).join('\n'));
        return 0;
      }
      case 'get': {
        const e = store.kvGet(rest[0]!, now);
        if (e === undefined) {
          if (format === 'json') io.out(JSON.stringify({ entry: null }, null, 2));
          io.err(`flow-edn kv: no key ${JSON.stringify(rest[0])} (or it expired)`);
          return 1;
        }
        io.out(format === 'json' ? JSON.stringify({ entry: entryJson(e, now) }, null, 2) : entryText(e, now, io));
        return 0;
      }
      case 'set': {
        const entry: KvEntry = { key: rest[0]!, value: encodeValue(value!), metadata: null, expiresAt: ttlMs === null ? null : now + ttlMs, updatedAt: now };
        store.kvSet(entry);
        io.out(format === 'json' ? JSON.stringify({ entry: entryJson(entry, now) }, null, 2) : `set ${entryText(entry, now, io)}`);
        return 0;
      }
      default: {
        const removed = store.kvDelete(rest[0]!, now);
        if (format === 'json') io.out(JSON.stringify({ key: rest[0], deleted: removed }, null, 2));
        else io.out(removed ? `deleted ${rest[0]}` : `no key ${JSON.stringify(rest[0])}; nothing deleted`);
        return removed ? 0 : 1;
      }
    }
  } finally {
    store.close();
  }
}

