// Values as the Variables view shows them: EDN printed (cut for the view, whole for copies),
// children computed only when a node is expanded, each with the expression that reads it
// (`evaluateName`: Add to Watch, Copy as Expression). Knows no DAP: the session maps nodes
// to its handles.

import { isMap, isList, isSet, isVector, Keyword, type Value } from '../edn/values';
import { printValue } from '../edn/printer';

export interface VariableNode {
  name: string;
  /** Printed EDN, cut to a line for the view. */
  value: string;
  /** The value's kind: map, vector, string, keyword... */
  type: string;
  /** An expression of the flow language that reads this value in the frame's scope. */
  evaluateName: string | null;
  /** The value itself (for copies and edits). */
  raw: Value;
  /** Present when the value has children. */
  children?: () => VariableNode[];
  /** What the node is, for `setVariable`: a step's result may be edited. */
  editable?: { stepKey: string };
  /** How many children (for the view's paging). */
  count?: number;
}

const SHOWN = 160;

export function printShort(v: Value): string {
  const s = printValue(v);
  return s.length > SHOWN ? s.slice(0, SHOWN - 1) + '…' : s;
}

export function typeOf(v: Value): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number' || typeof v === 'bigint') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (v instanceof Keyword) return 'keyword';
  if (isMap(v)) return 'map';
  if (isVector(v)) return 'vector';
  if (isList(v)) return 'list';
  if (isSet(v)) return 'set';
  return typeof v === 'function' ? 'fn' : 'value';
}

/** A node for `v` called `name`, read by `expr` (null when no expression reads it). */
export function valueNode(name: string, v: Value, expr: string | null): VariableNode {
  const node: VariableNode = { name, value: printShort(v), type: typeOf(v), evaluateName: expr, raw: v };
  if (isMap(v) && v.size > 0) {
    node.count = v.size;
    node.children = () => [...v.entries()].map(([k, x]) => valueNode(printShort(k), x, expr === null ? null : k instanceof Keyword ? `(${printValue(k)} ${expr})` : `(get ${expr} ${printValue(k)})`));
  } else if ((isVector(v) || isList(v)) && v.size > 0) {
    node.count = v.size;
    node.children = () => [...v].map((x, i) => valueNode(String(i), x, expr === null ? null : `(nth ${expr} ${i})`));
  } else if (isSet(v) && v.size > 0) {
    node.count = v.size;
    node.children = () => [...v].map((x, i) => valueNode(String(i), x, expr === null ? null : `(get ${expr} ${printValue(x)})`));
  }
  return node;
}

/** A node grouping other nodes (a scope, a step's attempts). */
export function groupNode(name: string, summary: string, children: () => VariableNode[]): VariableNode {
  return { name, value: summary, type: 'group', evaluateName: null, raw: null, children };
}
