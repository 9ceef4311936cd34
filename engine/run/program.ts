// A flow ready to run: its source checked (a flow with errors does not run), its
// declarations read into values (templates, functions, slots) and its body compiled once,
// so every replay of every run reuses the same compiled code.

import { createHash } from 'node:crypto';
import type { Value } from '../edn/values';
import type { CollNode, Node } from '../edn/nodes';
import { mapGet } from '../edn/navigate';
import { nodeToValue } from '../edn/convert';
import { LineIndex } from '../edn/positions';
import { hasIncludes, type ExpandedSource } from '../language/include';
import { checkSource } from '../language/check/source';
import { flowBody } from '../language/check/flow-body';
import { sectionEntries } from '../language/check/declarations';
import type { Finding } from '../edn/findings';
import { compileForm, compileFunction, type Compiled } from '../interp/index';
import { kget, kstr, nameOf } from './data';
import { readInvocations, type InvocationInput } from './invocation-inputs';

export interface SlotInfo {
  id: string;
  type: string | null;
  authType: string | null;
  /** Header for api-key auth (default X-API-Key). */
  authHeader: string | null;
  baseUrl: string | null;
  secretRef: string | null;
}

export interface TemplateInfo {
  id: string;
  type: string | null;
  /** The whole template map. */
  value: Value;
}

export interface FlowProgram {
  slug: string;
  source: string;
  sourceHash: string;
  path: string | null;
  lines: LineIndex;
  body: Compiled;
  bodyNode: Node;
  templates: Map<string, TemplateInfo>;
  slots: Map<string, SlotInfo>;
  /** Function id -> compiled function (compiled on first use). */
  fn(id: string): ((input: Value) => Value) | undefined;
  /** Inline `:code` of a step, compiled once per code text. */
  inlineFn(code: Value, node: Node | null): (input: Value) => Value;
  concurrency: Value;
  /** Trigger labels and event names, for `--trigger`. */
  triggers: Value[];
  /** `:invocations`: id -> declared inputs (checked when a run starts). */
  invocations: Map<string, InvocationInput[]>;
  /** The `#flow/include` expansion `source` came from (each offset's file), or null without includes. */
  includes?: ExpandedSource | null;
}

export class FlowLoadError extends Error {
  constructor(
    message: string,
    readonly findings: Finding[] = [],
  ) {
    super(message);
  }
}

const programCache = new Map<string, FlowProgram>();

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Checks and compiles a flow's source; throws FlowLoadError listing the errors. */
export function loadProgram(source: string, path: string | null): FlowProgram {
  let hash = sha256(source);
  // A flow with includes is not cached by its own text: an included file may have changed.
  const cached = hasIncludes(source) ? undefined : programCache.get(hash + '\0' + (path ?? ''));
  if (cached) return cached;
  // `#flow/include`s are expanded first: the run runs the flow the platform would run.
  const checked = checkSource(path, source);
  const result = checked.result;
  const root = source;
  if (checked.expanded !== null) {
    source = checked.expanded.text;
    hash = sha256(source);
  }
  const lines = new LineIndex(source);
  const located = checked.files.flatMap((f) => f.findings.filter((x) => x.severity === 'error').map((finding) => ({ f, finding })));
  const errors = located.map((e) => e.finding);
  if (errors.length > 0 || result.flow === null) {
    const where = path ?? 'flow';
    const first = located[0];
    const file = first && first.f.file !== null && path !== null && first.f.text !== root ? first.f.file : where;
    const pos = first ? new LineIndex(first.f.text).position(first.finding.start) : { line: 0, character: 0 };
    throw new FlowLoadError(
      first
        ? `${file}:${pos.line + 1}:${pos.character + 1}: ${first.finding.message}${errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length > 2 ? 's' : ''}; run \`flow-edn check ${where}\`)` : ''}`
        : `${where}: not a flow map`,
      errors,
    );
  }
  const flow = result.flow;
  const bodyValue = mapGet(flow, 'flow')!;
  const { body } = flowBody(bodyValue);
  if (body === null) throw new FlowLoadError(`${path ?? 'flow'}: :flow has no body`);
  const compiled = compileForm(body, { mode: 'body', source });
  const functionNodes = new Map<string, Node>();
  for (const entry of sectionEntries(mapGet(flow, 'functions'))) {
    const id = nameOf(valueOf(mapGet(entry, 'id')));
    const code = mapGet(entry, 'code');
    if (id !== null && code) functionNodes.set(id, code);
  }
  const compiledFns = new Map<string, (input: Value) => Value>();
  const inlineFns = new Map<string, (input: Value) => Value>();
  const program: FlowProgram = {
    slug: nameOf(valueOf(mapGet(flow, 'slug'))) ?? 'flow',
    source,
    sourceHash: hash,
    path,
    lines,
    body: compiled,
    bodyNode: body,
    templates: readTemplates(flow),
    slots: readSlots(flow),
    fn(id) {
      const hit = compiledFns.get(id);
      if (hit !== undefined) return hit;
      const node = functionNodes.get(id);
      if (node === undefined) return undefined;
      const f = compileFunction(codeOf(node));
      compiledFns.set(id, f);
      return f;
    },
    inlineFn(code, node) {
      const key = typeof code === 'string' ? code : String(node?.start ?? '') + ':' + String(code);
      const hit = inlineFns.get(key);
      if (hit !== undefined) return hit;
      const f = compileFunction(typeof code === 'string' ? code : codeNodeFromValue(node));
      inlineFns.set(key, f);
      return f;
    },
    concurrency: valueOf(mapGet(flow, 'concurrency')),
    triggers: sectionEntries(mapGet(flow, 'triggers')).map((e) => nodeToValue(e)),
    invocations: readInvocations(valueOf(mapGet(flow, 'invocations'))),
    includes: checked.expanded,
  };
  // Bounded: a long-running server reloads flows as they are edited.
  if (programCache.size >= 64) programCache.delete(programCache.keys().next().value!);
  programCache.set(hash + '\0' + (path ?? ''), program);
  return program;
}

function valueOf(node: Node | undefined): Value {
  return node === undefined ? null : nodeToValue(node);
}

/** A `:code` node: a string, or `'(fn ...)` whose quoted form is the code. */
function codeOf(node: Node): Node | string {
  if (node.kind === 'string') return node.value;
  if (node.kind === 'quote' && node.form) return node.form;
  return node;
}

function codeNodeFromValue(node: Node | null): Node | string {
  if (node === null) return '(fn [input] input)';
  return codeOf(node);
}

function readTemplates(flow: CollNode): Map<string, TemplateInfo> {
  const out = new Map<string, TemplateInfo>();
  for (const entry of sectionEntries(mapGet(flow, 'templates'))) {
    const value = nodeToValue(entry);
    const id = nameOf(kget(value, 'id'));
    if (id !== null) out.set(id, { id, type: kstr(value, 'type'), value });
  }
  return out;
}

function readSlots(flow: CollNode): Map<string, SlotInfo> {
  const out = new Map<string, SlotInfo>();
  for (const entry of sectionEntries(mapGet(flow, 'requires'))) {
    const value = nodeToValue(entry);
    const id = nameOf(kget(value, 'slot'));
    if (id === null) continue;
    const auth = kget(value, 'auth');
    out.set(id, {
      id,
      type: kstr(value, 'type'),
      authType: kstr(auth, 'type'),
      authHeader: kstr(auth, 'header'),
      baseUrl: kstr(value, 'base-url'),
      secretRef: kstr(value, 'secret-ref'),
    });
  }
  return out;
}
