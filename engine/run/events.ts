// What a run tells the world as it goes: a typed union of events, emitted to in-process
// listeners (the debugger, panels, the CLI's live output) and kept in the store.

export type RunEvent =
  | { type: 'run-started'; runId: string; flow: string; trigger: string | null; forkedFrom?: string; upTo?: string | null; edited?: string | null }
  | { type: 'run-resumed'; runId: string }
  /** `config`: the step's config as it runs (EDN text, secrets as `***`), for `show --step`. */
  | { type: 'step-started'; runId: string; stepKey: string; stepId: string; stepType: string; start: number; end: number; line: number; /** The included file the step is in (relative to the flow's folder); absent: the flow file. */ file?: string; config?: string }
  /** An `:http` step's request with its template merged and rendered (replaces `step-started`'s config). */
  | { type: 'step-config'; runId: string; stepKey: string; config: string }
  | { type: 'step-attempt'; runId: string; stepKey: string; attempt: number; outcome: 'ok' | 'retry' | 'failed'; status?: number; error?: string; delayMs?: number; startedAt?: number; durationMs?: number }
  | { type: 'step-completed'; runId: string; stepKey: string; stepId: string; mocked: boolean; durationMs: number; skipped?: boolean; error?: string }
  | { type: 'step-failed'; runId: string; stepKey: string; stepId: string; error: string }
  | {
      type: 'request';
      runId: string;
      stepKey: string;
      purpose: string;
      method: string;
      url: string;
      headers: Record<string, string>;
      body: string | null;
      mocked: boolean;
      status: number | null;
      error?: string;
      /** Which attempt of the step sent it. */
      attempt?: number;
      /** The answer (body cut at 4 KB, secrets as `***`). */
      response?: { status: number; headers: Record<string, string>; body: string };
    }
  /** A durable timer starts (`:sleep`, a `flow/poll` interval): until when, on the run's clock. */
  | { type: 'sleeping'; runId: string; stepKey: string; ms: number; until: number }
  | { type: 'template-variable-missing'; runId: string; stepKey: string; template: string; variable: string }
  | { type: 'branch'; runId: string; label: string | null; taken: 'yes' | 'no'; branch: string | null; start: number; end: number; line: number; file?: string; key?: string }
  | { type: 'wait-pending'; runId: string; stepKey: string; stepId: string; waitId: string; key: string; expiresAt: number | null }
  | { type: 'wait-resolved'; runId: string; stepKey: string; stepId: string; waitId: string; status: string; by: string | null }
  | { type: 'run-finished'; runId: string; status: 'completed' | 'failed' | 'waiting' | 'cancelled'; error?: string };

export type RunEventType = RunEvent['type'];

export type RunListener = (event: RunEvent, at: number) => void;

/** "body.clj line 2", or "line 2" in the flow file itself. */
export function describeLine(at: { file?: string; line: number }): string {
  return `${at.file !== undefined ? `${at.file} ` : ''}line ${at.line}`;
}
