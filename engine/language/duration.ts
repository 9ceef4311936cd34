// Durations as flows write them: "500ms" "10s" "5m" "2h" "1d", or a bare number in the
// field's unit (seconds for waits and sleeps). Used by the checker and the engine.

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const durationPattern = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Milliseconds, or null when the text is not a duration. */
export function parseDuration(text: string): number | null {
  const m = durationPattern.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * unitMs[m[2]!]!);
}

/** Milliseconds for a duration value: a string, or a number in `unit`. */
export function durationMs(value: string | number, unit: 'seconds' | 'ms' = 'seconds'): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? (unit === 'seconds' ? value * 1000 : value) : null;
  return parseDuration(value);
}

/** "2h", "1h 30m", "45s", "250ms": a short human form of a length of time. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const parts: string[] = [];
  let rest = Math.round(ms / 1000);
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  return parts.join(' ');
}
