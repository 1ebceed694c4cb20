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
 */
import { forwardRef, useCallback, useEffect, useImperativeHandle, useRef } from 'react';
import type { NumericArray } from '@/lib/blissdata/dtype';
import { renderImage, pixelValue } from '@/lib/plot-math/image-render';
import { lutColor } from '@/lib/plot-math/colormap';
import type { PlotlyData, PlotlyLayout } from './shared/plotly-loader';
import { plotTheme } from './shared/plot-theme';
import { rasterExportConfig } from './raster-export';
import { plotArea, usePlotly } from './shared/use-plotly';
import { formatNumber, sameRange, zoomFromRelayout, type Range2 } from './view-axes';
import styles from './plots.module.css';

/** The RasterView props that tie it to a plot's view state: zoom in, zoom changes out, one uirevision per plot. */
export function viewBinding(plotId: string, view: { zoomX?: Range2 | null; zoomY?: Range2 | null }, onZoom: RasterViewProps['onZoom'], kiosk: boolean | undefined) {
  return { uirevision: plotId, zoomX: view.zoomX ?? null, zoomY: view.zoomY ?? null, onZoom, kiosk };
}

export interface RasterGeometry {
  /** Data coordinates of the outer edge of column 0 / row 0, and the size of one pixel (> 0). */
  x0: number;
  dx: number;
  y0: number;
  dy: number;
  /** Row 0 at the top (images); otherwise row 0 at the bottom (meshes, y up). */
  yDown: boolean;
  /** Square pixels (images). */
  equalAspect: boolean;
}

export interface RasterImage {
  data: NumericArray | Float64Array;
  width: number;
  height: number;
  /**
   * Binned image (a live preview): each pixel stands for binX × binY geometry pixels, so the image is
   * stretched over the full-resolution extent and the readout names full-resolution pixels. Default 1.
   */
  binX?: number;
  binY?: number;
}

export interface RasterStyle {
  lut: Uint8Array;
  min: number;
  max: number;
  log: boolean;
}

export interface RasterHandle {
  /** Renders pixels (colormap) and shows them; returns the time spent in ms. */
  show(image: RasterImage, style: RasterStyle): { renderMs: number; ok: boolean };
  /** Forgets the image (blank plot). */
  clear(): void;
}

export interface RasterViewProps {
  geometry: RasterGeometry;
  /** Image size, for the axes extent (the pixels come through the handle). */
  width: number;
  height: number;
  xTitle: string;
  yTitle: string;
  uirevision: string;
  zoomX?: Range2 | null;
  zoomY?: Range2 | null;
  onZoom(change: { x?: Range2 | null; y?: Range2 | null }): void;
  kiosk?: boolean;
  /**
   * Readout text under the cursor: column/row for images, motor positions for meshes. `bin` (binned
   * images): the value is the mean of the bin.x × bin.y block holding that full-resolution pixel.
   */
  readout(col: number, row: number, x: number, y: number, value: number, bin: { x: number; y: number } | null): string;
  /** Name of the PNG file the camera button saves. */
  exportName?: string;
}

function extentOf(g: RasterGeometry, width: number, height: number) {
  return { x: [g.x0, g.x0 + width * g.dx] as Range2, y: [g.y0, g.y0 + height * g.dy] as Range2 };
}

