// Handlebars in flows: every string of a template (and of inline notify channels) is parsed
// and walked as the renderer does (../template-reads.ts); `{{variables}}` are checked against the `:data` of each step
// that uses them, plus the variables the platform injects (approval links in waits).

import type { CollNode, Node, StringNode } from '../../edn/nodes';
import { unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { stringOffsets, valueIndexOf } from '../../edn/string-offsets';
import type { CheckContext } from './check-context';
import { msg } from './messages';
import { refId } from './refs';
import { parseTemplate, templateHelpers, walkTemplateReads, type HbsLoc, type HbsNode } from '../template-reads';

/** Variables the platform injects into a wait's notification. */
export const injectedWaitVariables = ['approval-url', 'rejection-url'];
export { templateHelpers } from '../template-reads';

export interface TemplateVariable {
  /** The top-level name (`user` for `{{user.name}}`). */
  name: string;
  /** Offsets in the source text. */
  start: number;
  end: number;
}

export interface TemplateScan {
  variables: TemplateVariable[];
  error: { message: string; start: number; end: number } | null;
}

/** Parses one string node's value as a template. */
export function scanTemplateString(text: string, node: StringNode): TemplateScan {
  const value = node.value;
  if (!value.includes('{{')) return { variables: [], error: null };
  const at = stringOffsets(text, node);
  let ast: HbsNode;
  try {
    ast = parseTemplate(value);
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const lines = raw.split('\n');
    const caretLine = lines.find((l) => /^-*\^$/.test(l));
    const lineMatch = /line (\d+)/.exec(raw);
    const column = caretLine ? caretLine.length - 1 : 0;
    const index = valueIndexOf(value, lineMatch ? Number(lineMatch[1]) : 1, column);
    const reason = lines[lines.length - 1] ?? raw;
    const start = at(index);
    return { variables: [], error: { message: reason, start, end: Math.max(start + 1, at(Math.min(index + 1, value.length))) } };
  }
  const variables: TemplateVariable[] = [];
  walkTemplateReads(ast, (p) => {
    const loc = p.loc as HbsLoc;
    const start = at(valueIndexOf(value, loc.start.line, loc.start.column));
    const end = at(valueIndexOf(value, loc.end.line, loc.end.column));
    variables.push({ name: p.parts[0]!, start, end });
  });
  return { variables, error: null };
}

/** Every string node inside a node (map values, vectors), for templates and channels. */
export function stringsIn(node: Node | undefined, out: StringNode[] = []): StringNode[] {
  const n = unwrapMeta(node ?? null);
  if (n === null) return out;
  if (n.kind === 'string') out.push(n);
  else if (n.kind === 'map' || n.kind === 'vector' || n.kind === 'list' || n.kind === 'set') for (const c of n.children) stringsIn(c, out);
  return out;
}

/** Scans the strings of a node, reporting syntax errors; returns the variables found. */
export function scanStrings(ctx: CheckContext, node: Node | undefined): TemplateVariable[] {
  const vars: TemplateVariable[] = [];
  for (const s of stringsIn(node)) {
    const scan = scanTemplateString(ctx.text, s);
    if (scan.error) ctx.report('invalid-template-syntax', 'error', scan.error, msg.templateSyntax(scan.error.message));
    vars.push(...scan.variables);
  }
  return vars;
}

/** Variables of each template, by id, filled by `checkTemplateBodies`. */
const templateVars = new WeakMap<CheckContext, Map<string, TemplateVariable[]>>();

/** Parses every template's strings once (reporting syntax errors) and remembers its variables. */
export function checkTemplateBodies(ctx: CheckContext): void {
  const byId = new Map<string, TemplateVariable[]>();
  for (const t of ctx.decls.templates.values()) {
    const entry = unwrapMeta(t.entry);
    if (entry?.kind !== 'map') continue;
    const vars: TemplateVariable[] = [];
    for (let i = 0; i + 1 < entry.children.length; i += 2) {
      const k = entry.children[i]!;
      if (k.kind === 'keyword' && (k.name === 'id' || k.name === 'type')) continue;
      vars.push(...scanStrings(ctx, entry.children[i + 1]!));
    }
    byId.set(t.id, vars);
  }
  templateVars.set(ctx, byId);
}

/** Keys a step's `:template` supplies (design §2: a template supplies what it holds). */
export function templateSupplies(ctx: CheckContext, templateNode: Node): Set<string> {
  const out = new Set<string>();
  const ref = refId(templateNode);
  const t = ref ? ctx.decls.templates.get(ref.id) : undefined;
  if (t === undefined) {
    // Unknown template: reported elsewhere; do not pile missing-key errors on top.
    for (const k of ['url', 'connection', 'path', 'sql', 'prompt', 'messages', 'system', 'channels']) out.add(k);
    return out;
  }
  const entry = unwrapMeta(t.entry);
  if (entry?.kind !== 'map') return out;
  const request = mapGet(entry, 'request');
  const body = request && unwrapMeta(request)?.kind === 'map' ? (unwrapMeta(request) as CollNode) : entry;
  for (let i = 0; i < body.children.length; i += 2) {
    const k = body.children[i]!;
    if (k.kind === 'keyword') out.add(k.name === 'query' && t.type === 'db-query' ? 'sql' : k.name);
  }
  return out;
}

/** Keys of a literal `:data` map; null when `:data` is an expression (not checkable). */
function dataKeys(data: Node | undefined): Set<string> | null {
  if (data === undefined) return new Set();
  const d = unwrapMeta(data);
  if (d?.kind !== 'map') return null;
  const keys = new Set<string>();
  for (let i = 0; i < d.children.length; i += 2) {
    const k = d.children[i]!;
    if (k.kind === 'keyword') keys.add(k.name);
    else if (k.kind === 'string') keys.add(k.value);
    else return null;
  }
  return keys;
}

function checkAgainst(ctx: CheckContext, vars: TemplateVariable[], provided: Set<string> | null, injected: string[], report: (v: TemplateVariable, provided: Set<string>) => void): void {
  if (provided === null) return;
  const seen = new Set<string>();
  for (const v of vars) {
    if (provided.has(v.name) || injected.includes(v.name) || templateHelpers.includes(v.name)) continue;
    if (seen.has(v.name + '@' + v.start)) continue;
    seen.add(v.name + '@' + v.start);
    report(v, provided);
  }
}

/** Template variables of one step: its `:template`, inline notify channels, wait notify. */
export function checkStepTemplateVariables(ctx: CheckContext, stepType: string, config: CollNode): void {
  const byId = templateVars.get(ctx);
  const useTemplate = (holder: Node, injected: string[]) => {
    const tnode = mapGet(holder, 'template');
    const ref = tnode ? refId(tnode) : null;
    const vars = ref ? byId?.get(ref.id) : undefined;
    if (!tnode || !ref || vars === undefined) return;
    const data = mapGet(holder, 'data');
    const reported = new Set<string>();
    checkAgainst(ctx, vars, dataKeys(data), injected, (v, provided) => {
      if (reported.has(v.name)) return;
      reported.add(v.name);
      ctx.report('unknown-template-variable', 'warning', data ?? tnode, msg.templateVariableMissing(v.name, ref.id, [...provided], injected), { name: v.name });
    });
  };
  const useInline = (channels: Node | undefined, holder: Node, injected: string[]) => {
    if (!channels) return;
    const vars = scanStrings(ctx, channels);
    checkAgainst(ctx, vars, dataKeys(mapGet(holder, 'data')), injected, (v, provided) => {
      ctx.report('unknown-template-variable', 'warning', v, msg.inlineVariableMissing(v.name, [...provided], injected), { name: v.name });
    });
  };
  if (stepType === 'wait') {
    const notify = mapGet(config, 'notify');
    if (notify && unwrapMeta(notify)?.kind === 'map') {
      useTemplate(notify, injectedWaitVariables);
      useInline(mapGet(notify, 'channels'), notify, injectedWaitVariables);
    }
    return;
  }
  useTemplate(config, []);
  if (stepType === 'notify') useInline(mapGet(config, 'channels'), config, []);
}
