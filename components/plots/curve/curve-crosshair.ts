/**
 * The crosshair's mapping (Flint's status bar): the cursor's pixel to data coordinates, and y of each
 * curve at that x, read at full resolution (not on the decimated line) by linear interpolation. Pure.
 */
import { curveProbe, type CurveProbe } from '@/lib/analysis/cursor';
import type { PlotArea } from '../shared/use-plotly';

export interface CrosshairCurve {
  key: string;
  label: string;
  color: string;
  axis: 'left' | 'right';
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  points: number;
}

export interface CrosshairValue {
  key: string;
  label: string;
  color: string;
  y: number;
}

/** Data x and left-axis y under a pixel of the graph div (null outside the plot area). */
export function pixelToData(area: PlotArea, px: number, py: number, log: { x: boolean; y: boolean }): { x: number; y: number } | null {
  const fx = (px - area.left) / area.width;
  const fy = (py - area.top) / area.height;
  if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1)) return null;
  const xv = area.xRange[0] + fx * (area.xRange[1] - area.xRange[0]);
  const yv = area.yRange[1] + fy * (area.yRange[0] - area.yRange[1]);
  return { x: log.x ? 10 ** xv : xv, y: log.y ? 10 ** yv : yv };
}

/** Above this many points a curve's probe is rebuilt for new data at most every LIVE_PROBE_MS. */
const LIVE_PROBE_POINTS = 50_000;
const LIVE_PROBE_MS = 1000;

/**
 * Probes built once per curve and data revision (O(n): a copy of the curve), then O(log n) per cursor
 * move. A long live curve is not copied again at every redraw while the cursor rests on the plot: its
 * probe is kept up to LIVE_PROBE_MS across new data (a value read at the newest points lags by that much).
 */
export class ProbeCache {
  private probes = new Map<string, { revision: number; builtAt: number; points: number; probe: CurveProbe }>();

  values(curves: readonly CrosshairCurve[], x: number, revision: number, now = Date.now()): CrosshairValue[] {
    const live = new Set<string>();
    const out = curves.map((c) => {
      live.add(c.key);
      let entry = this.probes.get(c.key);
      const fresh = entry && (entry.revision === revision || (c.points > LIVE_PROBE_POINTS && c.points >= entry.points && now - entry.builtAt < LIVE_PROBE_MS));
      if (!entry || !fresh) {
        const n = c.points;
        const cx = c.x; // read once: a live curve's arrays are made when asked (curve-live-lod.ts)
        const cy = c.y;
        const xs = ArrayBuffer.isView(cx) ? (cx as Float64Array).subarray(0, n) : Array.prototype.slice.call(cx, 0, n);
        const ys = ArrayBuffer.isView(cy) ? (cy as Float64Array).subarray(0, n) : Array.prototype.slice.call(cy, 0, n);
        // The probe keeps the arrays: copies, since the curve's work arrays are rewritten at the next frame.
        entry = { revision, builtAt: now, points: n, probe: curveProbe(Float64Array.from(xs), Float64Array.from(ys)) };
        this.probes.set(c.key, entry);
      }
      return { key: c.key, label: c.label, color: c.color, y: entry.probe.at(x) };
    });
    for (const k of [...this.probes.keys()]) if (!live.has(k)) this.probes.delete(k);
    return out;
  }
}

/** Digits a position is shown with: the motor's `decimals` from scan_info, else one finer than a pixel. */
export function pixelSize(area: PlotArea | null, logX: boolean): number | undefined {
  if (!area || logX || !(area.width > 0)) return undefined;
  return Math.abs(area.xRange[1] - area.xRange[0]) / area.width;
}
