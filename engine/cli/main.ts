// The `flow-edn` command: dispatches to one function per subcommand. Exit codes follow
// design §7: 0 success, 1 the flow or run failed or checks found errors, 2 bad usage or
// unreadable input. Holds only names and summaries: each command's code is loaded on use from
// its group's bundle (groups/*), so `check` never reads the run engine.

import { existsSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { cliErrorKind, processIO, type CommandIO } from './io';
import type { Command, CommandGroup } from './groups/command';
import type * as CodeCache from './code-cache';
import type * as WarmCache from './warm-cache';

/** The command groups, each its own bundle beside out/cli.js, so a command loads only its own code. */
const groups = {
  check: 'cliCheck',
  repair: 'cliRepair',
  runs: 'cliRuns',
} as const;
type Group = keyof typeof groups;

const commands: Record<string, { group: Group; summary: string }> = {
  check: { group: 'check', summary: 'check flow files and print findings' },
  repair: { group: 'repair', summary: 'repair unbalanced delimiters by indentation (a diff; --write writes)' },
  run: { group: 'runs', summary: 'run a flow locally (with its simulation file)' },
  resume: { group: 'runs', summary: 'resume a run by replay (after a crash, or to fire a timeout)' },
  approve: { group: 'runs', summary: "approve a run's pending wait and resume it" },
  reject: { group: 'runs', summary: "reject a run's pending wait and resume it" },
  cancel: { group: 'runs', summary: 'cancel a running or waiting run (and its pending waits)' },
  kv: { group: 'runs', summary: 'kv list|get|set|delete: see and seed the local KV store' },
  waits: { group: 'runs', summary: 'list pending waits' },
  runs: { group: 'runs', summary: 'list runs' },
  show: { group: 'runs', summary: "print a run's timeline, or a res:// resource" },
  test: { group: 'runs', summary: 'run every scenario with :expect and report pass/fail' },
  serve: { group: 'runs', summary: 'serve flows locally: signed webhooks, schedules, queues, approval links' },
  schedule: { group: 'runs', summary: "schedule fire FLOW: fire a flow's schedule now" },
  webhook: { group: 'runs', summary: 'webhook send FLOW --payload FILE: send a signed delivery to serve; webhook payload FLOW: a payload skeleton' },
  scenario: { group: 'runs', summary: 'scenario new FLOW NAME: write x.NAME.sim.edn pre-filled from the flow' },
  new: { group: 'runs', summary: 'new SLUG: create SLUG.flow.edn and its scenario SLUG.sim.edn' },
};

/** Node >= 22.1 caches compiled code itself (module.enableCompileCache); Node 20 through ./code-cache. */
const nodeCompileCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function';

/**
 * A command's code: from its group's bundle beside this one (out/cliCheck.js, ...), through the
 * code cache where Node has none of its own (and source maps are off), or from ./groups/<group>
 * when compiled by tsc. The path is computed so esbuild leaves it alone.
 */
export function loadCommand(name: string): Command {
  const group = commands[name]!.group;
  const bundled = join(__dirname, `${groups[group]}.js`);
  const source = `./groups/${group}`;
  if (!existsSync(bundled)) return (require(source) as { commands: CommandGroup }).commands[name]!;
  // The bin starts without TurboFan (scripts/build.mjs); runs and the local runtime live long
  // enough to want it. Set before the bundle compiles, so its code cache is made and read under one set of flags.
  if (group === 'runs') (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--turbofan');
  const useCache = !nodeCompileCache && !(process as { sourceMapsEnabled?: boolean }).sourceMapsEnabled;
  return ((useCache ? codeCache().requireCached(bundled) : require(bundled)) as { commands: CommandGroup }).commands[name]!;
}

let codeCacheModule: typeof CodeCache | undefined;
/** ./code-cache, loaded on a command's first use (`--version` and usage never load node:vm). */
function codeCache(): typeof CodeCache {
  return (codeCacheModule ??= require('./code-cache') as typeof CodeCache);
}

/** Every command name, for tests that check each one has a group and help. */
export const commandNames: readonly string[] = Object.keys(commands);

const version = '0.1.0';

export function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: flow-edn <command> [options]\n\nCommands:\n${rows.join('\n')}\n\nRun 'flow-edn <command> --help' for a command's options.\n'flow-edn --warm-cache' compiles the commands' code into its cache, as the npm install does.`;
}

export async function main(argv: string[], io: CommandIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(version);
    return 0;
  }
  if (name === '--warm-cache') {
    // The package's postinstall (and by hand after an install without scripts): compiles the command bundles into the cache.
    const { steps } = (require('./warm-cache') as typeof WarmCache).warmCache(__filename);
    const told = steps.map((s) => `${s.args[0]} ${s.status === 0 ? 'ok' : `exit ${s.status}`}`).join(', ');
    io.out(steps.length === 0 ? 'flow-edn: nothing compiled (not the built bin, or no temporary folder)' : `flow-edn: compiled the command bundles for the code cache (${told})`);
    return 0;
  }
  if (!Object.hasOwn(commands, name)) {
    io.err(`flow-edn: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  const command = loadCommand(name);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (cliErrorKind(e) === 'usage' || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`flow-edn ${name}: ${(e as Error).message}\n\n${command.help}`);
      return 2;
    }
    if (cliErrorKind(e) === 'input') {
      io.err(`flow-edn ${name}: ${(e as Error).message}`);
      return 2;
    }
    // One line; the stack only when asked for (FLOW_EDN_DEBUG=1).
    io.err(`flow-edn ${name}: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}${process.env.FLOW_EDN_DEBUG ? `\n${(e as Error).stack ?? ''}` : ' (FLOW_EDN_DEBUG=1 prints the stack)'}`);
    return 2;
  } finally {
    // After the run, so the cache holds the functions the command compiled.
    codeCacheModule?.saveCodeCache();
  }
}

if (require.main === module) {
  // Node >= 22.1 keeps compiled code on disk between runs (os.tmpdir()/node-compile-cache); Node 20 has no such cache.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
