// Call sites, specialised by argument count so the common calls allocate no argument array.
// Each site catches what the callee throws only to stamp its own range on unlocated errors:
// the innermost failing call names itself.

import { Keyword, type Value } from '../../edn/values';
import { locate } from '../errors';
import { getKey, invoke, invoke1, invoke2, type Code, type Frame } from '../runtime';
import type { CoreImpl } from '../core/index';

interface At {
  start: number;
  end: number;
}

/** A call of a core function whose arity the compiler checked. */
export function coreCall(impl: CoreImpl, args: Code[], at: At): Code {
  const { start, end } = at;
  switch (args.length) {
    case 0:
      return () => {
        try {
          return impl();
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    case 1: {
      const a = args[0]!;
      return (f: Frame) => {
        const x = a(f);
        try {
          return impl(x);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
    case 2: {
      const a = args[0]!;
      const b = args[1]!;
      return (f: Frame) => {
        const x = a(f);
        const y = b(f);
        try {
          return impl(x, y);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
    case 3: {
      const a = args[0]!;
      const b = args[1]!;
      const c = args[2]!;
      return (f: Frame) => {
        const x = a(f);
        const y = b(f);
        const z = c(f);
        try {
          return impl(x, y, z);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
    default: {
      const n = args.length;
      return (f: Frame) => {
        const xs: Value[] = new Array(n);
        for (let i = 0; i < n; i++) xs[i] = args[i]!(f);
        try {
          return impl(...xs);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
  }
}

/** A call of whatever the head evaluates to (a local function, a map, a keyword...). */
export function dynamicCall(head: Code, args: Code[], at: At): Code {
  const { start, end } = at;
  switch (args.length) {
    case 1: {
      const a = args[0]!;
      return (f: Frame) => {
        const fn = head(f);
        const x = a(f);
        try {
          return invoke1(fn, x);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
    case 2: {
      const a = args[0]!;
      const b = args[1]!;
      return (f: Frame) => {
        const fn = head(f);
        const x = a(f);
        const y = b(f);
        try {
          return invoke2(fn, x, y);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
    default: {
      const n = args.length;
      return (f: Frame) => {
        const fn = head(f);
        const xs: Value[] = new Array(n);
        for (let i = 0; i < n; i++) xs[i] = args[i]!(f);
        try {
          return invoke(fn, xs);
        } catch (e) {
          throw locate(e, start, end);
        }
      };
    }
  }
}

/** `(:k m)` and `(:k m default)`. */
export function keywordCall(k: Keyword, args: Code[]): Code {
  const m = args[0]!;
  if (args.length === 1) return (f: Frame) => getKey(m(f), k, null);
  const d = args[1]!;
  return (f: Frame) => getKey(m(f), k, d(f));
}
