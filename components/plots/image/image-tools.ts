/**
 * The image tools' mapping (pure, unit-tested): line profiles and ROI statistics of the frame shown,
 * the outlines drawn over it, and drags on the image turned into a profile or a ROI.
 *
 * Two coordinate systems meet here: the raster's axes put pixel c over [c, c + 1) (edges at integers),
 * `lib/analysis/image` puts pixel centres at integers. `centre(x) = x - 0.5` goes from the first to the second.
 */
import type { ImageArray } from '@/lib/analysis/image/image-array';
import { limaRectPixels, limaRoisOf, type LimaRoi } from '@/lib/analysis/image/lima-rois';
import { horizontalProfile, lineProfile, verticalProfile, type Profile, type ProfileMethod } from '@/lib/analysis/image/profile';
import { rectFromCorners, roiStats, type PixelRect, type RoiStats } from '@/lib/analysis/image/roi-stats';
import type { NumericArray } from '@/lib/blissdata/dtype';
import type { ImageProfileChoice, ImageRect } from '@/lib/view-state/plot-view-state';
import type { PlotlyLayout } from '../shared/plotly-loader';

export type ImageToolMode = 'zoom' | 'h' | 'v' | 'line' | 'roi';

export const TOOL_MODES: { mode: ImageToolMode; label: string; title: string }[] = [
  { mode: 'zoom', label: 'zoom', title: 'Drag to zoom (plotly)' },
  { mode: 'h', label: '↔ profile', title: 'Click a row: horizontal profile' },
  { mode: 'v', label: '↕ profile', title: 'Click a column: vertical profile' },
  { mode: 'line', label: '╱ profile', title: 'Drag a line: free line profile' },
  { mode: 'roi', label: '▭ ROI', title: 'Drag a rectangle: ROI with live statistics' },
];

/** A point in raster data coordinates (pixel c spans [c, c + 1)). */
export interface DataPoint {
  x: number;
  y: number;
}

const centre = (v: number) => v - 0.5;
/** Coordinates kept in the share link: a tenth of a pixel is plenty. */
const tenth = (v: number) => Math.round(v * 10) / 10;

/** What a drag (or a click: a == b) in a tool mode makes, or null when it makes nothing (an empty ROI). */
export function dragResult(mode: ImageToolMode, a: DataPoint, b: DataPoint, size: { width: number; height: number }): { profile: ImageProfileChoice } | { roi: ImageRect } | null {
  const inside = (v: number, n: number) => Math.min(n - 1, Math.max(0, Math.floor(v)));
  if (mode === 'h') return { profile: { kind: 'h', row: inside(b.y, size.height) } };
  if (mode === 'v') return { profile: { kind: 'v', col: inside(b.x, size.width) } };
  if (mode === 'line') {
    if (Math.hypot(b.x - a.x, b.y - a.y) < 1) return null;
    return { profile: { kind: 'line', row0: tenth(centre(a.y)), col0: tenth(centre(a.x)), row1: tenth(centre(b.y)), col1: tenth(centre(b.x)) } };
  }
  if (mode === 'roi') {
    const r = rectFromCorners({ col: centre(a.x), row: centre(a.y) }, { col: centre(b.x), row: centre(b.y) });
    const rect = { col0: Math.max(0, r.col0), row0: Math.max(0, r.row0), col1: Math.min(size.width, r.col1), row1: Math.min(size.height, r.row1) };
    return rect.col1 > rect.col0 && rect.row1 > rect.row0 ? { roi: rect } : null;
  }
  return null;
}

/** Pixels as numbers (64-bit integer frames converted, rare enough not to matter for speed). */
export function numberPixels(data: NumericArray): ArrayLike<number> {
  return data instanceof BigInt64Array || data instanceof BigUint64Array ? Float64Array.from(data, Number) : data;
}

/** How a profile is taken across its width (silx's profile tools: line width, mean or sum). */
export interface ProfileOptions {
  width: number;
  method: ProfileMethod;
}

export const DEFAULT_PROFILE: ProfileOptions = { width: 1, method: 'mean' };

