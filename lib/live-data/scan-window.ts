/**
 * How many raw points of one scan the page keeps: a budget in bytes for the scan's buffers, shared by
 * its streams. A scan whose length is not known (a timescan with npoints 0 runs until stopped: a week
 * at 10 Hz is 6 M points) would otherwise grow without bound; past the window, the older points are
 * kept as a min/max summary (point-summary.ts), as Grafana's streaming frames cap their length.
 * The same bound holds for every scan: a finite one that fits the budget never reaches it.
 */

/** Bytes of raw points one scan's buffers may hold (a page follows one scan; the kiosk too). */
export const SCAN_WINDOW_BUDGET_BYTES = 64 * 2 ** 20;
/** Window bounds in points per stream, whatever the budget gives. */
export const MIN_WINDOW_POINTS = 1024;
export const MAX_WINDOW_POINTS = 1 << 23;

/**
 * Tests and benches shrink the window with `globalThis.lanternWindowPoints = N` before the page loads
 * (a window of a few thousand points is reached in a second of a test scan).
 */
function override(): number | null {
  const v = (globalThis as { lanternWindowPoints?: unknown }).lanternWindowPoints;
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 ? Math.floor(v) : null;
}

/**
 * Raw points kept per stream for a scan whose streams held in full cost `bytesPerPoint` together (sum
 * over the streams of items per point × bytes per item).
 */
export function scanWindowPoints(bytesPerPoint: number): number {
  const forced = override();
  if (forced !== null) return forced;
  const fit = Math.floor(SCAN_WINDOW_BUDGET_BYTES / Math.max(1, bytesPerPoint));
  return Math.max(MIN_WINDOW_POINTS, Math.min(MAX_WINDOW_POINTS, fit));
}
