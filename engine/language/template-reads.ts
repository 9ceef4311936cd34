// What a Handlebars template reads: one parse (memoised by text; plain templates without
// Handlebars, simple-template.ts) and one walk, shared by the
// renderer (engine/run/render.ts: variables missing from `:data`) and the checker
// (check/templates.ts: the same, with source offsets), with the one list of helpers.

import { parseSimpleTemplate } from './simple-template';

/**
 * Handlebars' parser alone (no compiler, runtime or source maps), loaded on the first template
 * that is not plain `{{path}}` mustaches (simple-template.ts answers those): a `check` of most
 * flows never evaluates it.
 */
function handlebarsParse(text: string): HbsNode {
  const base = require('handlebars/dist/cjs/handlebars/compiler/base') as { parse: (t: string) => HbsNode };
  return base.parse(text);
}

/** Helpers the platform's templating offers (spec §6.2) besides Handlebars' built-ins. */
export const templateHelpers: readonly string[] = ['truncate', 'json', 'length', 'join', 'first', 'last', 'default'];
/** Handlebars' built-in helpers a flow template may use (`log` is refused at render time). */
export const builtinHelpers: readonly string[] = ['if', 'unless', 'each', 'with', 'lookup'];
/** Blocks whose body reads from another context than the template's data. */
const contextChanging = new Set(['each', 'with']);
const helperNames = new Set([...templateHelpers, ...builtinHelpers]);

/** A node of Handlebars' syntax tree, as far as the walk looks at it. */
export type HbsNode = { type: string; loc?: HbsLoc; [k: string]: unknown };
export type HbsLoc = { start: { line: number; column: number }; end: { line: number; column: number } };

const parsed = new Map<string, HbsNode | Error>();

/** Handlebars' parse of `text`, memoised (the same strings recur across steps, edits and runs). Throws its syntax error. */
export function parseTemplate(text: string): HbsNode {
  let hit = parsed.get(text);
  if (hit === undefined) {
    try {
      hit = parseSimpleTemplate(text) ?? handlebarsParse(text);
    } catch (e) {
      hit = e instanceof Error ? e : new Error(String(e));
    }
    if (parsed.size > 2000) parsed.clear();
    parsed.set(text, hit);
  }
  if (hit instanceof Error) throw hit;
  return hit;
}

/**
 * Calls `onRead` with each path the template reads from its data at the top level: `{{x}}`,
 * `{{x.y}}` (the path; its first part is the variable), helper arguments and hash values
 * (also inside sub-expressions), block parameters. Not: helper names, `@data`, `this`,
 * `../x`, the body of `each`/`with` (another context), the first argument of `default`
 * (it exists to cover a missing value).
 */
export function walkTemplateReads(ast: HbsNode, onRead: (path: HbsNode & { parts: string[] }) => void): void {
  const read = (p: HbsNode | undefined) => {
    if (p?.type !== 'PathExpression' || p.data === true || (p.depth as number) > 0 || p.original === 'this') return;
    if ((p.parts as string[]).length > 0) onRead(p as HbsNode & { parts: string[] });
  };
  const args = (n: HbsNode) => {
    const params = (n.params as HbsNode[] | undefined) ?? [];
    const isDefault = (n.path as HbsNode | undefined)?.type === 'PathExpression' && (n.path as HbsNode).original === 'default';
    for (const p of isDefault ? params.slice(1) : params) expr(p);
    for (const pair of (n.hash as { pairs?: { value: HbsNode }[] } | undefined)?.pairs ?? []) expr(pair.value);
  };
  const expr = (n: HbsNode) => {
    if (n.type === 'SubExpression') args(n);
    else read(n);
  };
  const visit = (n: HbsNode | null | undefined, inContext: boolean): void => {
    if (!n) return;
    switch (n.type) {
      case 'Program':
        for (const s of n.body as HbsNode[]) visit(s, inContext);
        return;
      case 'MustacheStatement': {
        if (!inContext) return;
        const hasArgs = (n.params as unknown[]).length > 0 || ((n.hash as { pairs?: unknown[] } | undefined)?.pairs?.length ?? 0) > 0;
        if (hasArgs) args(n);
        else if (!helperNames.has((n.path as HbsNode).original as string)) read(n.path as HbsNode);
        return;
      }
      case 'BlockStatement': {
        if (inContext) args(n);
        visit(n.program as HbsNode, inContext && !contextChanging.has((n.path as HbsNode).original as string));
        visit(n.inverse as HbsNode, inContext);
        return;
      }
      default:
        return;
    }
  };
  visit(ast, true);
}

const names = new Map<string, string[]>();

/** The top-level variable names `text` reads (syntax errors: none; they surface when rendering). */
export function templateReadNames(text: string): string[] {
  let hit = names.get(text);
  if (hit === undefined) {
    const out = new Set<string>();
    try {
      walkTemplateReads(parseTemplate(text), (p) => out.add(p.parts[0]!));
    } catch {
      // syntax errors surface when rendering
    }
    hit = [...out];
    if (names.size > 2000) names.clear();
    names.set(text, hit);
  }
  return hit;
}