/** The profile of an image, or null when its row/column is outside the image. */
export function profileOf(image: ImageArray, choice: ImageProfileChoice, options: ProfileOptions = DEFAULT_PROFILE): Profile | null {
  const [height, width] = image.shape;
  const { width: across, method } = options;
  if (choice.kind === 'h') return choice.row < height ? horizontalProfile(image, choice.row, across, method) : null;
  if (choice.kind === 'v') return choice.col < width ? verticalProfile(image, choice.col, across, method) : null;
  return lineProfile(image, { row: choice.row0, col: choice.col0 }, { row: choice.row1, col: choice.col1 }, across, method);
}

export function profileTitle(choice: ImageProfileChoice): string {
  if (choice.kind === 'h') return `row ${choice.row}`;
  if (choice.kind === 'v') return `column ${choice.col}`;
  return `line (${choice.col0}, ${choice.row0}) → (${choice.col1}, ${choice.row1})`;
}

export function profileAxisTitle(choice: ImageProfileChoice): string {
  return choice.kind === 'h' ? 'x (pixel)' : choice.kind === 'v' ? 'y (pixel)' : 'distance (pixel)';
}

export interface RoiTarget {
  /** `roi 1`... for the user's, the counter name for a Lima ROI. */
  name: string;
  /** Index in the view's `rois` (removable), -1 for a Lima ROI. */
  index: number;
  rect: PixelRect;
}

export interface RoiRow extends RoiTarget {
  stats: RoiStats;
}

/** The ROIs with statistics: the user's, then the scan's rectangular Lima ROIs. */
export function roiTargets(rois: readonly ImageRect[], lima: readonly LimaRoi[]): RoiTarget[] {
  const targets: RoiTarget[] = rois.map((rect, index) => ({ name: `roi ${index + 1}`, index, rect }));
  for (const roi of lima) if (roi.shape.kind === 'rect') targets.push({ name: roi.roi, index: -1, rect: limaRectPixels(roi.shape) });
  return targets;
}

export function roiRow(image: ImageArray, target: RoiTarget): RoiRow {
  return { ...target, stats: roiStats(image, target.rect) };
}

/** Statistics of the user's ROIs and of the scan's rectangular Lima ROIs on one image. */
export function roiRows(image: ImageArray, rois: readonly ImageRect[], lima: readonly LimaRoi[]): RoiRow[] {
  return roiTargets(rois, lima).map((t) => roiRow(image, t));
}

/** The Lima ROIs a scan publishes (`scan_info.rois`) for the detector of `channel` (`beamviewer:image`), and why any is not drawn. */
export function limaRoisFor(info: unknown, channel: string): { rois: LimaRoi[]; skipped: string[] } {
  const device = channel.split(':')[0];
  const { rois, skipped } = limaRoisOf(info);
  return { rois: rois.filter((r) => r.device === device), skipped: skipped.filter((s) => s.startsWith(`${device}:`)) };
}

type Shape = NonNullable<PlotlyLayout['shapes']>[number];
type Annotation = NonNullable<PlotlyLayout['annotations']>[number];

export const TOOL_COLOURS = { profile: '#ff3b30', roi: '#ffffff', lima: '#ffd400' };

function rectShape(r: PixelRect, colour: string, dash: 'solid' | 'dash'): Shape {
  return { type: 'rect', xref: 'x', yref: 'y', x0: r.col0, x1: r.col1, y0: r.row0, y1: r.row1, line: { color: colour, width: 1.5, dash }, fillcolor: 'rgba(0,0,0,0)' } as Shape;
}

function label(text: string, x: number, y: number, colour: string): Annotation {
  return { text, x, y, xref: 'x', yref: 'y', showarrow: false, xanchor: 'left', yanchor: 'bottom', font: { color: colour, size: 11 }, bgcolor: 'rgba(0,0,0,0.45)' } as Annotation;
}

/** An annular sector (Lima `arc`: centre, radii, angles in degrees) as an SVG path in data coordinates. */
export function arcPath(s: { cx: number; cy: number; r1: number; r2: number; a1: number; a2: number }, steps = 24): string {
  const pts: string[] = [];
  const at = (r: number, deg: number) => `${(s.cx + r * Math.cos((deg * Math.PI) / 180)).toFixed(3)},${(s.cy + r * Math.sin((deg * Math.PI) / 180)).toFixed(3)}`;
  for (let i = 0; i <= steps; i++) pts.push(at(s.r2, s.a1 + ((s.a2 - s.a1) * i) / steps));
  for (let i = steps; i >= 0; i--) pts.push(at(s.r1, s.a1 + ((s.a2 - s.a1) * i) / steps));
  return `M ${pts.join(' L ')} Z`;
}

