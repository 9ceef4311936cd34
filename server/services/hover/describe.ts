// Hover texts for things the file itself declares or binds: a reference's definition
// (template body, function code, slot type and base URL, secret, invocation), a local with
// where it is bound and the shape of the step result it holds, a cron expression's next runs
// and a duration's length.

import type { Node } from '../../../engine/edn/nodes';
import { unwrapMeta } from '../../../engine/edn/nodes';
import { mapGet, mapKey } from '../../../engine/edn/navigate';
import { printNode } from '../../../engine/edn/printer';
import type { DocumentAnalysis, VisibleLocal } from '../../../engine/language/analysis/index';
import { stepTypeByName } from '../../../engine/language/catalog/index';
import type { RefKind } from '../../../engine/language/catalog/types';
import { checkCron, isTimeZone, nextRuns } from '../../../engine/language/cron';
import { describeCron } from '../../../engine/language/cron-words';
import { durationMs, formatDuration } from '../../../engine/language/duration';

const fence = (s: string) => '```clojure\n' + s + '\n```';
const code = (s: string) => '`' + s + '`';

function lineOf(analysis: DocumentAnalysis, offset: number): number {
  return analysis.lineOf(offset);
}

/** A node's source, with continuation lines shifted left by the node's own column. */
function sourceOf(analysis: DocumentAnalysis, node: Node, max = 1200): string {
  const text = analysis.text;
  const col = node.start - (text.lastIndexOf('\n', node.start - 1) + 1);
  const lines = text.slice(node.start, node.end).split('\n');
  const s = lines.map((l, i) => (i === 0 ? l : l.slice(Math.min(col, l.length - l.trimStart().length)))).join('\n');
  return s.length > max ? s.slice(0, max) + '\n...' : s;
}

function stringOf(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  return v?.kind === 'string' ? v.value : null;
}

function keywordOf(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  return v?.kind === 'keyword' ? v.name : null;
}

/** The definition of a referenced id, or a note that it is not declared. */
export function referenceHover(analysis: DocumentAnalysis, kind: RefKind, id: string): string {
  const d = analysis.decls;
  switch (kind) {
    case 'template': {
      const t = d.templates.get(id);
      if (!t) return `Template ${code(':' + id)} is not declared in \`:templates\`.`;
      return [`**template :${id}**${t.type ? ` — ${code(':' + t.type)}` : ''} (line ${lineOf(analysis, t.node.start)})`, '', fence(sourceOf(analysis, t.entry))].join('\n');
    }
    case 'function': {
      const f = d.functions.get(id);
      if (!f) return `Function ${code(':' + id)} is not declared in \`:functions\`.`;
      const codeNode = mapGet(f.entry, 'code');
      const body = stringOf(codeNode) ?? (codeNode ? printNode(codeNode) : '');
      return [`**function :${id}** (line ${lineOf(analysis, f.node.start)})`, '', fence(body)].join('\n');
    }
    case 'connection': {
      const s = d.slots.get(id);
      if (!s) return d.hasRequires ? `Slot ${code(':' + id)} is not declared in \`:requires\`.` : `${code(':' + id)} is a workspace connection (the flow declares no \`:requires\`).`;
      return slotHover(analysis, id);
    }
    case 'secret': {
      for (const s of d.slots.values()) {
        if (s.secretRef === id) return [`**secret :${id}** — the secret of slot ${code(':' + s.id)}`, '', fence(sourceOf(analysis, s.entry))].join('\n');
      }
      if (d.slots.has(id)) return slotHover(analysis, id);
      return `No \`:requires\` slot declares the secret ${code(':' + id)}; it must exist as a workspace secret.`;
    }
    case 'invocation': {
      const inv = d.invocations.get(id);
      if (!inv) return `Invocation ${code(':' + id)} is not declared in \`:invocations\`.`;
      return [`**invocation :${id}** (line ${lineOf(analysis, inv.node.start)})`, '', fence(`:${id} ${sourceOf(analysis, inv.entry)}`)].join('\n');
    }
    default:
      return `${code(':' + id)}`;
  }
}

