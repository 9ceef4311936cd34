// Debug configurations of the `flow-edn` debug type, without `vscode`: the list a flow offers
// (one per scenario: `x.sim.edn` and `x.<name>.sim.edn` beside it), what F5 with no launch.json
// becomes, and the checks before a session starts. client/debug/vscode/provider.ts wraps it.

import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { defaultSimulationPath, scenarioName, scenarioPaths } from '../../../engine/run/scenario-files';

export const DEBUG_TYPE = 'flow-edn';

/** `launch` arguments (package.json `configurationAttributes.launch` declares the same names). */
export interface FlowLaunchArguments {
  /** The flow file. @default the active editor's flow */
  flow?: string;
  /** A simulation file path, `name` of `x.name.sim.edn` beside the flow, or `none`. @default the flow's `x.sim.edn` */
  scenario?: string;
  /** EDN text, or a JSON value; overrides the scenario's `:input`. */
  input?: unknown;
  /** The trigger's label (e.g. "Run"). */
  trigger?: string;
  /** The store. @default `<workspace folder>/.flow-edn/runs.db` */
  db?: string;
  stopOnEntry?: boolean;
  /** @default 'virtual' when the scenario sets a clock */
  clock?: 'virtual' | 'real';
  /** Where flow code executes: on the session's thread, or a run worker of its own. @default 'inline' */
  execution?: 'inline' | 'worker';
  /** Run Without Debugging. */
  noDebug?: boolean;
}

/** `attach` arguments: take over a waiting or interrupted run. */
export interface FlowAttachArguments {
  runId?: string;
  db?: string;
  execution?: 'inline' | 'worker';
}

export const LAUNCH_ARGUMENTS: readonly (keyof FlowLaunchArguments)[] = ['flow', 'scenario', 'input', 'trigger', 'db', 'stopOnEntry', 'clock', 'execution', 'noDebug'];
export const ATTACH_ARGUMENTS: readonly (keyof FlowAttachArguments)[] = ['runId', 'db', 'execution'];

/** A configuration as VS Code hands it over (launch.json entries may hold anything). */
export interface FlowDebugConfiguration extends FlowLaunchArguments, FlowAttachArguments {
  type: string;
  request: string;
  name: string;
  [key: string]: unknown;
}

/** Where the configuration is resolved: the active flow and the workspace folder. */
export interface LaunchContext {
  /** The file of the active editor when it is a flow file. */
  activeFlow?: string;
  /** The workspace folder of the session (absolute path). */
  folder?: string;
}

export type Resolution = { config: FlowDebugConfiguration } | { error: string };

/** `advanced-order-orchestration-fixed` for `.../advanced-order-orchestration-fixed.flow.edn`. */
export function flowStem(flowPath: string): string {
  return basename(flowPath).replace(/\.flow\.(edn|clj)$/, '').replace(/\.(edn|clj)$/, '');
}

