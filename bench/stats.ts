/** Small statistics helpers: medians of repeats, percentiles of latency samples, number formatting. */

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return Number.NaN;
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Percentile (0..100) by linear interpolation between closest ranks. Sorts a copy. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (!n) return Number.NaN;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  const rank = (p / 100) * (n - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

/** Rounds to `digits` significant digits (for JSON and the table). */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value) || value === 0) return value;
  return Number(value.toPrecision(digits));
}

/** 12 300 000 -> "12.3 M", 0.00123 -> "0.00123". */
export function human(value: number | null | boolean | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'boolean') return value ? 'yes' : 'NO';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${round(value / 1e9)} G`;
  if (abs >= 1e6) return `${round(value / 1e6)} M`;
  if (abs >= 1e4) return `${round(value / 1e3)} k`;
  return String(round(value));
}

/** Wall-clock time in milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every `everyMs` until true or `timeoutMs`; returns whether it became true. */
export async function waitFor(condition: () => boolean, timeoutMs: number, everyMs = 2): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
  return true;
}
