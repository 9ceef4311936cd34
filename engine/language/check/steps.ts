// Checks `flow/step` calls: the call's shape (type, id, config), the step type, the config
// map against the step's catalog fields and the common options, references to templates,
// functions and connections, inline function code, and duplicate step ids.

import type { CollNode, Node } from '../../edn/nodes';
import { keywordText, unwrapMeta } from '../../edn/nodes';
import { mapGet } from '../../edn/navigate';
import { catalog, stepTypeByName } from '../catalog/index';
import type { FieldSpec, KeyRule, StepTypeSpec } from '../catalog/types';
import { suggest } from '../suggest';
import type { CheckContext } from './check-context';
import { checkInlineFunctionCode } from './functions';
import { msg } from './messages';
import { resolveRef } from './refs';
import { checkMap, literalKind } from './schema';
import { neverMap } from './never-map';
import { checkStepTemplateVariables, templateSupplies } from './templates';

export interface StepSite {
  id: string;
  type: string;
  idNode: Node;
  call: CollNode;
  config: CollNode | null;
  inLoop: boolean;
}

const stepSkip = new Set(['type', 'code']);
/** A function step's `:input` is judged by `neverMap` alone (a quoted map is a map). */
const functionSkip = new Set(['type', 'code', 'input']);
const commonByKey = new Map(catalog.commonStepOptions.map((f) => [f.key, f]));
/** No `:template`: nothing supplied (never added to). */
const noneSupplied: ReadonlySet<string> = new Set();

function commonOptionsFor(spec: StepTypeSpec): FieldSpec[] {
  if (spec.commonOptions === undefined) return catalog.commonStepOptions;
  return spec.commonOptions.map((k) => commonByKey.get(k)).filter((f): f is FieldSpec => f !== undefined);
}

/** What checking a config of one step type needs from the catalog, worked out once per type. */
interface ConfigTable {
  extraFields: FieldSpec[];
  rules: KeyRule[];
}

const configTables = new WeakMap<StepTypeSpec, ConfigTable>();
function configTable(spec: StepTypeSpec): ConfigTable {
  let t = configTables.get(spec);
  if (t === undefined) {
    const isFunction = spec.type === 'function';
    // A function step's `:ref`/`:code` choice is reported as function-step-without-code.
    const rules = (spec.rules ?? []).filter((r) => !(isFunction && r.kind === 'one-of' && r.keys.includes('ref') && r.keys.includes('code')));
    configTables.set(spec, (t = { extraFields: commonOptionsFor(spec), rules }));
  }
  return t;
}

/** `a :http step`, once per written step type. */
const wheres = new Map<string, string>();
function whereOf(written: string): string {
  let w = wheres.get(written);
  if (w === undefined) wheres.set(written, (w = `a :${written} step`));
  return w;
}

/**
 * Checks one `(flow/step ...)` call; returns the step site when it has a literal id.
 * Severities follow the platform: a shape its push refuses (more than three arguments, two
 * keywords and no config) is an error; a shape push takes as a plain expression that fails
 * only when it runs (no config, no id, a literal that can never be a type, id or map) is a
 * warning; a computed type `(flow/step kind {...})` is not judged.
 */