/** `${workspaceFolder}/x/y.flow.edn` inside the folder, else the absolute path. */
function inFolder(path: string, folder: string | undefined): string {
  if (folder === undefined) return path;
  const rel = relative(folder, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : `\${workspaceFolder}/${rel.split(sep).join('/')}`;
}

/**
 * One launch configuration per scenario of the flow: the default first (`x.sim.edn`, or no
 * scenario when the flow has none; `scenario` left out either way), then each `x.<name>.sim.edn`.
 */
export function scenarioConfigurations(flowPath: string, folder?: string): FlowDebugConfiguration[] {
  const stem = flowStem(flowPath);
  const flow = inFolder(flowPath, folder);
  const base = { type: DEBUG_TYPE, request: 'launch', flow, stopOnEntry: false };
  const configs: FlowDebugConfiguration[] = [
    { ...base, name: `Debug ${stem} (${defaultSimulationPath(flowPath) !== null ? 'default scenario' : 'no scenario'})` },
  ];
  for (const path of scenarioPaths(flowPath)) {
    const name = scenarioName(path);
    if (name !== 'default') configs.push({ ...base, name: `Debug ${stem}: ${name}`, scenario: name });
  }
  return configs;
}

/**
 * Before variables are substituted: F5 with no launch.json (an empty configuration) debugs the
 * active flow; a `launch` without `flow` takes the active flow too.
 */
export function completeConfiguration(config: Partial<FlowDebugConfiguration>, context: LaunchContext): Resolution {
  // F5 (or Ctrl+F5, which adds `noDebug`) with no launch.json: VS Code may have set `type` from the editor's language.
  if (config.request === undefined && config.name === undefined) {
    if (context.activeFlow === undefined) return { error: 'Flow EDN: open a flow file (x.flow.edn) and press F5 again, or add a "flow-edn" configuration to launch.json (Add Configuration...).' };
    return { config: { ...config, type: DEBUG_TYPE, request: 'launch', name: `Debug ${flowStem(context.activeFlow)}`, flow: context.activeFlow } };
  }
  const full = { type: DEBUG_TYPE, request: 'launch', name: 'Flow EDN', ...config } as FlowDebugConfiguration;
  if (full.request === 'attach') {
    if (typeof full.runId !== 'string' || full.runId === '') return { error: `Flow EDN: the attach configuration "${full.name}" needs "runId": the id of a waiting or interrupted run (see \`flow-edn runs\`).` };
    return { config: full };
  }
  if (full.request !== 'launch') return { error: `Flow EDN: "request" of "${full.name}" is "${String(full.request)}"; use "launch" or "attach".` };
  if (full.flow === undefined || full.flow === '') {
    if (context.activeFlow === undefined) return { error: `Flow EDN: "${full.name}" names no "flow" and no flow file is open; set "flow" to a flow file, e.g. "\${workspaceFolder}/flows/x.flow.edn".` };
    full.flow = context.activeFlow;
  }
  return { config: full };
}

const looksLikePath = (scenario: string) => scenario.includes('/') || scenario.includes('\\') || scenario.endsWith('.edn');

/**
 * After variables are substituted: paths made absolute (against the folder), the store
 * defaulted to the folder's `.flow-edn/runs.db`, the flow and a named scenario checked, with
 * messages that name the file and the fix.
 */
export function checkConfiguration(config: FlowDebugConfiguration, context: LaunchContext): Resolution {
  const base = context.folder ?? (config.flow !== undefined && isAbsolute(config.flow) ? dirname(config.flow) : process.cwd());
  const out: FlowDebugConfiguration = { ...config };
  if (typeof out.db === 'string' && out.db !== '') out.db = resolve(base, out.db);
  else if (context.folder !== undefined) out.db = join(context.folder, '.flow-edn', 'runs.db');
  if (out.execution !== undefined && out.execution !== 'inline' && out.execution !== 'worker') return { error: `Flow EDN: "execution" of "${out.name}" is ${JSON.stringify(out.execution)}; use "inline" or "worker".` };
  if (out.request === 'attach') return { config: out };
  if (out.clock !== undefined && out.clock !== 'virtual' && out.clock !== 'real') return { error: `Flow EDN: "clock" of "${out.name}" is ${JSON.stringify(out.clock)}; use "virtual" or "real".` };
  const flow = resolve(base, out.flow ?? '');
  if (!existsSync(flow) || !statSync(flow).isFile()) return { error: `Flow EDN: cannot debug ${flow}: no such file. Set "flow" in "${out.name}" to a flow file (x.flow.edn).` };
  out.flow = flow;
  if (typeof out.scenario === 'string' && out.scenario !== '') {
    if (looksLikePath(out.scenario)) {
      const path = resolve(base, out.scenario);
      if (!existsSync(path)) return { error: `Flow EDN: the scenario ${path} of "${out.name}" does not exist; name an existing simulation file or one of: ${scenarioList(flow)}.` };
      out.scenario = path;
    } else if (out.scenario !== 'none' && !scenarioPaths(flow).some((p) => scenarioName(p) === out.scenario)) {
      return { error: `Flow EDN: ${flow} has no scenario '${out.scenario}' (x.${out.scenario}.sim.edn beside it); it has ${scenarioList(flow)}.` };
    }
  }
  return { config: out };
}

function scenarioList(flow: string): string {
  const names = scenarioPaths(flow).map((p) => scenarioName(p));
  return names.length > 0 ? `${names.join(', ')} (or none)` : 'none (write one with `flow-edn scenario new`)';
}
