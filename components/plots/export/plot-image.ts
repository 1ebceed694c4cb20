'use client';
/**
 * PNG of what a plot or a grid of plots shows. plotly's `toImage` renders a figure's axes, curves and
 * legend; the pixels of images and meshes sit on canvases under it, and some labels are HTML over or
 * beside it (the colour bar's ticks, notices over the pixels), so each plot is composed as the page
 * shows it: white, its canvases where they are, plotly's rendering on top, then the HTML text of its
 * figure area (the figure and its colour bar) drawn in its own font and colour. A grid is the same per
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

/** The colour bar beside a raster (components/plots/raster/colorbar.tsx), found by its accessible name. */
const COLOUR_SCALE = '[role="img"][aria-label^="colour scale"]';

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const boxOf = (r: DOMRect): Box => ({ left: r.left, top: r.top, right: r.right, bottom: r.bottom });

/** What a plot's picture holds: its figure and, beside it, its colour bar (they share the plot's body). */
export function figureAreas(root: HTMLElement): Box[] {
  const gd = root.querySelector<HTMLElement>('.js-plotly-plot');
  if (!gd) return [];
  const areas = [boxOf(gd.getBoundingClientRect())];
  for (const bar of root.querySelectorAll<HTMLElement>(COLOUR_SCALE)) {
    const r = bar.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) areas.push(boxOf(r));
  }
  return areas;
}

function union(areas: readonly Box[]): DOMRect {
  const left = Math.min(...areas.map((a) => a.left));
  const top = Math.min(...areas.map((a) => a.top));
  return new DOMRect(left, top, Math.max(...areas.map((a) => a.right)) - left, Math.max(...areas.map((a) => a.bottom)) - top);
}

/** Text inside controls is not a label of the figure, and plotly's SVG text is in its own rendering. */
const NOT_DRAWN = 'svg, button, select, input, textarea, option, script, style';

/**
 * The HTML text over or beside a figure (colour bar ticks, notices over the pixels, a readout), drawn
 * where the page shows it: each line box of each visible text node whose centre lies in one of `areas`,
 * in its computed font and colour, with the background of its element when that has one.
 */
export function drawHtmlText(ctx: CanvasRenderingContext2D, root: HTMLElement, areas: readonly Box[], origin: DOMRect, scale: number): number {
  const inside = (r: DOMRect) => areas.some((a) => r.left + r.width / 2 >= a.left && r.left + r.width / 2 <= a.right && r.top + r.height / 2 >= a.top && r.top + r.height / 2 <= a.bottom);
  const backed = new Set<Element>();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let drawn = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const el = node.parentElement;
    if (!el || text.trim() === '' || el.closest(NOT_DRAWN)) continue;
    if (!el.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
    range.selectNodeContents(node);
    const lines = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0 && inside(r));
    if (!lines.length) continue;
    const style = getComputedStyle(el);
    const bg = style.backgroundColor;
    if (!backed.has(el) && bg && bg !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(bg)) {
      backed.add(el);
      const r = el.getBoundingClientRect();
      ctx.fillStyle = bg;
      ctx.fillRect((r.left - origin.left) * scale, (r.top - origin.top) * scale, r.width * scale, r.height * scale);
    }
    ctx.fillStyle = style.color;
    ctx.font = `${style.fontStyle} ${style.fontWeight} ${parseFloat(style.fontSize) * scale}px ${style.fontFamily}`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    // One line box: the whole text. Several (wrapped): the words of each, placed where each starts.
    const pieces = lines.length === 1 ? [{ text: text.trim(), rect: lines[0]! }] : wordBoxes(node as Text, range, inside);
    for (const p of pieces) {
      ctx.fillText(p.text, (p.rect.left - origin.left) * scale, (p.rect.top + p.rect.height / 2 - origin.top) * scale);
      drawn++;
    }
  }
  range.detach();
  return drawn;
}

function wordBoxes(node: Text, range: Range, inside: (r: DOMRect) => boolean): { text: string; rect: DOMRect }[] {
  const out: { text: string; rect: DOMRect }[] = [];
  const text = node.data;
  for (const m of text.matchAll(/\S+/g)) {
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    const r = range.getBoundingClientRect();
    if (r.width > 0 && inside(r)) out.push({ text: m[0], rect: r });
  }
  return out;
}

/**
 * Draws the plot inside `root` (a plot slot or frame) onto `ctx`, placed as on the page relative to
 * `origin` (output pixels = CSS pixels × scale). Returns false when it holds no figure.
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
  drawHtmlText(ctx, root, figureAreas(root), origin, scale);
  return true;
}

/** One plot (the element holding its figure) as a PNG canvas: its figure and colour bar, at their size on the page. */
export async function plotCanvas(root: HTMLElement, scale = SCALE): Promise<HTMLCanvasElement> {
  const areas = figureAreas(root);
  if (!areas.length) throw new Error('this plot has no figure to export (yet)');
  const origin = union(areas);
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
