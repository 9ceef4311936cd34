// Completion in code: locals in scope and the functions and special forms allowed at that
// place (the `:flow` body or function code), step snippets at the head of a body form, and
// step types after `(flow/step `.

import type { CollNode, Node } from '../../../engine/edn/nodes';
import { unwrapMeta } from '../../../engine/edn/nodes';
import { printNode } from '../../../engine/edn/printer';
import { visibleLocals, type DocumentAnalysis, type VisibleLocal } from '../../../engine/language/analysis/index';
import { catalog, prohibitedByName } from '../../../engine/language/catalog/index';
import type { CallableSpec } from '../../../engine/language/catalog/types';
import { callableDocs, stepDocs } from '../docs';
import { sortKey, type CompletionEntry } from './items';
import type { CompletionSite } from './site';

const bindingWords: Record<string, string> = {
  let: 'let binding', param: 'parameter', for: 'loop binding', loop: 'loop binding', letfn: 'local function', catch: 'caught exception', 'fn-name': 'function name', implicit: 'fn literal argument',
};

/** The `(flow/step ...)` call an init expression is, if any. */
function stepOf(init: Node | null): CollNode | null {
  const v = unwrapMeta(init);
  if (v?.kind !== 'list') return null;
  const head = v.children[0];
  return head?.kind === 'symbol' && head.ns === 'flow' && head.name === 'step' ? v : null;
}

function callableEntry(spec: CallableSpec, group: number): CompletionEntry {
  return {
    label: spec.name,
    kind: spec.special ? 'special-form' : 'function',
    detail: spec.signature.split(' / ')[0],
    docs: callableDocs(spec),
    insertText: spec.name,
    snippet: false,
    sortText: sortKey(group, spec.name),
  };
}

/** At most this many locals go into one answer; past it the list is cut and marked incomplete,
 *  so the editor asks again as the user types (the typed prefix then narrows it server-side). */
export const localsLimit = 150;

/** Whether `name` holds the characters of `prefix` in order (the editor's fuzzy match, loosely). */
function fuzzyHas(name: string, prefix: string): boolean {
  let i = 0;
  for (let j = 0; j < name.length && i < prefix.length; j++) if (name[j] === prefix[i]) i++;
  return i === prefix.length;
}

/** The locals worth offering for the typed prefix: exact prefix matches first, then fuzzy ones,
 *  innermost first inside each; cut at `localsLimit` (`cut` says whether any were left out). */
export function localsFor(site: CompletionSite): { locals: VisibleLocal[]; cut: boolean } {
  const exact: VisibleLocal[] = [];
  const fuzzy: VisibleLocal[] = [];
  const prefix = site.prefix;
  for (const local of visibleLocals(site.loc.path, site.loc.offset)) {
    if (local.kind === 'implicit' && !prefix.startsWith('%')) continue;
    if (local.name.startsWith(prefix)) exact.push(local);
    else if (fuzzyHas(local.name, prefix)) fuzzy.push(local);
  }
  const all = exact.length >= localsLimit ? exact : exact.concat(fuzzy);
  const cut = exact.length + fuzzy.length > localsLimit;
  return { locals: cut ? all.slice(0, localsLimit) : all, cut };
}

/** What a local is bound to, one line: the step it holds the result of, or its binding form. */
function localDetail(local: VisibleLocal): string {
  const step = stepOf(local.init);
  return step ? `result of ${printNode(step.children[1] ?? null)} step ${printNode(step.children[2] ?? null)}` : bindingWords[local.kind] ?? 'local';
}

/** A local's Markdown documentation, with the result shape of the step it holds. */
function localDocs(local: VisibleLocal): string {
  const step = stepOf(local.init);
  const typeNode = step ? unwrapMeta(step.children[1] ?? null) : null;
  const spec = typeNode?.kind === 'keyword' ? catalog.steps.find((s) => s.type === typeNode.name) : undefined;
  const shape = spec?.result ? `\n\nShape: \`{${spec.result.keys.map((k) => ':' + k).join(' ')}}\`` : '';
  return `**${local.name}** — ${localDetail(local)}${shape}`;
}

