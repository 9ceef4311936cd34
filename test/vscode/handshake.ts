// The request/answer handshake through files in control.ts's folder: the suite writes a
// request carrying an id and waits for the runner's answer carrying the same id. An answer to
// an ask that gave up (its deadline passed) is set aside, never taken as a later ask's answer,
// and an ask that gives up stops watching; its timeout message quotes the runner's trace.

import { appendFileSync, existsSync, readFileSync, renameSync, watch, writeFileSync, type FSWatcher } from 'node:fs';

interface Envelope<T> {
  id: string;
  body: T;
}

let asked = 0;

/** How many trace lines a timeout message quotes. */
const TRACE_LINES = 12;

/** The last lines of the runner's trace, or '' when there is none. */
export function traceTail(traceFile: string | undefined, lines = TRACE_LINES): string {
  if (traceFile === undefined || !existsSync(traceFile)) return '';
  const tail = readFileSync(traceFile, 'utf8').trimEnd().split('\n').slice(-lines);
  return `\n  the runner's trace (last ${tail.length} lines):\n    ${tail.join('\n    ')}`;
}

export interface Ask<Request> {
  dir: string;
  requestFile: string;
  doneFile: string;
  request: Request;
  ms: number;
  /** What is awaited, for the timeout message. */
  what: string;
  traceFile?: string;
}

/** Suite side: writes the request (atomically) and resolves with the runner's answer to it. */
export function askRunner<Done, Request = unknown>(ask: Ask<Request>): Promise<Done> {
  const id = `${process.pid}-${++asked}`;
  const setAside: string[] = [];
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stop = () => {
    watcher?.close();
    clearTimeout(timer);
  };
  return new Promise<Done>((resolve, reject) => {
    const check = () => {
      let answer: Envelope<Done>;
      try {
        answer = JSON.parse(readFileSync(ask.doneFile, 'utf8')) as Envelope<Done>;
      } catch {
        return; // not there (yet, or taken already)
      }
      const mine = answer.id === id;
      try {
        renameSync(ask.doneFile, `${ask.doneFile}.${mine ? 'read' : 'stale'}`);
      } catch {
        return;
      }
      if (!mine) {
        setAside.push(answer.id);
        return;
      }
      stop();
      resolve(answer.body);
    };
    watcher = watch(ask.dir, check);
    timer = setTimeout(() => {
      stop();
      const stale = setAside.length > 0 ? ` (answers to earlier asks set aside: ${setAside.join(', ')})` : '';
      reject(new Error(`timed out after ${ask.ms} ms waiting for ${ask.what} (ask ${id})${stale}${traceTail(ask.traceFile)}`));
    }, ask.ms);
    check();
    const envelope: Envelope<Request> = { id, body: ask.request };
    writeFileSync(`${ask.requestFile}.tmp`, JSON.stringify(envelope));
    renameSync(`${ask.requestFile}.tmp`, ask.requestFile);
  });
}

/** Runner side: answers each request file with `act`'s result in the done file, one at a time, until stopped. */
export function serveRunnerRequests<Request, Done>(
  dir: string,
  requestFile: string,
  doneFile: string,
  act: (request: Request, id: string) => Promise<Done>,
  onError: (error: unknown) => void,
): { stop(): void } {
  let busy = false;
  const handle = async () => {
    if (busy || !existsSync(requestFile)) return;
    busy = true;
    try {
      const request = JSON.parse(readFileSync(requestFile, 'utf8')) as Envelope<Request>;
      renameSync(requestFile, `${requestFile}.taken`);
      const answer: Envelope<Done> = { id: request.id, body: await act(request.body, request.id) };
      writeFileSync(`${doneFile}.tmp`, JSON.stringify(answer));
      renameSync(`${doneFile}.tmp`, doneFile);
    } catch (error) {
      onError(error);
    } finally {
      busy = false;
    }
    void handle();
  };
  const watcher = watch(dir, () => void handle());
  void handle();
  return { stop: () => watcher.close() };
}

/** A trace writer: time-stamped lines appended to `file` (seconds since it was made). */
export function traceTo(file: string): (line: string) => void {
  const started = Date.now();
  return (line) => appendFileSync(file, `${((Date.now() - started) / 1000).toFixed(2)} ${line}\n`);
}
