// Retry policy as plain data, read once from a step's `:retry {:max-attempts :backoff-ms}`:
// how many attempts, and how long to wait before the next (exponential from the backoff,
// never less than a server's Retry-After).

import type { Value } from '../edn/values';
import { kget, knum } from './data';

export interface RetryPolicy {
  maxAttempts: number;
  backoffMs: number;
  /** Upper bound for one delay. */
  maxDelayMs: number;
}

export const noRetry: RetryPolicy = { maxAttempts: 1, backoffMs: 0, maxDelayMs: 0 };

export function retryPolicy(config: Value): RetryPolicy {
  const retry = kget(config, 'retry');
  if (retry === undefined || retry === null) return noRetry;
  const maxAttempts = Math.max(1, Math.floor(knum(retry, 'max-attempts') ?? 3));
  const backoffMs = Math.max(0, knum(retry, 'backoff-ms') ?? 1000);
  return { maxAttempts, backoffMs, maxDelayMs: 5 * 60_000 };
}

/** Delay before attempt `next` (2, 3, ...): backoff doubling per attempt, at least Retry-After. */
export function retryDelay(policy: RetryPolicy, next: number, retryAfterMs?: number): number {
  const exp = policy.backoffMs * 2 ** Math.max(0, next - 2);
  return Math.min(policy.maxDelayMs, Math.max(exp, retryAfterMs ?? 0));
}

/** `Retry-After: 120` or an HTTP date, in ms from `now`. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const secs = Number(header);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
