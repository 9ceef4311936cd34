// The key facts a graph node shows, read from the source as written: an `:http` step's
// connection, method and path; a function step's function; a wait's timeout and
// on-timeout; the template; and the options every step shares (retry, on-error, persist).

import type { Node } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { printNode } from '../../edn/printer';
import type { StepSite } from '../analysis/index';
import type { GraphFact } from './types';

/** Longest fact value shown; longer forms are cut with an ellipsis. */
export const MAX_FACT_LENGTH = 48;

/** A value as the reader would want to see it: strings without quotes, forms printed and cut. */
export function factText(node: Node | undefined | null): string | null {
  const v = unwrapMeta(node ?? null);
  if (v === null) return null;
  const text = v.kind === 'string' ? v.value : printNode(v);
  return text.length > MAX_FACT_LENGTH ? text.slice(0, MAX_FACT_LENGTH - 1) + '…' : text;
}

/** A string or keyword value's name (`"x"` -> x, `:x` -> x), else null. */
export function nameOf(node: Node | undefined | null): string | null {
  const v = unwrapMeta(node ?? null);
  if (v?.kind === 'string') return v.value;
  if (v?.kind === 'keyword') return v.ns === null ? v.name : `${v.ns}/${v.name}`;
  return null;
}

function push(out: GraphFact[], name: string, node: Node | undefined | null): void {
  const text = factText(node);
  if (text !== null) out.push({ name, value: text });
}

/** Facts of one step call, most telling first. */
export function stepFacts(site: StepSite): GraphFact[] {
  const cfg = site.config;
  const out: GraphFact[] = [];
  if (cfg === null) return out;
  const get = (key: string) => mapGet(cfg, key);
  const type = site.spec?.aliasOf ?? site.type;
  switch (type) {
    case 'http': {
      push(out, 'connection', get('connection'));
      const method = nameOf(get('method'));
      const where = factText(get('path') ?? get('url'));
      if (method !== null || where !== null) out.push({ name: 'request', value: [method?.toUpperCase(), where].filter((s) => s).join(' ') });
      break;
    }
    case 'function': {
      const ref = get('ref');
      if (ref !== undefined) push(out, 'function', ref);
      else if (get('code') !== undefined) out.push({ name: 'function', value: 'inline :code' });
      break;
    }
    case 'wait':
      push(out, 'key', get('key'));
      push(out, 'timeout', get('timeout'));
      if (get('timeout') !== undefined || get('on-timeout') !== undefined) out.push({ name: 'on-timeout', value: factText(get('on-timeout')) ?? ':fail' });
      push(out, 'notify', mapGet(get('notify') ?? null, 'template') ?? null);
      break;
    case 'kv':
      push(out, 'operation', get('operation'));
      push(out, 'key', get('key'));
      break;
    case 'notify': {
      const channels = unwrapMeta(get('channels') ?? null);
      if (channels?.kind === 'map') out.push({ name: 'channels', value: channels.children.filter((_, i) => i % 2 === 0).map((k) => printNode(k)).join(' ') });
      break;
    }
    case 'sleep':
      push(out, 'duration', get('duration') ?? get('seconds') ?? get('ms'));
      break;
    default:
      push(out, 'connection', get('connection'));
      break;
  }
  push(out, 'template', get('template'));
  const attempts = mapGet(get('retry') ?? null, 'max-attempts');
  if (attempts !== undefined) push(out, 'retry', attempts);
  push(out, 'on-error', get('on-error'));
  const persist = get('persist');
  if (persist !== undefined) push(out, 'persist', mapGet(persist, 'type') ?? persist);
  return out;
}