function slotHover(analysis: DocumentAnalysis, id: string): string {
  const s = analysis.decls.slots.get(id)!;
  const baseUrl = stringOf(mapGet(s.entry, 'base-url'));
  const label = stringOf(mapGet(s.entry, 'label'));
  const auth = keywordOf(mapGet(mapGet(s.entry, 'auth'), 'type'));
  const facts = [s.type ? `type ${code(':' + s.type)}` : null, baseUrl ? `base URL ${code(baseUrl)}` : null, auth ? `auth ${code(':' + auth)}` : null, label ? `label "${label}"` : null].filter(Boolean);
  return [`**slot :${id}** — ${facts.join(', ')} (line ${lineOf(analysis, s.node.start)})`, '', fence(sourceOf(analysis, s.entry))].join('\n');
}

const kindWords: Record<string, string> = {
  let: 'bound by `let`', param: 'a parameter', for: 'bound by a loop', loop: 'bound by `loop`', letfn: 'a local function', catch: 'the caught exception', 'fn-name': "the function's own name", implicit: 'an argument of `#(...)`',
};

/** A local: where it is bound and, when it holds a step's result, that step and its result shape. */
export function localHover(analysis: DocumentAnalysis, local: VisibleLocal, toSource: (o: number) => number): string {
  const where = local.node ? ` (line ${lineOf(analysis, toSource(local.node.start))})` : '';
  const lines = [`**${local.name}** — local, ${kindWords[local.kind] ?? 'bound'}${where}`];
  const init = unwrapMeta(local.init);
  const head = init?.kind === 'list' ? init.children[0] : undefined;
  if (init?.kind === 'list' && head?.kind === 'symbol' && head.ns === 'flow' && head.name === 'step') {
    const t = unwrapMeta(init.children[1] ?? null);
    const idNode = init.children[2];
    const spec = t?.kind === 'keyword' && t.ns === null ? stepTypeByName(t.name) : undefined;
    const base = spec?.aliasOf ? (stepTypeByName(spec.aliasOf) ?? spec) : spec;
    const config = unwrapMeta(init.children[3] ?? null);
    lines.push('', `Holds the result of the ${code(printNode(t))} step ${code(printNode(idNode ?? null))}.`);
    if (config?.kind === 'map' && mapKey(config, 'persist') !== undefined) {
      lines.push('', 'Persisted (`:persist`): the result is a ref map such as `{:ref "res://..." :uri "res://..." :content-type .. :size-bytes ..}`, not the data itself.');
    } else if (base?.result) {
      lines.push('', `Shape: ${code('{' + base.result.keys.map((k) => ':' + k).join(' ') + '}')}`, '', base.result.docs);
    } else if (base?.type === 'function') {
      lines.push('', 'Shape: whatever the function returns.');
    }
  } else if (local.init !== null && local.kind !== 'param') {
    const src = printNode(local.init);
    lines.push('', fence(`${local.name} ${src.length > 200 ? src.slice(0, 200) + ' ...' : src}`));
  }
  return lines.join('\n');
}

function formatInZone(date: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).format(date);
}

/** A cron expression in words with its next runs in `zone` (default UTC). */
export function cronHover(expression: string, zone: string | null, now: Date = new Date()): string {
  const check = checkCron(expression);
  if (!check.ok) return `Cron ${code(JSON.stringify(expression))} does not parse: ${check.reason}.`;
  const tz = zone !== null && isTimeZone(zone) ? zone : 'UTC';
  const words = describeCron(expression);
  const lines = [`**Cron** ${code(expression)}${words ? ` — ${words}` : ''} (${tz})`, ''];
  try {
    const runs = nextRuns(expression, 5, now, tz);
    lines.push(`Next runs (${tz}):`, ...runs.map((r) => `- ${formatInZone(r, tz)}`));
  } catch {
    lines.push('No upcoming runs.');
  }
  return lines.join('\n');
}

const unitWords: [number, string][] = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
];

/** A duration's length in words and seconds. */
export function durationHover(value: string | number, unit: 'seconds' | 'ms', key: string): string | null {
  const ms = durationMs(value, unit);
  if (ms === null) return null;
  const words: string[] = [];
  let rest = ms;
  for (const [size, word] of unitWords) {
    if (rest >= size) {
      const n = Math.floor(rest / size);
      words.push(`${n} ${word}${n === 1 ? '' : 's'}`);
      rest -= n * size;
    }
  }
  if (rest > 0 || words.length === 0) words.push(`${rest} millisecond${rest === 1 ? '' : 's'}`);
  const written = typeof value === 'number' ? `${value} (${unit === 'seconds' ? 'seconds' : 'milliseconds'})` : JSON.stringify(value);
  return `**Duration** ${code(written)} for ${code(':' + key)}: ${words.join(' ')} (${formatDuration(ms)}, ${ms / 1000} s)`;
}
