// What the runtime tells its host (the `serve` command's log, the extension later, tests):
// flows loaded, deliveries accepted or refused, runs started and settled, schedules fired.

import type { RunRecord } from '../store/port';
import type { ConcurrencyDecision, RefusalReason } from './api-types';

export type RuntimeEvent =
  | { type: 'flow-loaded'; flow: string; path: string; version: string; reloaded: boolean }
  | { type: 'flow-removed'; flow: string; path: string }
  | { type: 'flow-error'; path: string; message: string }
  | { type: 'accepted'; flow: string; runId: string; decision: ConcurrencyDecision; key: string | null; arrival: number | null; source: 'webhook' | 'schedule' }
  | { type: 'refused'; path: string; status: number; reason: RefusalReason; message: string }
  | { type: 'run-started'; flow: string; runId: string; key: string | null; trigger: string | null; version: string }
  | { type: 'run-settled'; flow: string; runId: string; status: RunRecord['status']; run: RunRecord }
  | { type: 'schedule-fired'; flow: string; schedule: string; at: number; missed: number; catchUp: boolean; runId: string | null }
  | { type: 'recovered'; resumed: string[]; expiredWaits: string[]; queued: number };

export type RuntimeListener = (event: RuntimeEvent) => void;
