// What a command needs from the outside world, injected so tests can run commands in
// process: output streams, whether to colour, and the usage error type.

export interface CommandIO {
  out(text: string): void;
  err(text: string): void;
  colour: boolean;
}

/** Bad usage: the CLI prints the message and the command's help, and exits 2. */
export class UsageError extends Error {}

/** Input the command cannot use (a store path that is a folder, ...): one line, exit 2. */
export class InputError extends Error {}

export const processIO: CommandIO = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
  colour: !!process.stdout.isTTY && !process.env.NO_COLOR,
};