/**
 * The band a profile `width` pixels wide reads, in raster coordinates (pixel c over [c, c + 1)): the rows
 * or columns averaged for horizontal / vertical profiles (clipped to the image, as the values are), the
 * quadrilateral swept by the parallel lines of a free one; null for a one-pixel profile (the line says it).
 */
export function profileBand(profile: ImageProfileChoice, width: number, size: { width: number; height: number }): string | null {
  if (width <= 1) return null;
  const first = (index: number) => Math.round(index - (width - 1) / 2);
  if (profile.kind === 'h' || profile.kind === 'v') {
    const along = profile.kind === 'h' ? size.height : size.width;
    const at = profile.kind === 'h' ? profile.row : profile.col;
    const a = Math.max(0, first(at));
    const b = Math.min(along, first(at) + width);
    return profile.kind === 'h' ? `M 0,${a} L ${size.width},${a} L ${size.width},${b} L 0,${b} Z` : `M ${a},0 L ${a},${size.height} L ${b},${size.height} L ${b},0 Z`;
  }
  const length = Math.hypot(profile.row1 - profile.row0, profile.col1 - profile.col0);
  if (length === 0) return null;
  // Outermost sampled lines are (width - 1) / 2 apart from the centre one; each stands for one pixel more.
  const half = width / 2;
  const dRow = ((profile.col1 - profile.col0) / length) * half;
  const dCol = (-(profile.row1 - profile.row0) / length) * half;
  const pt = (row: number, col: number) => `${(col + 0.5).toFixed(3)},${(row + 0.5).toFixed(3)}`;
  return `M ${pt(profile.row0 - dRow, profile.col0 - dCol)} L ${pt(profile.row1 - dRow, profile.col1 - dCol)} L ${pt(profile.row1 + dRow, profile.col1 + dCol)} L ${pt(profile.row0 + dRow, profile.col0 + dCol)} Z`;
}

/** Outlines over the image: the profile line or band, the user's ROIs (numbered), the Lima ROIs (named). */
export function toolShapes(profile: ImageProfileChoice | null | undefined, size: { width: number; height: number } | null, rois: readonly ImageRect[], lima: readonly LimaRoi[], profileWidth = 1): { shapes: Shape[]; annotations: Annotation[] } {
  const shapes: Shape[] = [];
  const annotations: Annotation[] = [];
  const line = { color: TOOL_COLOURS.profile, width: 1.5 };
  const band = profile && size ? profileBand(profile, profileWidth, size) : null;
  if (band) shapes.push({ type: 'path', xref: 'x', yref: 'y', path: band, line: { color: TOOL_COLOURS.profile, width: 1, dash: 'dot' }, fillcolor: 'rgba(255,59,48,0.12)' } as Shape);
  if (profile && size) {
    if (profile.kind === 'h') shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: 0, x1: size.width, y0: profile.row + 0.5, y1: profile.row + 0.5, line } as Shape);
    else if (profile.kind === 'v') shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: profile.col + 0.5, x1: profile.col + 0.5, y0: 0, y1: size.height, line } as Shape);
    else shapes.push({ type: 'line', xref: 'x', yref: 'y', x0: profile.col0 + 0.5, y0: profile.row0 + 0.5, x1: profile.col1 + 0.5, y1: profile.row1 + 0.5, line } as Shape);
  }
  rois.forEach((r, i) => {
    shapes.push(rectShape(r, TOOL_COLOURS.roi, 'solid'));
    annotations.push(label(`roi ${i + 1}`, r.col0, r.row0, TOOL_COLOURS.roi));
  });
  for (const roi of lima) {
    if (roi.shape.kind === 'rect') {
      const r = limaRectPixels(roi.shape);
      shapes.push(rectShape(r, TOOL_COLOURS.lima, 'dash'));
      annotations.push(label(roi.roi, r.col0, r.row0, TOOL_COLOURS.lima));
    } else {
      shapes.push({ type: 'path', xref: 'x', yref: 'y', path: arcPath(roi.shape), line: { color: TOOL_COLOURS.lima, width: 1.5, dash: 'dash' } } as Shape);
      annotations.push(label(roi.roi, roi.shape.cx, roi.shape.cy, TOOL_COLOURS.lima));
    }
  }
  return { shapes, annotations };
}