export function checkStepCall(ctx: CheckContext, call: CollNode, inLoop: boolean): StepSite | null {
  // The call's arguments are c[1...] (argument i is c[i + 1]): no argument array per step.
  const c = call.children;
  const argc = c.length - 1;
  const head = c[0]!;
  const typeNode = c[1];
  if (typeNode === undefined) {
    ctx.report('invalid-step-call', 'warning', call, msg.stepNoArgs());
    return null;
  }
  if (argc > 3) ctx.report('invalid-step-call', 'error', c[4]!, msg.stepTooManyArgs(argc));
  const t = unwrapMeta(typeNode);
  if (t === null || t.kind !== 'keyword') {
    ctx.stepUsageUnknowable = true;
    if (literalKind(typeNode, true) !== null) ctx.report('invalid-step-call', 'warning', typeNode, msg.stepTypeNotKeyword(ctx.source(typeNode)));
    return null;
  }
  if (t.ns !== null) return checkPackagedCall(ctx, call, t, c, argc);
  const spec = stepTypeByName(t.name);
  if (spec === undefined) {
    const names = catalog.steps.map((s) => s.type);
    const suggestions = suggest(t.name, names);
    ctx.report('unknown-step-type', 'error', t, msg.unknownStepType(keywordText(t), suggestions, names), { name: keywordText(t), suggestions: suggestions.map((s) => ':' + s) });
    return null;
  }
  if (spec.deprecated) ctx.report('deprecated', 'info', t, msg.deprecatedStepType(keywordText(t), spec.deprecated), undefined, ['deprecated']);
  const base = spec.aliasOf !== undefined ? (stepTypeByName(spec.aliasOf) ?? spec) : spec;
  const isFunction = base.type === 'function';

  // Shape: (flow/step :type :id {config})
  if (argc === 1) {
    ctx.report('invalid-step-call', isFunction ? 'error' : 'warning', call, msg.stepMissingIdAndConfig(t.name));
    return null;
  }
  if (isFunction && argc !== 3 && argc <= 3) ctx.report('invalid-step-call', 'error', call, msg.functionStepArity());
  let idNode: Node = c[2]!;
  let configNode: Node | undefined = c[3];
  if (argc === 2) {
    const second = literalKind(c[2]!, true);
    if (second === 'map') {
      if (!isFunction) ctx.report('invalid-step-call', 'warning', head, msg.stepMissingId(t.name));
      configNode = c[2];
      idNode = t;
    } else {
      // Two keywords: push reads a nil config and refuses it; anything else runs and fails.
      if (!isFunction) {
        if (second === 'keyword') ctx.report('invalid-step-call', 'error', call, msg.stepMissingConfig(t.name));
        else ctx.report('invalid-step-call', 'warning', call, msg.stepMissingConfigAtRun(t.name));
      }
      configNode = undefined;
    }
  }
  let id: string | null = null;
  const idv = unwrapMeta(idNode);
  if (idNode !== t && idv !== null) {
    if (idv.kind === 'keyword') id = idv.ns === null ? idv.name : idv.ns + '/' + idv.name;
    else if (literalKind(idv, true) !== null) ctx.report('invalid-step-call', 'warning', idNode, msg.stepIdNotKeyword(ctx.source(idNode)));
  }
  let config: CollNode | null = null;
  if (configNode !== undefined) {
    const k = literalKind(configNode, true);
    const cv = unwrapMeta(configNode);
    if (k === 'map' && cv?.kind === 'map') config = cv;
    else if (isFunction && cv?.kind !== 'map') ctx.report('invalid-step-call', 'error', configNode, msg.functionConfigNotMap(ctx.source(configNode, 30)));
    else if (k !== null) ctx.report('invalid-step-call', 'warning', configNode, msg.stepConfigNotMap(ctx.source(configNode, 30)));
  }
  if (config !== null) checkStepConfig(ctx, base, t.name, config, id ?? t.name);
  return id === null ? null : { id, type: base.type, idNode, call, config, inLoop };
}

