'use client';
/**
 * Spectrum plot for MCA devices and other 1D channels (Flint's MCA and "1D" widgets): the latest
 * spectrum live, any point's spectrum through a slider, or the sum/average over the scan.
 *
 * Spectra come from the ScanBuffers when held ("all" delivery keeps every point; latest-only keeps the
 * newest); any other point, and the sums of latest-only streams, come from the server
 * (`spectrum-server-data.ts`). Sum/average are kept incrementally. Points not available are left out
 * and said so. Traces and layout are mapped in `spectrum-figure.ts`, the controls drawn by `spectrum-view.tsx`.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { McaPlotModel, OneDimPlotModel, OneDimX } from '@/lib/plot-model';
import { CurveBuilder, LOD_THRESHOLD_SVG } from '../curve/curve-data';
import { CURVE_COLORS, PlotDataError, PlotFrame, ProblemBox, scanStateBanner, shortName } from '../plot-frame';
import type { PlotProps } from '../plot-types';
import type { PlotlyData } from '../shared/plotly-loader';
import { plotTheme } from '../shared/plot-theme';
import { displayName, streamMeta } from '../source-helpers';
import { useTestAttributeDefaults } from '../shared/test-attributes';
import { useLiveRedraw, type Schedule } from '../shared/use-live-redraw';
import { usePlotly } from '../shared/use-plotly';
import { useZoomToView } from '../shared/view-zoom';
import { zoomFromRelayout } from '../view-axes';
import styles from '../plots.module.css';
import { energyAxis } from '@/lib/analysis/mca/calibration';
import { energyTitle } from './mca-calibration';
import { roiFromRange, roiShapes } from './mca-rois';
import { McaTools } from './mca-tools';
import { RoiDragLayer } from './roi-drag';
import { SpectrumAccumulator, spectrumX } from './spectrum-data';
import { useMcaTools } from './use-mca-tools';
import {
  localReductionNote,
  remoteReductionNote,
  spectrumChannels,
  spectrumLayout,
  spectrumSubtitle,
  spectrumTrace,
  spectrumXTitle,
} from './spectrum-figure';
import { SUM_CHUNK_BYTES, useSpectrumServerData } from './spectrum-server-data';
import { PointSlider, SpectrumToolbar } from './spectrum-view';

export function SpectrumPlot(props: PlotProps<McaPlotModel | OneDimPlotModel>) {
  const { model, source } = props;
  const channels = model.kind === 'mca' ? model.items.map((i) => i.channel) : model.channels;
  for (const c of channels) {
    const meta = streamMeta(source, c);
    if (meta?.error) throw new PlotDataError(`${c}: ${meta.error}`, 'unsupported');
    if (meta && (meta.kind === 'json' || meta.kind === 'broken')) throw new PlotDataError(`${c}: ${meta.kind} stream, not a spectrum`, 'unsupported');
  }
  if (channels.length === 0) throw new PlotDataError('No spectrum channel in this plot', 'no-data');
  return <SpectrumPlotInner {...props} />;
}

function SpectrumPlotInner({ model, source, view, onViewChange, kiosk }: PlotProps<McaPlotModel | OneDimPlotModel>) {
  const list = useMemo(() => spectrumChannels(model), [model]);
  const xModel = useMemo<OneDimX>(() => (model.kind === 'oned' ? model.x : { kind: 'index' }), [model]);
  const reduce = view.reduce ?? 'point';
  const logY = view.logY === true;
  const follow = view.follow === true || view.frame === null || view.frame === undefined;

  const frameRef = useRef<HTMLDivElement | null>(null);
  const builders = useRef(new Map<string, CurveBuilder>());
  const [status, setStatus] = useState({ points: 0, shown: -1, note: '' });
  const revision = useRef(0);
  const scheduleRef = useRef<Schedule>(() => undefined);
  const zoomToView = useZoomToView(onViewChange);
  const { fetched, remoteSums, accumulators, fetchError, pointLoaderRef, sumLoaderRef } = useSpectrumServerData(source, scheduleRef);
  const mca = useMcaTools(model, view, source.snapshot.info);
  const { active: calibration, rois, report: reportRois } = mca;

  const { ref: graphRef, ready: plotReady, error: plotError, react: plotReact } = usePlotly({
    onRelayout: (ev) => zoomToView(zoomFromRelayout(ev, { y: logY })),
    onResize: () => scheduleRef.current(true),
  });

  const draw = useCallback(() => {
    const gd = graphRef.current;
    if (!plotReady || !gd) return;
    const buffers = source.buffers;
    const pointLoader = pointLoaderRef.current;
    const sumLoader = sumLoaderRef.current;
    const buckets = Math.max(200, 2 * (gd.clientWidth || 800));
    let points = 0;
    let latest = -1;
    for (const c of list) {
      const m = streamMeta(source, c.channel);
      const b = buffers.streamByName(c.channel);
      points = Math.max(points, m?.length ?? 0, b?.length ?? 0);
      if (b) latest = Math.max(latest, b.latestIndex);
    }
    if (latest < 0) latest = points - 1;
    const index = follow ? latest : Math.max(0, Math.min(points - 1, Math.floor(view.frame ?? 0)));

    const traces: PlotlyData[] = [];
    const notes: string[] = [];
    const toFetch: string[] = [];
    const drawn: { label: string; values: Float64Array }[] = [];
    let colorIndex = 0;
    for (const c of list) {
      const b = buffers.streamByName(c.channel);
      let values: Float64Array | null = null;
      let shape: readonly number[] = b?.pointShape ?? [];
      if (reduce === 'point') {
        const at = follow && b ? b.latestIndex : index;
        if (b && at >= 0 && b.has(at)) values = b.toFloat64(at, at + 1);
        else {
          const f = fetched.current.get(c.channel);
          if (f && f.index === index) {
            values = f.data;
            shape = f.pointShape;
          } else if (index >= 0) toFetch.push(c.channel);
        }
      } else if (b && !b.latestOnly) {
        let acc = accumulators.current.get(c.channel);
        if (!acc) accumulators.current.set(c.channel, (acc = new SpectrumAccumulator()));
        acc.syncWith(b);
        values = acc.result(reduce);
        notes.push(localReductionNote(c.label, reduce, acc.count, acc.skipped));
      } else {
        // Latest-only stream: fetch every point in chunks and add them up.
        let rs = remoteSums.current.get(c.channel);
        if (!rs) remoteSums.current.set(c.channel, (rs = { acc: new SpectrumAccumulator(), error: null }));
        const per = b ? b.itemsPerPoint : 1;
        const chunk = Math.max(1, Math.floor(SUM_CHUNK_BYTES / (8 * Math.max(1, per))));
        const total = Math.max(streamMeta(source, c.channel)?.length ?? 0, b?.length ?? 0);
        if (rs.acc.upTo < total && sumLoader && !sumLoader.busy && !rs.error) {
          sumLoader.want(JSON.stringify({ channel: c.channel, from: rs.acc.upTo, to: Math.min(total, rs.acc.upTo + chunk) }));
        }
        if (rs.acc.count > 0) values = rs.acc.result(reduce);
        notes.push(remoteReductionNote(c.label, reduce, rs.acc, total));
        if (rs.error) notes.push(`${c.label}: ${rs.error instanceof Error ? rs.error.message : String(rs.error)}`);
      }
      if (!values) continue;
      // Stacked images: one spectrum per row.
      const rows = c.stacked && shape.length === 2 ? shape[0]! : 1;
      const nchan = rows > 1 ? shape[1]! : values.length;
      let xValues: ArrayLike<number> | null = null;
      if (xModel.kind === 'channel') {
        const xb = buffers.streamByName(xModel.channel);
        const at = xb ? (xb.has(index) ? index : xb.latestIndex) : -1;
        xValues = xb && at >= 0 ? xb.toFloat64(at, at + 1) : null;
        if (!xValues) notes.push(`x channel ${shortName(xModel.channel)}: no data yet, using the channel index`);
      }
      const x = calibration ? energyAxis(nchan, calibration.cal) : spectrumX(xModel, nchan, xValues);
      for (let r = 0; r < rows; r++) {
        const key = `${c.channel}|${r}`;
        let builder = builders.current.get(key);
        if (!builder) builders.current.set(key, (builder = new CurveBuilder()));
        const y = rows > 1 ? values.subarray(r * nchan, (r + 1) * nchan) : values;
        drawn.push({ label: rows > 1 ? `${c.label} [${r}]` : c.label, values: y });
        const built = builder.build({ x, y }, nchan, { logY, lodThreshold: LOD_THRESHOLD_SVG, buckets, zoomX: view.zoomX ?? null });
        const color = CURVE_COLORS[colorIndex++ % CURVE_COLORS.length]!;
        traces.push(spectrumTrace({ key, label: c.label, row: rows > 1 ? r : null, x: built.x, y: built.y, color, kiosk: kiosk === true }));
      }
    }
    if (toFetch.length && index >= 0 && pointLoader) {
      const key = JSON.stringify({ index, channels: toFetch });
      if (pointLoader.lastStarted !== key) pointLoader.want(key);
      notes.push(`point ${index}: fetching the spectrum from the server…`);
    }

    reportRois(drawn);
    const xTitle = calibration ? energyTitle(calibration.cal) : spectrumXTitle(xModel, (channel) => displayName(source, channel));
    const layout = spectrumLayout({
      modelId: model.id,
      xTitle,
      reduce,
      logY,
      view: { zoomX: view.zoomX, zoomY: view.zoomY },
      theme: plotTheme(kiosk),
      kiosk: kiosk === true,
      hasTraces: traces.length > 0,
      revision: ++revision.current,
      marks: roiShapes(rois, calibration?.cal ?? null),
    });
    plotReact({ data: traces, layout });

    const el = frameRef.current;
    if (el) {
      el.dataset.pointCount = String(points);
      el.dataset.frameIndex = String(reduce === 'point' ? index : -1);
    }
    const note = notes.join('\n');
    setStatus((prev) => (prev.points === points && prev.shown === index && prev.note === note ? prev : { points, shown: index, note }));
  }, [plotReact, graphRef, plotReady, source, list, xModel, reduce, logY, follow, view.frame, view.zoomX, view.zoomY, kiosk, model.id, fetched, remoteSums, accumulators, pointLoaderRef, sumLoaderRef, calibration, rois, reportRois]);
  useLiveRedraw(draw, { minInterval: 100, version: source.version, settings: [plotReady, list, reduce, logY, follow, view.frame, view.zoomX, view.zoomY, kiosk, calibration, rois], scheduleRef });
  const addDragged = (x0: number, x1: number) => {
    const roi = roiFromRange(x0, x1, calibration?.cal ?? null, mca.channels);
    if (roi) onViewChange({ rois: [...rois, roi] });
    mca.setSelecting(false);
  };
  useTestAttributeDefaults(frameRef, { pointCount: '0', frameIndex: '-1' });

  const label = `${model.kind === 'mca' ? 'mca plot' : '1D plot'}: ${list.map((c) => c.label).join(', ')}`;
  return (
    <PlotFrame
      label={label}
      dataKind={model.kind}
      title={model.title}
      subtitle={spectrumSubtitle(model)}
      toolbar={
        <SpectrumToolbar reduce={reduce} logY={logY} onViewChange={onViewChange}>
          {mca.isMca ? (
            <button type="button" aria-pressed={mca.selecting} onClick={() => mca.setSelecting(!mca.selecting)} title="Drag across the spectrum to add a ROI">
              select ROI
            </button>
          ) : null}
        </SpectrumToolbar>
      }
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={frameRef}
      footer={kiosk || reduce !== 'point' ? null : <PointSlider points={status.points} shown={status.shown} follow={follow} onViewChange={onViewChange} />}
      notes={status.note ? status.note.split('\n') : []}
    >
      <div className={styles.column}>
        <div className={styles.plotArea}>
          {plotError ? <div className={styles.errorBox}>{plotError}</div> : <div ref={graphRef} className={styles.graph} />}
          {mca.selecting ? <RoiDragLayer graphRef={graphRef} onRange={addDragged} /> : null}
          {status.points === 0 ? <div className={styles.overlayMessage}>Waiting for data…</div> : null}
          {fetchError ? (
            <div style={{ position: 'absolute', top: 8, left: 70, right: 20 }}>
              <ProblemBox error={fetchError} role="status" />
            </div>
          ) : null}
        </div>
        {mca.isMca && !kiosk ? <McaTools rows={mca.rows} rois={rois} active={calibration} hint={mca.hint} channels={mca.channels} onViewChange={onViewChange} /> : null}
      </div>
    </PlotFrame>
  );
}
