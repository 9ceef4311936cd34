// Placeholder values for what a flow reads off its input: typed by the invocation input's
// `:type` where the flow declares one, a map where the flow reads keys inside, else a string
// naming the key. Printed as EDN (scenario files) or as JSON (webhook payloads).

import { printString } from '../edn/printer';
import type { InputTree } from './input-reads';

export type Placeholder = string | number | boolean | PlaceholderMap;
export interface PlaceholderMap {
  entries: { key: string; keyword: boolean; value: Placeholder }[];
}

const byType: Record<string, Placeholder> = {
  number: 1,
  boolean: false,
  checkbox: false,
  email: 'you@example.com',
  date: '2026-01-01',
  time: '09:00',
  datetime: '2026-01-01T09:00:00Z',
  json: { entries: [] },
  password: 'password',
  secret: 'secret',
};

/** The skeleton of an input tree: one entry per key read, placeholders at the leaves. */
export function skeletonOf(tree: InputTree): PlaceholderMap {
  return {
    entries: [...tree.values()].map((k) => ({
      key: k.name,
      keyword: k.keyword,
      value:
        k.children.size > 0
          ? skeletonOf(k.children)
          : (k.example ?? byType[k.type ?? ''] ?? (k.name.endsWith('?') ? false : `example-${k.name.replace(/[^A-Za-z0-9_-]/g, '')}`)),
    })),
  };
}

/** EDN text, one key per line, nested maps indented under their key. */
export function printPlaceholderEdn(v: Placeholder, indent: number): string {
  if (typeof v === 'string') return printString(v);
  if (typeof v !== 'object') return String(v);
  if (v.entries.length === 0) return '{}';
  const lines = v.entries.map((e, i) => {
    const key = e.keyword ? ':' + e.key : printString(e.key);
    const pad = i === 0 ? '' : ' '.repeat(indent + 1);
    return pad + key + ' ' + printPlaceholderEdn(e.value, indent + 2 + key.length);
  });
  return '{' + lines.join('\n') + '}';
}

/** JSON data: keys without their colon. */
export function placeholderJson(v: Placeholder): unknown {
  if (typeof v !== 'object') return v;
  return Object.fromEntries(v.entries.map((e) => [e.key, placeholderJson(e.value)]));
}