/** `(flow/step :ns/id {config})` or `(flow/step :ns/id :step-id {config})`. */
function checkPackagedCall(ctx: CheckContext, call: CollNode, t: Node & { kind: 'keyword' }, c: Node[], argc: number): StepSite | null {
  const qualified = `${t.ns}/${t.name}`;
  ctx.used.step.add(qualified);
  if (!ctx.decls.packaged.has(qualified)) {
    const suggestions = suggest(qualified, ctx.decls.packaged.keys());
    ctx.report('unknown-step-type', 'error', t, msg.unknownPackaged(':' + qualified, suggestions, [...ctx.decls.packaged.keys()]), { name: ':' + qualified, suggestions: suggestions.map((s) => ':' + s) });
  }
  if (argc === 1) {
    ctx.report('invalid-step-call', 'warning', call, msg.stepMissingConfigAtRun(qualified));
    return null;
  }
  const second = literalKind(c[2]!, true);
  let config: Node | undefined;
  if (argc === 2) config = c[2];
  else if (second === 'keyword') config = c[3];
  else if (second !== null && second !== 'map') ctx.report('invalid-step-call', 'warning', c[2]!, msg.packagedStepIdNotKeyword(ctx.source(c[2]!, 30)));
  else if (argc === 3) ctx.report('invalid-step-call', 'warning', c[3]!, msg.packagedExtraArgument());
  if (argc === 2 && second === 'keyword') {
    ctx.report('invalid-step-call', 'error', call, msg.stepMissingConfig(qualified));
    config = undefined;
  } else if (config !== undefined && literalKind(config, true) !== null && literalKind(config, true) !== 'map') {
    ctx.report('invalid-step-call', 'warning', config, msg.stepConfigNotMap(ctx.source(config, 30)));
  }
  const idv = argc >= 3 ? unwrapMeta(c[2]!) : null;
  const id = idv?.kind === 'keyword' ? idv.name : qualified;
  const cv = config ? unwrapMeta(config) : null;
  return { id, type: qualified, idNode: idv?.kind === 'keyword' ? c[2]! : t, call, config: cv?.kind === 'map' ? cv : null, inLoop: false };
}

function checkStepConfig(ctx: CheckContext, spec: StepTypeSpec, written: string, config: CollNode, stepId: string): void {
  const templateNode = mapGet(config, 'template');
  const supplied = templateNode ? templateSupplies(ctx, templateNode) : (noneSupplied as Set<string>);
  const isFunction = spec.type === 'function';
  const table = configTable(spec);
  const where = whereOf(written);
  const present = checkMap(ctx, config, spec.fields, {
    where,
    code: true,
    extraFields: table.extraFields,
    rules: table.rules,
    supplied,
    skip: isFunction ? functionSkip : stepSkip,
    anchor: config.children.length === 0 ? config : { start: config.start, end: config.start + 1 },
    onRef: (field, value) => resolveRef(ctx, field, value, where),
  });
  const typeEntry = present.get('type');
  if (typeEntry !== undefined) {
    const tv = unwrapMeta(typeEntry.value);
    const allowed = new Set([written, spec.type]);
    if (tv?.kind === 'keyword' && !allowed.has(tv.name)) ctx.report('invalid-value', 'error', typeEntry.value, msg.configTypeMismatch(ctx.source(tv), written));
  }
  if (isFunction) {
    const code = present.get('code');
    if (!present.has('ref') && code === undefined) {
      ctx.report('function-step-without-code', 'warning', config, msg.functionStepWithoutCode(stepId));
    }
    if (code !== undefined) checkInlineFunctionCode(ctx, code.value);
    const input = present.get('input');
    if (present.has('ref') && input !== undefined && !ctx.allowBareInput) {
      const never = neverMap(input.value);
      if (never !== null) {
        const legacy = ctx.pulledLegacyInput.has(':' + stepId);
        ctx.report('invalid-type', legacy ? 'warning' : 'error', input.value, legacy ? msg.functionInputLegacy(never) : msg.functionInputNotMap(never));
      }
    }
  }
  checkStepTemplateVariables(ctx, spec.type, config);
}

/** Literal step ids used twice outside loops: a warning at the later uses. */
export function reportDuplicateSteps(ctx: CheckContext, sites: StepSite[]): void {
  const first = new Map<string, StepSite>();
  for (let i = 0; i < sites.length; i++) {
    const site = sites[i]!;
    if (site.inLoop) continue;
    const seen = first.get(site.id);
    if (seen === undefined) first.set(site.id, site);
    else ctx.report('duplicate-step-id', 'warning', site.idNode, msg.duplicateStepId(site.id, ctx.text, seen.idNode.start));
  }
}

