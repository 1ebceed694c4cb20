/**
 * Histogram of an image's values for the colormap controls: `bins` equal bins over [min, max] (by default
 * the finite data range), or equal bins of log10(value) for a log colormap (then only positive values count).
 * Bins follow numpy.histogram: [edge_i, edge_i+1) except the last, which includes max.
 */
export interface HistogramOptions {
  bins?: number;
  min?: number;
  max?: number;
  log?: boolean;
}

export interface Histogram {
  /** bins + 1 edges, in data units (geometric for log). */
  edges: Float64Array;
  counts: Uint32Array;
  /** Finite values below min / above max, and values not counted at all (NaN, ±Infinity, <= 0 for log). */
  below: number;
  above: number;
  ignored: number;
  /** The finite data range (positive range for log), whatever min/max were asked: for the range handles. */
  dataMin: number;
  dataMax: number;
}

export function histogram(values: ArrayLike<number>, options: HistogramOptions = {}): Histogram {
  const bins = options.bins ?? 256;
  if (!Number.isInteger(bins) || bins < 1) throw new Error(`histogram bins must be a positive whole number, got ${bins}`);
  const log = options.log ?? false;
  const usable = (v: number): boolean => v - v === 0 && (!log || v > 0);
  let dataMin = Infinity;
  let dataMax = -Infinity;
  let ignored = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!usable(v)) {
      ignored++;
      continue;
    }
    if (v < dataMin) dataMin = v;
    if (v > dataMax) dataMax = v;
  }
  const empty = dataMin > dataMax;
  let lo = options.min ?? (empty ? (log ? 1 : 0) : dataMin);
  let hi = options.max ?? (empty ? (log ? 10 : 1) : dataMax);
  if (log && !(lo > 0 && hi > 0)) throw new Error(`a log histogram needs a positive range, got [${lo}, ${hi}]`);
  if (!(lo <= hi) || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`histogram range must be finite with min <= max, got [${lo}, ${hi}]`);
  // A single value gets a unit-wide range around it, as numpy does.
  if (lo === hi) {
    if (log) {
      lo /= Math.SQRT2;
      hi *= Math.SQRT2;
    } else {
      lo -= 0.5;
      hi += 0.5;
    }
  }
  const t = log ? Math.log10 : (v: number) => v;
  const a = t(lo);
  const b = t(hi);
  const scale = bins / (b - a);
  const edges = new Float64Array(bins + 1);
  for (let k = 0; k <= bins; k++) edges[k] = log ? 10 ** (a + (k * (b - a)) / bins) : a + (k * (b - a)) / bins;
  edges[0] = lo;
  edges[bins] = hi;
  const counts = new Uint32Array(bins);
  let below = 0;
  let above = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!usable(v)) continue;
    if (v < lo) below++;
    else if (v > hi) above++;
    else {
      let k = Math.min(bins - 1, Math.floor((t(v) - a) * scale));
      // Rounding of the bin arithmetic must not contradict the edges shown (numpy makes the same fix).
      if (v < edges[k]!) k--;
      else if (k < bins - 1 && v >= edges[k + 1]!) k++;
      counts[k]!++;
    }
  }
  return { edges, counts, below, above, ignored, dataMin: empty ? NaN : dataMin, dataMax: empty ? NaN : dataMax };
}
