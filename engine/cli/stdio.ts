// The CLI's standard output and error without Node's stream objects: `process.stdout` loads the
// stream and net modules (about a tenth of a bare Node start), which a `flow-edn check` never
// needs. Writes are synchronous on the file descriptor, as Node's own are for files, pipes and
// terminals on POSIX; a descriptor that refuses a synchronous write falls back to the stream.

import { fstatSync, statSync, writeSync } from 'node:fs';

/** Descriptors whose writes go through Node's stream from now on (one refused a synchronous write). */
const viaStream = new Set<number>();
/** Descriptors whose reader has gone (EPIPE): later output is dropped, as a closed pipe's would be. */
const closed = new Set<number>();

function stream(fd: 1 | 2): NodeJS.WriteStream {
  return fd === 1 ? process.stdout : process.stderr;
}

/** Writes `text` whole to fd 1 or 2. */
export function writeFd(fd: 1 | 2, text: string): void {
  if (closed.has(fd)) return;
  if (viaStream.has(fd)) {
    stream(fd).write(text);
    return;
  }
  let bytes = Buffer.from(text);
  try {
    while (bytes.length > 0) bytes = bytes.subarray(writeSync(fd, bytes));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'EPIPE') {
      closed.add(fd);
      return;
    }
    if (code !== 'EAGAIN') throw e;
    // A non-blocking descriptor (shared with a parent that set it so): the stream queues and waits.
    viaStream.add(fd);
    stream(fd).write(bytes);
  }
}

/** Whether fd is a terminal, loading the tty module only for a character device that is not /dev/null. */
export function isTerminal(fd: 1 | 2): boolean {
  if (process.platform !== 'win32') {
    try {
      const st = fstatSync(fd);
      if (!st.isCharacterDevice() || st.rdev === statSync('/dev/null').rdev) return false;
    } catch {
      return false;
    }
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}
