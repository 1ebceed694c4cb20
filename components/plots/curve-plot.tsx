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
import { curveStats, emptyCurveStats, type CurveStats } from '@/lib/plot-math/curve-stats';
import type { CurvePlotModel } from '@/lib/plot-model';
import { CurveBuilder, gapNotes, LOD_THRESHOLD_SVG, serverLodToXY, visibleRange, type BuiltCurve, type GapSource } from './curve-data';
import { LatestLoader } from '../data/frame-fetch';
import { pick, StreamStatsClient } from '../data/stream-stats-client';
import { CURVE_COLORS, safeUid, PlotFrame, scanStateBanner, shortName } from './plot-frame';
import type { PlotProps, PlotViewState } from './plot-types';
import type { PlotlyData, PlotlyLayout } from './shared/plotly-loader';
import { axisTitle, bufferError, streamMeta } from './source-helpers';
import { plotTheme } from './shared/plot-theme';
import { useTestAttributeDefaults } from './shared/test-attributes';
import { useLiveRedraw, type Schedule } from './shared/use-live-redraw';
import { usePlotly } from './shared/use-plotly';
import { axisRange, formatNumber, readableTicks, zoomFromRelayout, type Range2 } from './view-axes';
import styles from './plots.module.css';

/** Draw point markers on short curves (Flint shows the measured points). */
const MARKERS_BELOW = 120;

interface CurveRef {
  name: string;
  axis: 'left' | 'right';
}

interface StatRow {
  key: string;
  name: string;
  axis: 'left' | 'right';
  color: string;
  stats: CurveStats;
  /** Points the figures hold for, of the curve's `total` published; who computed them. */
  covered: number;
  total: number;
  source: 'page' | 'server';
}