export const RasterView = forwardRef<RasterHandle, RasterViewProps>(function RasterView(props, handleRef) {
  const { geometry, width, height, xTitle, yTitle, uirevision, zoomX, zoomY, kiosk } = props;
  const wrapRef = useRef<HTMLDivElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement | null>(null);
  const readoutRef = useRef<HTMLDivElement | null>(null);
  const source = useRef<{ canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D; image: ImageData } | null>(null);
  const shown = useRef<RasterImage | null>(null);
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
      const full = (r: Range2 | null | undefined, ext: Range2) => (r && sameRange([Math.min(...r), Math.max(...r)], ext) ? null : r);
      propsRef.current.onZoom({ x: full(change.x, e.x), y: full(change.y, e.y) });
    },
    onRelayouting: () => blitRef.current(),
    onDrawn: () => blitRef.current(),
    onResize: () => blitRef.current(),
  });

  const blit = useCallback(() => {
    const canvas = canvasRef.current;
    const gd = graphRef.current;
    const area = plotArea(gd);
    if (!canvas || !area) return;
    const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(area.width * dpr));
    const h = Math.max(1, Math.round(area.height * dpr));
    canvas.style.left = `${area.left}px`;
    canvas.style.top = `${area.top}px`;
    canvas.style.width = `${area.width}px`;
    canvas.style.height = `${area.height}px`;
    if (canvas.width !== w) canvas.width = w;
    if (canvas.height !== h) canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const src = source.current;
    const img = shown.current;
    if (!src || !img) return;
    const g = propsRef.current.geometry;
    const [xa, xb] = area.xRange;
    const [ya, yb] = area.yRange;
    // Screen position (device px) of data coordinates; y measured from the top (range[1] is at the top).
    const sx = (X: number) => ((X - xa) / (xb - xa)) * w;
    const sy = (Y: number) => ((yb - Y) / (yb - ya)) * h;
    const e = extentOf(g, img.width * (img.binX ?? 1), img.height * (img.binY ?? 1));
    const sx0 = sx(e.x[0]);
    const sx1 = sx(e.x[1]);
    const sy0 = sy(e.y[0]);
    const sy1 = sy(e.y[1]);
    const scaleX = (sx1 - sx0) / img.width;
    const scaleY = (sy1 - sy0) / img.height;
    // Smooth when shrinking (less aliasing), crisp pixels when magnifying.
    ctx.imageSmoothingEnabled = Math.abs(scaleX) < 1 || Math.abs(scaleY) < 1;
    ctx.setTransform(scaleX, 0, 0, scaleY, sx0, sy0);
    ctx.drawImage(src.canvas, 0, 0);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }, [graphRef]);

  useEffect(() => {
    blitRef.current = blit;
  }, [blit]);

  useImperativeHandle(
    handleRef,
    () => ({
      show(image, style) {
        const t0 = performance.now();
        let src = source.current;
        if (!src || src.canvas.width !== image.width || src.canvas.height !== image.height) {
          const canvas = document.createElement('canvas');
          canvas.width = Math.max(1, image.width);
          canvas.height = Math.max(1, image.height);
          const ctx = canvas.getContext('2d');
          if (!ctx) return { renderMs: 0, ok: false };
          src = { canvas, ctx, image: ctx.createImageData(canvas.width, canvas.height) };
          source.current = src;
        }
        const ok = renderImage(image.data, image.width, image.height, style, src.image.data);
        src.ctx.putImageData(src.image, 0, 0);
        shown.current = image;
        blit();
        return { renderMs: performance.now() - t0, ok };
      },
      clear() {
        shown.current = null;
        blit();
      },
    }),
    [blit],
  );

  // Axes: redrawn by plotly only when their setup changes (not per frame).
  useEffect(() => {
    if (!plotReady) return;
    const e = extentOf(geometry, width, height);
    const theme = plotTheme(kiosk);
    // Both axes framed alike: ticks outside, a box around the image, no grid over the pixels.
    const frameAxis = (title: string, range: Range2) => ({ title: { text: title }, showgrid: false, zeroline: false, ticks: 'outside', mirror: true, showline: true, linecolor: theme.axisLine, range, autorange: false });
    const yRangeFull: Range2 = geometry.yDown ? [e.y[1], e.y[0]] : [e.y[0], e.y[1]];
    const data: PlotlyData[] = [
      {
        type: 'scatter',
        mode: 'lines',
        x: [e.x[0], e.x[1]],
        y: [e.y[0], e.y[1]],
        line: { width: 0 },
        hoverinfo: 'skip',
        showlegend: false,
      } as PlotlyData,
    ];
    const layout: PlotlyLayout = {
      uirevision: `${uirevision}|${width}x${height}`,
      margin: { l: kiosk ? 80 : 64, r: 12, t: 10, b: kiosk ? 60 : 44 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { size: theme.font, color: theme.fg },
      dragmode: 'zoom',
      hovermode: false,
      xaxis: { ...frameAxis(xTitle, zoomX ?? e.x), constrain: 'domain' },
      yaxis: { ...frameAxis(yTitle, zoomY ?? yRangeFull), ...(geometry.equalAspect ? { scaleanchor: 'x', scaleratio: 1, constrain: 'domain' } : {}) },
    } as PlotlyLayout;
    const config = rasterExportConfig(plotly.current, () => ({ gd: graphRef.current, canvas: canvasRef.current, title: propsRef.current.exportName ?? 'image' }));
    plotReact({ data, layout, config: { doubleClick: 'reset', ...config } });
  }, [plotly, graphRef, plotReact, plotReady, geometry, width, height, xTitle, yTitle, uirevision, zoomX, zoomY, kiosk]);

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
      const px = ev.clientX - rect.left - area.left;
      const py = ev.clientY - rect.top - area.top;
      if (px < 0 || py < 0 || px > area.width || py > area.height) {
        out.textContent = '';
        return;
      }
      const X = area.xRange[0] + (px / area.width) * (area.xRange[1] - area.xRange[0]);
      const Y = area.yRange[1] - (py / area.height) * (area.yRange[1] - area.yRange[0]);
      const g = propsRef.current.geometry;
      const col = Math.floor((X - g.x0) / g.dx);
      const row = Math.floor((Y - g.y0) / g.dy);
      const bx = img.binX ?? 1;
      const by = img.binY ?? 1;
      if (col < 0 || row < 0 || col >= img.width * bx || row >= img.height * by) {
        out.textContent = '';
        return;
      }
      const value = pixelValue(img.data, img.width, Math.floor(col / bx), Math.floor(row / by));
      out.textContent = propsRef.current.readout(col, row, X, Y, value, bx > 1 || by > 1 ? { x: bx, y: by } : null);
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
      <canvas ref={canvasRef} className={styles.canvas} aria-hidden="true" />
      {plotError ? <div className={styles.errorBox}>{plotError}</div> : <div ref={graphRef} className={styles.graph} />}
      <div ref={readoutRef} className={styles.readout} aria-live="off" />
    </div>
  );
});

