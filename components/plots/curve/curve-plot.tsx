'use client';
/**
 * Curve plot (Flint's live curve widget): y channels against an x channel (or the point index) on a
 * left and a right axis, with log scales, normalisation by a monitor, derivative, and Bliss statistics
 * (peak, max, min, cen, fwhm, com) per curve, updated live.
 *
 * Data path: on each animation frame where `source.version` moved, x/y are read from the ScanBuffers
 * (never React state), copied/transformed into per-curve work arrays reused across frames, and handed
 * to `Plotly.react` with a new `datarevision`; `uirevision` keeps the user's zoom while points arrive.
 * Long curves are drawn through min/max level of detail: from the local buffer when it holds the data,
 * else from the server (`source.requestLod`) until the client has caught up. Gaps stay gaps (NaN).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { curveStats, emptyCurveStats } from '@/lib/plot-math/curve-stats';
import type { CurvePlotModel } from '@/lib/plot-model';
import { LatestLoader } from '../../data/frame-fetch';
import { pick, StreamStatsClient } from '../../data/stream-stats-client';
import { CURVE_COLORS, PlotFrame, scanStateBanner, shortName } from '../plot-frame';
import type { PlotProps } from '../plot-types';
import type { PlotlyData } from '../shared/plotly-loader';
import { axisTitle, bufferError, streamMeta } from '../source-helpers';
import { plotTheme } from '../shared/plot-theme';
import { useTestAttributeDefaults } from '../shared/test-attributes';
import { useLiveRedraw, type Schedule } from '../shared/use-live-redraw';
import { usePlotly } from '../shared/use-plotly';
import { zoomPatch } from '../shared/view-zoom';
import { zoomFromRelayout, type Range2 } from '../view-axes';
import styles from '../plots.module.css';
import { CurveBuilder, gapNotes, LOD_THRESHOLD_SVG, serverLodToXY, visibleRange, type BuiltCurve, type GapSource } from './curve-data';
import { curveLayout, curveNotes, curveTrace, lodRange, statMarkers, type CurveRef } from './curve-figure';
import { useCurveServerData, type ServerLod } from './curve-server-data';
import { CurveToolbar, StatsTable } from './curve-view';

export function CurvePlot({ model, source, view, onViewChange, kiosk }: PlotProps<CurvePlotModel>) {
  const xName = view.x !== undefined ? view.x : model.x;
  const left = useMemo(() => view.y ?? model.items.filter((i) => i.yAxis === 'left').map((i) => i.y), [view.y, model.items]);
  const right = useMemo(() => view.y2 ?? model.items.filter((i) => i.yAxis === 'right').map((i) => i.y), [view.y2, model.items]);
  const curves = useMemo<CurveRef[]>(() => [...left.map((name) => ({ name, axis: 'left' as const })), ...right.map((name) => ({ name, axis: 'right' as const }))], [left, right]);
  const monitor = view.normalize ?? null;
  const logX = view.logX === true;
  const logY = view.logY === true;
  const logY2 = view.logY2 === true;
  const deriv = view.derivative === true;

  const showMarkers = view.markers === true;
  const [notes, setNotes] = useState<string[]>([]);
  const [empty, setEmpty] = useState<string | null>('Waiting for data…');
  const frameRef = useRef<HTMLDivElement | null>(null);
  const builders = useRef(new Map<string, CurveBuilder>());
  const zoom = useRef<{ x: Range2 | null; y: Range2 | null; y2: Range2 | null }>({ x: view.zoomX ?? null, y: view.zoomY ?? null, y2: view.zoomY2 ?? null });
  const revision = useRef(0);
  const notesKey = useRef('');
  const scheduleRef = useRef<Schedule>(() => undefined);

  useEffect(() => {
    zoom.current = { x: view.zoomX ?? null, y: view.zoomY ?? null, y2: view.zoomY2 ?? null };
  }, [view.zoomX, view.zoomY, view.zoomY2]);

  const onViewChangeRef = useRef(onViewChange);
  useEffect(() => {
    onViewChangeRef.current = onViewChange;
  });

  const { ref: graphRef, ready: plotReady, error: plotError, react: plotReact } = usePlotly({
    onRelayout: (event) => {
      const change = zoomFromRelayout(event, { x: logX, y: logY, y2: logY2 });
      // Kept at once (not only through the view) so the redraw below decimates the new range.
      zoom.current = { x: change.x !== undefined ? change.x : zoom.current.x, y: change.y !== undefined ? change.y : zoom.current.y, y2: change.y2 !== undefined ? change.y2 : zoom.current.y2 };
      const patch = zoomPatch(change);
      if (Object.keys(patch).length) {
        onViewChangeRef.current(patch);
        scheduleRef.current(true); // re-decimate the new x range at full resolution
      }
    },
    onResize: () => scheduleRef.current(true),
  });

  const drawnKey = useRef('');
  const { serverLodRef, lodLoaderRef, statsAtRef, statsInputRef, statsSnapshotRef, statsTimerRef, runStats, stats } = useCurveServerData(source, scheduleRef, showMarkers);

  const draw = useCallback(() => {
    // Runs before plotly is ready too: the server summary is asked for as soon as the lengths are known.
    const gd = graphRef.current;
    if (!gd) return;
    const buffers = source.buffers;
    const theme = plotTheme(kiosk);
    const cache = new Map<string, Float64Array | null>();
    const nonScalar: string[] = [];
    const read = (name: string): Float64Array | null => {
      if (cache.has(name)) return cache.get(name)!;
      const b = buffers.streamByName(name);
      let arr: Float64Array | null = null;
      if (b && (b.itemsPerPoint !== 1 || b.latestOnly)) nonScalar.push(name);
      else if (b) arr = b.toFloat64(0, b.length);
      cache.set(name, arr);
      return arr;
    };
    const contiguousOf = (name: string) => buffers.streamByName(name)?.contiguous ?? 0;
    const xArr = xName ? read(xName) : null;
    const monArr = monitor ? read(monitor) : null;
    // Two buckets per pixel of the whole figure (a little more than the plot area), in steps of 256 so
    // the count is the same before and after plotly has laid the axes out.
    const buckets = Math.max(512, Math.ceil((2 * (gd.clientWidth || 800)) / 256) * 256);
    const lodThreshold = LOD_THRESHOLD_SVG;

    const traces: PlotlyData[] = [];
    const missing: string[] = [];
    const gapSources: GapSource[] = [];
    let held = 0;
    let maxDrawn = 0;
    let limit = 0;
    const lodWanted: string[] = [];
    let lodTotal = 0;
    const extraNotes: string[] = [];
    const built: { c: CurveRef; b: BuiltCurve | null; color: string; server: ServerLod | null }[] = [];

    curves.forEach((c, i) => {
      const color = CURVE_COLORS[i % CURVE_COLORS.length]!;
      const y = read(c.name);
      const meta = streamMeta(source, c.name);
      // The client does not hold the whole stream (late join still catching up, or points skipped):
      // long curves come from the server's level of detail until it has, even before the first point
      // arrives, so a finished scan is drawn whole at once rather than as its raw points trickle in.
      const total = meta?.length ?? 0;
      const contiguous = Math.min(contiguousOf(c.name), xName ? contiguousOf(xName) : Infinity);
      let server: ServerLod | null = null;
      if (!deriv && !monitor && total > lodThreshold && contiguous < total) {
        lodWanted.push(c.name);
        lodTotal = Math.max(lodTotal, total);
        server = serverLodRef.current.get(c.name) ?? null;
      }
      if (!y || (xName && !xArr) || (monitor && !monArr)) {
        if (!y && !server) missing.push(c.name);
        built.push({ c, b: null, color, server });
        return;
      }
      const key = `${c.name}|${c.axis}`;
      let builder = builders.current.get(key);
      if (!builder) builders.current.set(key, (builder = new CurveBuilder()));
      const n = Math.min(y.length, xArr ? xArr.length : Infinity, monArr ? monArr.length : Infinity);
      const b = builder.build({ x: xArr, y, monitor: monArr }, n, {
        derivative: deriv,
        logX,
        logY: c.axis === 'right' ? logY2 : logY,
        zoomX: zoom.current.x,
        lodThreshold,
        buckets,
      });
      limit = Math.max(limit, n);
      held = Math.max(held, b.points);
      built.push({ c, b, color, server });
    });

    // Server LOD: ask for the visible index range (all of it unless it can be told from the zoom).
    if (lodWanted.length && lodLoaderRef.current) {
      const zx = zoom.current.x;
      const seen = zx && xName && xArr ? visibleRange(xArr, xArr.length, zx[0], zx[1]) : null;
      const [from, to] = lodRange(lodTotal, zx, !xName, seen && xArr && seen[1] < xArr.length ? seen : null);
      const key = JSON.stringify({ names: lodWanted, x: xName, from, to, buckets, total: lodTotal });
      // Ask again only for another range (the loader keeps one request in flight, newest wish next).
      if (lodLoaderRef.current.lastStarted !== key) lodLoaderRef.current.want(key);
      extraNotes.push(`Drawing a server-side summary of ${lodTotal.toLocaleString()} points while the rest arrives.`);
    }

    // Points the drawing stands for: the server summary's whole stream, or what the client holds.
    let extent = 0;
    for (const { c, b, color, server } of built) {
      const xy = server ?? b;
      if (!xy) continue;
      const drawn = server ? server.x.length : b!.drawn;
      maxDrawn = Math.max(maxDrawn, drawn);
      extent = Math.max(extent, server ? server.total : b!.points);
      traces.push(curveTrace(c, xy, { color, drawn, raw: !server && !b!.lod, xName, theme, kiosk }));
    }

    // Statistics (Bliss peak/cen/com... over every point): in a task of their own, not in this frame,
    // a few times a second for short curves, every second or two for long ones.
    const now = performance.now();
    const statsDue = now - statsAtRef.current > (held > 1_000_000 ? 2000 : held > 100_000 ? 1000 : 250);
    statsInputRef.current = built
      .map((e) => {
        const streams = [e.c.name, xName, monitor].filter((n): n is string => !!n).map((n) => streamMeta(source, n));
        const total = Math.min(...streams.map((m) => m?.length ?? 0));
        return { key: `${e.c.name}|${e.c.axis}`, name: shortName(e.c.name), axis: e.c.axis, color: e.color, b: e.b, y: e.c.name, x: xName, monitor, derivative: deriv, total, sealed: streams.every((m) => m?.sealed === true) };
      })
      .filter((e) => e.b !== null || e.total > 0);
    if (statsDue && statsTimerRef.current === null) {
      statsAtRef.current = now;
      statsTimerRef.current = window.setTimeout(runStats, 0);
    }

    // Gap notes over every channel drawn.
    const channels = [xName, ...curves.map((c) => c.name), monitor].filter((n): n is string => !!n);
    for (const name of [xName, ...curves.map((c) => c.name), monitor]) if (name) gapSources.push({ label: shortName(name), gaps: buffers.streamByName(name)?.gaps ?? [] });
    const allNotes = curveNotes({
      gaps: gapNotes(gapSources, limit),
      missing,
      nonScalar,
      monitorMissing: monitor && !monArr ? monitor : null,
      xMissing: xName && !xArr ? xName : null,
      extra: extraNotes,
      errors: channels.flatMap((n) => {
        const e = bufferError(source, n);
        return e ? [[n, e] as [string, string]] : [];
      }),
    });
    const nk = allNotes.join('\n');
    if (nk !== notesKey.current) {
      notesKey.current = nk;
      setNotes(allNotes);
    }
    setEmpty((prev) => {
      const next = curves.length === 0 ? 'No curve selected: pick a y channel.' : held === 0 && !built.some((e) => e.server) ? 'Waiting for data…' : null;
      return prev === next ? prev : next;
    });

    const layout = curveLayout(
      {
        uirevision: `${model.id}|${xName}|${logX}|${logY}|${logY2}|${deriv}|${monitor}`,
        datarevision: ++revision.current,
        xTitle: axisTitle(source, xName),
        yTitle: left.length === 1 ? axisTitle(source, left[0]!) + (monitor ? ` / ${shortName(monitor)}` : '') + (deriv ? ' (derivative)' : '') : '',
        y2Title: right.length ? (right.length === 1 ? axisTitle(source, right[0]!) : '') : null,
        log: { x: logX, y: logY, y2: logY2 },
        zoom: zoom.current,
      },
      theme,
      kiosk,
      showMarkers ? statMarkers(statsSnapshotRef.current, logX, theme, kiosk) : { shapes: [], annotations: [] },
    );
    if (!plotReady) return;
    // While every curve is drawn from the server's summary, new raw points change nothing on screen:
    // skip plotly (the costliest part of a frame) so the main thread takes the incoming data instead.
    const serverOnly = built.every((e) => e.server || !e.b);
    const key = serverOnly ? JSON.stringify([built.map((e) => [e.c.name, e.c.axis, e.server?.seq ?? 0]), { ...layout, datarevision: 0 }]) : '';
    if (serverOnly && key === drawnKey.current) return;
    drawnKey.current = key;
    plotReact({ data: traces, layout });
    const el = frameRef.current;
    if (el) {
      el.dataset.pointCount = String(held);
      el.dataset.extent = String(extent);
      el.dataset.drawnCount = String(maxDrawn);
      el.dataset.lod = built.some((e) => e.b?.lod || e.server) ? 'true' : 'false';
      el.dataset.lodSource = built.some((e) => e.server) ? 'server' : 'client';
    }
  }, [plotReact, graphRef, plotReady, source, xName, curves, monitor, deriv, logX, logY, logY2, kiosk, showMarkers, model.id, left, right, runStats, lodLoaderRef, serverLodRef, statsAtRef, statsInputRef, statsSnapshotRef, statsTimerRef]);

  // At least 33 ms between data-driven redraws (and twice the previous draw's time, see useRedraw): the
  // spacing counts from the start of the previous draw and the next waits for an animation frame, so
  // 60 ms capped live updates near 10/s; 33 ms allows 20-30 while draws are cheap.
  useLiveRedraw(draw, {
    minInterval: 33,
    version: source.version,
    settings: [plotReady, xName, curves, monitor, deriv, logX, logY, logY2, showMarkers, kiosk, view.zoomX, view.zoomY, view.zoomY2],
    scheduleRef,
  });
  // Settings changed: statistics at once, not after the throttle delay.
  useEffect(() => {
    statsAtRef.current = 0;
  }, [xName, curves, monitor, deriv, statsAtRef]);

  useTestAttributeDefaults(frameRef, { pointCount: '0' });

  const yLabel = curves.length ? curves.map((c) => shortName(c.name)).join(', ') : 'nothing';
  const label = `curve plot: ${yLabel} vs ${xName ? shortName(xName) : 'index'}`;
  const banner = scanStateBanner(source.snapshot.summary);

  const toolbar = <CurveToolbar view={view} twoAxes={right.length > 0} onViewChange={onViewChange} />;

  return (
    <PlotFrame
      label={label}
      dataKind="curve"
      title={model.title}
      subtitle={`${yLabel} vs ${xName ? shortName(xName) : 'index'}`}
      toolbar={toolbar}
      banner={banner}
      kiosk={kiosk}
      frameRef={frameRef}
      notes={notes}
    >
      <div className={styles.column}>
        <div className={styles.plotArea}>
          {plotError ? <div className={styles.errorBox}>{plotError}</div> : <div ref={graphRef} className={styles.graph} />}
          {empty ? <div className={styles.overlayMessage}>{empty}</div> : null}
        </div>
        {stats.length ? <StatsTable rows={stats} compact={kiosk} /> : null}
      </div>
    </PlotFrame>
  );
}
