// Command group `repair` (bundle out/cliRepair.js): delimiters repaired by indentation (parinfer).

import { repairHelp, runRepair } from '../repair-command';
import type { CommandGroup } from './command';

export const commands: CommandGroup = {
  repair: { run: runRepair, help: repairHelp },
};
