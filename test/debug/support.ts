// What the debugger tests share: the real stdio adapter (out/debugAdapter.js) driven by
// DebugClient, a scratch folder with the founding flow's corrected copy and its scenarios
// (plus one whose approval nobody answers), and a log of events that never misses one.

import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';

export const root = join(__dirname, '..', '..', '..');
export const adapter = join(root, 'out', 'debugAdapter.js');
export const cli = join(root, 'out', 'cli.js');

export const FLOW = 'advanced-order-orchestration-fixed.flow.edn';

/** A scratch folder holding the founding flow's corrected copy and its scenarios. */
export function scratch(name: string): { dir: string; flow: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), `flow-edn-debug-${name}-`));
  for (const f of readdirSync(join(root, 'examples'))) if (f.startsWith('advanced-order-orchestration-fixed.')) copyFileSync(join(root, 'examples', f), join(dir, f));
  // Nobody answers the approval: the run waits at :manager-approval.
  const sim = readFileSync(join(dir, 'advanced-order-orchestration-fixed.sim.edn'), 'utf8');
  writeFileSync(join(dir, 'advanced-order-orchestration-fixed.pending.sim.edn'), sim.replace(/\s*:manager-approval \{[^}]*\}/, '').replace(/:expect[\s\S]*\}\s*$/, '}'));
  return { dir, flow: join(dir, FLOW), db: join(dir, '.flow-edn', 'runs.db') };
}

/** Lines (1-based) of the founding flow's forms, read from the file so the tests follow edits. */
export function lineOf(flowPath: string, needle: string): number {
  const lines = readFileSync(flowPath, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
}

/** Every event the adapter sent, in order; `next(type)` takes the first not yet taken. */
export class EventLog {
  private readonly seen: DebugProtocol.Event[] = [];
  private readonly waiting: { type: string; resolve: (e: DebugProtocol.Event) => void }[] = [];

  constructor(dc: DebugClient, types = ['stopped', 'continued', 'terminated', 'output', 'initialized', 'exited']) {
    for (const type of types) {
      dc.on(type, (e: DebugProtocol.Event) => {
        const w = this.waiting.findIndex((x) => x.type === type);
        if (w >= 0) this.waiting.splice(w, 1)[0]!.resolve(e);
        else this.seen.push(e);
      });
    }
  }

  next(type: string, timeoutMs = 10_000): Promise<DebugProtocol.Event> {
    const i = this.seen.findIndex((e) => e.event === type);
    if (i >= 0) return Promise.resolve(this.seen.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const entry = { type, resolve: (e: DebugProtocol.Event) => (clearTimeout(timer), resolve(e)) };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(entry), 1);
        reject(new Error(`no ${type} event within ${timeoutMs} ms; output so far: ${this.outputs()}`));
      }, timeoutMs);
      this.waiting.push(entry);
    });
  }

  /** Console output so far (output events are kept, not taken). */
  outputs(): string {
    return this.seen.filter((e) => e.event === 'output').map((e) => (e.body as { output: string }).output).join('');
  }
}

export async function client(): Promise<{ dc: DebugClient; log: EventLog }> {
  const dc = new DebugClient('node', adapter, 'flow-edn', { env: { ...process.env, FLOW_EDN_USER: 'debug-test' } }, true);
  dc.defaultTimeout = 15_000;
  await dc.start();
  const log = new EventLog(dc);
  return { dc, log };
}

/** initialize + launch, setting line breakpoints (and more) once the adapter says initialized. */
export async function launch(dc: DebugClient, log: EventLog, args: Record<string, unknown>, configure: () => Promise<unknown> = async () => undefined): Promise<void> {
  const init = await dc.initializeRequest({ adapterID: 'flow-edn', linesStartAt1: true, columnsStartAt1: true, pathFormat: 'path' });
  if (!init.body?.supportsConfigurationDoneRequest) throw new Error('the adapter must support configurationDone');
  const launched = dc.launchRequest(args as DebugProtocol.LaunchRequestArguments);
  await log.next('initialized');
  await configure();
  await dc.configurationDoneRequest();
  await launched;
}

export async function topFrame(dc: DebugClient): Promise<DebugProtocol.StackFrame[]> {
  const st = await dc.stackTraceRequest({ threadId: 1 });
  return st.body.stackFrames;
}

export async function scopeVariables(dc: DebugClient, frameId: number, scope: string): Promise<DebugProtocol.Variable[]> {
  const scopes = await dc.scopesRequest({ frameId });
  const s = scopes.body.scopes.find((x) => x.name === scope);
  if (s === undefined) throw new Error(`no scope ${scope}: ${scopes.body.scopes.map((x) => x.name).join(', ')}`);
  return (await dc.variablesRequest({ variablesReference: s.variablesReference })).body.variables;
}

/** A scratch folder with the loop fixture (the same :function step four times). */
export function loopScratch(): { dir: string; flow: string; db: string } {
  const dir = mkdtempSync(join(tmpdir(), 'flow-edn-debug-loop-'));
  for (const f of ['loop.flow.edn', 'loop.sim.edn']) copyFileSync(join(root, 'test', 'fixtures', 'debug', f), join(dir, f));
  return { dir, flow: join(dir, 'loop.flow.edn'), db: join(dir, '.flow-edn', 'runs.db') };
}

/** Opens sessions and stops them all after the file's tests. */
export function sessions(register: (fn: () => Promise<void>) => void): () => Promise<{ dc: DebugClient; log: EventLog }> {
  const open: DebugClient[] = [];
  register(async () => {
    for (const dc of open) await dc.stop().catch(() => undefined);
  });
  return async () => {
    const s = await client();
    open.push(s.dc);
    return s;
  };
}

export async function localValue(dc: DebugClient, name: string): Promise<string> {
  const frames = await topFrame(dc);
  const v = (await scopeVariables(dc, frames[0]!.id, 'Locals')).find((x) => x.name === name);
  if (v === undefined) throw new Error(`no local ${name}`);
  return v.value;
}
