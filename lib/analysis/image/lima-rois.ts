/**
 * The Lima ROI counters' geometry a scan publishes in `scan_info.rois`, keyed by the counter's prefix
 * (`beamviewer:roi_counters:roi1`, whose counters are `..._sum`, `..._avg`, ...), as Flint reads it:
 * rectangles `{kind: "rect", x, y, width, height}` (pixels [x, x + width) × [y, y + height)) and arcs
 * `{kind: "arc", cx, cy, r1, r2, a1, a2}` (radii in pixels, angles in degrees). Other kinds, or entries with
 * missing numbers, are skipped and listed in `skipped` so the page can say why a ROI is not drawn.
 */
import type { PixelRect } from './roi-stats';

export type LimaRoiShape =
  | { kind: 'rect'; x: number; y: number; width: number; height: number }
  | { kind: 'arc'; cx: number; cy: number; r1: number; r2: number; a1: number; a2: number };

export interface LimaRoi {
  /** Counter prefix, e.g. `beamviewer:roi_counters:roi1`. */
  name: string;
  /** Lima device (`beamviewer`) and ROI (`roi1`) names. */
  device: string;
  roi: string;
  shape: LimaRoiShape;
}

const FIELDS = { rect: ['x', 'y', 'width', 'height'], arc: ['cx', 'cy', 'r1', 'r2', 'a1', 'a2'] } as const;

export function limaRoisOf(scanInfo: unknown): { rois: LimaRoi[]; skipped: string[] } {
  const rois: LimaRoi[] = [];
  const skipped: string[] = [];
  const all = (scanInfo as { rois?: unknown } | null)?.rois;
  if (typeof all !== 'object' || all === null || Array.isArray(all)) return { rois, skipped };
  for (const [name, value] of Object.entries(all as Record<string, unknown>)) {
    const entry = value as Record<string, unknown> | null;
    const kind = entry?.kind;
    if (kind !== 'rect' && kind !== 'arc') {
      skipped.push(`${name}: ROI kind ${JSON.stringify(kind)} is not drawn (rect and arc are)`);
      continue;
    }
    const missing = FIELDS[kind].filter((k) => typeof entry![k] !== 'number' || !Number.isFinite(entry![k]));
    if (missing.length) {
      skipped.push(`${name}: ${kind} ROI without a numeric ${missing.join(', ')}`);
      continue;
    }
    const shape = Object.fromEntries([['kind', kind], ...FIELDS[kind].map((k) => [k, entry![k] as number])]) as LimaRoiShape;
    const parts = name.split(':');
    rois.push({ name, device: parts[0]!, roi: parts[parts.length - 1]!, shape });
  }
  return { rois, skipped };
}

/** The pixels a rectangular Lima ROI counter sums, for roiStats (to check or redo its value). */
export function limaRectPixels(shape: Extract<LimaRoiShape, { kind: 'rect' }>): PixelRect {
  const col0 = Math.round(shape.x);
  const row0 = Math.round(shape.y);
  return { col0, row0, col1: col0 + Math.round(shape.width), row1: row0 + Math.round(shape.height) };
}