/** Locals, then functions and forms allowed in `mode`; `cut` when locals were left out. Locals
 *  carry no documentation: `completionItem/resolve` fills it in (`resolveLocalDocs`). */
export function codeItems(site: CompletionSite, mode: 'body' | 'function'): { items: CompletionEntry[]; cut: boolean } {
  const out: CompletionEntry[] = [];
  const { locals, cut } = localsFor(site);
  for (const local of locals) {
    out.push({ label: local.name, kind: 'local', detail: localDetail(local), insertText: local.name, snippet: false, sortText: sortKey(0, local.name), resolvable: true });
  }
  out.push(...callableEntries(mode));
  return { items: out, cut };
}

/** The documentation of the local `name` visible at the completion site, for `completionItem/resolve`. */
export function resolveLocalDocs(site: CompletionSite, name: string): string | undefined {
  const local = visibleLocals(site.loc.path, site.loc.offset).find((l) => l.name === name);
  return local === undefined ? undefined : localDocs(local);
}

const callableCache = new Map<'body' | 'function', CompletionEntry[]>();

/** The functions and forms allowed in `mode`, built once (entries are never mutated). */
function callableEntries(mode: 'body' | 'function'): CompletionEntry[] {
  let entries = callableCache.get(mode);
  if (entries === undefined) {
    const allowed = (c: CallableSpec) => (mode === 'body' ? c.inBody && !prohibitedByName.has(c.name) : c.inFunctions);
    entries = [];
    for (const c of catalog.flowForms) if (allowed(c)) entries.push(callableEntry(c, 1));
    for (const c of catalog.core) if (allowed(c)) entries.push(callableEntry(c, 2));
    if (mode === 'function') for (const c of catalog.sandbox) entries.push(callableEntry(c, 3));
    callableCache.set(mode, entries);
  }
  return entries;
}

/** At the head of a body form: whole `(flow/step :type :id {...})` calls from the catalog's snippets. */
export function stepSnippets(site: CompletionSite): CompletionEntry[] {
  const list = site.container;
  const closed = list?.kind === 'list' && list.closed && list.children.length <= 1;
  return catalog.steps
    .filter((s) => !s.deprecated)
    .map((s) => {
      let body = s.snippet.startsWith('(') ? s.snippet.slice(1) : s.snippet;
      if (closed && body.endsWith(')')) body = body.slice(0, -1);
      return { label: `flow/step :${s.type}`, kind: 'snippet', detail: s.summary, docs: stepDocs(s), insertText: body, snippet: true, sortText: sortKey(1, 'flow/step ' + s.type), filterText: `flow/step :${s.type}` };
    });
}

/** Step types after `(flow/step `, with the rest of the call when nothing follows yet. */
export function stepTypeItems(analysis: DocumentAnalysis, site: CompletionSite): CompletionEntry[] {
  const call = site.container;
  const nothingAfter = call?.kind === 'list' && call.children.length <= 2;
  const out: CompletionEntry[] = [];
  for (const s of catalog.steps) {
    const label = ':' + s.type;
    let insertText = label;
    let snippet = false;
    if (nothingAfter && s.snippet.startsWith(`(flow/step :${s.type}`)) {
      insertText = s.snippet.slice('(flow/step '.length);
      if (call.kind === 'list' && call.closed && insertText.endsWith(')')) insertText = insertText.slice(0, -1);
      snippet = true;
    }
    out.push({ label, kind: 'step-type', detail: s.summary, docs: stepDocs(s), insertText, snippet, sortText: sortKey(s.deprecated ? 9 : 0, s.type), filterText: label, ...(s.deprecated ? { deprecated: true } : {}) });
  }
  for (const p of analysis.decls.packaged.values()) {
    const label = ':' + p.id;
    out.push({ label, kind: 'step-type', detail: 'packaged step', docs: '```clojure\n' + analysis.text.slice(p.entry.start, p.entry.end) + '\n```', insertText: label, snippet: false, sortText: sortKey(1, p.id), filterText: label });
  }
  return out;
}
