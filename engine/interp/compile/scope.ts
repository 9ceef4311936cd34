// Compile-time scope. Every local lives in a numbered slot of its function's frame; a
// function reads the locals of enclosing functions from values it captured when it was
// created (bindings are immutable, so copying them is exact), which keeps frames flat
// arrays and makes each variable access one indexed load.

import type { Value } from '../../edn/values';
import type { Code, Frame } from '../runtime';

export interface Binding {
  readonly name: string;
  readonly fn: FnScope;
  readonly slot: number;
}

/** One function (or the top-level form): its slots and the outer bindings it captures. */
export class FnScope {
  /** Slot 0 holds the captured values. */
  slotCount = 1;
  readonly captures: Binding[] = [];
  private readonly captureIndex = new Map<Binding, number>();
  constructor(readonly parent: FnScope | null) {}

  newSlot(): number {
    return this.slotCount++;
  }

  /** The index in this function's captured values of an outer binding (added on first use). */
  capture(b: Binding): number {
    let j = this.captureIndex.get(b);
    if (j === undefined) {
      j = this.captures.length;
      this.captures.push(b);
      this.captureIndex.set(b, j);
    }
    return j;
  }
}

/** A lexical block inside a function. */
export class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | null,
    readonly fn: FnScope,
  ) {}

  child(): Scope {
    return new Scope(this, this.fn);
  }

  /** A scope for a new function nested here. */
  childFn(): Scope {
    return new Scope(this, new FnScope(this.fn));
  }

  bind(name: string): Binding {
    const b: Binding = { name, fn: this.fn, slot: this.fn.newSlot() };
    this.names.set(name, b);
    return b;
  }

  /** Makes `name` another name for the binding of `existing` (`%` for `%1`). */
  alias(name: string, existing: string): void {
    const b = this.names.get(existing);
    if (b !== undefined) this.names.set(name, b);
  }

  /** A slot for an intermediate value that no name refers to. */
  hidden(): number {
    return this.fn.newSlot();
  }

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s !== null; s = s.parent) {
      const b = s.names.get(name);
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** Every visible named binding, inner scopes first (each in binding order), one per name
   *  (the innermost), hidden ones left out. */
  bindings(): Binding[] {
    const seen = new Set<string>();
    const out: Binding[] = [];
    for (let s: Scope | null = this; s !== null; s = s.parent)
      for (const [k, b] of s.names) {
        if (k.startsWith(' ') || seen.has(k)) continue;
        seen.add(k);
        out.push(b);
      }
    return out;
  }

  /** Every visible name, for suggestions. */
  visible(): string[] {
    const out = new Set<string>();
    for (let s: Scope | null = this; s !== null; s = s.parent) for (const k of s.names.keys()) if (!k.startsWith(' ')) out.add(k);
    return [...out];
  }
}

/** Code reading binding `b` from inside function `fn`. */
export function readBinding(b: Binding, fn: FnScope): Code {
  if (b.fn === fn) {
    const slot = b.slot;
    return (f: Frame) => f[slot] as Value;
  }
  const j = captureThrough(fn, b);
  return (f: Frame) => (f[0] as Value[])[j]!;
}

/** Captures `b` in `fn` (its enclosing functions capture it on the way when they need to). */
function captureThrough(fn: FnScope, b: Binding): number {
  return fn.capture(b);
}

/**
 * How a new closure of `inner` fills its captured values from the frame of the function
 * creating it (`inner.parent`): each entry is a slot of that frame (>= 1) or, negated and
 * offset by one, an index into that frame's own captured values.
 */
export function captureSources(inner: FnScope): Int32Array {
  const outer = inner.parent!;
  const out = new Int32Array(inner.captures.length);
  inner.captures.forEach((b, j) => {
    out[j] = b.fn === outer ? b.slot : -1 - outer.capture(b);
  });
  return out;
}

/** Fills a closure's captured values from the creating frame. */
export function fillCaptures(sources: Int32Array, f: Frame, into: Value[]): void {
  const outerCaptured = f[0] as Value[];
  for (let j = 0; j < sources.length; j++) {
    const s = sources[j]!;
    into[j] = s > 0 ? (f[s] as Value) : outerCaptured[-1 - s]!;
  }
}
