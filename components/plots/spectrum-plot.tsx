'use client';
/**
 * Spectrum plot for MCA devices and other 1D channels (Flint's MCA and "1D" widgets): the latest
 * spectrum live, any point's spectrum through a slider, or the sum/average over the scan.
 *
 * Spectra come from the ScanBuffers when held ("all" delivery keeps every point; latest-only keeps the
 * newest); any other point is fetched from the REST slice route (`format=binary`), one request at a
 * time, newest wish first. Sum/average are kept incrementally: from the buffer for "all" streams, from
 * chunked slice requests for latest-only ones. Points not available are left out and said so.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { McaPlotModel, OneDimPlotModel, OneDimX } from '@/lib/plot-model';
import { CurveBuilder, LOD_THRESHOLD_SVG } from './curve/curve-data';
import { fetchSlice, LatestLoader, sliceUrl, type DecodedSlice } from '../data/frame-fetch';
import { CURVE_COLORS, safeUid, PlotDataError, PlotFrame, ProblemBox, scanStateBanner, shortName } from './plot-frame';
import type { PlotProps, PlotViewState } from './plot-types';
import type { PlotlyData, PlotlyLayout } from './shared/plotly-loader';
import { plotTheme } from './shared/plot-theme';
import { displayName, streamMeta } from './source-helpers';
import { SpectrumAccumulator, spectrumX } from './spectrum-data';
import { useTestAttributeDefaults } from './shared/test-attributes';
import { useLiveRedraw, type Schedule } from './shared/use-live-redraw';
import { usePlotly } from './shared/use-plotly';
import { useZoomToView } from './shared/view-zoom';
import { axisRange, zoomFromRelayout } from './view-axes';
import { indexRange } from './index-range';
import styles from './plots.module.css';

interface SpectrumChannel {
  channel: string;
  label: string;
  /** Image stacked as spectra (Lima `representation: "mca"`): one trace per row. */
  stacked: boolean;
}

/** Bytes per slice request when summing a latest-only stream. */
const SUM_CHUNK_BYTES = 8 * 1024 * 1024;

function toFloat64(data: DecodedSlice['data']): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return Float64Array.from(data as ArrayLike<number>);
}

