// Compact builder for CallableSpec tables: an arity string such as `"2|3"`, `"1+"` or
// `"0|1|2|3"` becomes `arities`/`variadicFrom`, and a place tag says where a name may be used.

import type { CallableSpec } from './types';

/** Where a callable may be used: the `:flow` body, function code, or both. */
export type Place = 'both' | 'functions' | 'body';

/** One row: name, arity string, signature, docs. */
export type Row = [name: string, arity: string, signature: string, docs: string];

export function parseArity(arity: string): { arities: number[]; variadicFrom?: number } {
  const arities: number[] = [];
  let variadicFrom: number | undefined;
  for (const part of arity.split('|')) {
    if (part.endsWith('+')) variadicFrom = Number(part.slice(0, -1));
    else arities.push(Number(part));
  }
  return variadicFrom === undefined ? { arities } : { arities, variadicFrom };
}

export function callables(rows: Row[], place: Place, special = false): CallableSpec[] {
  return rows.map(([name, arity, signature, docs]) => ({
    name,
    ...parseArity(arity),
    inBody: place !== 'functions',
    inFunctions: place !== 'body',
    ...(special ? { special: true } : {}),
    signature,
    docs,
  }));
}
