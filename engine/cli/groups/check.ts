// Command group `check` (bundle out/cliCheck.js): the reader, catalog and checker, no run engine.

import { checkHelp, runCheck } from '../check-command';
import type { CommandGroup } from './command';

export const commands: CommandGroup = {
  check: { run: runCheck, help: checkHelp },
};
