// The outline of a flow: requires, templates, functions, entry points (triggers,
// invocations, interfaces, schedules) and the body's steps in order, nested under the
// branches they sit in, with the labels of `^{:label .. :yes .. :no ..}`. Pure data.

import type { CollNode, Node } from '../../engine/edn/nodes';
import { unwrapMeta } from '../../engine/edn/nodes';
import { mapEntries, mapGet } from '../../engine/edn/navigate';
import { printNode } from '../../engine/edn/printer';
import { bodyOf, isIfForm, isStepCall, type Branch, type DocumentAnalysis } from '../../engine/language/analysis/index';

export type OutlineKind = 'namespace' | 'variable' | 'struct' | 'function' | 'event' | 'interface' | 'module' | 'method' | 'boolean' | 'enum-member' | 'key';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  /** The whole thing, and the part to select (its id). */
  start: number;
  end: number;
  selectionStart: number;
  selectionEnd: number;
  children: OutlineSymbol[];
}

function sym(name: string, kind: OutlineKind, range: Node, selection: Node, detail?: string, children: OutlineSymbol[] = []): OutlineSymbol {
  return { name, kind, start: range.start, end: range.end, selectionStart: selection.start, selectionEnd: selection.end, children, ...(detail ? { detail } : {}) };
}

function text(node: Node | undefined): string | null {
  const v = unwrapMeta(node ?? null);
  if (v === null) return null;
  if (v.kind === 'string') return v.value;
  if (v.kind === 'keyword') return printNode(v);
  return null;
}

function entries(value: Node): CollNode[] {
  const v = unwrapMeta(value);
  return v?.kind === 'vector' ? v.children.map((c) => unwrapMeta(c)).filter((c): c is CollNode => c?.kind === 'map') : [];
}

/** One entry map of a section: named by its id key (`:slot`, `:id`, ...) or its label. */
function entrySymbol(entry: CollNode, idKeys: string[], kind: OutlineKind, detailKeys: string[]): OutlineSymbol {
  let idNode: Node | undefined;
  for (const k of idKeys) if ((idNode = mapGet(entry, k)) !== undefined) break;
  const name = text(idNode) ?? text(mapGet(entry, 'label')) ?? '{...}';
  const detail = detailKeys.map((k) => text(mapGet(entry, k))).filter((d): d is string => d !== null).join(' ');
  return sym(name, kind, entry, idNode ?? entry, detail || undefined);
}

function sectionSymbol(key: Node, value: Node, kind: OutlineKind, children: OutlineSymbol[]): OutlineSymbol {
  return { name: printNode(key), kind, start: key.start, end: value.end, selectionStart: key.start, selectionEnd: key.end, children };
}

const loopHeads = new Set(['for', 'doseq', 'loop', 'dotimes']);

/** Steps of the body in order, nested under labelled branches (and unlabelled ifs holding steps). */
function bodySymbols(analysis: DocumentAnalysis, node: Node, inLoop: boolean): OutlineSymbol[] {
  const branches = new Map<Node, Branch>();
  for (const b of analysis.index.branches) if (b.ifForm) branches.set(b.ifForm, b);
  const walk = (n: Node, loop: boolean): OutlineSymbol[] => {
    if (n.kind === 'quote') return [];
    if (isStepCall(n)) {
      const site = analysis.index.stepByCall.get(n);
      const typeText = printNode(n.children[1] ?? null);
      const idNode = site?.idNode ?? n.children[1] ?? n;
      const name = site?.id ? ':' + site.id : typeText;
      const nested = n.children.slice(1).flatMap((c) => walk(c, loop));
      return [sym(name, 'method', n, idNode, `${typeText}${loop ? ' (in a loop)' : ''}`, nested)];
    }
    const form = unwrapMeta(n);
    if (form !== null && isIfForm(form)) {
      const branch = branches.get(form);
      const [, test, then, otherwise] = form.children;
      const testSyms = test ? walk(test, loop) : [];
      const yes = then ? walk(then, loop) : [];
      const no = otherwise ? walk(otherwise, loop) : [];
      if (branch === undefined && yes.length === 0 && no.length === 0) return testSyms;
      const arms: OutlineSymbol[] = [...testSyms];
      if (then && (branch || yes.length)) arms.push(sym(`yes: ${branch?.yes ?? 'then'}`, 'boolean', then, then, undefined, yes));
      if (otherwise && (branch || no.length)) arms.push(sym(`no: ${branch?.no ?? 'else'}`, 'boolean', otherwise, otherwise, undefined, no));
      const name = branch?.label ?? `if ${test ? printNode(test).slice(0, 40) : ''}`;
      return [sym(name, 'enum-member', n, branch?.meta.meta ?? form.children[0] ?? form, 'branch', arms)];
    }
    if (n.kind === 'list' && n.children[0]?.kind === 'symbol' && loopHeads.has(n.children[0].name)) return n.children.slice(1).flatMap((c) => walk(c, true));
    const kids = n.kind === 'meta' ? (n.form ? [n.form] : []) : 'children' in n ? n.children : 'form' in n && n.form ? [n.form] : [];
    return kids.flatMap((c) => walk(c, loop));
  };
  return walk(node, inLoop);
}

export function documentSymbols(analysis: DocumentAnalysis): OutlineSymbol[] {
  const flow = analysis.flow;
  if (flow === null) return [];
  const out: OutlineSymbol[] = [];
  for (const { key, value } of mapEntries(flow)) {
    if (key.kind !== 'keyword' || key.ns !== null) continue;
    switch (key.name) {
      case 'requires':
        out.push(sectionSymbol(key, value, 'namespace', entries(value).map((e) => entrySymbol(e, ['slot'], 'variable', ['type', 'kind']))));
        break;
      case 'templates':
        out.push(sectionSymbol(key, value, 'namespace', entries(value).map((e) => entrySymbol(e, ['id'], 'struct', ['type']))));
        break;
      case 'functions':
        out.push(sectionSymbol(key, value, 'namespace', entries(value).map((e) => entrySymbol(e, ['id'], 'function', []))));
        break;
      case 'steps':
      case 'agents':
        out.push(sectionSymbol(key, value, 'namespace', entries(value).map((e) => entrySymbol(e, ['id'], 'function', ['type']))));
        break;
      case 'triggers':
        out.push(sectionSymbol(key, value, 'namespace', entries(value).map((e) => entrySymbol(e, ['label'], 'event', ['type']))));
        break;
      case 'schedules':
        out.push(sectionSymbol(key, value, 'namespace', entries(value).map((e) => entrySymbol(e, ['id'], 'event', ['cron']))));
        break;
      case 'invocations': {
        const v = unwrapMeta(value);
        const kids = v?.kind === 'map' ? mapEntries(v).map(({ key: k, value: inv }) => ({ ...sym(printNode(k), 'interface', { start: k.start, end: inv.end } as Node, k), children: [] })) : [];
        out.push(sectionSymbol(key, value, 'namespace', kids));
        break;
      }
      case 'interfaces': {
        const v = unwrapMeta(value);
        const cats = v?.kind === 'map' ? mapEntries(v).map(({ key: k, value: list }) => sectionSymbol(k, list, 'namespace', entries(list).map((e) => entrySymbol(e, ['id', 'tool-name'], 'event', ['invocation'])))) : [];
        out.push(sectionSymbol(key, value, 'namespace', cats));
        break;
      }
      case 'flow': {
        const body = bodyOf(flow);
        out.push(sectionSymbol(key, value, 'module', body ? bodySymbols(analysis, body, false) : []));
        break;
      }
      default:
        break;
    }
  }
  return out;
}
