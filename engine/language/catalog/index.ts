// Assembles the catalog and builds, once, the lookups the checker, completion and hover use.
// Conventions: a step's own field overrides a common option of the same key; rule kind
// 'one-of' means "at least one of the keys", 'at-most-one' forbids two together.

import type { AuthSpec, Catalog, CallableSpec, FieldSpec, ProhibitedForm, StepTypeSpec, TemplateTypeSpec } from './types';
import { concurrency, limits, topLevel } from './top-level';
import { auth, formField, slot, slotTypes } from './requires';
import { interfaces, invocation, invocationInput, schedule, trigger, triggerTypes } from './entry-points';
import { functionEntry, packagedStep, template, templateTypes } from './templates';
import { steps } from './steps';
import { commonStepOptions, persist } from './step-options';
import { core, flowForms, prohibited, sandbox } from './callables';

export type * from './types';

export const catalog: Catalog = {
  topLevel,
  concurrency,
  slot,
  slotTypes,
  formField,
  auth,
  trigger,
  triggerTypes,
  invocation,
  invocationInput,
  interfaces,
  schedule,
  template,
  templateTypes,
  function: functionEntry,
  packagedStep,
  steps,
  commonStepOptions,
  persist,
  flowForms,
  core,
  sandbox,
  prohibited,
  limits,
};

function indexBy<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(key(item))) map.set(key(item), item);
  return map;
}

const stepsByName = indexBy(catalog.steps, (s) => s.type);

/** The step type record by name (without colon). Aliases (`code`) return their own record; follow `aliasOf` to resolve. */
export function stepTypeByName(name: string): StepTypeSpec | undefined {
  return stepsByName.get(name);
}

/** Every step type name, aliases included, in catalog order. */
export const stepTypeNames: readonly string[] = catalog.steps.map((s) => s.type);

/** `flow/*` forms, special forms, core and `clojure.string` functions, and `breyta.sandbox` helpers by written name. */
export const callableByName: ReadonlyMap<string, CallableSpec> = indexBy(
  [...catalog.flowForms, ...catalog.core, ...catalog.sandbox],
  (c) => c.name,
);

/** Forms the `:flow` body rejects, by name. */
export const prohibitedByName: ReadonlyMap<string, ProhibitedForm> = indexBy(catalog.prohibited, (p) => p.name);

/** Template types by name (without colon); a legacy name (`sql`) maps to its own record with `aliasOf`. */
export const templateTypeByName: ReadonlyMap<string, TemplateTypeSpec> = indexBy(catalog.templateTypes, (t) => t.type);

/** Auth schemes by `:type` name. Check a scheme's `webhook`/`slot`/`step` flags for the place it is used. */
export const authByType: ReadonlyMap<string, AuthSpec> = indexBy(catalog.auth, (a) => a.type);

/** Every `:requires` slot type name (legacy ones included; see `catalog.slotTypes` for `deprecated`). */
export const slotTypeNames: ReadonlySet<string> = new Set(catalog.slotTypes.map((t) => t.type));

const fieldIndexes = new WeakMap<readonly FieldSpec[], ReadonlyMap<string, FieldSpec>>();

/** The field of a catalog field list by key (without colon); each list is indexed on first use. */
export function fieldByKey(fields: readonly FieldSpec[], key: string): FieldSpec | undefined {
  let index = fieldIndexes.get(fields);
  if (index === undefined) {
    index = indexBy(fields, (f) => f.key);
    fieldIndexes.set(fields, index);
  }
  return index.get(key);
}

const stepConfigCache = new WeakMap<StepTypeSpec, readonly FieldSpec[]>();

/**
 * The keys a step config may hold: the step's own fields, then the common options it accepts
 * (its `commonOptions`, default all) that it does not override.
 */
export function stepConfigFields(step: StepTypeSpec): readonly FieldSpec[] {
  let fields = stepConfigCache.get(step);
  if (fields === undefined) {
    const own = new Set(step.fields.map((f) => f.key));
    const allowed = step.commonOptions === undefined ? undefined : new Set(step.commonOptions);
    fields = [
      ...step.fields,
      ...catalog.commonStepOptions.filter((o) => !own.has(o.key) && (allowed === undefined || allowed.has(o.key))),
    ];
    stepConfigCache.set(step, fields);
  }
  return fields;
}
