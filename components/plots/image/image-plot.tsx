'use client';
/**
 * Image plot (Flint's live image widget) for 2D numeric streams and Lima detectors: the container.
 *
 * - 2D numeric streams arrive latest-only in the ScanBuffers: the newest frame is read from the buffer
 *   (copied once into a held array so the cursor readout matches the pixels shown).
 * - Big images (over 2 MB a frame) arrive as a live preview, 2×2-binned (`buf.latestPreview`; the
 *   binning is the stream's full shape over the preview's shape). Following live, the preview is drawn
 *   stretched over the full-resolution axes and labelled as such, and the readout gives the block mean.
 *   A picked frame, a paused view or a finished stream shows the full frame, fetched from the frame route.
 * - Lima frames (and any frame the buffer does not hold) come from the REST frame route
 *   (`use-frame-loader.ts`). Following live, the newest *saved* frame (`lima.lastSaved`) is shown.
 * - Pixels are drawn by RasterView (colormap LUT into a canvas); autoscale (min/max, percentiles 1–99,
 *   mean ± 3σ) runs once per new frame or setting, not on zoom/pan.
 * - Server errors ("frame 12 acquired but not saved yet", missing file, outside DATA_ROOTS...) are shown
 *   over the last good frame, which stays visible.
 * Mapping in `image-frames.ts` and `lima-follow.ts`, views in `image-view.tsx`.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { colormapLut, type ColormapName } from '@/lib/plot-math/colormap';
import { imageRange } from '@/lib/plot-math/image-range';
import type { ImagePlotModel } from '@/lib/plot-model';
import { PlotDataError, PlotFrame, scanStateBanner, shortName } from '../plot-frame';
import type { Autoscale, PlotProps } from '../plot-types';
import { AUTOSCALE_MODES } from '../raster/colour-scale-controls';
import { Colorbar } from '../raster/colorbar';
import { RasterView, viewBinding, type RasterGeometry, type RasterHandle } from '../raster/raster-view';
import { streamMeta } from '../source-helpers';
import { useTestAttributeDefaults } from '../shared/test-attributes';
import { useLiveRedraw, type Schedule } from '../shared/use-live-redraw';
import { useZoomToView } from '../shared/view-zoom';
import { bufferFrameShape, copyInto, frameCounts, layerPixels, pixelReadout, sameCounts, waitingMessage, wantedFrame, type FrameCounts } from './image-frames';
import { numberPixels } from './image-tools';
import { ImageToolPanel } from './image-tool-panel';
import { ImageFooter, ImageNotices, ImageToolbar } from './image-view';
import { useImageTools } from './use-image-tools';
import { useFrameLoader } from './use-frame-loader';

const IMAGE_GEOMETRY: RasterGeometry = { x0: 0, dx: 1, y0: 0, dy: 1, yDown: true, equalAspect: true };
const NO_COUNTS: FrameCounts = { available: 0, saved: -1, estimated: false, target: -1, sealed: false };

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
  const rendered = useRef('');
  const [size, setSize] = useState<{ width: number; height: number; layers: number } | null>(null);
  const [range, setRange] = useState<{ min: number; max: number } | null>(null);
  const [shownIndex, setShownIndex] = useState<number | null>(null);
  /** Binning of the frame shown when it is a live preview (`2×2`), else null. */
  const [preview, setPreview] = useState<string | null>(null);
  const [layer, setLayer] = useState(0);
  const [counts, setCounts] = useState(NO_COUNTS);
  const countsRef = useRef(NO_COUNTS);
  const followRef = useRef(follow);
  const scaleRef = useRef({ mode: AUTOSCALE_MODES[scaleMode], log: logScale });
  useEffect(() => {
    followRef.current = follow;
    scaleRef.current = { mode: AUTOSCALE_MODES[scaleMode], log: logScale };
  }, [follow, scaleMode, logScale]);
  const scheduleRef = useRef<Schedule>(() => undefined);
  const loader = useFrameLoader(source, model.channel, { scale: scaleRef, follow: followRef, counts: countsRef, redraw: () => scheduleRef.current() });
  const { heldFrame, holdFromBuffer, readableHint, request, fetchMs } = loader;
  const tools = useImageTools(view, onViewChange, source.snapshot.info, model.channel, size);
  const { onFrame } = tools;
  const manualRange = view.colorRange ?? null;
  /** The pixels shown (histogram input) and what they are, for their consumers to know when to look again. */
  const shownPixels = useRef<ArrayLike<number> | null>(null);
  const [shownKey, setShownKey] = useState('');
  const pixelsNow = useCallback(() => shownPixels.current, []);

  const draw = useCallback(() => {
    const m = streamMeta(source, model.channel);
    const buf = source.buffers.streamByName(model.channel);
    const c = frameCounts(isLima, m, buf ? buf.latestIndex : null, source.snapshot.summary?.progress.published ?? 0, readableHint());
    if (!sameCounts(c, countsRef.current)) {
      countsRef.current = c;
      setCounts(c);
    }
    const want = wantedFrame(c, follow, view.frame);

    // The frame to show: from the buffer when it holds it, else fetched. A binned preview is shown only
    // while following a stream still going: otherwise the full frame is fetched.
    const previewOnly = !isLima && !!buf && buf.latestPreview && want === buf.latestIndex;
    if (want >= 0) {
      if (!isLima && buf && buf.has(want) && buf.itemsPerPoint > 1 && (!previewOnly || (follow && !c.sealed))) {
        const identity = `buf:${want}:${buf.version}`;
        holdFromBuffer(identity, (previous) => ({ index: want, ...bufferFrameShape(buf.pointShape, m?.shape, previewOnly), data: copyInto(previous, buf.point(want)!), identity }));
      } else request(want, c);
    }

    const frame = heldFrame();
    const el = frameRef.current;
    if (el) el.dataset.pointCount = String(c.available);
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
    const key = `${frame.identity}|${lay}|${colormap}|${scaleMode}|${logScale}|${manualRange ?? ''}`;
    if (key === rendered.current) return;
    rendered.current = key;
    const data = layerPixels(frame, lay);
    const t0 = performance.now();
    const pre = frame.range;
    const r = manualRange ? { min: manualRange[0], max: manualRange[1] } : pre && lay === 0 && pre.mode === AUTOSCALE_MODES[scaleMode] && pre.log === logScale ? pre.range : imageRange(data, AUTOSCALE_MODES[scaleMode], logScale);
    const t1 = performance.now();
    const res = raster.current.show({ data, width: frame.width, height: frame.height, binX: frame.binX, binY: frame.binY }, { lut: colormapLut(colormap), min: r.min, max: r.max, log: logScale });
    setRange((prev) => (prev && prev.min === r.min && prev.max === r.max ? prev : { min: r.min, max: r.max }));
    setShownIndex(frame.index);
    const full = bin === null;
    shownPixels.current = numberPixels(data);
    setShownKey(`${frame.identity}|${lay}`);
    onFrame({ index: frame.index, width: frame.width, height: frame.height, data: full ? shownPixels.current : null });
    if (el) {
      el.dataset.frameIndex = String(frame.index);
      el.dataset.preview = bin ?? '';
      el.dataset.renderMs = res.renderMs.toFixed(1);
      el.dataset.autoscaleMs = (t1 - t0).toFixed(1);
      el.dataset.fetchMs = fetchMs().toFixed(0);
    }
  }, [source, model.channel, isLima, follow, view.frame, size, layer, colormap, scaleMode, logScale, heldFrame, holdFromBuffer, readableHint, request, fetchMs, manualRange, onFrame]);

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
  const readout = useCallback((col: number, row: number, _x: number, _y: number, value: number, bin: { x: number; y: number } | null) => pixelReadout(col, row, value, bin), []);
  const lut = useMemo(() => colormapLut(colormap), [colormap]);
  const name = shortName(model.channel);

  return (
    <PlotFrame
      label={`image plot: ${name}`}
      dataKind="image"
      title={model.title}
      subtitle={name !== model.title ? name : undefined}
      toolbar={
        <ImageToolbar
          view={view}
          onViewChange={onViewChange}
          layers={size?.layers ?? 1}
          layer={layer}
          onLayer={setLayer}
          mode={tools.mode}
          onMode={tools.setMode}
          histogram={{ values: pixelsNow, valuesKey: shownKey, range, manual: manualRange !== null, log: logScale, onRange: (r) => onViewChange({ colorRange: r }) }}
        />
      }
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={frameRef}
      footer={kiosk ? null : <ImageFooter counts={counts} shownIndex={shownIndex} follow={follow} picked={view.frame} isLima={isLima} size={size} onViewChange={onViewChange} />}
    >
      <RasterView
        ref={onRasterReady}
        exportName={`${name}_frame${shownIndex ?? ''}`}
        geometry={IMAGE_GEOMETRY}
        width={size?.width ?? 1}
        height={size?.height ?? 1}
        xTitle="x (pixel)"
        yTitle="y (pixel)"
        {...viewBinding(model.id, view, onZoom, kiosk)}
        readout={readout}
        overlay={tools.overlay}
        tool={tools.tool}
      />
      {range ? <Colorbar lut={lut} min={range.min} max={range.max} log={logScale} kiosk={kiosk} /> : null}
      {tools.active && !kiosk ? <ImageToolPanel view={view} onViewChange={onViewChange} results={tools.results} limaSkipped={tools.limaSkipped} kiosk={kiosk} /> : null}
      <ImageNotices message={size ? null : waitingMessage(isLima, counts, follow)} preview={preview} frameError={loader.frameError} />
    </PlotFrame>
  );
}
