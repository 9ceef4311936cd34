// The keyword lists the TextMate grammar highlights, taken from the catalog: step types,
// every key a catalog map defines, the `flow/*` forms, special forms, core and sandbox
// functions. The grammar is generated from these (scripts/generate-grammar.mjs) and
// test/client/grammar.test.ts fails when the file drifts from the catalog.

import type { Catalog, FieldSpec } from '../../engine/language/catalog/types';

export interface GrammarLists {
  /** Step type names without the colon (`http`, `wait`, ..., aliases included). */
  stepTypes: string[];
  /** Every key of every map the catalog describes, without the colon (`on-timeout`, `slug`, ...). */
  keys: string[];
  /** `flow/*` forms as written (`flow/step`). */
  flowForms: string[];
  /** Special forms and macros (`let`, `if`, `->`, ...). */
  specialForms: string[];
  /** Core and `clojure.string` functions (`get-in`, `clojure.string/join`, ...). */
  coreFunctions: string[];
  /** `breyta.sandbox/*` helpers as written. */
  sandboxFunctions: string[];
}

function collectKeys(fields: readonly FieldSpec[], into: Set<string>): void {
  for (const f of fields) {
    into.add(f.key);
    if (f.fields) collectKeys(f.fields, into);
    if (f.items) collectKeys(f.items, into);
  }
}

/** Sorted, without duplicates: the grammar must not change when the catalog only reorders. */
function sorted(names: Iterable<string>): string[] {
  return [...new Set(names)].sort();
}

export function grammarLists(catalog: Catalog): GrammarLists {
  const keys = new Set<string>();
  const fieldLists: (readonly FieldSpec[])[] = [
    catalog.topLevel,
    catalog.concurrency,
    catalog.slot,
    catalog.formField,
    catalog.trigger,
    catalog.invocation,
    catalog.invocationInput,
    catalog.schedule,
    catalog.template,
    catalog.function,
    catalog.packagedStep,
    catalog.commonStepOptions,
    ...catalog.auth.map((a) => a.fields),
    ...catalog.triggerTypes.map((t) => t.config),
    ...catalog.interfaces.map((i) => i.fields),
    ...catalog.templateTypes.map((t) => t.fields),
    ...catalog.steps.map((s) => s.fields),
    ...catalog.persist.map((p) => p.fields),
  ];
  for (const list of fieldLists) collectKeys(list, keys);
  return {
    stepTypes: sorted(catalog.steps.map((s) => s.type)),
    keys: sorted(keys),
    flowForms: sorted(catalog.flowForms.map((c) => c.name)),
    specialForms: sorted(catalog.core.filter((c) => c.special).map((c) => c.name)),
    coreFunctions: sorted(catalog.core.filter((c) => !c.special).map((c) => c.name)),
    sandboxFunctions: sorted(catalog.sandbox.map((c) => c.name)),
  };
}
