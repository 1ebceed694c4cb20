/**
 * The page's side of whole-stream statistics: for a curve it does not hold entirely, asks the server
 * (`GET .../streams/:y/stats?x&monitor`, computed once there for every viewer) and asks again as the
 * scan grows (by a tenth, at most every 2 s) and once it ends. `pick` decides which figures a row shows.
 */
import type { CurveStats } from '@/lib/plot-math/curve-stats';

export interface ServerStats {
  points: number;
  sealed: boolean;
  expired: [number, number] | null;
  stats: CurveStats;
}

const MIN_INTERVAL_MS = 2000;
const GROWTH = 1.1;

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number.NaN;
}

/** The JSON reply, nulls (non-finite on the server) back to NaN. */
export function parseServerStats(body: unknown): ServerStats {
  const b = body as { points?: unknown; sealed?: unknown; expired?: unknown; stats?: Record<string, unknown> };
  const s = b.stats ?? {};
  const ext = (e: unknown) => {
    const o = (e ?? {}) as Record<string, unknown>;
    return { index: num(o.index), x: num(o.x), y: num(o.y) };
  };
  if (typeof b.points !== 'number' || typeof b.stats !== 'object') throw new Error('statistics reply without points or stats');
  return {
    points: b.points,
    sealed: b.sealed === true,
    expired: Array.isArray(b.expired) && b.expired.length === 2 ? [num(b.expired[0]), num(b.expired[1])] : null,
    stats: { count: num(s.count), max: ext(s.max), min: ext(s.min), peak: num(s.peak), cen: num(s.cen), fwhm: num(s.fwhm), com: num(s.com) },
  };
}

/** Which figures to show: the page's when it holds every point, else the server's if they cover more. */
export function pick(client: { stats: CurveStats; held: number }, total: number, server: ServerStats | undefined): { stats: CurveStats; covered: number; source: 'page' | 'server' } {
  if (client.held >= total || !server || server.points <= client.held) return { stats: client.stats, covered: client.held, source: 'page' };
  return { stats: server.stats, covered: server.points, source: 'server' };
}

export class StreamStatsClient {
  private readonly results = new Map<string, ServerStats>();
  private readonly asked = new Map<string, { points: number; sealed: boolean; at: number }>();
  private readonly inFlight = new Set<string>();
  private disposed = false;
  /**
   * Aborts what is in flight on dispose: a pending fetch keeps its call stack (with the plot's data
   * source and the scan's buffers) alive until it settles, and figures over a long live stream can
   * take the server a while — a kiosk moving on to the next scan must not hold the last one's buffers.
   */
  private readonly abort = new AbortController();

  constructor(
    private readonly url: (y: string, x: string | null, monitor: string | null) => string,
    private readonly onUpdate: () => void,
  ) {}

  get(key: string): ServerStats | undefined {
    return this.results.get(key);
  }

  want(key: string, y: string, x: string | null, monitor: string | null, total: number, sealed: boolean): void {
    if (this.disposed || this.inFlight.has(key) || total <= 0) return;
    const last = this.asked.get(key);
    const now = Date.now();
    if (last) {
      const grown = total >= last.points * GROWTH;
      const ended = sealed && !last.sealed;
      if (!(ended || (grown && now - last.at >= MIN_INTERVAL_MS))) return;
    }
    this.asked.set(key, { points: total, sealed, at: now });
    this.inFlight.add(key);
    fetch(this.url(y, x, monitor), { cache: 'no-store', signal: this.abort.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(`statistics: HTTP ${res.status}`);
        return parseServerStats(await res.json());
      })
      .then(
        (reply) => {
          if (this.disposed) return;
          this.results.set(key, reply);
          this.onUpdate();
        },
        () => undefined, // the page keeps its own (partial, and labelled so) figures
      )
      .finally(() => this.inFlight.delete(key));
  }

  dispose(): void {
    this.disposed = true;
    this.abort.abort();
  }
}
