'use client';
/**
 * Image plot (Flint's live image widget) for 2D numeric streams and Lima detectors.
 *
 * - 2D numeric streams arrive latest-only in the ScanBuffers: the newest frame is read from the buffer
 *   (copied once into a held array so the cursor readout matches the pixels shown).
 * - Big images (over 2 MB a frame) arrive as a live preview, 2×2-binned (`buf.latestPreview`; the
 *   binning is the stream's full shape over the preview's shape). Following live, the preview is drawn
 *   stretched over the full-resolution axes and labelled as such, and the readout gives the block mean.
 *   A picked frame, a paused view or a finished stream shows the full frame, fetched from the frame route.
 * - Lima frames (and any frame the buffer does not hold, e.g. an older one from the slider) come from
 *   the REST frame route as raw bytes (`X-Dtype`/`X-Shape`), with "latest wins": one request in flight,
 *   later wishes replace each other. Following live, the newest *saved* frame (`lima.lastSaved`) is shown.
 * - Pixels are drawn by RasterView (colormap LUT into a canvas); autoscale (min/max, percentiles 1–99,
 *   mean ± 3σ) runs once per new frame or setting, not on zoom/pan.
 * - Server errors ("frame 12 acquired but not saved yet", missing file, outside DATA_ROOTS...) are shown
 *   over the last good frame, which stays visible.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { NumericArray } from '@/lib/blissdata/dtype';
import type { AutoscaleMode, Range } from '@/lib/plot-math/autoscale';
import { colormapLut, type ColormapName } from '@/lib/plot-math/colormap';
import type { ImagePlotModel } from '@/lib/plot-model';
import { FrameError, LatestLoader } from '../data/frame-fetch';
import { limaFollowTarget, mayRetry, type ReadableHint } from './lima-follow';
import { loadFrame, imageRange, type LoadedFrame } from '../data/frame-loader';
import { PlotDataError, PlotFrame, ProblemBox, scanStateBanner, shortName } from './plot-frame';
import type { Autoscale, PlotProps } from './plot-types';
import { AUTOSCALE_MODES, ColourScaleControls } from './colour-scale-controls';
import { Colorbar, RasterView, viewBinding, type RasterGeometry, type RasterHandle } from './raster-view';
import { streamMeta } from './source-helpers';
import { useTestAttributeDefaults } from './shared/test-attributes';
import { useLiveRedraw, type Schedule } from './shared/use-live-redraw';
import { useZoomToView } from './shared/view-zoom';
import { formatNumber, type Range2 } from './view-axes';
import { indexRange } from './index-range';
import styles from './plots.module.css';


const IMAGE_GEOMETRY: RasterGeometry = { x0: 0, dx: 1, y0: 0, dy: 1, yDown: true, equalAspect: true };

interface HeldFrame {
  index: number;
  width: number;
  height: number;
  layers: number;
  data: NumericArray;
  /** Full-resolution pixels per held pixel (a binned live preview), 1 and 1 for a full frame. */
  binX: number;
  binY: number;
  /** Where it came from, to know when a re-render is needed. */
  identity: string;
  /** Colour range computed with the frame (worker), for its mode/log and first layer. */
  range?: { range: Range; mode: AutoscaleMode; log: boolean } | null;
}

function copyInto(held: HeldFrame | null, src: NumericArray): NumericArray {
  const prev = held?.data;
  if (prev && prev.constructor === src.constructor && prev.length === src.length) {
    (prev as Float64Array).set(src as Float64Array);
    return prev;
  }
  return src.slice() as NumericArray;
}

export function ImagePlot(props: PlotProps<ImagePlotModel>) {
  const { model, source } = props;
  if (model.source === 'unknown') throw new PlotDataError(`${model.channel}: this kind of image stream cannot be read`, 'unsupported');
  const meta = streamMeta(source, model.channel);
  if (meta?.error) throw new PlotDataError(`${model.channel}: ${meta.error}`, 'unsupported');
  if (meta && meta.kind === 'broken') throw new PlotDataError(`${model.channel}: the stream is broken`, 'unsupported');
  if (meta && meta.kind === 'json') throw new PlotDataError(`${model.channel}: a JSON stream holds no pixels`, 'unsupported');
  return <ImagePlotInner {...props} />;
}

