// The Debug Adapter Protocol session of the `flow-edn` debug type over the debug runtime
// (engine/debug): it translates requests and stops, nothing more. Imports no `vscode`, so it
// runs in a worker thread of the extension host (worker-main.ts) and over stdio (adapter-main.ts).

import { basename } from 'node:path';
import { BreakpointEvent, DebugSession, Handles, InitializedEvent, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread, ContinuedEvent } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { DebugRuntime } from '../../engine/debug/runtime';
import { EXCEPTION_FILTERS, type Breakpoint } from '../../engine/debug/breakpoints';
import type { DebugFrame } from '../../engine/debug/frames';
import { printShort, valueNode, type VariableNode } from '../../engine/debug/variables';
import type { Stop } from '../../engine/debug/types';
import { prettyValue } from '../../engine/edn/pretty';
import { RunService } from '../../engine/service/index';
import { executionOf, launchRequest, resolveDb, type FlowAttachArguments, type FlowLaunchArguments } from './launch-args';
import { consoleCommand, editValue } from './edits';

const THREAD = 1;

export interface FlowDebugSessionOptions {
  /** A run service to use (the extension host's, for its workspace store) instead of opening one. */
  service?: (dbPath: string) => RunService;
  /**
   * Where runs of a service this session opens execute, unless the launch says (`execution`):
   * `inline` on the session's thread (both adapters: the stdio adapter's process, the inline
   * adapter's worker thread; no run worker to boot before the first stop) or `worker`.
   */
  execution?: 'worker' | 'inline';
  /** The lease owner id of the service this session opens (the inline adapter's host gives it,
   *  to release the session's leases should the worker thread die). */
  leaseOwner?: string;
  /** The flag the inline adapter's host sets on `pause` (worker-adapter.ts): runs executing on
   *  this thread stop inside the function code they compute (RunServiceOptions.interrupt). */
  interrupt?: Int32Array;
  /** Told the store file of the service this session opens. */
  opened?: (dbPath: string) => void;
}

export class FlowDebugSession extends DebugSession {
  private runtime: DebugRuntime | null = null;
  private service: RunService | null = null;
  private ownsService = false;
  private flowPath: string | null = null;
  private configured!: Promise<void>;
  private markConfigured!: () => void;
  private variables = new Handles<{ nodes?: VariableNode[]; make: () => VariableNode[] }>();
  /** Texts the run runs of files changed on disk since, by source reference (frames show them). */
  private launchedTexts = new Map<number, string>();
  private launchedRefs = new Map<string, number>();