/** Vertical colour bar with min/max and intermediate ticks (log ticks in log mode). */
export function Colorbar({ lut, min, max, log, kiosk }: { lut: Uint8Array; min: number; max: number; log: boolean; kiosk?: boolean }) {
  const rampRef = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const c = rampRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = 1;
    c.height = 256;
    const img = ctx.createImageData(1, 256);
    for (let i = 0; i < 256; i++) img.data.set(lut.subarray(4 * (255 - i), 4 * (255 - i) + 4), 4 * i);
    ctx.putImageData(img, 0, 0);
  }, [lut]);
  const ticks: number[] = [];
  if (Number.isFinite(min) && Number.isFinite(max)) {
    for (let k = 4; k >= 0; k--) {
      const t = k / 4;
      const v = log && min > 0 ? 10 ** (Math.log10(min) + t * (Math.log10(max) - Math.log10(min))) : min + t * (max - min);
      // A tick a millionth of the span away from zero reads as 0 (the middle of -99.99..100).
      ticks.push(!log && Math.abs(v) < 1e-6 * (max - min) ? 0 : v);
    }
  }
  return (
    <div className={styles.colorbar} aria-label={`colour scale ${formatNumber(min)} to ${formatNumber(max)}${log ? ' (log)' : ''}`} role="img" title={`mid colour ${lutColor(lut, 128)}`}>
      <div className={styles.colorbarInner} style={{ fontSize: kiosk ? 16 : undefined }}>
        <canvas ref={rampRef} className={styles.colorbarRamp} style={{ imageRendering: 'pixelated', height: '100%' }} />
        <div className={styles.colorbarTicks}>
          {ticks.map((t, i) => (
            <span key={i}>{formatNumber(t, 4)}</span>
          ))}
        </div>
      </div>
    </div>
  );
}
