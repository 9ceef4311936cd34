// The `:flow` body's units for checking while typing: each binding init and body form of the
// body's outermost `let`. A unit's findings, step sites, references and flags depend only on
// its own nodes, the names bound before it (never changed by an edit inside an init) and the
// declarations (outside the body); so a unit the reader left in place (same node, moved) is
// replayed from the last check, and only the unit holding the edit is analysed again.

import type { Finding } from '../../edn/findings';
import { childrenOf, type Node } from '../../edn/nodes';
import type { CheckContext, RefKindUsed } from './check-context';
import { kvGetStep } from './kv-envelope';
import { checkLiterals } from './literals';
import type { StepSite } from './steps';
import { lookPartOf, type LookPart, type LookUnits } from './result-shape';

/** What checking one unit produced, with the unit's span when it was checked. */
export interface UnitFacts {
  node: Node;
  start: number;
  end: number;
  /** Analyser, step and literal findings inside the unit. */
  findings: Finding[];
  sites: StepSite[];
  used: Record<RefKindUsed, Set<string>>;
  unknowable: boolean;
  /** Whether a `:kv :get` step call is in the unit (computed when first asked). */
  kvGet: boolean | undefined;
  /** Result-shape's first look at the unit (computed when first asked). */
  look: LookPart | undefined;
}

/** The last check's units and where the text changed since (old offsets). */
export interface UnitReuse {
  facts: UnitFacts[];
  /** old[start, oldEnd) was replaced. */
  start: number;
  oldEnd: number;
  /** The number of line breaks changed: findings quoting a line number are not replayed. */
  linesMoved: boolean;
}

const quotesLine = /\bline \d/;

function emptyUsed(): Record<RefKindUsed, Set<string>> {
  return { template: new Set(), function: new Set(), connection: new Set(), secret: new Set(), invocation: new Set(), step: new Set() };
}

export class BodyUnits implements LookUnits {
  readonly facts: UnitFacts[] = [];
  /** Whether units will be replayed (the body's local index is then not worth building). */
  readonly replaying: boolean;
  /** Where one unit's references are collected while it is analysed (cleared after). */
  private readonly scratchUsed = emptyUsed();
  /** Units replayed rather than analysed (the body's local index is then incomplete). */
  replayed = 0;
  analysed = 0;

  constructor(
    readonly root: Node,
    private readonly ctx: CheckContext,
    /** The step sites of the body, in source order (flow-body.ts collects them). */
    private readonly sites: StepSite[],
    private readonly reuse: UnitReuse | null,
  ) {
    this.replaying = reuse !== null;
  }

  visit(unit: Node, analyze: () => void): void {
    const old = this.reuse?.facts[this.facts.length];
    if (old !== undefined && old.node === unit && this.untouched(old)) this.replay(old, unit);
    else this.record(unit, analyze);
  }

  /** Nodes of every unit, for the passes that walk the rest of the file. */
  nodes(): { has(node: Node): boolean } {
    return this.indexOf();
  }

  /** The first look's part of a unit, or undefined for a node that is not one. */
  lookPart(node: Node): LookPart | undefined {
    const k = this.indexOf().get(node);
    if (k === undefined) return undefined;
    const f = this.facts[k]!;
    if (f.look === undefined) f.look = lookPartOf(node);
    return f.look;
  }

  private indexOf(): Map<Node, number> {
    if (this.unitIndex === undefined) {
      this.unitIndex = new Map();
      for (let k = 0; k < this.facts.length; k++) this.unitIndex.set(this.facts[k]!.node, k);
    }
    return this.unitIndex;
  }

  private unitIndex: Map<Node, number> | undefined;

  /** Whether a `:kv :get` step call is anywhere in the body (in a unit, or around them). */
  kvGetPossible(): boolean {
    for (const f of this.facts) {
      if (f.kvGet === undefined) f.kvGet = holdsKvGet(f.node);
      if (f.kvGet) return true;
    }
    return holdsKvGet(this.root, this.facts.length > 0 ? this.nodes() : undefined);
  }

  private untouched(old: UnitFacts): boolean {
    const r = this.reuse!;
    // The edit is inside (or at the edge of) this unit: analysed again.
    if (r.oldEnd >= old.start && r.start <= old.end) return false;
    if (r.linesMoved) for (const f of old.findings) if (quotesLine.test(f.message)) return false;
    return true;
  }

  private replay(old: UnitFacts, unit: Node): void {
    const ctx = this.ctx;
    const shift = unit.start - old.start;
    const findings = shift === 0 || old.findings.length === 0 ? old.findings : old.findings.map((f) => ({ ...f, start: f.start + shift, end: f.end + shift }));
    for (let k = 0; k < findings.length; k++) ctx.findings.push(findings[k]!);
    for (let k = 0; k < old.sites.length; k++) this.sites.push(old.sites[k]!);
    mergeUsed(ctx.used, old.used);
    if (old.unknowable) ctx.stepUsageUnknowable = true;
    this.facts.push({ node: unit, start: unit.start, end: unit.end, findings, sites: old.sites, used: old.used, unknowable: old.unknowable, kvGet: old.kvGet, look: old.look });
    this.replayed++;
  }

  private record(unit: Node, analyze: () => void): void {
    const ctx = this.ctx;
    const f0 = ctx.findings.length;
    const s0 = this.sites.length;
    const outerUsed = ctx.used;
    const outerUnknowable = ctx.stepUsageUnknowable;
    const scratch = this.scratchUsed;
    ctx.used = scratch;
    ctx.stepUsageUnknowable = false;
    try {
      analyze();
      checkLiterals(ctx, [unit]);
    } finally {
      // Most units reference nothing declared: they share one empty record.
      const used = refKinds.every((k) => scratch[k].size === 0) ? noneUsed : copyUsed(scratch);
      for (const k of refKinds) scratch[k].clear();
      const unknowable = ctx.stepUsageUnknowable;
      ctx.used = outerUsed;
      ctx.stepUsageUnknowable = outerUnknowable || unknowable;
      mergeUsed(outerUsed, used);
      this.facts.push({ node: unit, start: unit.start, end: unit.end, findings: ctx.findings.slice(f0), sites: this.sites.slice(s0), used, unknowable, kvGet: undefined, look: undefined });
    }
    this.analysed++;
  }
}

const refKinds: RefKindUsed[] = ['template', 'function', 'connection', 'secret', 'invocation', 'step'];

const noneUsed = emptyUsed();
function copyUsed(from: Record<RefKindUsed, Set<string>>): Record<RefKindUsed, Set<string>> {
  const out = emptyUsed();
  mergeUsed(out, from);
  return out;
}

function mergeUsed(into: Record<RefKindUsed, Set<string>>, from: Record<RefKindUsed, Set<string>>): void {
  for (const kind of refKinds) {
    const ids = from[kind];
    if (ids.size > 0) for (const id of ids) into[kind].add(id);
  }
}

/** Whether a `(flow/step :kv :id {:operation :get ...})` call is anywhere in `node`. */
function holdsKvGet(node: Node, skip?: { has(node: Node): boolean }): boolean {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (skip?.has(n) === true) continue;
    if (n.kind === 'list' && kvGetStep(n) !== null) return true;
    for (const c of childrenOf(n)) stack.push(c);
  }
  return false;
}
