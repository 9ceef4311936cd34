// Step type -> executor. Types without one (`:llm`, `:db`, `:ssh`, ...) run only through a
// `{:result ...}` mock in the simulation file.

import { functionExecutor } from './function';
import { httpExecutor } from './http';
import { kvExecutor } from './kv';
import { notifyExecutor } from './notify';
import { sleepExecutor, timeExecutor } from './sleep';
import type { Executor } from './types';
import { waitExecutor } from './wait';

const executors: Record<string, Executor> = {
  http: httpExecutor,
  function: functionExecutor,
  wait: waitExecutor,
  kv: kvExecutor,
  notify: notifyExecutor,
  sleep: sleepExecutor,
  time: timeExecutor,
};

export function executorFor(type: string): Executor | undefined {
  return executors[type];
}

export const locallyRunnable = Object.keys(executors);
