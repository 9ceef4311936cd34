// `{{variables}}` inside template strings: the keys of the `:data` that the steps using the
// template pass (plus what the platform injects into a wait's notification), or, for an
// inline notification channel, the keys of its own step's `:data`.

import type { CollNode, Node } from '../../../engine/edn/nodes';
import { unwrapMeta } from '../../../engine/edn/nodes';
import { mapGet } from '../../../engine/edn/navigate';
import type { DocumentAnalysis } from '../../../engine/language/analysis/index';
import { injectedWaitVariables, templateHelpers } from '../../../engine/language/check/templates';
import { sortKey, type CompletionEntry } from './items';
import type { CompletionSite } from './site';

interface Provided {
  name: string;
  /** Where it comes from, e.g. "`:data` of step :fetch-risk". */
  from: string;
}

function dataKeys(holder: Node | null | undefined): string[] {
  const data = unwrapMeta(mapGet(holder ?? null, 'data') ?? null);
  if (data?.kind !== 'map') return [];
  const out: string[] = [];
  for (let i = 0; i < data.children.length; i += 2) {
    const k = data.children[i]!;
    if (k.kind === 'keyword') out.push(k.name);
    else if (k.kind === 'string') out.push(k.value);
  }
  return out;
}

/** The step id of the `flow/step` call whose config (or a map inside it) is `map`. */
function stepIdAround(analysis: DocumentAnalysis, map: Node): string {
  for (const s of analysis.index.steps) if (s.config !== null && s.config.start <= map.start && map.end <= s.config.end) return s.id ? ':' + s.id : 'this step';
  return 'this step';
}

/** Variables a template string may use, with where each comes from. */
export function providedVariables(analysis: DocumentAnalysis, site: CompletionSite): Provided[] {
  const { path, contexts } = site.loc;
  const out: Provided[] = [];
  const seen = new Set<string>();
  const add = (name: string, from: string) => {
    if (!seen.has(name)) {
      seen.add(name);
      out.push({ name, from });
    }
  };
  for (let i = path.length - 1; i >= 0; i--) {
    const node = path[i]!;
    const ctx = contexts[i]!;
    if (ctx.kind !== 'map' || node.kind !== 'map') continue;
    if (ctx.schema.role === 'template') {
      const idNode = unwrapMeta(mapGet(node, 'id') ?? null);
      const id = idNode?.kind === 'keyword' ? idNode.name : null;
      for (const ref of analysis.index.refs) {
        if (ref.kind !== 'template' || ref.id !== id || ref.owner === null) continue;
        const step = stepIdAround(analysis, ref.owner);
        for (const k of dataKeys(ref.owner)) add(k, `\`:data\` of step ${step}`);
        if (ref.schema?.step?.type === 'wait') for (const k of injectedWaitVariables) add(k, 'injected into wait notifications');
      }
      return out;
    }
    // An inline channel: the nearest map with `:data` (a notify step, a wait's `:notify`).
    if (mapGet(node, 'data') !== undefined && (mapGet(node, 'channels') !== undefined || mapGet(node, 'template') !== undefined)) {
      const step = stepIdAround(analysis, node as CollNode);
      for (const k of dataKeys(node)) add(k, `\`:data\` of step ${step}`);
      if (ctx.schema.step?.type === 'wait') for (const k of injectedWaitVariables) add(k, 'injected into wait notifications');
      return out;
    }
  }
  return out;
}

/** True when the caret sits after an unclosed `{{` in the string. */
export function inPlaceholder(site: CompletionSite): boolean {
  const s = site.string;
  if (s === null) return false;
  const before = site.loc.text.slice(s.start + 1, site.loc.offset);
  return before.lastIndexOf('{{') > before.lastIndexOf('}}');
}

export function templateVariableItems(analysis: DocumentAnalysis, site: CompletionSite): CompletionEntry[] {
  const after = site.loc.text.slice(site.end, site.end + 2);
  const close = after === '}}' ? '' : '}}';
  const out: CompletionEntry[] = providedVariables(analysis, site).map((p) => ({
    label: p.name,
    kind: 'variable',
    detail: p.from,
    docs: `\`{{${p.name}}}\` — from ${p.from}.`,
    insertText: p.name + close,
    snippet: false,
    sortText: sortKey(0, p.name),
  }));
  for (const h of templateHelpers) out.push({ label: h, kind: 'function', detail: 'template helper', docs: `The \`${h}\` template helper.`, insertText: h, snippet: false, sortText: sortKey(2, h) });
  return out;
}
