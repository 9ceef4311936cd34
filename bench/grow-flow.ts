// Grows a real flow to a given number of lines, written as its author wrote it: the `let`
// bindings of its `:flow` body after the first two (`input`, and what is read from it) are
// repeated, each copy with its bound names and step ids numbered, and the body's result reads
// the last copy. The founding flow grown to 5,000 lines is the command line's "5,000-line flow"
// (design §10) at the density of the examples (34 to 50 characters a line; grown, 54);
// `generate.ts` writes a denser one (89), kept as a stress case.

import { readEdn } from '../engine/edn/reader';
import type { CollNode, Node } from '../engine/edn/nodes';
import { isKeyword, isSymbol, unwrapMeta } from '../engine/edn/nodes';

interface Edit {
  start: number;
  end: number;
  text: string;
}

function fail(why: string): never {
  throw new Error(`growFlow: ${why}`);
}

/** The `let` form of the flow map's quoted `:flow` body. */
function letOf(forms: Node[]): CollNode {
  const flow = forms[forms.length - 1];
  if (flow?.kind !== 'map') fail('the file does not end in a flow map');
  const at = flow.children.findIndex((k, i) => i % 2 === 0 && isKeyword(k, 'flow'));
  const body = at < 0 ? null : flow.children[at + 1]!;
  const quoted = body?.kind === 'quote' ? body.form : body;
  if (quoted?.kind !== 'list' || !isSymbol(quoted.children[0], 'let') || quoted.children[1]?.kind !== 'vector') fail('the :flow body is not a quoted let');
  return quoted;
}

/** Every node under `node`, depth first. */
function* walk(node: Node): Generator<Node> {
  yield node;
  if ('children' in node) for (const c of node.children) yield* walk(c);
  else if (node.kind === 'meta') {
    yield* walk(node.meta);
    if (node.form) yield* walk(node.form);
  } else if ('form' in node && node.form) yield* walk(node.form);
}

/** `text` with `edits` (sorted, not overlapping) applied. */
function apply(text: string, edits: Edit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + text.slice(at);
}

/** `text` (a flow file whose `:flow` is a quoted `let`) grown to at least `lines` lines. */
export function growFlow(text: string, lines: number): string {
  const parsed = readEdn(text);
  if (parsed.findings.length) fail(`the flow does not read cleanly: ${parsed.findings[0]!.message}`);
  const form = letOf(parsed.forms);
  const bindings = form.children[1] as CollNode;
  if (bindings.children.length < 6) fail('the let has fewer than three bindings');
  const first = bindings.children[4]!;
  const last = bindings.children[bindings.children.length - 1]!;
  // From the start of the third binding's line to the end of the last binding.
  const from = text.lastIndexOf('\n', first.start) + 1;
  const to = last.end;
  const names = new Set<string>();
  for (let i = 4; i < bindings.children.length; i += 2) {
    const name = unwrapMeta(bindings.children[i]!);
    if (name?.kind === 'symbol' && name.ns === null) names.add(name.name);
  }
  // Bound names where they are bound or read, and step ids, in the repeated part and the result.
  const renames = (lo: number, hi: number, ids: boolean): Edit[] => {
    const edits: Edit[] = [];
    for (const top of [bindings, ...form.children.slice(2)]) {
      for (const n of walk(top)) {
        if (n.start < lo || n.end > hi) continue;
        if (n.kind === 'symbol' && n.ns === null && names.has(n.name)) edits.push({ start: n.start, end: n.end, text: `${n.name}-#` });
        if (ids && n.kind === 'list' && isSymbol(n.children[0], 'flow/step') && n.children[2]?.kind === 'keyword') {
          const id = n.children[2];
          edits.push({ start: id.start, end: id.end, text: `${text.slice(id.start, id.end)}-#` });
        }
      }
    }
    return edits.sort((a, b) => a.start - b.start);
  };
  const part = text.slice(from, to);
  const partEdits = renames(from, to, true).map((e) => ({ ...e, start: e.start - from, end: e.end - from }));
  const head = text.slice(0, from);
  const tailEdits = renames(to, text.length, false).map((e) => ({ ...e, start: e.start - to, end: e.end - to }));
  const tail = text.slice(to);
  const count = (s: string) => s.split('\n').length - 1;
  const perCopy = count(part) + 1;
  const copies = Math.max(1, Math.ceil((lines - count(head) - count(tail)) / perCopy));
  const body: string[] = [];
  for (let k = 0; k < copies; k++) body.push(apply(part, partEdits.map((e) => ({ ...e, text: e.text.replace('#', String(k)) }))));
  return head + body.join('\n') + apply(tail, tailEdits.map((e) => ({ ...e, text: e.text.replace('#', String(copies - 1)) })));
}
