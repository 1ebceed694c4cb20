/**
 * Scan timing and state as shown in the list, the scan header and the kiosk: elapsed time, an
 * estimate of the time left (from the rate so far, as Flint's progress does), and how a scan ended.
 * Pure: callers pass `now`, so one ticking clock drives every row.
 */
import type { ScanStateName, ScanSummary } from '../wire/contract';

/** Milliseconds since the epoch of an ISO time (Bliss writes microseconds and an offset), or null. */
export function parseTime(text: string | null | undefined): number | null {
  if (!text) return null;
  // Date.parse copes with 6 fraction digits in V8 but not everywhere: keep milliseconds only.
  const ms = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? ms : null;
}

export function isRunning(state: ScanStateName): boolean {
  return state === 'CREATED' || state === 'PREPARED' || state === 'STARTED';
}

export type EndKind = 'running' | 'stopping' | 'success' | 'aborted' | 'failed' | 'deleted' | 'ended' | 'broken';

/** How the scan stands or ended; aborted and failed scans must stand out in every view. */
export function endKind(summary: Pick<ScanSummary, 'state' | 'endReason' | 'error'>): EndKind {
  if (summary.error) return 'broken';
  if (isRunning(summary.state)) return 'running';
  if (summary.state === 'STOPPED') return 'stopping';
  switch (summary.endReason) {
    case 'SUCCESS':
      return 'success';
    case 'USER_ABORT':
      return 'aborted';
    case 'FAILURE':
      return 'failed';
    case 'DELETION':
      return 'deleted';
    default:
      return 'ended';
  }
}

export const END_LABELS: Record<EndKind, string> = {
  running: 'Running',
  stopping: 'Stopping',
  success: 'Finished',
  aborted: 'Aborted',
  failed: 'Failed',
  deleted: 'Deleted',
  ended: 'Ended',
  broken: 'Unreadable',
};

/** Label of the state badge: the lifecycle state while running, the outcome once over. */
export function stateLabel(summary: Pick<ScanSummary, 'state' | 'endReason' | 'error'>): string {
  const kind = endKind(summary);
  if (kind !== 'running') return END_LABELS[kind];
  return summary.state === 'STARTED' ? 'Running' : summary.state === 'PREPARED' ? 'Preparing' : 'Created';
}

/** Before this much time the rate is noise: no estimate rather than a wrong one. */
const MIN_ESTIMATE_MS = 1000;

export interface ScanTiming {
  /** Since start (to the end once over); null before a start time is known. */
  elapsedMs: number | null;
  /** Estimated time left while running, null when it cannot be told yet. */
  remainingMs: number | null;
  /** Progress in [0, 1], null for open-ended scans. */
  fraction: number | null;
}

/**
 * `fraction` may come from Flint's progress plan (scan header); else from published / expected points.
 * The estimate needs a few points: with 1 point of 1000 it would only be noise.
 */
export function scanTiming(summary: Pick<ScanSummary, 'state' | 'startTime' | 'endTime' | 'endReason' | 'progress'>, now: number, fraction?: number | null): ScanTiming {
  const start = parseTime(summary.startTime);
  const running = isRunning(summary.state);
  const end = running ? null : parseTime(summary.endTime);
  const { published, expected } = summary.progress;
  let f = fraction !== undefined ? fraction : expected !== null && expected > 0 ? Math.min(1, published / expected) : null;
  if (!running && summary.endReason === 'SUCCESS' && f !== null) f = 1;
  const span = start === null ? NaN : (end ?? now) - start;
  // `now` may be NaN for ended scans (no clock needed): no end time then means no duration.
  const elapsedMs = Number.isFinite(span) ? Math.max(0, span) : null;
  let remainingMs: number | null = null;
  if (running && elapsedMs !== null && elapsedMs >= MIN_ESTIMATE_MS && f !== null && f > 0 && f < 1 && (expected === null || published >= Math.min(3, expected))) {
    remainingMs = (elapsedMs * (1 - f)) / f;
  } else if (running && f === 1) remainingMs = 0;
  return { elapsedMs, remainingMs, fraction: f };
}

/** `850 ms`, `12.4 s`, `3 min 05 s`, `2 h 07 min`. */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const totalS = Math.round(s);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m} min ${String(totalS % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time: `18:03:12` for today, `2026-11-20 18:03` otherwise. */
export function formatClock(ms: number | null, now: number): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  const today = new Date(now);
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate()) return time;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time.slice(0, 5)}`;
}

/** Full local date and time, for tooltips and the scan header. */
export function formatDateTime(ms: number | null): string {
  if (ms === null) return '—';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Case-insensitive match of a search text against number, name, title, type and session; `#12` matches number 12 exactly. */
export function matchesSearch(summary: Pick<ScanSummary, 'number' | 'name' | 'title' | 'type' | 'session'>, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (q === '') return true;
  const exact = /^#(\d+)$/.exec(q);
  if (exact) return summary.number === Number(exact[1]);
  if (/^\d+$/.test(q) && String(summary.number) === q) return true;
  return [String(summary.number), summary.name, summary.title ?? '', summary.type ?? '', summary.session ?? ''].some((field) => field.toLowerCase().includes(q));
}
