/**
 * What the curve plot asks the server for: level-of-detail summaries of curves the page does not hold
 * whole (one request in flight, newest wish next) and statistics over every point published when the page
 * holds only part; and the statistics rows, computed off the drawing frame, throttled by the caller.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { AnalysisClient, SupersededError } from '@/lib/analysis/analysis-client';
import { curveStats, emptyCurveStats, type CurveStats } from '@/lib/plot-math/curve-stats';
import { LatestLoader } from '../../data/frame-fetch';
import { pick, StreamStatsClient } from '../../data/stream-stats-client';
import type { PlotDataSource } from '../plot-types';
import type { Schedule } from '../shared/use-live-redraw';
import { serverLodToXY, type BuiltCurve } from './curve-data';
import type { ChannelSource, PreparedCurve } from './curve-prepare';
import type { StatRow } from './curve-view';

export interface StatsInput {
  key: string;
  name: string;
  axis: 'left' | 'right';
  color: string;
  b: BuiltCurve | null;
  y: string;
  x: string | null;
  monitor: string | null;
  derivative: boolean;
  total: number;
  sealed: boolean;
}

/** What the statistics task reads of each prepared curve (its own points, and what the server has). */
export function statsInputs(curves: readonly PreparedCurve<unknown>[], xName: string | null, channels: ChannelSource): StatsInput[] {
  return curves
    .map(({ spec, built }) => {
      const names = [spec.name, xName, spec.monitor].filter((n): n is string => !!n);
      const total = Math.min(...names.map((n) => channels.total(n)));
      // Figures over all points from the server exist for channels (and monitors) only, not for other math.
      return { key: spec.key, name: spec.label, axis: spec.axis, color: spec.color, b: built, y: spec.name, x: xName, monitor: spec.monitor, derivative: spec.derivative || spec.expr !== null || spec.negate, total, sealed: names.every((n) => channels.sealed(n)) };
    })
    .filter((e) => e.b !== null || e.total > 0);
}

/**
 * How long a curve that will be drawn from the server's summary waits for the first one before its
 * partial raw points are drawn instead (a slow or failing server must not leave the plot empty).
 */
export const FIRST_LOD_WAIT_MS = 1500;

/** Curves longer than this get their statistics from the analysis worker. */
const STATS_IN_WORKER = 50_000;

export interface ServerLod {
  /** Distinct per reply: what a redraw compares to know the summary did not change. */
  seq: number;
  key: string;
  x: Float64Array;
  y: Float64Array;
  total: number;
}

