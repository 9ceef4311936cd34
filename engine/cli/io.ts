// What a command needs from the outside world, injected so tests can run commands in
// process: output streams, whether to colour, and the usage error type.

import { colourWanted, outputWidth } from '../run/paint';
import { isTerminal, writeFd } from './stdio';

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  colour: boolean;
  /** Columns to fit printed EDN into (default: the terminal's, else 100). */
  width?: number;
}

/** Bad usage: the CLI prints the message and the command's help, and exits 2. */
export class UsageError extends Error {
  readonly cliError = 'usage';
}

/** Input the command cannot use (a store path that is a folder, ...): one line, exit 2. */
export class InputError extends Error {
  readonly cliError = 'input';
}

/**
 * Which of the two `e` is. By a property, not `instanceof`: each command group is its own
 * bundle (engine/cli/groups) with its own copy of these classes.
 */
export function cliErrorKind(e: unknown): 'usage' | 'input' | undefined {
  const kind = (e as { cliError?: unknown } | null)?.cliError;
  return kind === 'usage' || kind === 'input' ? kind : undefined;
}

let colour: boolean | undefined;

/** The process's own output: fds 1 and 2 written directly (./stdio), the terminal looked at only when asked. */
export const processIO: CommandIO = {
  out: (t) => writeFd(1, t.endsWith('\n') ? t : t + '\n'),
  err: (t) => writeFd(2, t.endsWith('\n') ? t : t + '\n'),
  get colour() {
    return (colour ??= colourWanted({ isTTY: isTerminal(1) }, process.env));
  },
  get width() {
    return outputWidth(process.stdout);
  },
};
