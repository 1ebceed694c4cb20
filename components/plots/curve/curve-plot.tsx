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
import type { CurvePlotModel } from '@/lib/plot-model';
import { statMarksShown, type StatMarkName } from '@/lib/view-state/plot-view-state';
import { PlotFrame, scanStateBanner, shortName } from '../plot-frame';
import type { PlotProps } from '../plot-types';
import { axisTitle, bufferError, streamMeta } from '../source-helpers';
import { plotTheme } from '../shared/plot-theme';
import { useTestAttributeDefaults } from '../shared/test-attributes';
import { useLiveRedraw, type Schedule } from '../shared/use-live-redraw';
import { hasDrawn, usePlotly } from '../shared/use-plotly';
import { zoomPatch } from '../shared/view-zoom';
import { zoomFromRelayout, type Range2 } from '../view-axes';
import styles from '../plots.module.css';
import { gapNotes, LOD_THRESHOLD_SVG, visibleRange, type CurveBuilder } from './curve-data';
import { withTools } from './curve-compose';
import { curveDataset, curveLayout, curveNotes, curveTraces, lodRange, liveScan, statMarkers, StickyAxes } from './curve-figure';
import { bufferSource, channelsRead, curveSpecs, expressionNames, leftTitle, lodBuckets, prepareCurves, rightTitle, type ExpressionCache } from './curve-prepare';
import { LiveLodCache } from './curve-live-lod';
import { statsInputs, useCurveServerData, type ServerLod } from './curve-server-data';
import { windowNote } from './curve-summary';
import { CurveToolbar, StatsTable } from './curve-view';
import { useCurveTools } from './use-curve-tools';

