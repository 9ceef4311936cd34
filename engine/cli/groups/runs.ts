// Command group of everything that runs flows or reads the run store (bundle out/cliRuns.js):
// the engine, the store, the local runtime, scaffolds.

import { cancelHelp, runCancel } from '../cancel-command';
import { kvHelp, runKv } from '../kv-command';
import { runRuns, runShow, runsHelp, showHelp } from '../inspect-commands';
import { resumeHelp, runHelp, runResume, runRun } from '../run-command';
import { runTest, testHelp } from '../test-command';
import { approveHelp, resolveCommand, runWaits, waitsHelp } from '../wait-commands';
import { runSchedule, scheduleHelp } from '../schedule-command';
import { runServe, serveHelp } from '../serve-command';
import { runWebhook, webhookHelp } from '../webhook-command';
import { newHelp, runNew, runScenario, scenarioHelp } from '../scaffold-commands';
import type { CommandGroup } from './command';

export const commands: CommandGroup = {
  run: { run: runRun, help: runHelp },
  resume: { run: runResume, help: resumeHelp },
  approve: { run: resolveCommand('approve'), help: approveHelp },
  reject: { run: resolveCommand('reject'), help: approveHelp },
  cancel: { run: runCancel, help: cancelHelp },
  kv: { run: runKv, help: kvHelp },
  waits: { run: runWaits, help: waitsHelp },
  runs: { run: runRuns, help: runsHelp },
  show: { run: runShow, help: showHelp },
  test: { run: runTest, help: testHelp },
  serve: { run: runServe, help: serveHelp },
  schedule: { run: runSchedule, help: scheduleHelp },
  webhook: { run: runWebhook, help: webhookHelp },
  scenario: { run: runScenario, help: scenarioHelp },
  new: { run: runNew, help: newHelp },
};