export function useCurveServerData(source: PlotDataSource, scheduleRef: MutableRefObject<Schedule>, showMarkers: boolean) {
  const statsAt = useRef(0);
  const statsKey = useRef('');
  const statsSnapshot = useRef<StatRow[]>([]);
  const serverLod = useRef(new Map<string, ServerLod>());
  const lodLoader = useRef<LatestLoader<string, ServerLod[]> | null>(null);
  const [stats, setStats] = useState<StatRow[]>([]);
  // The first summary of this scan: when it was first wanted, and whether a reply (or failure) came.
  const firstLod = useRef<{ since: number | null; settled: boolean; cancel?: () => void }>({ since: null, settled: false });
  // One server LOD request in flight per plot; a newer wish replaces a waiting one.
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });
  const scanKey = source.key;
  useEffect(() => {
    let lodSeq = 0;
    const requestLod = (stream: string, from: number, to: number, buckets: number) => sourceRef.current.requestLod(stream, from, to, buckets);
    const loader = new LatestLoader<string, ServerLod[]>(
      async (key) => {
        const req = JSON.parse(key) as { names: string[]; x: string | null; from: number; to: number; buckets: number; total: number };
        performance.mark('lantern:lod-request');
        const [xReply, ...replies] = await Promise.all([req.x ? requestLod(req.x, req.from, req.to, req.buckets) : null, ...req.names.map((n) => requestLod(n, req.from, req.to, req.buckets))]);
        return replies.map((r, i) => {
          const lod = serverLodToXY(new Float64Array(r.data), r.to, xReply ? new Float64Array(xReply.data) : null);
          return { seq: ++lodSeq, key: req.names[i]!, x: lod.x, y: lod.y, total: req.total };
        });
      },
      (_key, result) => {
        firstLod.current.settled = true;
        if (result.ok) for (const r of result.value) serverLod.current.set(r.key, r);
        performance.mark('lantern:lod-reply');
        scheduleRef.current();
      },
    );
    lodLoader.current = loader;
    serverLod.current.clear();
    firstLod.current.cancel?.();
    firstLod.current = { since: null, settled: false };
    const enc = encodeURIComponent;
    const stats = new StreamStatsClient(
      (y, x, monitor) => `/api/scans/${enc(scanKey)}/streams/${enc(y)}/stats?${new URLSearchParams({ ...(x ? { x } : {}), ...(monitor ? { monitor } : {}) })}`,
      () => {
        statsAt.current = 0;
        scheduleRef.current();
      },
    );
    serverStats.current = stats;
    return () => {
      firstLod.current.cancel?.();
      loader.dispose();
      stats.dispose();
    };
  }, [scanKey, scheduleRef]);

  const statsInput = useRef<StatsInput[]>([]);
  const serverStats = useRef<StreamStatsClient | null>(null);
  const statsTimer = useRef<number | null>(null);
  const markersRef = useRef(showMarkers);
  useEffect(() => {
    markersRef.current = showMarkers;
  }, [showMarkers]);
  // Statistics of long curves are computed in a worker (hundreds of ms for a million points): the rows
  // show the newest answer, and the request after it goes out at the next statistics round.
  const analysis = useRef<{ client: AnalysisClient; worker: Worker } | null | undefined>(undefined);
  const fromWorker = useRef(new Map<string, { points: number; stats: CurveStats }>());
  const warned = useRef(false);
  const statsClient = useCallback((): AnalysisClient | null => {
    if (analysis.current === undefined) {
      try {
        const worker = new Worker(new URL('../../../lib/analysis/analysis.worker.ts', import.meta.url), { type: 'module', name: 'lantern-curve-stats' });
        analysis.current = { client: new AnalysisClient(worker), worker };
      } catch {
        analysis.current = null; // no workers here: computed on the page, as for short curves
      }
    }
    return analysis.current?.client ?? null;
  }, []);
  const publishRows = useCallback(() => {
    const rows: StatRow[] = statsInput.current.map((e) => {
      const done = e.b && e.b.points > STATS_IN_WORKER ? fromWorker.current.get(e.key) : undefined;
      const inWorker = e.b !== null && e.b.points > STATS_IN_WORKER && analysis.current;
      const own = done ? done.stats : e.b && !inWorker ? curveStats(e.b.statX, e.b.statY, 0, e.b.points, emptyCurveStats()) : emptyCurveStats();
      const held = done ? done.points : e.b && !inWorker ? e.b.points : 0;
      // The page holds part of the curve: the server has the figures over all of it (not for derivatives).
      const serverKey = JSON.stringify([e.y, e.x, e.monitor]);
      if ((e.b ? e.b.points : 0) < e.total && !e.derivative) serverStats.current?.want(serverKey, e.y, e.x, e.monitor, e.total, e.sealed);
      const chosen = pick({ stats: own, held }, e.total, e.derivative ? undefined : serverStats.current?.get(serverKey));
      return { key: e.key, name: e.name, axis: e.axis, color: e.color, stats: chosen.stats, covered: chosen.covered, total: Math.max(e.total, held), source: chosen.source };
    });
    const sk = JSON.stringify(rows.map((r) => [r.key, r.stats.count, r.stats.peak, r.stats.max.y, r.stats.min.y, r.stats.cen, r.stats.fwhm, r.stats.com, r.covered, r.total]));
    statsSnapshot.current = rows;
    if (sk !== statsKey.current) {
      statsKey.current = sk;
      setStats(rows);
      if (markersRef.current) scheduleRef.current();
    }
  }, [scheduleRef]);
  const runStats = useCallback(() => {
    statsTimer.current = null;
    const keys = new Set(statsInput.current.map((e) => e.key));
    for (const k of [...fromWorker.current.keys()]) if (!keys.has(k)) fromWorker.current.delete(k);
    for (const e of statsInput.current) {
      const b = e.b;
      if (!b || b.points <= STATS_IN_WORKER) continue;
      const client = statsClient();
      if (!client) break;
      const points = b.points;
      client.stats(b.statX, b.statY, points, `stats|${e.key}`).then(
        (r) => {
          fromWorker.current.set(e.key, { points, stats: r.result });
          publishRows();
        },
        (err: unknown) => {
          // Superseded by a newer round, or the plot went away; anything else is said once.
          if (!(err instanceof SupersededError) && analysis.current && !warned.current) {
            warned.current = true;
            console.warn('curve statistics failed in the worker', err);
          }
        },
      );
    }
    publishRows();
  }, [publishRows, statsClient]);
  useEffect(
    () => () => {
      if (statsTimer.current !== null) clearTimeout(statsTimer.current);
      analysis.current?.client.dispose();
      analysis.current?.worker.terminate();
      analysis.current = undefined;
    },
    [],
  );
  /** Whether curves to be drawn from the server's summary should still wait for its first reply. */
  const awaitingFirstLod = useCallback((now: number) => {
    const f = firstLod.current;
    return !f.settled && (f.since === null || now - f.since < FIRST_LOD_WAIT_MS);
  }, []);
  /** The plot wants a summary (the wait for the first one counts from the first call). */
  const lodWanted = useCallback(
    (now: number) => {
      const f = firstLod.current;
      if (f.since !== null) return;
      f.since = now;
      // Past the wait the partial curve is drawn, whether or not new points arrive to trigger a redraw.
      const timer = window.setTimeout(() => {
        if (firstLod.current === f && !f.settled) scheduleRef.current(true);
      }, FIRST_LOD_WAIT_MS + 10);
      f.cancel = () => clearTimeout(timer);
    },
    [scheduleRef],
  );
  return { awaitingFirstLod, lodWanted, serverLodRef: serverLod, lodLoaderRef: lodLoader, statsAtRef: statsAt, statsInputRef: statsInput, statsSnapshotRef: statsSnapshot, statsTimerRef: statsTimer, runStats, stats };
}
