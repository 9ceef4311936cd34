// Rename for templates, functions, slots, secrets, invocations and locals. A rename that
// would clash (an id already declared, a name that would capture or be captured by another
// binding) is refused with a message saying why. Pure: results are source edits.

import type { Node, Span } from '../../engine/edn/nodes';
import { childrenOf } from '../../engine/edn/nodes';
import { pathAt } from '../../engine/edn/navigate';
import { entityAt, localEntityAt, type DocumentAnalysis, type Entity, type EntityKind, type LocalEntity } from '../../engine/language/analysis/index';
import { callableByName } from '../../engine/language/catalog/index';

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export type RenameOutcome = { ok: true; edits: TextEdit[] } | { ok: false; message: string };

export interface RenameTarget {
  /** The span of the name itself (without a keyword's colon or a string's quotes). */
  start: number;
  end: number;
  placeholder: string;
}

const safeId = /^[a-zA-Z][a-zA-Z0-9_-]{0,127}$/;
const keywordName = /^[a-zA-Z*+!_?<>=-][a-zA-Z0-9*+!_?<>=.\-/]*$/;
const symbolName = /^[a-zA-Z*+!_?<>=-][a-zA-Z0-9*+!_?<>=.\-']*$/;

const kindWords: Record<EntityKind, string> = { template: 'template', function: 'function', slot: 'slot', secret: 'secret', invocation: 'invocation' };

/** The span of the name inside a keyword (after `:`) or a string (inside the quotes). */
function nameSpan(node: Node): Span {
  if (node.kind === 'keyword') return { start: node.start + (node.auto ? 2 : 1), end: node.end };
  if (node.kind === 'string') return { start: node.start + 1, end: node.closed ? node.end - 1 : node.end };
  return { start: node.start, end: node.end };
}

/** What can be renamed at `offset`, or null. */
export function prepareRename(analysis: DocumentAnalysis, offset: number): RenameTarget | null {
  const local = localEntityAt(analysis, offset);
  if (local !== null) {
    const at = [local.declaration, ...local.uses].find((s) => s.start <= offset && offset <= s.end) ?? local.declaration;
    return { ...at, placeholder: local.binding.name };
  }
  const entity = entityAt(analysis, offset);
  if (entity === null) return null;
  const hit = entity.occurrences.find((o) => o.node.start <= offset && offset <= o.node.end);
  if (hit === undefined) return null;
  return { ...nameSpan(hit.node), placeholder: entity.id };
}

function line(analysis: DocumentAnalysis, offset: number): number {
  return analysis.lineOf(offset);
}

/** Ids of `kind`'s namespace that a new id must not equal (slots and secrets share one). */
function existing(analysis: DocumentAnalysis, kind: EntityKind): Map<string, number> {
  const d = analysis.decls;
  const out = new Map<string, number>();
  const addAll = (m: Map<string, { node: Node }>) => {
    for (const [id, decl] of m) out.set(id, decl.node.start);
  };
  switch (kind) {
    case 'template':
      addAll(d.templates);
      break;
    case 'function':
      addAll(d.functions);
      break;
    case 'invocation':
      addAll(d.invocations);
      break;
    case 'slot':
    case 'secret':
      addAll(d.slots);
      for (const s of analysis.index.secrets) out.set(s.id, s.node.start);
      break;
  }
  return out;
}

function renameEntity(analysis: DocumentAnalysis, entity: Entity, wanted: string): RenameOutcome {
  const name = wanted.startsWith(':') ? wanted.slice(1) : wanted;
  const what = `${kindWords[entity.kind]} \`:${entity.id}\``;
  if (name === entity.id) return { ok: true, edits: [] };
  const pattern = entity.kind === 'invocation' ? safeId : keywordName;
  if (!pattern.test(name)) return { ok: false, message: `Cannot rename ${what} to \`${wanted}\`: ${entity.kind === 'invocation' ? 'an invocation id is a letter followed by letters, digits, `_` or `-`' : 'that is not a valid keyword name'}.` };
  const clash = existing(analysis, entity.kind).get(name);
  if (clash !== undefined) {
    const kindName = entity.kind === 'slot' || entity.kind === 'secret' ? 'slot or secret' : kindWords[entity.kind];
    return { ok: false, message: `Cannot rename ${what} to \`:${name}\`: a ${kindName} with that id already exists (line ${line(analysis, clash)}). Rename or remove that one first.` };
  }
  return { ok: true, edits: entity.occurrences.map((o) => ({ ...nameSpan(o.node), newText: name })) };
}

/** The form whose scope a binding belongs to: the innermost binding form enclosing it. */
function scopeForm(local: LocalEntity): Node | null {
  const inner = local.binding.node.start;
  const path = pathAt(local.region.forms, inner);
  for (let i = path.length - 2; i >= 0; i--) {
    const n = path[i]!;
    if (n.kind === 'list' || n.kind === 'fn') return n;
  }
  return local.region.forms[0] ?? null;
}

/** Symbols spelled `name` inside `form` after `from` (region offsets). */
function symbolsNamed(form: Node, name: string, from: number): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): void => {
    if (n.kind === 'quote') return;
    if (n.kind === 'symbol' && n.ns === null && n.name === name && n.start > from) out.push(n);
    for (const k of childrenOf(n)) visit(k);
  };
  visit(form);
  return out;
}

function renameLocal(analysis: DocumentAnalysis, local: LocalEntity, name: string): RenameOutcome {
  const old = local.binding.name;
  if (name === old) return { ok: true, edits: [] };
  if (!symbolName.test(name) || name.includes('/')) return { ok: false, message: `Cannot rename \`${old}\` to \`${name}\`: that is not a valid local name.` };
  const spec = callableByName.get(name);
  if (spec?.special) return { ok: false, message: `Cannot rename \`${old}\` to \`${name}\`: \`${name}\` is a special form.` };
  const b = local.binding;
  // Another binding of that name visible where this one is bound or read would be shadowed, or shadow it.
  for (const scope of [b.scope, ...b.useScopes]) {
    const other = scope.lookup(name);
    if (other !== undefined && other.node !== b.node) {
      const at = other.node ? line(analysis, local.region.toSource(other.node.start)) : null;
      return { ok: false, message: `Cannot rename \`${old}\` to \`${name}\`: \`${name}\` is already bound${at ? ` at line ${at}` : ''} and visible here, so the rename would change which binding a name refers to.` };
    }
  }
  // A later use of that name (another local or a function) inside this binding's reach would be captured.
  const form = scopeForm(local);
  if (form !== null) {
    const captured = symbolsNamed(form, name, b.node.start);
    if (captured.length > 0) {
      const at = line(analysis, local.region.toSource(captured[0]!.start));
      return { ok: false, message: `Cannot rename \`${old}\` to \`${name}\`: \`${name}\` is used at line ${at}${spec ? ` (the function \`${name}\`)` : ''} where the renamed local would capture it.` };
    }
  }
  return { ok: true, edits: [local.declaration, ...local.uses].map((s) => ({ ...s, newText: name })) };
}

/** The edits that rename the thing at `offset` to `newName`, or why it cannot be done. */
export function rename(analysis: DocumentAnalysis, offset: number, newName: string): RenameOutcome {
  const wanted = newName.trim();
  const local = localEntityAt(analysis, offset);
  if (local !== null) return renameLocal(analysis, local, wanted);
  const entity = entityAt(analysis, offset);
  if (entity === null) return { ok: false, message: 'Nothing to rename here: put the caret on a template, function, slot, secret or invocation id, or on a local.' };
  return renameEntity(analysis, entity, wanted);
}
