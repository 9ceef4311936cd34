// The `flow-edn` debug type's launch and attach arguments, and how they resolve: the
// scenario by path or by name (`x.<name>.sim.edn` beside the flow), the input as EDN or
// JSON, the store (default `<workspace or flow folder>/.flow-edn/runs.db`, as the CLI's).

import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { parseData } from '../../engine/cli/engine-setup';
import { jsonToValue } from '../../engine/interp/index';
import type { Value } from '../../engine/edn/values';
import { defaultSimulationPath, scenarioPaths, scenarioName } from '../../engine/run/simulation';
import { defaultStorePath } from '../../engine/store/index';
import type { LaunchRequest } from '../../engine/debug/types';

export interface FlowLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The flow file. */
  flow?: string;
  /** A scenario file, or the name N of `x.N.sim.edn` beside the flow; `none` for none. */
  scenario?: string | null;
  /** Run input (EDN or JSON text, or a JSON value); overrides the scenario's. */
  input?: unknown;
  trigger?: string;
  /** The run store. @default `<workspaceFolder or cwd or the flow's folder>/.flow-edn/runs.db` */
  db?: string;
  stopOnEntry?: boolean;
  clock?: 'virtual' | 'real';
  /** Folder the store and relative paths are resolved from. */
  cwd?: string;
  workspaceFolder?: string;
  /** Where flow code runs: `inline` on the session's thread (default in both adapters) or `worker`, a run worker of its own. */
  execution?: 'worker' | 'inline';
}

export interface FlowAttachArguments extends DebugProtocol.AttachRequestArguments {
  runId?: string;
  db?: string;
  cwd?: string;
  workspaceFolder?: string;
  stopOnEntry?: boolean;
  execution?: 'worker' | 'inline';
}

export class LaunchArgumentError extends Error {}

function base(args: { cwd?: string; workspaceFolder?: string }): string | undefined {
  return args.workspaceFolder ?? args.cwd;
}

export function resolveFlowPath(args: FlowLaunchArguments): string {
  if (typeof args.flow !== 'string' || args.flow === '') throw new LaunchArgumentError('launch needs "flow": the path of the .flow.edn file to run');
  const path = isAbsolute(args.flow) ? args.flow : resolve(base(args) ?? process.cwd(), args.flow);
  if (!existsSync(path)) throw new LaunchArgumentError(`flow file ${path} does not exist`);
  return path;
}

/** A scenario path, null for none, undefined for the flow's default scenario. */
export function resolveScenario(flowPath: string, scenario: string | null | undefined, args: { cwd?: string; workspaceFolder?: string }): string | null | undefined {
  if (scenario === undefined || scenario === '' || scenario === 'default') return scenario === 'default' ? (defaultSimulationPath(flowPath) ?? null) : undefined;
  if (scenario === null || scenario === 'none') return null;
  if (scenario.endsWith('.edn') || scenario.includes('/') || scenario.includes('\\')) {
    const candidates = isAbsolute(scenario) ? [scenario] : [resolve(base(args) ?? process.cwd(), scenario), join(dirname(flowPath), scenario)];
    const found = candidates.find((c) => existsSync(c));
    if (found === undefined) throw new LaunchArgumentError(`scenario file ${candidates[0]} does not exist`);
    return found;
  }
  const stem = basename(flowPath).replace(/\.flow\.(edn|clj)$/, '');
  const path = join(dirname(flowPath), `${stem}.${scenario}.sim.edn`);
  if (!existsSync(path)) {
    const names = scenarioPaths(flowPath).map((p) => scenarioName(p));
    throw new LaunchArgumentError(`no scenario "${scenario}" for ${basename(flowPath)}: expected ${path}; its scenarios: ${names.join(', ') || 'none'}`);
  }
  return path;
}

export function resolveInput(input: unknown): Value | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input === 'string') {
    try {
      return parseData(input, '"input"');
    } catch (e) {
      throw new LaunchArgumentError((e as Error).message);
    }
  }
  return jsonToValue(input);
}

export function resolveDb(args: { db?: string; cwd?: string; workspaceFolder?: string }, flowPath: string | null): string {
  if (typeof args.db === 'string' && args.db !== '') return isAbsolute(args.db) ? args.db : resolve(base(args) ?? process.cwd(), args.db);
  const root = base(args) ?? (flowPath !== null ? dirname(flowPath) : process.cwd());
  return defaultStorePath(root);
}

/** Where a launch or attach asks its runs to execute (undefined: the adapter's default). */
export function executionOf(args: { execution?: unknown }): 'inline' | 'worker' | undefined {
  const e = args.execution;
  if (e === undefined || e === 'inline' || e === 'worker') return e;
  throw new LaunchArgumentError(`"execution" is "inline" or "worker", not ${JSON.stringify(e)}`);
}

export function launchRequest(args: FlowLaunchArguments): LaunchRequest {
  const flowPath = resolveFlowPath(args);
  const scenario = resolveScenario(flowPath, args.scenario, args);
  const input = resolveInput(args.input);
  if (args.clock !== undefined && args.clock !== 'virtual' && args.clock !== 'real') throw new LaunchArgumentError(`"clock" is "virtual" or "real", not ${JSON.stringify(args.clock)}`);
  return {
    flowPath,
    ...(scenario !== undefined ? { scenario } : {}),
    ...(input !== undefined ? { input } : {}),
    ...(typeof args.trigger === 'string' ? { trigger: args.trigger } : {}),
    stopOnEntry: args.stopOnEntry === true,
    noDebug: args.noDebug === true,
    ...(args.clock !== undefined ? { clock: args.clock } : {}),
  };
}
