import { DemoError } from './demo-error.js';

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000 };

/**
 * Parse a duration such as `1s`, `250ms`, `1.5s` or `2m` into whole milliseconds (at least 1).
 *
 * @param text - the flag value.
 * @throws DemoError `ERR_USAGE` for anything else (a bare number is refused: its unit is unclear).
 */
export function parseDuration(text: string): number {
  const m = DURATION_RE.exec(text.trim());
  const ms = m === null ? Number.NaN : Math.round(Number(m[1]) * UNIT_MS[m[2]!]!);
  if (!Number.isSafeInteger(ms) || ms < 1 || ms > 86_400_000)
    throw new DemoError(
      'ERR_USAGE',
      `expected a duration such as 1s, 250ms or 2m (at most 24 h), got ${JSON.stringify(text)}`,
    );
  return ms;
}

/**
 * Format milliseconds the way {@link parseDuration} reads them (`1s`, `250ms`, `1.5s`).
 *
 * @param ms - milliseconds.
 */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${ms / 1000}s`;
}
