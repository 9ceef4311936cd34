// Helpers shared by the EDN reader suites: iterative tree walks (deep inputs must not blow
// the JS stack in the tests themselves), structural comparison modulo positions, and the
// example flows.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { childrenOf, isColl, type Node } from '../../engine/edn/nodes';

/** The repository root, found from the compiled test's location (build/test/edn). */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

export interface ExampleFile {
  name: string;
  text: string;
}

/** Every `*.flow.edn` in `examples/` and in `test/fixtures/examples/`. */
export function exampleFlows(): ExampleFile[] {
  const root = repoRoot();
  const out: ExampleFile[] = [];
  for (const dir of ['examples', 'test/fixtures/examples']) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const f of fs.readdirSync(abs).sort()) {
      if (f.endsWith('.flow.edn')) out.push({ name: `${dir}/${f}`, text: fs.readFileSync(path.join(abs, f), 'utf8') });
    }
  }
  return out;
}

/** Every node in the forest, parents before children, without recursion. */
export function allNodes(forms: Node[]): Node[] {
  const out: Node[] = [];
  const todo: Node[] = [...forms].reverse();
  while (todo.length > 0) {
    const n = todo.pop()!;
    out.push(n);
    const kids = childrenOf(n);
    for (let k = kids.length - 1; k >= 0; k--) todo.push(kids[k]!);
  }
  return out;
}

/** Deepest nesting of nodes (a lone atom has depth 1), without recursion. */
export function treeDepth(forms: Node[]): number {
  let max = 0;
  const todo: [Node, number][] = forms.map((n) => [n, 1]);
  while (todo.length > 0) {
    const [n, d] = todo.pop()!;
    if (d > max) max = d;
    for (const k of childrenOf(n)) todo.push([k, d + 1]);
  }
  return max;
}

/** The node of `kind` spanning exactly [start, end), if any. */
export function findSpan(forms: Node[], start: number, end: number, kind?: string): Node | undefined {
  return allNodes(forms).find((n) => n.start === start && n.end === end && (kind === undefined || n.kind === kind));
}

/** A node without offsets, for comparing trees read from different texts. */
export function strip(node: Node | null): unknown {
  if (node === null) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'start' || k === 'end') continue;
    if (k === 'children') out[k] = (v as Node[]).map(strip);
    else if (k === 'form' || k === 'meta') out[k] = strip(v as Node | null);
    else out[k] = v;
  }
  return out;
}

export { isColl };