interface StatsInput {
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

interface ServerLod {
  /** Distinct per reply: what a redraw compares to know the summary did not change. */
  seq: number;
  key: string;
  x: Float64Array;
  y: Float64Array;
  total: number;
}

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
  const [stats, setStats] = useState<StatRow[]>([]);
  const [notes, setNotes] = useState<string[]>([]);
  const [empty, setEmpty] = useState<string | null>('Waiting for data…');
  const frameRef = useRef<HTMLDivElement | null>(null);
  const builders = useRef(new Map<string, CurveBuilder>());
  const zoom = useRef<{ x: Range2 | null; y: Range2 | null; y2: Range2 | null }>({ x: view.zoomX ?? null, y: view.zoomY ?? null, y2: view.zoomY2 ?? null });
  const revision = useRef(0);
  const statsAt = useRef(0);
  const statsKey = useRef('');
  const statsSnapshot = useRef<StatRow[]>([]);
  const notesKey = useRef('');
  const serverLod = useRef(new Map<string, ServerLod>());
  const lodLoader = useRef<LatestLoader<string, ServerLod[]> | null>(null);
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
      const patch: Partial<PlotViewState> = {};
      if (change.x !== undefined) {
        zoom.current.x = change.x;
        patch.zoomX = change.x;
      }
      if (change.y !== undefined) {
        zoom.current.y = change.y;
        patch.zoomY = change.y;
      }
      if (change.y2 !== undefined) {
        zoom.current.y2 = change.y2;
        patch.zoomY2 = change.y2;
      }
      if (Object.keys(patch).length) {
        onViewChangeRef.current(patch);
        scheduleRef.current(true); // re-decimate the new x range at full resolution
      }
    },
    onResize: () => scheduleRef.current(true),
  });

  // One server LOD request in flight per plot; a newer wish replaces a waiting one.
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });
  const scanKey = source.key;
  const drawnKey = useRef('');
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
        if (result.ok) for (const r of result.value) serverLod.current.set(r.key, r);
        performance.mark('lantern:lod-reply');
        scheduleRef.current();
      },
    );
    lodLoader.current = loader;
    serverLod.current.clear();
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
      loader.dispose();
      stats.dispose();
    };
  }, [scanKey]);

  const statsInput = useRef<StatsInput[]>([]);
  const serverStats = useRef<StreamStatsClient | null>(null);
  const statsTimer = useRef<number | null>(null);
  const markersRef = useRef(showMarkers);
  useEffect(() => {
    markersRef.current = showMarkers;
  }, [showMarkers]);
  const runStats = useCallback(() => {
    statsTimer.current = null;
    const rows: StatRow[] = statsInput.current.map((e) => {
      const own = e.b ? curveStats(e.b.statX, e.b.statY, 0, e.b.points, emptyCurveStats()) : emptyCurveStats();
      const held = e.b ? e.b.points : 0;
      // The page holds part of the curve: the server has the figures over all of it (not for derivatives).
      const serverKey = JSON.stringify([e.y, e.x, e.monitor]);
      if (held < e.total && !e.derivative) serverStats.current?.want(serverKey, e.y, e.x, e.monitor, e.total, e.sealed);
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
  }, []);
  useEffect(
    () => () => {
      if (statsTimer.current !== null) clearTimeout(statsTimer.current);
    },
    [],
  );

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
        server = serverLod.current.get(c.name) ?? null;
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
    if (lodWanted.length && lodLoader.current) {
      let from = 0;
      let to = lodTotal;
      const zx = zoom.current.x;
      if (zx && !xName) {
        from = Math.max(0, Math.floor(Math.min(zx[0], zx[1])));
        to = Math.min(lodTotal, Math.ceil(Math.max(zx[0], zx[1])) + 1);
      } else if (zx && xArr) {
        const r = visibleRange(xArr, xArr.length, zx[0], zx[1]);
        if (r && r[1] < xArr.length) [from, to] = r;
      }
      // Quantise `to` while data arrive so a live scan does not ask at every frame.
      const step = Math.max(1, Math.floor((to - from) / 50));
      to = Math.min(lodTotal, Math.ceil(to / step) * step);
      const key = JSON.stringify({ names: lodWanted, x: xName, from, to, buckets, total: lodTotal });
      // Ask again only for another range (the loader keeps one request in flight, newest wish next).
      if (lodLoader.current.lastStarted !== key) lodLoader.current.want(key);
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
      const markers = !server && !b!.lod && drawn <= MARKERS_BELOW;
      traces.push({
        type: 'scatter',
        mode: markers ? 'lines+markers' : 'lines',
        x: xy.x,
        y: xy.y,
        name: shortName(c.name) + (c.axis === 'right' ? ' (right)' : ''),
        yaxis: c.axis === 'right' ? 'y2' : 'y',
        connectgaps: false,
        line: { color, width: theme.line },
        marker: { color, size: kiosk ? 7 : 5 },
        hovertemplate: `${shortName(c.name)}: %{y:.6g}<br>${xName ? shortName(xName) : 'index'}: %{x:.6g}<extra></extra>`,
        uid: safeUid(`${c.name}|${c.axis}`),
      } as PlotlyData);
    }

    // Statistics (Bliss peak/cen/com... over every point): in a task of their own, not in this frame,
    // a few times a second for short curves, every second or two for long ones.
    const now = performance.now();
    const statsDue = now - statsAt.current > (held > 1_000_000 ? 2000 : held > 100_000 ? 1000 : 250);
    statsInput.current = built
      .map((e) => {
        const streams = [e.c.name, xName, monitor].filter((n): n is string => !!n).map((n) => streamMeta(source, n));
        const total = Math.min(...streams.map((m) => m?.length ?? 0));
        return { key: `${e.c.name}|${e.c.axis}`, name: shortName(e.c.name), axis: e.c.axis, color: e.color, b: e.b, y: e.c.name, x: xName, monitor, derivative: deriv, total, sealed: streams.every((m) => m?.sealed === true) };
      })
      .filter((e) => e.b !== null || e.total > 0);
    if (statsDue && statsTimer.current === null) {
      statsAt.current = now;
      statsTimer.current = window.setTimeout(runStats, 0);
    }

    // Gap notes over every channel drawn.
    const label = (n: string) => shortName(n);
    const addGaps = (name: string | null) => {
      if (!name) return;
      const b = buffers.streamByName(name);
      if (b && b.gaps.length) gapSources.push({ label: label(name), gaps: b.gaps });
      else gapSources.push({ label: label(name), gaps: [] });
    };
    addGaps(xName);
    for (const c of curves) addGaps(c.name);
    addGaps(monitor);
    const allNotes = [
      ...gapNotes(gapSources, limit),
      ...missing.map((m) => `${shortName(m)}: no data received yet`),
      ...nonScalar.map((m) => `${shortName(m)} is not a scalar channel and cannot be drawn as a curve`),
      ...(monitor && !monArr ? [`monitor ${shortName(monitor)}: no data yet, curves are not drawn until it arrives`] : []),
      ...(xName && !xArr ? [`x channel ${shortName(xName)}: no data yet`] : []),
      ...extraNotes,
      ...[xName, ...curves.map((c) => c.name), monitor].flatMap((n) => {
        const e = n ? bufferError(source, n) : null;
        return e ? [`${shortName(n)}: bad data received (${e})`] : [];
      }),
    ];
    const nk = allNotes.join('\n');
    if (nk !== notesKey.current) {
      notesKey.current = nk;
      setNotes(allNotes);
    }
    setEmpty((prev) => {
      const next = curves.length === 0 ? 'No curve selected: pick a y channel.' : held === 0 && !built.some((e) => e.server) ? 'Waiting for data…' : null;
      return prev === next ? prev : next;
    });

    // Statistic markers: vertical lines at peak, cen and com of each curve.
    const shapes: NonNullable<PlotlyLayout['shapes']> = [];
    const annotations: NonNullable<PlotlyLayout['annotations']> = [];
    if (showMarkers) {
      statsSnapshot.current.forEach((r, i) => {
        const marks: [string, number, 'solid' | 'dash' | 'dot'][] = [
          ['peak', r.stats.peak, 'solid'],
          ['cen', r.stats.cen, 'dash'],
          ['com', r.stats.com, 'dot'],
        ];
        marks.forEach(([name, xv, dash], j) => {
          if (!Number.isFinite(xv) || (logX && xv <= 0)) return;
          shapes.push({ type: 'line', xref: 'x', yref: 'paper', x0: xv, x1: xv, y0: 0, y1: 1, line: { color: r.color, width: 1.2, dash } });
          // Labels stacked from the top (one row per marker and curve) so close markers stay readable.
          annotations.push({
            x: logX ? Math.log10(xv) : xv,
            xref: 'x',
            yref: 'paper',
            y: 1,
            yanchor: 'top',
            yshift: -(3 * i + j) * (theme.font + 4),
            xanchor: 'left',
            text: `${name} ${formatNumber(xv, 4)}`,
            showarrow: false,
            bgcolor: kiosk ? 'rgba(0,0,0,0.7)' : 'rgba(255,255,255,0.8)',
            font: { color: r.color, size: theme.font - 1 },
          });
        });
      });
    }

    const xr = axisRange(zoom.current.x, logX);
    const yr = axisRange(zoom.current.y, logY);
    const y2r = axisRange(zoom.current.y2, logY2);
    const layout: PlotlyLayout = {
      uirevision: `${model.id}|${xName}|${logX}|${logY}|${logY2}|${deriv}|${monitor}`,
      datarevision: ++revision.current,
      margin: { l: kiosk ? 80 : 64, r: right.length ? (kiosk ? 80 : 64) : 16, t: 10, b: kiosk ? 60 : 44 },
      paper_bgcolor: theme.bg,
      plot_bgcolor: theme.bg,
      font: { size: theme.font, color: theme.fg },
      // The statistics table under the plot is the legend (colour swatch per curve): a plotly legend
      // would be measured and laid out again on every redraw.
      showlegend: false,
      hovermode: 'closest',
      xaxis: {
        title: { text: axisTitle(source, xName) },
        type: logX ? 'log' : 'linear',
        ...(xr ? { range: xr, autorange: false } : { autorange: true }),
        ...readableTicks(logX),
        gridcolor: theme.grid,
        zeroline: false,
      },
      yaxis: {
        title: { text: left.length === 1 ? axisTitle(source, left[0]!) + (monitor ? ` / ${shortName(monitor)}` : '') + (deriv ? ' (derivative)' : '') : '' },
        type: logY ? 'log' : 'linear',
        ...(yr ? { range: yr, autorange: false } : { autorange: true }),
        ...readableTicks(logY),
        gridcolor: theme.grid,
        zeroline: false,
      },
      ...(right.length
        ? {
            yaxis2: {
              title: { text: right.length === 1 ? axisTitle(source, right[0]!) : '' },
              type: logY2 ? 'log' : 'linear',
              ...(y2r ? { range: y2r, autorange: false } : { autorange: true }),
              ...readableTicks(logY2),
              overlaying: 'y',
              side: 'right',
              showgrid: false,
              zeroline: false,
            },
          }
        : {}),
      shapes,
      annotations,
    } as PlotlyLayout;
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
  }, [plotReact, graphRef, plotReady, source, xName, curves, monitor, deriv, logX, logY, logY2, kiosk, showMarkers, model.id, left, right, runStats]);

  // At least 60 ms between data-driven redraws: the spacing counts from the start of the previous draw and
  // the next waits for an animation frame, so 100 ms gave ~8.6 redraws/s; 60 ms gives 10-15 (bench).
  useLiveRedraw(draw, {
    minInterval: 60,
    version: source.version,
    settings: [plotReady, xName, curves, monitor, deriv, logX, logY, logY2, showMarkers, kiosk, view.zoomX, view.zoomY, view.zoomY2],
    scheduleRef,
  });
  // Settings changed: statistics at once, not after the throttle delay.
  useEffect(() => {
    statsAt.current = 0;
  }, [xName, curves, monitor, deriv]);

  useTestAttributeDefaults(frameRef, { pointCount: '0' });

  const yLabel = curves.length ? curves.map((c) => shortName(c.name)).join(', ') : 'nothing';
  const label = `curve plot: ${yLabel} vs ${xName ? shortName(xName) : 'index'}`;
  const banner = scanStateBanner(source.snapshot.summary);

  // Channel and monitor selection belong to the scan page (its channel panel writes view.x/y/y2/normalize).
  const toolbar = (
    <>
      <ToggleButton pressed={deriv} onClick={() => onViewChange({ derivative: !deriv })} title="Show the derivative dy/dx">
        d/dx
      </ToggleButton>
      <ToggleButton pressed={logX} onClick={() => onViewChange({ logX: !logX, zoomX: null })} title="Logarithmic x axis">
        log x
      </ToggleButton>
      <ToggleButton pressed={logY} onClick={() => onViewChange({ logY: !logY, zoomY: null })} title="Logarithmic left y axis">
        {right.length ? 'log y (left)' : 'log y'}
      </ToggleButton>
      {right.length ? (
        <ToggleButton pressed={logY2} onClick={() => onViewChange({ logY2: !logY2, zoomY2: null })} title="Logarithmic right y axis">
          log y (right)
        </ToggleButton>
      ) : null}
      <ToggleButton pressed={showMarkers} onClick={() => onViewChange({ markers: !showMarkers })} title="Mark peak, cen and com on the plot">
        markers
      </ToggleButton>
    </>
  );

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