  constructor(private readonly options: FlowDebugSessionOptions = {}) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
    this.configured = new Promise((resolve) => (this.markConfigured = resolve));
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsLogPoints: true,
      supportsFunctionBreakpoints: true,
      supportsStepBack: true,
      supportsRestartFrame: true,
      supportsSetVariable: true,
      supportsEvaluateForHovers: true,
      supportsCompletionsRequest: true,
      completionTriggerCharacters: ['(', ':'],
      supportsClipboardContext: true,
      supportsTerminateRequest: true,
      supportsRestartRequest: true,
      supportsExceptionInfoRequest: true,
      exceptionBreakpointFilters: EXCEPTION_FILTERS.map((f) => ({ filter: f.filter, label: f.label, description: f.description, default: false })),
    };
    this.sendResponse(response);
  }

  /** `pausable`: runs may be paused (not Run Without Debugging), so the host's interrupt flag is handed on. */
  private open(dbPath: string, execution: 'worker' | 'inline' | undefined, pausable = true): DebugRuntime {
    if (this.options.service !== undefined) this.service = this.options.service(dbPath);
    else {
      const where = execution ?? this.options.execution;
      this.service = new RunService({ dbPath, recover: false, feed: { pollMs: 100 }, ...(where !== undefined ? { execution: where } : {}), ...(this.options.leaseOwner !== undefined ? { owner: this.options.leaseOwner } : {}), ...(this.options.interrupt !== undefined && pausable ? { interrupt: this.options.interrupt } : {}) });
      this.ownsService = true;
      this.options.opened?.(this.service.dbPath);
    }
    const runtime = new DebugRuntime(this.service, {
      stopped: (stop) => this.stopped(stop),
      continued: () => this.sendEvent(new ContinuedEvent(THREAD, true)),
      output: (text, category) => this.sendEvent(new OutputEvent(text, category)),
      ended: () => this.sendEvent(new TerminatedEvent()),
      breakpointsChanged: (bps) => {
        for (const b of bps) this.sendEvent(new BreakpointEvent('changed', this.breakpointOut(b)));
      },
    });
    this.runtime = runtime;
    return runtime;
  }

  protected override async launchRequest(response: DebugProtocol.LaunchResponse, args: FlowLaunchArguments): Promise<void> {
    await this.guard(response, async () => {
      const request = launchRequest(args);
      this.flowPath = request.flowPath;
      const runtime = this.open(resolveDb(args, request.flowPath), executionOf(args), request.noDebug !== true);
      runtime.prepareLaunch(request);
      this.sendEvent(new InitializedEvent());
      await this.configured;
      runtime.start();
    });
  }

  protected override async attachRequest(response: DebugProtocol.AttachResponse, args: FlowAttachArguments): Promise<void> {
    await this.guard(response, async () => {
      if (typeof args.runId !== 'string' || args.runId === '') throw new Error('attach needs "runId": the run to take over (see `flow-edn runs`)');
      const runtime = this.open(resolveDb(args, null), executionOf(args));
      const run = runtime.attach(args.runId);
      this.flowPath = run.flowPath;
      this.sendEvent(new InitializedEvent());
      await this.configured;
      runtime.startAttached(args.stopOnEntry !== false);
    });
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.markConfigured();
    this.sendResponse(response);
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    this.sync(response, () => {
      const runtime = this.need();
      const path = args.source.path ?? null;
      const specs = (args.breakpoints ?? []).map((b) => ({ line: this.convertClientLineToDebugger(b.line), ...(b.condition ? { condition: b.condition } : {}), ...(b.hitCondition ? { hitCondition: b.hitCondition } : {}), ...(b.logMessage ? { logMessage: b.logMessage } : {}) }));
      // The flow file or a file it #flow/includes (any other file: unverified, saying so).
      const bound = runtime.setLineBreakpoints(specs, path);
      response.body = { breakpoints: bound.map((b) => this.breakpointOut(b)) };
    });
  }

  protected override setFunctionBreakPointsRequest(response: DebugProtocol.SetFunctionBreakpointsResponse, args: DebugProtocol.SetFunctionBreakpointsArguments): void {
    this.sync(response, () => {
      const bound = this.need().setFunctionBreakpoints(args.breakpoints.map((b) => ({ stepId: b.name, ...(b.condition ? { condition: b.condition } : {}), ...(b.hitCondition ? { hitCondition: b.hitCondition } : {}) })));
      response.body = { breakpoints: bound.map((b) => ({ id: b.id, verified: b.verified, ...(b.line !== null ? { line: this.convertDebuggerLineToClient(b.line), source: this.source(b.file) } : {}), ...(b.message !== null ? { message: b.message } : {}) })) };
    });
  }

  private breakpointOut(b: Breakpoint): DebugProtocol.Breakpoint {
    return { id: b.id, verified: b.verified, line: this.convertDebuggerLineToClient(b.line ?? b.spec.line ?? 0), ...(b.message !== null ? { message: b.message } : {}), ...(b.verified ? { source: this.source(b.file) } : {}) };
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.sync(response, () => {
      this.need().setExceptionFilters([...args.filters, ...(args.filterOptions ?? []).map((f) => f.filterId)]);
    });
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    const id = this.runtime?.runId;
    response.body = { threads: [new Thread(THREAD, id ? `run ${id}` : 'run')] };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    this.sync(response, () => {
      const frames = this.runtime?.stop?.frames ?? [];
      const start = args.startFrame ?? 0;
      const count = args.levels && args.levels > 0 ? args.levels : frames.length;
      response.body = { stackFrames: frames.slice(start, start + count).map((f, i) => this.frameOut(f, start + i)), totalFrames: frames.length };
    });
  }

  private frameOut(f: DebugFrame, index: number): DebugProtocol.StackFrame {
    const frame: DebugProtocol.StackFrame = new StackFrame(index + 1, f.name, f.span !== null ? this.source(f.span.file) : undefined, f.span !== null ? this.convertDebuggerLineToClient(f.span.line) : 0, f.span !== null ? this.convertDebuggerColumnToClient(f.span.column) : 0);
    if (f.span !== null) {
      frame.endLine = this.convertDebuggerLineToClient(f.span.endLine);
      frame.endColumn = this.convertDebuggerColumnToClient(f.span.endColumn);
    }
    frame.canRestart = f.stepKey !== null;
    return frame;
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.sync(response, () => {
      const frame = this.need().frame(args.frameId - 1);
      response.body = { scopes: frame.scopes.map((s) => new Scope(s.name, this.variables.create({ make: s.variables }), s.expensive)) };
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.sync(response, () => {
      const held = this.variables.get(args.variablesReference);
      if (held === undefined) throw new Error('those variables belong to an earlier stop');
      let nodes = (held.nodes ??= held.make());
      if (args.start !== undefined || args.count !== undefined) nodes = nodes.slice(args.start ?? 0, (args.start ?? 0) + (args.count && args.count > 0 ? args.count : nodes.length));
      response.body = { variables: nodes.map((n) => this.variableOut(n)) };
    });
  }

  private variableOut(n: VariableNode): DebugProtocol.Variable {
    const v: DebugProtocol.Variable = { name: n.name, value: n.value, type: n.type, variablesReference: n.children !== undefined ? this.variables.create({ make: n.children }) : 0 };
    if (n.evaluateName !== null) v.evaluateName = n.evaluateName;
    if (n.count !== undefined) v.namedVariables = n.count;
    return v;
  }

  /** The node a variable name denotes under a handle (for setVariable). */
  private nodeAt(ref: number, name: string): VariableNode | undefined {
    const held = this.variables.get(ref);
    if (held === undefined) return undefined;
    const nodes = (held.nodes ??= held.make());
    return nodes.find((n) => n.name === name);
  }

  protected override async setVariableRequest(response: DebugProtocol.SetVariableResponse, args: DebugProtocol.SetVariableArguments): Promise<void> {
    await this.guard(response, async () => {
      const node = this.nodeAt(args.variablesReference, args.name);
      if (node === undefined) throw new Error(`no variable ${args.name} here (its stop has passed)`);
      const value = editValue(node, args.value);
      await this.need().editResult(node.editable!.stepKey, value);
      const shown = valueNode(node.name, value, node.evaluateName);
      response.body = { value: shown.value, type: shown.type, variablesReference: 0 };
    });
  }

  protected override async evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): Promise<void> {
    await this.guard(response, async () => {
      const runtime = this.need();
      const command = args.context === 'repl' && runtime.waiting ? consoleCommand(args.expression) : null;
      if (command !== null) {
        const said = command.action === 'timeout' ? runtime.fireTimeout() : await runtime.resolveWait(command.action, command.payload);
        response.body = { result: said, variablesReference: 0 };
        return;
      }
      const value = runtime.evaluate(args.expression, args.frameId !== undefined ? args.frameId - 1 : null);
      if (args.context === 'clipboard') {
        response.body = { result: prettyValue(value, 100), variablesReference: 0 };
        return;
      }
      const node = valueNode(args.expression, value, args.expression);
      response.body = { result: printShort(value), type: node.type, variablesReference: node.children !== undefined ? this.variables.create({ make: node.children }) : 0, ...(node.count !== undefined ? { namedVariables: node.count } : {}) };
    });
  }

  protected override completionsRequest(response: DebugProtocol.CompletionsResponse, args: DebugProtocol.CompletionsArguments): void {
    this.sync(response, () => {
      const items = this.need().completions(args.text, args.column - 1, args.frameId !== undefined ? args.frameId - 1 : null);
      response.body = { targets: items.slice(0, 200).map((c) => ({ label: c.label, type: c.type, start: c.start, length: c.length })) };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    this.sync(response, () => {
      const ex = this.runtime?.stop?.exception;
      if (ex === undefined) throw new Error('the run is not stopped on an exception');
      response.body = { exceptionId: ex.filter, description: ex.message, breakMode: 'always' };
    });
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.sync(response, () => {
      this.resetHandles();
      this.need().continue();
      response.body = { allThreadsContinued: true };
    });
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.sync(response, () => {
      this.resetHandles();
      this.need().next();
    });
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.sync(response, () => {
      this.resetHandles();
      // Into the code of a :function step (pause by replay), or deeper inside it; elsewhere Next.
      this.need().stepIn();
    });
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.sync(response, () => {
      this.resetHandles();
      this.need().stepOut();
    });
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.sync(response, () => {
      this.resetHandles();
      this.need().stepBack();
    });
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.sync(response, () => {
      this.resetHandles();
      this.need().reverseContinue();
    });
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.sync(response, () => this.need().pause());
  }

  protected override async restartFrameRequest(response: DebugProtocol.RestartFrameResponse, args: DebugProtocol.RestartFrameArguments): Promise<void> {
    await this.guard(response, async () => {
      this.resetHandles();
      await this.need().restartFrame(args.frameId - 1);
    });
  }

  protected override async restartRequest(response: DebugProtocol.RestartResponse): Promise<void> {
    await this.guard(response, async () => {
      this.resetHandles();
      await this.need().restart();
    });
  }

  protected override async terminateRequest(response: DebugProtocol.TerminateResponse): Promise<void> {
    await this.guard(response, async () => {
      await this.runtime?.terminate();
      this.sendEvent(new TerminatedEvent());
    });
  }

  protected override async disconnectRequest(response: DebugProtocol.DisconnectResponse): Promise<void> {
    try {
      await this.runtime?.terminate();
      if (this.ownsService) await this.service?.close();
    } catch {
      // closing anyway
    }
    this.runtime = null;
    this.sendResponse(response);
  }

  private stopped(stop: Stop): void {
    this.resetHandles();
    const event = new StoppedEvent(stop.reason, THREAD, stop.exception?.message) as DebugProtocol.StoppedEvent;
    event.body.description = stop.description;
    event.body.allThreadsStopped = true;
    if (stop.breakpointIds.length > 0) event.body.hitBreakpointIds = stop.breakpointIds;
    this.sendEvent(event);
  }

  private resetHandles(): void {
    this.variables.reset();
  }

  /** The flow file (`file` null), or a file it includes; one edited since the run started is
   *  served as the text the run runs (read-only, through `source`), so frames show their lines. */
  private source(file: string | null = null): Source | undefined {
    const path = file ?? this.flowPath;
    if (path === null) return undefined;
    const files = this.runtime?.flowMap.files;
    if (files === undefined || !files.changedOnDisk(file)) return new Source(basename(path), path);
    const text = files.launchedText(file);
    let ref = this.launchedRefs.get(text);
    if (ref === undefined) {
      ref = this.launchedRefs.size + 1;
      this.launchedRefs.set(text, ref);
      this.launchedTexts.set(ref, text);
    }
    return new Source(`${basename(path)} (as run)`, path, ref, 'the text the run runs: the file changed since it started');
  }

  protected override sourceRequest(response: DebugProtocol.SourceResponse, args: DebugProtocol.SourceArguments): void {
    this.sync(response, () => {
      const text = this.launchedTexts.get(args.source?.sourceReference ?? args.sourceReference);
      if (text === undefined) throw new Error('no such source in this session: only files changed since the run started are served from it');
      response.body = { content: text };
    });
  }

  private need(): DebugRuntime {
    if (this.runtime === null) throw new Error('no run: launch or attach first');
    return this.runtime;
  }

  /** Answers a request, or its error as a message that says what to do. */
  private sync(response: DebugProtocol.Response, fn: () => void): void {
    try {
      fn();
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, 1001, e);
    }
  }

  private fail(response: DebugProtocol.Response, id: number, e: unknown): void {
    // The message goes in as a variable: EDN braces in it are not format placeholders.
    this.sendErrorResponse(response, { id, format: '{_message}', variables: { _message: e instanceof Error ? e.message : String(e) }, showUser: true });
  }

  private async guard(response: DebugProtocol.Response, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
      this.sendResponse(response);
    } catch (e) {
      this.fail(response, 1002, e);
    }
  }
}
