// The stack of a stop, innermost first, from frame sources: the step frame and the flow body
// frame here; frames inside function code plug in as another source (the probe). Each frame
// has a span in the flow file and its scopes: Locals, Step, Input, Run.

import type { Value } from '../edn/values';
import { decodeValue } from '../run/codec';
import type { RunEvent } from '../run/events';
import type { FlowProgram } from '../run/program';
import type { JournalRecord, RunRecord, WaitRecord } from '../store/port';
import type { BoundaryView } from './boundary';
import type { FlowMap, SourceSpan, StopTarget } from './flow-map';
import { groupNode, valueNode, type VariableNode } from './variables';

/** Everything a stop's frames are built from. */
export interface StopContext {
  run: RunRecord;
  journal: readonly JournalRecord[];
  view: BoundaryView;
  map: FlowMap;
  program: FlowProgram;
  /** Where the stop is when not at the boundary's step (a branch, an entry). */
  focus: StopTarget | null;
  events(): { at: number; event: RunEvent }[];
  waits(): WaitRecord[];
}

export interface DebugScope {
  name: 'Locals' | 'Step' | 'Input' | 'Run' | string;
  variables(): VariableNode[];
  expensive: boolean;
}

export interface DebugFrame {
  name: string;
  kind: 'body' | 'step' | 'function';
  span: SourceSpan | null;
  scopes: DebugScope[];
  /** The names in scope here and their values (evaluation, completions, conditions). */
  locals: ReadonlyMap<string, Value>;
  /** The journaled step this frame stands for (Restart Frame), when it has one. */
  stepKey: string | null;
}

/** Adds frames to a stop's stack (innermost first); the function-code probe is one. */
export interface FrameSource {
  frames(ctx: StopContext): DebugFrame[];
}

export function stepSpan(ctx: StopContext): SourceSpan | null {
  const call = ctx.view.call;
  if (call === null) return null;
  if (ctx.program.source === ctx.map.source && call.node.end > call.node.start) return ctx.map.span(call.node);
  return ctx.map.step(call.id ?? call.type) ?? null;
}

function localsScope(ctx: StopContext): DebugScope {
  return { name: 'Locals', expensive: false, variables: () => [...ctx.view.locals].map(([name, v]) => valueNode(name, v, name)) };
}

function inputScope(ctx: StopContext): DebugScope {
  return { name: 'Input', expensive: false, variables: () => valueNode('input', ctx.view.input, '(flow/input)').children?.() ?? [] };
}

function decoded(text: string | null): Value {
  return text === null ? null : decodeValue(text);
}

function stepNode(rec: JournalRecord): VariableNode {
  const result = valueNode('result', decoded(rec.result), null);
  result.editable = { stepKey: rec.stepKey };
  return groupNode(rec.stepKey, `${rec.status}${rec.edited ? ' (edited)' : ''}`, () => [
    valueNode('status', rec.status, null),
    result,
    ...(rec.error !== null ? [valueNode('error', rec.error, null)] : []),
    valueNode('attempts', rec.attempts, null),
    ...(rec.edited ? [valueNode('edited', true, null)] : []),
  ]);
}

function runScope(ctx: StopContext): DebugScope {
  return {
    name: 'Run',
    expensive: false,
    variables: () => {
      const run = ctx.run;
      const clock = run.clock !== null ? (JSON.parse(run.clock) as { now?: number }).now ?? null : null;
      const pending = ctx.waits().filter((w) => w.status === 'pending');
      const kv = ctx.journal.filter((r) => r.stepType === 'kv');
      return [
        valueNode('id', run.id, null),
        valueNode('status', run.status, null),
        valueNode('flow', run.flow, null),
        valueNode('trigger', run.trigger, null),
        valueNode('clock', new Date(clock ?? run.updatedAt).toISOString() + (clock !== null ? ' (virtual)' : ''), null),
        groupNode('pending waits', String(pending.length), () => pending.map((w) => valueNode(`:${w.stepId}`, `${w.key}${w.expiresAt !== null ? ` until ${new Date(w.expiresAt).toISOString()}` : ''}`, null))),
        groupNode('kv writes', String(kv.length), () => kv.map((r) => valueNode(r.stepKey, decoded(r.result), null))),
        groupNode('steps', `${ctx.journal.length} journaled`, () => ctx.journal.map(stepNode)),
      ];
    },
  };
}

