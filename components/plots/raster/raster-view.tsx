'use client';
/**
 * A colormapped 2D array drawn fast: pixels go through `renderImage` (a LUT lookup per pixel, ~15 ms
 * for 2048×2048 uint16) into a reused ImageData, `putImageData` onto a full-resolution offscreen
 * canvas, then one `drawImage` with the current axis transform onto a display canvas sitting exactly
 * under plotly's plot area. plotly draws only axes (an invisible trace spanning the image gives
 * autorange and double-click reset), so zoom/pan/ticks/modebar are plotly's while pixels never go
 * through plotly's heatmap (~1 s per frame at that size). Zoom and pan only re-blit (no re-render).
 *
 * Used for detector images (row 0 on top, square pixels) and for mesh scans (cells in motor units).
 *
 * Where WebGL 2 runs on a GPU the same two steps run there (raster-gl.ts: values in a texture, the
 * colormap lookup in a shader, then the transformed draw), and the canvas path stays the fallback: no
 * WebGL or only a software one, a shader or frame the GPU refuses, a lost context, or the choice in
 * `localStorage['lantern:raster']` (raster-backend.ts). The wrapper's `data-raster` says which one draws.
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { renderImage, pixelValue } from '@/lib/plot-math/image-render';
import { plotTheme } from '../shared/plot-theme';
import { plotArea, usePlotly } from '../shared/use-plotly';
import { zoomFromRelayout, type Range2 } from '../view-axes';
import styles from '../plots.module.css';
import { rasterExportConfig } from './raster-export';
import { DragLayer, type DragShape } from './drag-layer';
import { GlRaster } from './raster-gl';
import { preferredRaster } from './raster-backend';
import { blitTransform, cellAt, dataAt, extentOf, zoomOrNone, type RasterGeometry, type RasterImage, type RasterStyle } from './raster-geometry';
import { rasterFigure, type RasterAxes } from './raster-layout';

export type { RasterGeometry, RasterImage, RasterStyle } from './raster-geometry';

/** The RasterView props that tie it to a plot's view state: zoom in, zoom changes out, one uirevision per plot. */
export function viewBinding(plotId: string, view: { zoomX?: Range2 | null; zoomY?: Range2 | null }, onZoom: RasterViewProps['onZoom'], kiosk: boolean | undefined) {
  return { uirevision: plotId, zoomX: view.zoomX ?? null, zoomY: view.zoomY ?? null, onZoom, kiosk };
}

export interface RasterHandle {
  /** Renders pixels (colormap) and shows them; returns the time spent in ms. */
  show(image: RasterImage, style: RasterStyle): { renderMs: number; ok: boolean };
  /** Forgets the image (blank plot). */
  clear(): void;
}

/** The axes (`RasterAxes`: geometry, image size, titles, zoom) and what the view reports back. */
export interface RasterViewProps extends RasterAxes {
  onZoom(change: { x?: Range2 | null; y?: Range2 | null }): void;
  /**
   * Readout text under the cursor: column/row for images, motor positions for meshes. `bin` (binned
   * images): the value is the mean of the bin.x × bin.y block holding that full-resolution pixel.
   */
  readout(col: number, row: number, x: number, y: number, value: number, bin: { x: number; y: number } | null): string;
  /** Name of the PNG file the camera button saves. */
  exportName?: string;
  /**
   * A tool taking drags instead of the zoom: the rubber band's shape, the layer's accessible name, and
   * what to do with a drag from `a` to `b` (data coordinates; a click gives a == b).
   */
  tool?: { shape: DragShape; label: string; onDrag(a: { x: number; y: number }, b: { x: number; y: number }): void } | null;
}

