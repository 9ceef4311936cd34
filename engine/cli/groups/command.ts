// What a command group module exports: each command's function and help text. The
// dispatcher (../main.ts) holds only names and summaries and loads a group on use.

import type { CommandIO } from '../io';

export interface Command {
  run(argv: string[], io: CommandIO): number | Promise<number>;
  help: string;
}

export type CommandGroup = Record<string, Command>;
