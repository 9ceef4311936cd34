// Colour for text output: ANSI codes when the command's output is a terminal and NO_COLOR is
// not set (`CommandIO.colour`), plain text otherwise.

export interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const plainText = (s: string) => s;

export function paint(enabled: boolean): Paint {
  if (!enabled) return { bold: plainText, dim: plainText, red: plainText, green: plainText, yellow: plainText, cyan: plainText };
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39) };
}

/** Whether to colour stdout: a terminal, and NO_COLOR unset or empty (https://no-color.org). */
export function colourWanted(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return !!stream.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** The terminal width to print for: the TTY's columns, else 100. */
export function outputWidth(stream: { columns?: number; isTTY?: boolean } = process.stdout): number {
  return stream.isTTY && stream.columns ? Math.max(40, stream.columns) : 100;
}