export const RasterView = forwardRef<RasterHandle, RasterViewProps>(function RasterView(props, handleRef) {
  const { geometry, width, height, xTitle, yTitle, uirevision, zoomX, zoomY, kiosk, overlay, tool } = props;
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const readoutRef = useRef<HTMLDivElement | null>(null);
  const layerRef = useRef<HTMLDivElement | null>(null);
  const source = useRef<{ canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; image: ImageData } | null>(null);
  const shown = useRef<RasterImage | null>(null);
  /** What draws on the current canvas element (decided once per element: its context cannot change). */
  const engine = useRef<{ canvas: HTMLCanvasElement; gl: GlRaster | null } | null>(null);
  /** WebGL failed on this view (shader, size, lost context): the canvas path draws from now on. */
  const glFailed = useRef(false);
  /** Bumped to replace a canvas bound to WebGL by a fresh one for the 2D fallback. */
  const [canvasKey, setCanvasKey] = useState(0);
  const lastShow = useRef<{ image: RasterImage; style: RasterStyle } | null>(null);
  const propsRef = useRef(props);
  useEffect(() => {
    propsRef.current = props;
  });

  const blitRef = useRef<() => void>(() => undefined);
  const { ref: graphRef, ready: plotReady, error: plotError, react: plotReact, plotly } = usePlotly({
    onRelayout: (event) => {
      blitRef.current();
      const change = zoomFromRelayout(event, {});
      if (change.x === undefined && change.y === undefined) return;
      // Back to the whole image (double-click reset) is "no zoom", not a zoom equal to the extent.
      const p = propsRef.current;
      const e = extentOf(p.geometry, p.width, p.height);
      p.onZoom({ x: zoomOrNone(change.x, e.x), y: zoomOrNone(change.y, e.y) });
    },
    onRelayouting: () => blitRef.current(),
    onDrawn: () => blitRef.current(),
    onResize: () => blitRef.current(),
  });

  const engineOf = useCallback((canvas: HTMLCanvasElement): GlRaster | null => {
    if (engine.current?.canvas === canvas) return engine.current.gl;
    const backend = preferredRaster();
    const gl = !glFailed.current && backend !== 'canvas' ? GlRaster.create(canvas, backend === 'webgl') : null;
    if (gl) canvas.addEventListener('webglcontextlost', () => fallBack(new Error('WebGL context lost')), { once: true });
    engine.current = { canvas, gl };
    if (wrapRef.current) wrapRef.current.dataset.raster = gl ? 'webgl' : 'canvas';
    return gl;
    // fallBack is stable (refs and a state setter only).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const fallBack = useCallback((error: unknown) => {
    if (glFailed.current) return;
    console.warn('WebGL image drawing failed, drawing on a 2D canvas instead:', (error as Error).message);
    glFailed.current = true;
    engine.current = null;
    setCanvasKey((k) => k + 1);
  }, []);

  const blit = useCallback(() => {
    const canvas = canvasRef.current;
    const gd = graphRef.current;
    const area = plotArea(gd);
    if (!canvas || !area) return;
    const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(area.width * dpr));
    const h = Math.max(1, Math.round(area.height * dpr));
    // The drag layer (when a tool is on) covers the plot area exactly, as the pixels do.
    for (const el of [canvas, layerRef.current]) {
      if (!el) continue;
      el.style.left = `${area.left}px`;
      el.style.top = `${area.top}px`;
      el.style.width = `${area.width}px`;
      el.style.height = `${area.height}px`;
    }
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const gl = engineOf(canvas);
    if (gl) {
      const img = shown.current;
      const t = img ? blitTransform(propsRef.current.geometry, img, area, w, h) : null;
      gl.draw(w, h, t, !!t && (Math.abs(t.scaleX) < 1 || Math.abs(t.scaleY) < 1));
      return;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const src = source.current;
    const img = shown.current;
    if (!src || !img) return;
    const t = blitTransform(propsRef.current.geometry, img, area, w, h);
    // Smooth when shrinking (less aliasing), crisp pixels when magnifying.
    ctx.imageSmoothingEnabled = Math.abs(t.scaleX) < 1 || Math.abs(t.scaleY) < 1;
    ctx.setTransform(t.scaleX, 0, 0, t.scaleY, t.x, t.y);
    ctx.drawImage(src.canvas, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }, [graphRef, engineOf]);

  useEffect(() => {
    blitRef.current = blit;
  }, [blit]);

  const show = useCallback(
    (image: RasterImage, style: RasterStyle) => {
      const t0 = performance.now();
      lastShow.current = { image, style };
      const canvas = canvasRef.current;
      const gl = canvas ? engineOf(canvas) : null;
      if (gl) {
        try {
          const ok = gl.render(image, style);
          shown.current = image;
          blit();
          return { renderMs: performance.now() - t0, ok };
        } catch (error) {
          fallBack(error);
          return { renderMs: performance.now() - t0, ok: false };
        }
      }
      let src = source.current;
      if (!src || src.canvas.width !== image.width || src.canvas.height !== image.height) {
        const offscreen = document.createElement('canvas');
        offscreen.width = Math.max(1, image.width);
        offscreen.height = Math.max(1, image.height);
        const ctx = offscreen.getContext('2d');
        if (!ctx) return { renderMs: 0, ok: false };
        src = { canvas: offscreen, ctx, image: ctx.createImageData(offscreen.width, offscreen.height) };
        source.current = src;
      }
      const ok = renderImage(image.data, image.width, image.height, style, src.image.data);
      src.ctx.putImageData(src.image, 0, 0);
      shown.current = image;
      blit();
      return { renderMs: performance.now() - t0, ok };
    },
    [blit, engineOf, fallBack],
  );

  useImperativeHandle(
    handleRef,
    () => ({
      show,
      clear() {
        shown.current = null;
        lastShow.current = null;
        engine.current?.gl?.clear();
        blit();
      },
    }),
    [blit, show],
  );

  // A fresh canvas after WebGL failed: draw the frame shown on it again, the 2D way.
  useEffect(() => {
    const last = lastShow.current;
    if (canvasKey > 0 && last) show(last.image, last.style);
  }, [canvasKey, show]);

  // Axes: redrawn by plotly only when their setup changes (not per frame).
  useEffect(() => {
    if (!plotReady) return;
    const { data, layout } = rasterFigure({ geometry, width, height, xTitle, yTitle, uirevision, zoomX, zoomY, kiosk, overlay }, plotTheme(kiosk));
    const config = rasterExportConfig(plotly.current, () => ({ gd: graphRef.current, canvas: canvasRef.current, title: propsRef.current.exportName ?? 'image' }));
    plotReact({ data, layout, config: { doubleClick: 'reset', ...config } });
  }, [plotly, graphRef, plotReact, plotReady, geometry, width, height, xTitle, yTitle, uirevision, zoomX, zoomY, kiosk, overlay]);

  // A tool switched on: place its layer now (the next blit would, but not before a resize or zoom).
  const toolOn = !!tool;
  useEffect(() => {
    if (toolOn) blit();
  }, [toolOn, blit]);
  const onToolDrag = (a: { x: number; y: number }, b: { x: number; y: number }) => {
    const area = plotArea(graphRef.current);
    if (area) propsRef.current.tool?.onDrag(dataAt(area, a.x, a.y), dataAt(area, b.x, b.y));
  };

  // Cursor readout, written straight into the DOM (no React render per mouse move).
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap) return;
    const onMove = (ev: MouseEvent) => {
      const out = readoutRef.current;
      const gd = graphRef.current;
      const area = plotArea(gd);
      const img = shown.current;
      if (!out || !gd || !area || !img) return;
      const rect = gd.getBoundingClientRect();
      const cell = cellAt(area, propsRef.current.geometry, img, ev.clientX - rect.left - area.left, ev.clientY - rect.top - area.top);
      if (!cell) {
        out.textContent = '';
        return;
      }
      const { col, row } = cell;
      const bx = img.binX ?? 1;
      const by = img.binY ?? 1;
      const value = pixelValue(img.data, img.width, Math.floor(col / bx), Math.floor(row / by));
      out.textContent = propsRef.current.readout(col, row, cell.x, cell.y, value, bx > 1 || by > 1 ? { x: bx, y: by } : null);
    };
    const onLeave = () => {
      if (readoutRef.current) readoutRef.current.textContent = '';
    };
    wrap.addEventListener('mousemove', onMove);
    wrap.addEventListener('mouseleave', onLeave);
    return () => {
      wrap.removeEventListener('mousemove', onMove);
      wrap.removeEventListener('mouseleave', onLeave);
    };
  }, [graphRef]);

  return (
    <div ref={wrapRef} className={styles.plotArea}>
      <canvas key={canvasKey} ref={canvasRef} className={styles.canvas} aria-hidden="true" />
      {plotError ? <div className={styles.errorBox}>{plotError}</div> : <div ref={graphRef} className={styles.graph} />}
      {tool ? <DragLayer layerRef={layerRef} shape={tool.shape} label={tool.label} onDrag={onToolDrag} /> : null}
      <div ref={readoutRef} className={styles.readout} aria-live="off" />
    </div>
  );
});