function StatsTable({ rows, compact }: { rows: StatRow[]; compact?: boolean }) {
  return (
    <div className={styles.statsBox} aria-label="curve statistics">
      <table className={styles.stats}>
        <thead>
          <tr>
            <th>curve</th>
            <th title="x of the maximum (Bliss peak())">peak</th>
            <th>max</th>
            {compact ? null : <th>min</th>}
            <th title="centre of the FWHM (Bliss cen())">cen</th>
            <th title="full width at half maximum (Bliss fwhm())">fwhm</th>
            <th title="centre of mass (Bliss com())">com</th>
            <th title="points these figures hold for, of the points published">points</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            // data-points: the finite points these statistics cover (they trail the curve by a throttle).
            <tr key={r.key} data-points={r.stats.count} data-covered={r.covered} data-total={r.total} data-source={r.source}>
              <td>
                <span className={styles.swatch} style={{ background: r.color }} />
                {r.name}
                {r.axis === 'right' ? <span className={styles.muted}> (R)</span> : null}
              </td>
              <td>{formatNumber(r.stats.peak)}</td>
              <td>{formatNumber(r.stats.max.y)}</td>
              {compact ? null : <td>{formatNumber(r.stats.min.y)}</td>}
              <td>{formatNumber(r.stats.cen)}</td>
              <td>{formatNumber(r.stats.fwhm)}</td>
              <td>{formatNumber(r.stats.com)}</td>
              <td className={r.covered < r.total ? styles.partial : undefined} title={r.covered < r.total ? `partial: over ${r.covered} of the ${r.total} points published` : r.source === 'server' ? 'over every point, computed by the server' : 'over every point'}>
                {r.covered < r.total ? `${r.covered.toLocaleString('en-US')} of ${r.total.toLocaleString('en-US')}` : r.total.toLocaleString('en-US')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ToggleButton({ pressed, onClick, title, children }: { pressed: boolean; onClick(): void; title?: string; children: React.ReactNode }) {
  return (
    <button type="button" aria-pressed={pressed} onClick={onClick} title={title}>
      {children}
    </button>
  );
}