function stepScope(ctx: StopContext): DebugScope {
  return {
    name: 'Step',
    expensive: false,
    variables: () => {
      const call = ctx.view.call!;
      const rec = ctx.view.record;
      const key = ctx.view.stepKey!;
      const events = ctx.events().map((e) => e.event).filter((e) => 'stepKey' in e && e.stepKey === key);
      const attempts = events.filter((e): e is Extract<RunEvent, { type: 'step-attempt' }> => e.type === 'step-attempt');
      const requests = events.filter((e): e is Extract<RunEvent, { type: 'request' }> => e.type === 'request');
      const rendered = events.find((e): e is Extract<RunEvent, { type: 'step-config' }> => e.type === 'step-config');
      const out: VariableNode[] = [
        valueNode('id', call.id ?? call.type, null),
        valueNode('type', call.type, null),
        valueNode('key', key, null),
        rendered !== undefined ? valueNode('config', safeDecode(rendered.config), null) : valueNode('config', call.config, null),
        valueNode('status', rec === null ? 'about to run' : rec.status + (rec.edited ? ' (edited)' : ''), null),
      ];
      if (rec !== null) {
        const result = valueNode('result', decoded(rec.result), null);
        if (rec.status === 'completed') result.editable = { stepKey: rec.stepKey };
        out.push(result);
        if (rec.error !== null) out.push(valueNode('error', rec.error, null));
      }
      if (attempts.length > 0) {
        out.push(
          groupNode('attempts', String(attempts.length), () =>
            attempts.map((a) => {
              const req = requests.find((r) => r.attempt === a.attempt);
              return groupNode(`#${a.attempt}`, `${a.outcome}${a.status !== undefined ? ` ${a.status}` : ''}${a.durationMs !== undefined ? ` in ${a.durationMs} ms` : ''}`, () => [
                valueNode('outcome', a.outcome, null),
                ...(a.status !== undefined ? [valueNode('status', a.status, null)] : []),
                ...(a.error !== undefined ? [valueNode('error', a.error, null)] : []),
                ...(a.durationMs !== undefined ? [valueNode('duration-ms', a.durationMs, null)] : []),
                ...(req !== undefined ? [valueNode('request', `${req.method} ${req.url}${req.mocked ? ' (mocked)' : ''}`, null), valueNode('response', req.response?.body ?? null, null)] : []),
              ]);
            }),
          ),
        );
      }
      return out;
    },
  };
}

function safeDecode(text: string): Value {
  try {
    return decodeValue(text);
  } catch {
    return text;
  }
}

/** The step frame: the step at the boundary (absent at branch and entry stops, and at the end). */
export const stepFrames: FrameSource = {
  frames(ctx) {
    if (ctx.view.call === null || ctx.focus !== null) return [];
    const call = ctx.view.call;
    return [{ name: `:${call.id ?? call.type} (:${call.type})`, kind: 'step', span: stepSpan(ctx), scopes: [localsScope(ctx), stepScope(ctx), inputScope(ctx), runScope(ctx)], locals: ctx.view.locals, stepKey: ctx.view.record !== null ? ctx.view.stepKey : null }];
  },
};

/** The flow body frame: where the body stands (the step call, the branch or entry, or its end). */
export const bodyFrames: FrameSource = {
  frames(ctx) {
    const span = ctx.focus ?? stepSpan(ctx) ?? endSpan(ctx);
    return [{ name: `flow ${ctx.program.slug}`, kind: 'body', span, scopes: [localsScope(ctx), inputScope(ctx), runScope(ctx)], locals: ctx.view.locals, stepKey: null }];
  },
};

/** Where a run that ended without a step at the boundary stopped: its error's range, else the body. */
function endSpan(ctx: StopContext): SourceSpan | null {
  const error = ctx.run.error !== null ? (JSON.parse(ctx.run.error) as { start?: number; end?: number; step?: string | null }) : null;
  if (error?.step) return ctx.map.step(error.step) ?? null;
  if (error?.start !== undefined && error.end !== undefined && ctx.program.source === ctx.map.source) return ctx.map.span({ start: error.start, end: error.end });
  const body = ctx.program.bodyNode;
  return ctx.program.source === ctx.map.source ? ctx.map.span(body) : null;
}

export function buildFrames(ctx: StopContext, sources: readonly FrameSource[]): DebugFrame[] {
  return sources.flatMap((s) => s.frames(ctx));
}