function ImagePlotInner({ model, source, view, onViewChange, kiosk }: PlotProps<ImagePlotModel>) {
  const meta = streamMeta(source, model.channel);
  const isLima = model.source === 'lima' || model.source === 'lima2' || meta?.kind === 'lima' || meta?.kind === 'lima2';
  const colormap: ColormapName = view.colormap ?? 'viridis';
  const scaleMode: Autoscale = view.autoscale ?? 'minmax';
  const logScale = view.logScale === true;
  const follow = view.follow === true || view.frame === null || view.frame === undefined;

  const raster = useRef<RasterHandle | null>(null);
  const frameRef = useRef<HTMLDivElement | null>(null);
  const held = useRef<HeldFrame | null>(null);
  const rendered = useRef('');
  const [size, setSize] = useState<{ width: number; height: number; layers: number } | null>(null);
  const [range, setRange] = useState<{ min: number; max: number } | null>(null);
  const [shownIndex, setShownIndex] = useState<number | null>(null);
  /** Binning of the frame shown when it is a live preview (`2×2`), else null. */
  const [preview, setPreview] = useState<string | null>(null);
  const [frameError, setFrameError] = useState<{ index: number; error: unknown } | null>(null);
  const failed = useRef<{ index: number; saved: number; sealed: boolean } | null>(null);
  /** The server's last word on which Lima frame is in a complete file. */
  const readableHint = useRef<ReadableHint | null>(null);
  const followRef = useRef(follow);
  useEffect(() => {
    followRef.current = follow;
  }, [follow]);
  const [layer, setLayer] = useState(0);
  const [counts, setCounts] = useState({ available: 0, saved: -1, estimated: false, target: -1 });
  const loader = useRef<LatestLoader<number, LoadedFrame> | null>(null);
  const scaleRef = useRef({ mode: AUTOSCALE_MODES[scaleMode], log: logScale });
  useEffect(() => {
    scaleRef.current = { mode: AUTOSCALE_MODES[scaleMode], log: logScale };
  }, [scaleMode, logScale]);
  const scheduleRef = useRef<Schedule>(() => undefined);
  const timing = useRef({ renderMs: 0, scaleMs: 0, fetchMs: 0 });
  const latestCounts = useRef({ available: 0, saved: -1, estimated: false, target: -1, sealed: false });

  // The source object changes with every data update; loaders live per scan and channel.
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });
  const scanKey = source.key;
  const channel = model.channel;

  useEffect(() => {
    const l = new LatestLoader<number, LoadedFrame>(
      (n, signal) => loadFrame(sourceRef.current.frameUrl(channel, n, { format: 'raw' }), n, signal, scaleRef.current.mode, scaleRef.current.log),
      (n, result) => {
        if (result.ok) {
          const { frame: f, range, mode, log } = result.value;
          held.current = { index: n, width: f.width, height: f.height, layers: f.layers, data: f.data, binX: 1, binY: 1, identity: `fetch:${n}`, range: range ? { range, mode, log } : null };
          timing.current.fetchMs = result.value.fetchMs;
          failed.current = null;
          setFrameError(null);
        } else if (!(result.error instanceof DOMException && result.error.name === 'AbortError')) {
          const { saved, sealed } = latestCounts.current;
          failed.current = { index: n, saved, sealed };
          const e = result.error;
          if (e instanceof FrameError && e.kind === 'not-saved' && e.lastReadable !== null && followRef.current) {
            // Following: show the newest frame of a complete file instead, and say why in the footer.
            readableHint.current = { saved, sealed, readable: e.lastReadable };
          } else {
            setFrameError({ index: n, error: e });
          }
        }
        scheduleRef.current();
      },
    );
    loader.current = l;
    held.current = null;
    failed.current = null;
    readableHint.current = null;
    return () => l.dispose();
  }, [scanKey, channel]);

  const draw = useCallback(() => {
    const buffers = source.buffers;
    const m = streamMeta(source, model.channel);
    const buf = buffers.streamByName(model.channel);
    // Frames known and the newest one that can be shown.
    let available: number;
    let followTarget: number;
    let saved = -1;
    let estimated = false;
    if (isLima) {
      available = m?.lima?.framesAvailable ?? 0;
      saved = m?.lima?.lastSaved ?? -1;
      // The Lima stream has status entries but no detector status reached us (seen with scans joined
      // after the fact): estimate the frames from the scan's points once it is over, and say so.
      const published = source.snapshot.summary?.progress.published ?? 0;
      if (available === 0 && saved < 0 && (m?.length ?? 0) > 0 && m?.sealed && published > 0) {
        available = published;
        saved = published - 1;
        estimated = true;
      }
      followTarget = limaFollowTarget(saved, m?.sealed === true, readableHint.current);
    } else {
      available = Math.max(m?.length ?? 0, buf ? buf.latestIndex + 1 : 0);
      followTarget = buf && buf.latestIndex >= 0 ? buf.latestIndex : available - 1;
      saved = available - 1;
    }
    const sealed = m?.sealed === true;
    const lc = latestCounts.current;
    if (lc.available !== available || lc.saved !== saved || lc.estimated !== estimated || lc.target !== followTarget || lc.sealed !== sealed) {
      latestCounts.current = { available, saved, estimated, target: followTarget, sealed };
      setCounts({ available, saved, estimated, target: followTarget });
    }
    const want = follow ? followTarget : Math.max(0, Math.min(available - 1, Math.floor(view.frame ?? 0)));

    // The frame to show: from the buffer when it holds it, else fetched. A binned preview is shown only
    // while following a stream still going: otherwise the full frame is fetched.
    const previewOnly = !isLima && !!buf && buf.latestPreview && want === buf.latestIndex;
    const previewOk = follow && !m?.sealed;
    if (want >= 0) {
      if (!isLima && buf && buf.has(want) && buf.itemsPerPoint > 1 && (!previewOnly || previewOk)) {
        const point = buf.point(want)!;
        const shape = buf.pointShape;
        const h = shape[shape.length - 2] ?? 0;
        const w = shape[shape.length - 1] ?? 0;
        const full = m?.shape ?? shape;
        const binY = previewOnly && h > 0 ? Math.max(1, Math.round((full[full.length - 2] ?? h) / h)) : 1;
        const binX = previewOnly && w > 0 ? Math.max(1, Math.round((full[full.length - 1] ?? w) / w)) : 1;
        const identity = `buf:${want}:${buf.version}`;
        if (held.current?.identity !== identity) {
          held.current = { index: want, width: w, height: h, layers: shape.length === 3 ? shape[0]! : 1, data: copyInto(held.current, point), binX, binY, identity };
          failed.current = null;
        }
      } else if ((held.current?.index !== want || held.current.binX > 1 || held.current.binY > 1) && loader.current) {
        // Do not hammer a frame that failed, unless more frames were saved since (or the stream ended).
        if (mayRetry(failed.current, want, saved, sealed)) {
          if (!(loader.current.busy && loader.current.lastStarted === want)) loader.current.want(want);
        }
      }
    }

    const frame = held.current;
    const el = frameRef.current;
    if (el) el.dataset.pointCount = String(available);
    if (!frame || !raster.current) return;
    // Axes in full-resolution pixels, whether the frame held is binned or not.
    const fullWidth = frame.width * frame.binX;
    const fullHeight = frame.height * frame.binY;
    if (!size || size.width !== fullWidth || size.height !== fullHeight || size.layers !== frame.layers) {
      setSize({ width: fullWidth, height: fullHeight, layers: frame.layers });
    }
    const bin = frame.binX > 1 || frame.binY > 1 ? `${frame.binX}×${frame.binY}` : null;
    setPreview(bin);
    const lay = Math.min(layer, frame.layers - 1);
    const key = `${frame.identity}|${lay}|${colormap}|${scaleMode}|${logScale}`;
    if (key === rendered.current) return;
    rendered.current = key;
    const pixels = frame.width * frame.height;
    const data = frame.layers > 1 ? (frame.data.subarray(lay * pixels, (lay + 1) * pixels) as NumericArray) : frame.data;
    const t0 = performance.now();
    const pre = frame.range;
    const r = pre && lay === 0 && pre.mode === AUTOSCALE_MODES[scaleMode] && pre.log === logScale ? pre.range : imageRange(data, AUTOSCALE_MODES[scaleMode], logScale);
    const t1 = performance.now();
    const res = raster.current.show({ data, width: frame.width, height: frame.height, binX: frame.binX, binY: frame.binY }, { lut: colormapLut(colormap), min: r.min, max: r.max, log: logScale });
    timing.current = { ...timing.current, scaleMs: t1 - t0, renderMs: res.renderMs };
    setRange((prev) => (prev && prev.min === r.min && prev.max === r.max ? prev : { min: r.min, max: r.max }));
    setShownIndex(frame.index);
    if (el) {
      el.dataset.frameIndex = String(frame.index);
      el.dataset.preview = bin ?? '';
      el.dataset.renderMs = res.renderMs.toFixed(1);
      el.dataset.autoscaleMs = (t1 - t0).toFixed(1);
      el.dataset.fetchMs = timing.current.fetchMs.toFixed(0);
    }
  }, [source, model.channel, isLima, follow, view.frame, size, layer, colormap, scaleMode, logScale]);

  const schedule = useLiveRedraw(draw, { version: source.version, settings: [draw], scheduleRef });
  useTestAttributeDefaults(frameRef, { pointCount: '0', frameIndex: '-1' });

  // When the raster view (re)mounts with a new size, render the held frame into it.
  const onRasterReady = useCallback(
    (handle: RasterHandle | null) => {
      raster.current = handle;
      rendered.current = '';
      if (handle) schedule();
    },
    [schedule],
  );

  const onZoom = useZoomToView(onViewChange);

  const readout = useCallback(
    (col: number, row: number, _x: number, _y: number, value: number, bin: { x: number; y: number } | null) => `x ${col}  y ${row}  value ${formatNumber(value, 6)}${bin ? `  (${bin.x}×${bin.y} mean, live preview)` : ''}`,
    [],
  );

  const lut = useMemo(() => colormapLut(colormap), [colormap]);
  const label = `image plot: ${shortName(model.channel)}`;
  const banner = scanStateBanner(source.snapshot.summary);
  const lastIndex = counts.available - 1;
  const sliderMax = Math.max(0, lastIndex);

  const toolbar = (
    <>
      <ColourScaleControls view={view} onViewChange={onViewChange} />
      {size && size.layers > 1 ? (
        <label>
          layer
          <select value={Math.min(layer, size.layers - 1)} onChange={(e) => setLayer(Number(e.target.value))} aria-label="image layer">
            {Array.from({ length: size.layers }, (_, i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );

  const footer = kiosk ? null : (
    <div className={styles.slider}>
      <span>
        frame {shownIndex ?? '—'}
        {counts.available ? ` (${indexRange(counts.available)})` : ''}
      </span>
      <input
        type="range"
        min={0}
        max={sliderMax}
        step={1}
        value={Math.min(sliderMax, Math.max(0, (follow ? (shownIndex ?? sliderMax) : (view.frame ?? 0)) as number))}
        disabled={counts.available <= 1}
        onChange={(e) => onViewChange({ frame: Number(e.target.value), follow: false })}
        aria-label="frame"
      />
      <button type="button" aria-pressed={follow} onClick={() => onViewChange(follow ? { follow: false, frame: shownIndex ?? 0 } : { follow: true, frame: null })} title="Follow the newest frame">
        follow latest
      </button>
      {isLima ? <span className={styles.muted} data-testid="lima-saved">{limaFooter(counts, follow)}</span> : null}
      {size ? (
        <span className={styles.muted}>
          {size.width}×{size.height}
        </span>
      ) : null}
    </div>
  );

  let message: string | null = null;
  if (!size) {
    const acquired = `${counts.available} frame${counts.available > 1 ? 's' : ''} acquired`;
    if (isLima && counts.available > 0 && counts.saved < 0) message = `${acquired}, none saved yet: waiting for the detector's file`;
    else if (isLima && counts.available > 0 && follow && counts.target < 0) message = `${acquired}, ${counts.saved + 1} saved: waiting for the detector to complete its first file`;
    else message = 'Waiting for the first frame…';
  }

  return (
    <PlotFrame label={label} dataKind="image" title={model.title} subtitle={shortName(model.channel) !== model.title ? shortName(model.channel) : undefined} toolbar={toolbar} banner={banner} kiosk={kiosk} frameRef={frameRef} footer={footer}>
      <RasterView
        ref={onRasterReady}
        exportName={`${shortName(model.channel)}_frame${shownIndex ?? ''}`}
        geometry={IMAGE_GEOMETRY}
        width={size?.width ?? 1}
        height={size?.height ?? 1}
        xTitle="x (pixel)"
        yTitle="y (pixel)"
        {...viewBinding(model.id, view, onZoom, kiosk)}
        readout={readout}
      />
      {range ? <Colorbar lut={lut} min={range.min} max={range.max} log={logScale} kiosk={kiosk} /> : null}
      {message ? <div className={styles.overlayMessage}>{message}</div> : null}
      {preview ? (
        <div role="status" data-testid="image-preview-notice" style={{ position: 'absolute', top: 8, left: 70, zIndex: 4, padding: '2px 6px', borderRadius: 4, background: 'rgba(29, 35, 48, 0.75)', color: '#fff', fontSize: 12, pointerEvents: 'none' }}>
          live preview, {preview} binned — pick a frame or pause for full resolution
        </div>
      ) : null}
      {frameError ? (
        <div style={{ position: 'absolute', top: 8, left: 70, right: 70, zIndex: 5 }}>
          <ProblemBox error={frameError.error} role="status" />
        </div>
      ) : null}
    </PlotFrame>
  );
}

/** What the footer says of a Lima stream: the same counts as the stream panel, and why a newer frame is not shown. */
function limaFooter(counts: { available: number; saved: number; estimated: boolean; target: number }, follow: boolean): string {
  if (counts.estimated) return 'detector status not received: frame count taken from the scan points';
  if (counts.saved < 0) return counts.available > 0 ? `${counts.available} acquired, none saved yet` : 'nothing saved yet';
  const base = `${counts.available} acquired, ${counts.saved + 1} saved`;
  if (follow && counts.target < counts.saved) return `${base}; ${counts.target < 0 ? 'no file is complete yet' : `frames after ${counts.target} are in a file the detector is still writing`}`;
  return base;
}
