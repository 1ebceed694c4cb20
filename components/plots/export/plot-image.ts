'use client';
/**
 * PNG of what a plot or a grid of plots shows. plotly's `toImage` renders a figure's axes, curves and
 * legend; the pixels of images and meshes sit on canvases under it, so each plot is composed as the
 * page shows it: white, its canvases where they are, plotly's rendering on top. A grid is the same per
 * cell, at the cells' places, with their titles. Everything is drawn at `scale` × CSS pixels.
 */
import { loadPlotly } from '../shared/plotly-loader';

const SCALE = 2;

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('the plot could not be rendered as an image'));
    img.src = url;
  });
}

function newCanvas(width: number, height: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D } {
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width));
  canvas.height = Math.max(1, Math.round(height));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas to compose the image on');
  return { canvas, ctx };
}

/**
 * Draws the plot inside `root` (a plot slot or frame) onto `ctx` with its top-left corner at (x, y)
 * in output pixels, placed as on the page relative to `origin`. Returns false when it holds no figure.
 */
async function drawPlot(ctx: CanvasRenderingContext2D, root: HTMLElement, origin: DOMRect, scale: number): Promise<boolean> {
  const gd = root.querySelector<HTMLElement>('.js-plotly-plot');
  if (!gd || !(gd as unknown as { _fullLayout?: unknown })._fullLayout) return false;
  const plotly = await loadPlotly();
  const box = gd.getBoundingClientRect();
  const at = (r: DOMRect) => [(r.left - origin.left) * scale, (r.top - origin.top) * scale, r.width * scale, r.height * scale] as const;
  ctx.imageSmoothingEnabled = false;
  for (const canvas of root.querySelectorAll('canvas')) {
    const r = canvas.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && canvas.width > 0 && canvas.height > 0) ctx.drawImage(canvas, ...at(r));
  }
  const url = await plotly.toImage(gd, { format: 'png', width: Math.max(1, gd.clientWidth), height: Math.max(1, gd.clientHeight), scale });
  ctx.drawImage(await loadImage(url), ...at(box));
  return true;
}

/** One plot (the element holding its figure) as a PNG canvas, at its size on the page. */
export async function plotCanvas(root: HTMLElement, scale = SCALE): Promise<HTMLCanvasElement> {
  const gd = root.querySelector<HTMLElement>('.js-plotly-plot');
  if (!gd) throw new Error('this plot has no figure to export (yet)');
  const origin = gd.getBoundingClientRect();
  const { canvas, ctx } = newCanvas(origin.width * scale, origin.height * scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  if (!(await drawPlot(ctx, root, origin, scale))) throw new Error('this plot has no figure to export (yet)');
  return canvas;
}

/**
 * A grid of plots as one PNG canvas: every `[data-layout-cell]` of `grid` at its place, its title
 * (`data-layout-title`) above it, plots without a figure (tables, errors) as a framed note.
 */
export async function layoutCanvas(grid: HTMLElement, scale = SCALE): Promise<HTMLCanvasElement> {
  const origin = grid.getBoundingClientRect();
  const { canvas, ctx } = newCanvas(origin.width * scale, origin.height * scale);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  const cells = [...grid.querySelectorAll<HTMLElement>('[data-layout-cell]')];
  if (cells.length === 0) throw new Error('the layout shows no plot');
  for (const cell of cells) {
    const r = cell.getBoundingClientRect();
    const x = (r.left - origin.left) * scale;
    const y = (r.top - origin.top) * scale;
    ctx.strokeStyle = '#d0d7de';
    ctx.lineWidth = scale;
    ctx.strokeRect(x, y, r.width * scale, r.height * scale);
    ctx.fillStyle = '#1f2328';
    ctx.font = `600 ${13 * scale}px sans-serif`;
    ctx.textBaseline = 'top';
    ctx.fillText(cell.dataset.layoutTitle ?? '', x + 8 * scale, y + 6 * scale, r.width * scale - 16 * scale);
    if (!(await drawPlot(ctx, cell, origin, scale))) {
      ctx.fillStyle = '#57606a';
      ctx.font = `${12 * scale}px sans-serif`;
      ctx.fillText('(no figure to draw: see the page)', x + 8 * scale, y + 28 * scale);
    }
  }
  return canvas;
}

/**
 * Saves a canvas as a PNG file through a download link. `toBlob`, not `toDataURL`: Chromium encodes
 * the PNG off the page's thread, and a layout at 2x is several megapixels.
 */
export function downloadCanvas(canvas: HTMLCanvasElement, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) return reject(new Error('the image could not be encoded as PNG'));
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'plot'}.png`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      resolve();
    }, 'image/png');
  });
}
