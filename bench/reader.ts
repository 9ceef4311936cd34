// Reader throughput beside its baselines, measured in one process on the same data:
// `readEdn` on an order-like EDN file, `JSON.parse` on the same records as JSON, and
// `edn-data`'s `parseEDNString` on the EDN. Design §10 asks for >= 1/2 of JSON.parse and
// >= 4x edn-data; the figures are ratios because absolute speeds vary between machines.

import { parseEDNString } from 'edn-data';
import { readEdn } from '../engine/edn/reader';

/** Deterministic pseudo-random numbers (mulberry32), so every run reads the same text. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// A tiny data model that prints both ways: keywords become strings in JSON, sets arrays,
// decimals (`12.5M`) plain numbers.
type Datum =
  | { k: 'kw'; v: string }
  | { k: 'str'; v: string }
  | { k: 'int'; v: number }
  | { k: 'dec'; v: string }
  | { k: 'float'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'nil' }
  | { k: 'vec'; v: Datum[] }
  | { k: 'set'; v: Datum[] }
  | { k: 'map'; v: [string, Datum][] };

const kw = (v: string): Datum => ({ k: 'kw', v });
const str = (v: string): Datum => ({ k: 'str', v });
const int = (v: number): Datum => ({ k: 'int', v });
const map = (...v: [string, Datum][]): Datum => ({ k: 'map', v });

function toEdn(d: Datum, out: string[], indent: string): void {
  switch (d.k) {
    case 'kw':
      out.push(':' + d.v);
      return;
    case 'str':
      out.push(JSON.stringify(d.v));
      return;
    case 'int':
      out.push(String(d.v));
      return;
    case 'dec':
      out.push(d.v + 'M');
      return;
    case 'float':
      out.push(d.v);
      return;
    case 'bool':
      out.push(String(d.v));
      return;
    case 'nil':
      out.push('nil');
      return;
    case 'vec':
    case 'set': {
      // `indent` is the column of the opener; maps go one per line, aligned after it.
      const open = d.k === 'vec' ? '[' : '#{';
      const inner = indent + ' '.repeat(open.length);
      out.push(open);
      d.v.forEach((x, i) => {
        if (i > 0) out.push(x.k === 'map' ? '\n' + inner : ' ');
        toEdn(x, out, inner);
      });
      out.push(d.k === 'vec' ? ']' : '}');
      return;
    }
    case 'map': {
      out.push('{');
      const inner = indent + ' ';
      d.v.forEach(([key, x], i) => {
        if (i > 0) out.push('\n' + inner);
        out.push(':' + key + ' ');
        toEdn(x, out, inner + ' '.repeat(key.length + 2));
      });
      out.push('}');
      return;
    }
  }
}

function toJson(d: Datum): unknown {
  switch (d.k) {
    case 'kw':
    case 'str':
    case 'int':
    case 'bool':
      return d.v;
    case 'dec':
    case 'float':
      return Number(d.v);
    case 'nil':
      return null;
    case 'vec':
    case 'set':
      return d.v.map(toJson);
    case 'map':
      return Object.fromEntries(d.v.map(([key, x]) => [key, toJson(x)]));
  }
}

function orderRecord(i: number, r: () => number): Datum {
  const statuses = ['pending', 'paid', 'shipped', 'cancelled', 'refunded'];
  const tiers = ['bronze', 'silver', 'gold'];
  const items: Datum[] = [];
  const itemCount = 1 + Math.floor(r() * 4);
  for (let k = 0; k < itemCount; k++) {
    items.push(
      map(
        ['sku', str(`SKU-${Math.floor(r() * 100000)}`)],
        ['qty', int(1 + Math.floor(r() * 9))],
        ['unit-price', { k: 'dec', v: (r() * 500).toFixed(2) }],
        ['discount', { k: 'float', v: (r() * 0.3).toFixed(3) }],
      ),
    );
  }
  const tags: Datum[] = ['priority', 'gift', 'fragile', 'b2b', 'export'].filter(() => r() < 0.4).map(kw);
  return map(
    ['order-id', str(`ord-${String(i).padStart(7, '0')}`)],
    ['status', kw(statuses[Math.floor(r() * statuses.length)]!)],
    ['customer', map(
      ['id', int(Math.floor(r() * 1e6))],
      ['name', str(`Customer ${i} "Quoted" Name`)],
      ['email', str(`customer${i}@example.com`)],
      ['tier', kw(tiers[Math.floor(r() * tiers.length)]!)],
    )],
    ['items', { k: 'vec', v: items }],
    ['total', { k: 'dec', v: (r() * 2000).toFixed(2) }],
    ['tags', { k: 'set', v: tags }],
    ['express', { k: 'bool', v: r() < 0.5 }],
    ['note', r() < 0.3 ? str('Leave at the door.\nRing twice.') : { k: 'nil' }],
    ['retry', map(['max-attempts', int(3)], ['backoff-ms', int(500 + Math.floor(r() * 1000))])],
  );
}

/** An order-like flow-ish EDN file of at least `minBytes`, and the same records as JSON. */
export function orderData(minBytes: number): { edn: string; json: string; records: number } {
  const r = rng(42);
  const parts: string[] = [';; Generated order records for the reader benchmark.\n{:slug :order-records\n :records\n ['];
  const json: unknown[] = [];
  let size = 0;
  let i = 0;
  while (size < minBytes) {
    const rec = orderRecord(i, r);
    const out: string[] = [i === 0 ? '' : '\n  '];
    toEdn(rec, out, '  ');
    const chunk = out.join('');
    parts.push(chunk);
    size += chunk.length;
    json.push(toJson(rec));
    i++;
  }
  parts.push(']}\n');
  return { edn: parts.join(''), json: JSON.stringify({ slug: 'order-records', records: json }, null, 1), records: i };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Case {
  name: string;
  mb: number;
  f: () => unknown;
  ms: number[];
}

let sink = 0;

/** One timed run. The result is dropped at once: kept, a reader's large result would be
 *  copied by garbage collections that the next parser's run triggers, and charged to it. */
function timeOnce(c: Case): number {
  const t0 = process.hrtime.bigint();
  const v = c.f();
  const t1 = process.hrtime.bigint();
  if (v === undefined) sink++;
  return Number(t1 - t0) / 1e6;
}

export async function run(): Promise<void> {
  const { edn, json, records } = orderData(1.5 * 1024 * 1024);
  const ednMB = Buffer.byteLength(edn) / (1024 * 1024);
  const jsonMB = Buffer.byteLength(json) / (1024 * 1024);

  // Sanity: the reader must read the benchmark data cleanly.
  const check = readEdn(edn);
  if (check.findings.length > 0 || check.forms.length !== 1) {
    console.log(`reader bench: data did not read cleanly (${check.findings.length} findings)`);
  }

  const cases: Case[] = [
    { name: 'readEdn', mb: ednMB, f: () => readEdn(edn), ms: [] },
    { name: 'JSON.parse', mb: jsonMB, f: () => JSON.parse(json), ms: [] },
    { name: 'edn-data', mb: ednMB, f: () => parseEDNString(edn), ms: [] },
  ];
  const warmup = 3;
  const reps = 15;
  // Interleaved so that machine noise (other processes, thermal state) hits all alike.
  for (let rep = 0; rep < warmup + reps; rep++) {
    for (const c of cases) {
      const ms = timeOnce(c);
      if (rep >= warmup) c.ms.push(ms);
    }
  }
  const mbps = (c: Case) => c.mb / (median(c.ms) / 1000);
  const [reader, jsonParse, ednData] = cases.map(mbps) as [number, number, number];

  console.log(`reader: ${records} order records; EDN ${ednMB.toFixed(2)} MB, JSON ${jsonMB.toFixed(2)} MB; median of ${reps} interleaved runs after ${warmup} warm-up`);
  for (const c of cases) {
    console.log(`  ${c.name.padEnd(11)} ${mbps(c).toFixed(1).padStart(7)} MB/s   (median ${median(c.ms).toFixed(1)} ms, min ${Math.min(...c.ms).toFixed(1)} ms)`);
  }
  const vsJson = reader / jsonParse;
  const vsEdnData = reader / ednData;
  console.log(`  readEdn / JSON.parse = ${vsJson.toFixed(2)}  (target >= 0.50: ${vsJson >= 0.5 ? 'met' : 'NOT met'})`);
  console.log(`  readEdn / edn-data   = ${vsEdnData.toFixed(2)}  (target >= 4.00: ${vsEdnData >= 4 ? 'met' : 'NOT met'})`);
  if (sink > 0) console.log('  (a parser returned undefined)');
}

if (require.main === module) {
  run().catch((e) => {
    console.error(e);
  });
}