interface RemoteSum {
  acc: SpectrumAccumulator;
  /** Points looked at: [0, acc.upTo). */
  error: unknown;
}

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
  const list = useMemo<SpectrumChannel[]>(
    () =>
      model.kind === 'mca'
        ? model.items.map((i) => ({ channel: i.channel, label: i.detector || shortName(i.channel), stacked: i.stacked }))
        : model.channels.map((c) => ({ channel: c, label: shortName(c), stacked: false })),
    [model],
  );
  const xModel = useMemo<OneDimX>(() => (model.kind === 'oned' ? model.x : { kind: 'index' }), [model]);
  const reduce = view.reduce ?? 'point';
  const logY = view.logY === true;
  const follow = view.follow === true || view.frame === null || view.frame === undefined;

  const frameRef = useRef<HTMLDivElement | null>(null);
  const builders = useRef(new Map<string, CurveBuilder>());
  const accumulators = useRef(new Map<string, SpectrumAccumulator>());
  const remoteSums = useRef(new Map<string, RemoteSum>());
  const fetched = useRef(new Map<string, { index: number; data: Float64Array; pointShape: number[] }>());
  const [fetchError, setFetchError] = useState<unknown>(null);
  const [status, setStatus] = useState({ points: 0, shown: -1, note: '' });
  const revision = useRef(0);
  const scheduleRef = useRef<Schedule>(() => undefined);
  const zoomToView = useZoomToView(onViewChange);

  const { ref: graphRef, ready: plotReady, error: plotError, react: plotReact } = usePlotly({
    onRelayout: (ev) => zoomToView(zoomFromRelayout(ev, { y: logY })),
    onResize: () => scheduleRef.current(true),
  });

  // The source object changes with every data update; loaders live per scan.
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });
  const scanKey = source.key;

  // Point spectra the buffers do not hold: one request at a time, newest wish wins. Sums of
  // latest-only streams: chunks fetched one after the other.
  const pointLoaderRef = useRef<LatestLoader<string, { channel: string; index: number; slice: DecodedSlice }[]> | null>(null);
  const sumLoaderRef = useRef<LatestLoader<string, { channel: string; from: number; slice: DecodedSlice }> | null>(null);
  useEffect(() => {
    const pointLoader = new LatestLoader<string, { channel: string; index: number; slice: DecodedSlice }[]>(
      async (key, signal) => {
        const { index, channels } = JSON.parse(key) as { index: number; channels: string[] };
        return Promise.all(channels.map(async (channel) => ({ channel, index, slice: await fetchSlice(sliceUrl(sourceRef.current.frameUrl(channel, 0), index, index + 1), signal) })));
      },
      (_key, result) => {
        if (result.ok) {
          for (const r of result.value) {
            if (r.slice.count < 1) continue;
            fetched.current.set(r.channel, { index: r.index, data: toFloat64(r.slice.data), pointShape: r.slice.pointShape });
          }
          setFetchError(null);
        } else if (!(result.error instanceof DOMException && result.error.name === 'AbortError')) setFetchError(result.error);
        scheduleRef.current();
      },
    );
    const sumLoader = new LatestLoader<string, { channel: string; from: number; slice: DecodedSlice }>(
      async (key, signal) => {
        const { channel, from, to } = JSON.parse(key) as { channel: string; from: number; to: number };
        return { channel, from, slice: await fetchSlice(sliceUrl(sourceRef.current.frameUrl(channel, 0), from, to), signal) };
      },
      (key, result) => {
        if (result.ok) {
          const { channel, from, slice } = result.value;
          const rs = remoteSums.current.get(channel);
          if (rs && rs.acc.upTo === from) {
            const per = slice.pointShape.reduce((a, b) => a * b, 1);
            // Points the server no longer has (expired) before the slice start are skipped, counted.
            const gap = Math.max(0, slice.from - from);
            if (gap) {
              rs.acc.skipped += gap;
              rs.acc.upTo += gap;
            }
            if (slice.count > 0) rs.acc.addPoints(toFloat64(slice.data), slice.count, per);
            rs.error = null;
          }
        } else if (!(result.error instanceof DOMException && result.error.name === 'AbortError')) {
          const rs = remoteSums.current.get((JSON.parse(key) as { channel: string }).channel);
          if (rs) rs.error = result.error;
        }
        scheduleRef.current();
      },
    );
    pointLoaderRef.current = pointLoader;
    sumLoaderRef.current = sumLoader;
    fetched.current.clear();
    remoteSums.current.clear();
    accumulators.current.clear();
    return () => {
      pointLoader.dispose();
      sumLoader.dispose();
    };
  }, [scanKey]);

  const draw = useCallback(() => {
    const gd = graphRef.current;
    if (!plotReady || !gd) return;
    const buffers = source.buffers;
    const pointLoader = pointLoaderRef.current;
    const sumLoader = sumLoaderRef.current;
    const theme = plotTheme(kiosk);
    const lodThreshold = LOD_THRESHOLD_SVG;
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
        const missing = acc.skipped;
        notes.push(`${c.label}: ${reduce} of ${acc.count} point${acc.count === 1 ? '' : 's'}${missing ? ` (${missing} not available: expired or not received)` : ''}`);
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
        notes.push(
          `${c.label}: ${reduce} of ${rs.acc.count} of ${total} points${rs.acc.upTo < total ? ' (fetching…)' : ''}${rs.acc.skipped ? `, ${rs.acc.skipped} not available` : ''}`,
        );
        if (rs.error) notes.push(`${c.label}: ${rs.error instanceof Error ? rs.error.message : String(rs.error)}`);
        shape = b?.pointShape ?? [];
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
      const x = spectrumX(xModel, nchan, xValues);
      for (let r = 0; r < rows; r++) {
        const key = `${c.channel}|${r}`;
        let builder = builders.current.get(key);
        if (!builder) builders.current.set(key, (builder = new CurveBuilder()));
        const y = rows > 1 ? values.subarray(r * nchan, (r + 1) * nchan) : values;
        const built = builder.build({ x, y }, nchan, { logY, lodThreshold, buckets, zoomX: view.zoomX ?? null });
        const color = CURVE_COLORS[colorIndex++ % CURVE_COLORS.length]!;
        traces.push({
          type: 'scatter',
          mode: 'lines',
          x: built.x,
          y: built.y,
          name: rows > 1 ? `${c.label} [${r}]` : c.label,
          line: { color, width: kiosk ? 2.5 : 1.3 },
          connectgaps: false,
          hovertemplate: `${rows > 1 ? `${c.label} [${r}]` : c.label}: %{y:.6g}<br>x %{x:.6g}<extra></extra>`,
          uid: safeUid(key),
        } as PlotlyData);
      }
    }
    if (toFetch.length && index >= 0 && pointLoader) {
      const key = JSON.stringify({ index, channels: toFetch });
      if (pointLoader.lastStarted !== key) pointLoader.want(key);
      notes.push(`point ${index}: fetching the spectrum from the server…`);
    }

    const xTitle =
      xModel.kind === 'array' ? `${xModel.label ?? 'x'}${xModel.unit ? ` [${xModel.unit}]` : ''}` : xModel.kind === 'channel' ? displayName(source, xModel.channel) : 'channel';
    const xr = axisRange(view.zoomX, false);
    const yr = axisRange(view.zoomY, logY);
    const layout: PlotlyLayout = {
      uirevision: `${model.id}|${logY}|${reduce}`,
      datarevision: ++revision.current,
      margin: { l: kiosk ? 80 : 64, r: 14, t: 30, b: kiosk ? 60 : 44 },
      paper_bgcolor: theme.bg,
      plot_bgcolor: theme.bg,
      font: { size: theme.font, color: theme.fg },
      showlegend: traces.length > 0,
      legend: { orientation: 'h', x: 0, y: 1, yanchor: 'bottom' },
      hovermode: 'closest',
      xaxis: { title: { text: xTitle }, zeroline: false, gridcolor: theme.grid, ...(xr ? { range: xr, autorange: false } : { autorange: true }) },
      yaxis: {
        title: { text: reduce === 'point' ? 'counts' : reduce === 'sum' ? 'sum over the scan' : 'average over the scan' },
        type: logY ? 'log' : 'linear',
        zeroline: false,
        gridcolor: theme.grid,
        ...(yr ? { range: yr, autorange: false } : { autorange: true }),
      },
    } as PlotlyLayout;
    plotReact({ data: traces, layout });

    const el = frameRef.current;
    if (el) {
      el.dataset.pointCount = String(points);
      el.dataset.frameIndex = String(reduce === 'point' ? index : -1);
    }
    const note = notes.join('\n');
    setStatus((prev) => (prev.points === points && prev.shown === index && prev.note === note ? prev : { points, shown: index, note }));
  }, [plotReact, graphRef, plotReady, source, list, xModel, reduce, logY, follow, view.frame, view.zoomX, view.zoomY, kiosk, model.id]);

  useLiveRedraw(draw, { minInterval: 100, version: source.version, settings: [plotReady, list, reduce, logY, follow, view.frame, view.zoomX, view.zoomY, kiosk], scheduleRef });
  useTestAttributeDefaults(frameRef, { pointCount: '0', frameIndex: '-1' });

  const label = `${model.kind === 'mca' ? 'mca plot' : '1D plot'}: ${list.map((c) => c.label).join(', ')}`;
  const lastIndex = status.points - 1;
  const toolbar = (
    <>
      <label>
        show
        <select value={reduce} onChange={(e) => onViewChange({ reduce: e.target.value as PlotViewState['reduce'] })} aria-label="spectrum reduction">
          <option value="point">one point</option>
          <option value="sum">sum over the scan</option>
          <option value="average">average over the scan</option>
        </select>
      </label>
      <button type="button" aria-pressed={logY} onClick={() => onViewChange({ logY: !logY, zoomY: null })} title="Logarithmic y axis">
        log y
      </button>
    </>
  );
  const footer =
    kiosk || reduce !== 'point' ? null : (
      <div className={styles.slider}>
        <span>
          point {status.shown >= 0 ? status.shown : '—'}
          {status.points ? ` (${indexRange(status.points)})` : ''}
        </span>
        <input
          type="range"
          min={0}
          max={Math.max(0, lastIndex)}
          step={1}
          value={Math.max(0, status.shown)}
          disabled={status.points <= 1}
          onChange={(e) => onViewChange({ frame: Number(e.target.value), follow: false })}
          aria-label="point"
        />
        <button type="button" aria-pressed={follow} onClick={() => onViewChange(follow ? { follow: false, frame: status.shown } : { follow: true, frame: null })}>
          follow latest
        </button>
      </div>
    );
  const notes = status.note ? status.note.split('\n') : [];
  return (
    <PlotFrame
      label={label}
      dataKind={model.kind}
      title={model.title}
      subtitle={model.kind === 'mca' && model.device !== model.title ? model.device : model.kind === 'oned' && model.device && model.device !== model.title ? model.device : undefined}
      toolbar={toolbar}
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={frameRef}
      footer={footer}
      notes={notes}
    >
      <div className={styles.plotArea}>
        {plotError ? <div className={styles.errorBox}>{plotError}</div> : <div ref={graphRef} className={styles.graph} />}
        {status.points === 0 ? <div className={styles.overlayMessage}>Waiting for data…</div> : null}
        {fetchError ? (
          <div style={{ position: 'absolute', top: 8, left: 70, right: 20 }}>
            <ProblemBox error={fetchError} role="status" />
          </div>
        ) : null}
      </div>
    </PlotFrame>
  );
}