export function CurvePlot({ model, source, view, onViewChange, kiosk }: PlotProps<CurvePlotModel>) {
  const xName = view.x !== undefined ? view.x : model.x;
  const xShort = shortName(xName);
  const specs = useMemo(() => curveSpecs(model.items, { y: view.y, y2: view.y2, normalize: view.normalize, derivative: view.derivative, math: view.math }, xShort), [model.items, view.y, view.y2, view.normalize, view.derivative, view.math, xShort]);
  const monitor = view.normalize ?? null;
  const logX = view.logX === true;
  const logY = view.logY === true;
  const logY2 = view.logY2 === true;
  const deriv = view.derivative === true;
  const marks = statMarksShown(view.markers).join(',');
  const showMarkers = marks !== '';
  const [notes, setNotes] = useState<string[]>([]);
  const [empty, setEmpty] = useState<string | null>('Waiting for data…');
  const frameRef = useRef<HTMLDivElement | null>(null);
  const builders = useRef(new Map<string, CurveBuilder>());
  const liveLod = useRef(new LiveLodCache());
  const expressions = useRef<ExpressionCache>(new Map());
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
    onDrawn: (gd) => onDrawnRef.current(gd),
  });
  const tools = useCurveTools({ view, onViewChange, source, specs, xName, graphRef, plotReady, scheduleRef });
  const onDrawnRef = useRef(tools.onDrawn);
  useEffect(() => {
    onDrawnRef.current = tools.onDrawn;
  });
  const { compose, selecting } = tools;

  const drawnKey = useRef('');
  // Only the plot's first drawing waits for a summary: once a curve is on screen, it is updated as before.
  const drawnOnce = useRef(false);
  const sticky = useRef(new StickyAxes());
  const { awaitingFirstLod, lodWanted, serverLodRef, lodLoaderRef, statsAtRef, statsInputRef, statsSnapshotRef, statsTimerRef, runStats, stats } = useCurveServerData(source, scheduleRef, showMarkers);

  const draw = useCallback(() => {
    // Runs before plotly is ready too: the server summary is asked for as soon as the lengths are known.
    const gd = graphRef.current;
    if (!gd) return;
    const theme = plotTheme(kiosk);
    const channels = bufferSource((n) => source.buffers.streamByName(n), (n) => streamMeta(source, n));
    const buckets = lodBuckets(gd.clientWidth);
    const now = performance.now();
    const common = { xName, logX, logY, logY2, zoomX: zoom.current.x, buckets, lodThreshold: LOD_THRESHOLD_SVG, builders: builders.current, names: () => expressionNames(source.snapshot.streams, source.snapshot.info?.channels), expressions: expressions.current };
    const prepared = prepareCurves<ServerLod>({ ...common, source: channels, specs, liveLod: liveLod.current, serverLod: (n) => serverLodRef.current.get(n) ?? null, awaitServer: !drawnOnce.current && awaitingFirstLod(now) });
    liveLod.current.sweep();
    // Overlaid scans, differences, fit, markers: composed with the scan's own curves.
    const composed = compose(prepared, channels, (src, sp) => prepareCurves<never>({ ...common, source: src, specs: sp, serverLod: () => null }), theme, kiosk, zoom.current.x);
    const extraNotes: string[] = [];
    // Server LOD: ask for the visible index range (all of it unless it can be told from the zoom).
    if (prepared.lodWanted.length && lodLoaderRef.current) {
      lodWanted(now);
      const zx = zoom.current.x;
      // x is read whole (a copy of every point held) only to tell a zoomed range's indices.
      const xArr = zx && xName ? channels.read(xName) : null;
      const seen = zx && xArr ? visibleRange(xArr, xArr.length, zx[0], zx[1]) : null;
      const [from, to] = lodRange(prepared.lodTotal, zx, !xName, seen && xArr && seen[1] < xArr.length ? seen : null);
      const key = JSON.stringify({ names: prepared.lodWanted, x: xName, from, to, buckets, total: prepared.lodTotal });
      // Ask again only for another range (the loader keeps one request in flight, newest wish next).
      if (lodLoaderRef.current.lastStarted !== key) lodLoaderRef.current.want(key);
      extraNotes.push(`Drawing a server-side summary of ${prepared.lodTotal.toLocaleString()} points while the rest arrives.`);
    }
    if (prepared.window) extraNotes.push(windowNote(prepared.window.start, prepared.window.end, prepared.window.transformed));
    extraNotes.push(...composed.notes);
    const { traces, drawn, extent } = curveTraces(composed.main, { xName, theme, kiosk });
    traces.push(...composed.traces);

    // Statistics (Bliss peak/cen/com... over every point): in a task of their own, not in this frame,
    // a few times a second for short curves, every second or two for long ones.
    const held = prepared.held;
    statsInputRef.current = statsInputs(prepared.curves, xName, channels);
    if (now - statsAtRef.current > (held > 1_000_000 ? 2000 : held > 100_000 ? 1000 : 250) && statsTimerRef.current === null) {
      statsAtRef.current = now;
      statsTimerRef.current = window.setTimeout(runStats, 0);
    }

    const read = channelsRead(xName, specs);
    const allNotes = curveNotes({
      gaps: gapNotes(read.map((n) => ({ label: shortName(n), gaps: channels.gaps(n) })), prepared.limit),
      missing: prepared.missing,
      nonScalar: channels.nonScalar,
      monitorMissing: specs.find((s) => s.monitor && !channels.read(s.monitor))?.monitor ?? null,
      xMissing: xName && !(channels.live?.(xName) ?? channels.read(xName)) ? xName : null,
      extra: extraNotes,
      errors: read.flatMap((n) => {
        const e = bufferError(source, n);
        return e ? [[n, e] as [string, string]] : [];
      }),
    });
    const nk = allNotes.join('\n');
    if (nk !== notesKey.current) {
      notesKey.current = nk;
      setNotes(allNotes);
    }
    const nextEmpty =
      specs.length === 0
        ? 'No curve selected: pick a y channel.'
        : prepared.awaiting
          ? `Loading a summary of ${prepared.lodTotal.toLocaleString('en-US')} points…`
          : held === 0 && !prepared.curves.some((e) => e.server)
            ? 'Waiting for data…'
            : null;
    setEmpty((prev) => (prev === nextEmpty ? prev : nextEmpty));

    const title = (n: string) => axisTitle(source, n);
    const layout = curveLayout(
      {
        uirevision: `${model.id}|${xName}|${logX}|${logY}|${logY2}|${deriv}|${monitor}`,
        datarevision: ++revision.current,
        xTitle: axisTitle(source, xName),
        yTitle: leftTitle(specs, title),
        y2Title: rightTitle(specs, title),
        log: { x: logX, y: logY, y2: logY2 },
        zoom: zoom.current,
      },
      theme,
      kiosk,
      withTools(showMarkers ? statMarkers(statsSnapshotRef.current, logX, theme, kiosk, marks.split(',') as StatMarkName[]) : { shapes: [], annotations: [] }, composed),
    );
    // Dragging across the plot picks the fit region (plotly's horizontal box select) while asked for.
    if (selecting) Object.assign(layout, { dragmode: 'select', selectdirection: 'h' });
    if (!plotReady) return;
    // Nothing drawn before the first summary (at most FIRST_LOD_WAIT_MS): a partial curve would be replaced
    // at once, and plotly's first draw is the costliest one.
    if (prepared.awaiting) return;
    // While every curve is drawn from the server's summary, new raw points change nothing on screen:
    // skip plotly (the costliest part of a frame) so the main thread takes the incoming data instead.
    const serverOnly = prepared.curves.every((e) => e.server || !e.built);
    const key = serverOnly ? JSON.stringify([prepared.curves.map((e) => [e.spec.key, e.server?.seq ?? 0]), { ...layout, datarevision: 0 }]) : '';
    if (serverOnly && key === drawnKey.current) return;
    drawnKey.current = key;
    drawnOnce.current = true;
    // While the scan runs, axes that move in steps rather than at every frame (see StickyAxes).
    sticky.current.apply(layout, traces, liveScan(source.snapshot.summary?.state) && hasDrawn(gd));
    plotReact({ data: traces, layout, dataOnly: true });
    if (frameRef.current) Object.assign(frameRef.current.dataset, curveDataset(prepared.curves, { held, extent, drawn }));
  }, [plotReact, graphRef, plotReady, source, xName, specs, monitor, deriv, logX, logY, logY2, kiosk, showMarkers, marks, model.id, runStats, awaitingFirstLod, lodWanted, lodLoaderRef, serverLodRef, statsAtRef, statsInputRef, statsSnapshotRef, statsTimerRef, compose, selecting]);

  // At least 33 ms between data-driven redraws (two frames at 60 Hz, counted between frame times, and
  // twice the previous draw's time, see useRedraw): up to 30 live updates a second while draws are cheap.
  useLiveRedraw(draw, {
    minInterval: 33,
    version: source.version,
    settings: [plotReady, xName, specs, monitor, deriv, logX, logY, logY2, marks, kiosk, view.zoomX, view.zoomY, view.zoomY2, view.fit, view.vmarks, view.hmarks, view.overlay, compose, selecting],
    scheduleRef,
  });
  // Settings changed: statistics at once, not after the throttle delay.
  useEffect(() => {
    statsAtRef.current = 0;
  }, [xName, specs, statsAtRef]);

  useTestAttributeDefaults(frameRef, { pointCount: '0' });

  const yLabel = specs.length ? specs.map((c) => shortName(c.name)).join(', ') : 'nothing';
  const label = `curve plot: ${yLabel} vs ${xName ? shortName(xName) : 'index'}`;
  const banner = scanStateBanner(source.snapshot.summary);

  const toolbar = <CurveToolbar view={view} twoAxes={specs.some((s) => s.axis === 'right')} onViewChange={onViewChange} />;

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
        {kiosk ? null : tools.bar}
        {stats.length ? <StatsTable rows={stats} compact={kiosk} /> : null}
        {kiosk ? null : tools.panel}
      </div>
    </PlotFrame>
  );
}
