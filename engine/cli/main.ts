// The `flow-edn` command: dispatches to one function per subcommand. Exit codes follow
// design §7: 0 success, 1 the flow or run failed or checks found errors, 2 bad usage or
// unreadable input.

import { cancelHelp, runCancel } from './cancel-command';
import { checkHelp, runCheck } from './check-command';
import { kvHelp, runKv } from './kv-command';
import { repairHelp, runRepair } from './repair-command';
import { runRuns, runShow, runsHelp, showHelp } from './inspect-commands';
import { resumeHelp, runHelp, runResume, runRun } from './run-command';
import { runTest, testHelp } from './test-command';
import { approveHelp, resolveCommand, runWaits, waitsHelp } from './wait-commands';
import { InputError, processIO, UsageError, type CommandIO } from './io';
import { runSchedule, scheduleHelp } from './schedule-command';
import { runServe, serveHelp } from './serve-command';
import { runWebhook, webhookHelp } from './webhook-command';
import { newHelp, runNew, runScenario, scenarioHelp } from './scaffold-commands';

interface Command {
  run(argv: string[], io: CommandIO): number | Promise<number>;
  help: string;
  summary: string;
}

const commands: Record<string, Command> = {
  check: { run: runCheck, help: checkHelp, summary: 'check flow files and print findings' },
  repair: { run: runRepair, help: repairHelp, summary: 'repair unbalanced delimiters by indentation (a diff; --write writes)' },
  run: { run: runRun, help: runHelp, summary: 'run a flow locally (with its simulation file)' },
  resume: { run: runResume, help: resumeHelp, summary: 'resume a run by replay (after a crash, or to fire a timeout)' },
  approve: { run: resolveCommand('approve'), help: approveHelp, summary: "approve a run's pending wait and resume it" },
  reject: { run: resolveCommand('reject'), help: approveHelp, summary: "reject a run's pending wait and resume it" },
  cancel: { run: runCancel, help: cancelHelp, summary: 'cancel a running or waiting run (and its pending waits)' },
  kv: { run: runKv, help: kvHelp, summary: 'kv list|get|set|delete: see and seed the local KV store' },
  waits: { run: runWaits, help: waitsHelp, summary: 'list pending waits' },
  runs: { run: runRuns, help: runsHelp, summary: 'list runs' },
  show: { run: runShow, help: showHelp, summary: "print a run's timeline, or a res:// resource" },
  test: { run: runTest, help: testHelp, summary: 'run every scenario with :expect and report pass/fail' },
  serve: { run: runServe, help: serveHelp, summary: 'serve flows locally: signed webhooks, schedules, queues, approval links' },
  schedule: { run: runSchedule, help: scheduleHelp, summary: "schedule fire FLOW: fire a flow's schedule now" },
  webhook: { run: runWebhook, help: webhookHelp, summary: 'webhook send FLOW --payload FILE: send a signed delivery to serve; webhook payload FLOW: a payload skeleton' },
  scenario: { run: runScenario, help: scenarioHelp, summary: 'scenario new FLOW NAME: write x.NAME.sim.edn pre-filled from the flow' },
  new: { run: runNew, help: newHelp, summary: 'new SLUG: create SLUG.flow.edn and its scenario SLUG.sim.edn' },
};

const version = '0.1.0';

export function usage(): string {
  const rows = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `Usage: flow-edn <command> [options]\n\nCommands:\n${rows.join('\n')}\n\nRun 'flow-edn <command> --help' for a command's options.`;
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
  const command = commands[name];
  if (command === undefined) {
    io.err(`flow-edn: unknown command '${name}'.\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`flow-edn ${name}: ${(e as Error).message}\n\n${command.help}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.err(`flow-edn ${name}: ${e.message}`);
      return 2;
    }
    // One line; the stack only when asked for (FLOW_EDN_DEBUG=1).
    io.err(`flow-edn ${name}: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}${process.env.FLOW_EDN_DEBUG ? `\n${(e as Error).stack ?? ''}` : ' (FLOW_EDN_DEBUG=1 prints the stack)'}`);
    return 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
