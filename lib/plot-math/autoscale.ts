/**
 * Image colour range helpers, matching silx's autoscale modes (`silx.gui.colors`): "minmax", "stddev3"
 * (mean ± 3 std clipped to the data range) and "percentile_1_99" (`numpy.nanpercentile`, linear
 * interpolation). All skip NaN and ±Infinity, are O(n), and do not sort: percentiles come from a
 * histogram (exact per value for 8/16-bit integers; for other types the histogram finds the bins of the
 * wanted ranks and only those bins' values are selected, so the result is exact too).
 */
import type { NumericArray } from '../blissdata/dtype';
import { scratchF64, SLOT_PERCENTILE } from './scratch';

export type AutoscaleSource = NumericArray | ArrayLike<number>;
export type AutoscaleMode = 'minmax' | 'stddev3' | 'percentile_1_99';

export interface Range {
  min: number;
  max: number;
}

function numbers(data: AutoscaleSource): ArrayLike<number> {
  // 64-bit integer images are rare: one conversion keeps every loop below on plain numbers.
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return data as ArrayLike<number>;
}

/** Finite min and max, and the smallest positive value (for log scales); NaN when there are none. */
export function minMax(data: AutoscaleSource): { min: number; max: number; minPositive: number } {
  const d = numbers(data);
  let min = Infinity;
  let max = -Infinity;
  let minPositive = Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v > 0 && v < minPositive) minPositive = v;
  }
  return {
    min: min === Infinity ? NaN : min,
    max: max === -Infinity ? NaN : max,
    minPositive: minPositive === Infinity ? NaN : minPositive,
  };
}

/**
 * silx "stddev3": [max(min, mean - 3σ), min(max, mean + 3σ)] over finite values (σ: population std).
 * With `log`, over log10 of the positive values, mapped back (silx's log normalisation).
 */
export function meanStd3Sigma(data: AutoscaleSource, log = false): Range {
  const d = numbers(data);
  let n = 0;
  let sum = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0 || (log && v <= 0)) continue;
    const t = log ? Math.log10(v) : v;
    n++;
    sum += t;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n === 0) return { min: NaN, max: NaN };
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0 || (log && v <= 0)) continue;
    const e = (log ? Math.log10(v) : v) - mean;
    ss += e * e;
  }
  const std = Math.sqrt(ss / n);
  const a = log ? 10 ** (mean - 3 * std) : mean - 3 * std;
  const b = log ? 10 ** (mean + 3 * std) : mean + 3 * std;
  return { min: Math.max(lo, a), max: Math.min(hi, b) };
}

/** numpy's lerp for percentiles (exact at both ends). */
function lerp(a: number, b: number, t: number): number {
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** Value of rank r (0-based) of a histogram over raw integer values `offset + bin`. */
function rankInHistogram(hist: Uint32Array, offset: number, ranks: number[], out: number[]): void {
  let cum = 0;
  let r = 0;
  for (let b = 0; b < hist.length && r < ranks.length; b++) {
    cum += hist[b]!;
    while (r < ranks.length && ranks[r]! < cum) out[r++] = b + offset;
  }
}

/** In-place selection (Hoare partition) of the k-th smallest of a[lo..hi]. */
function select(a: Float64Array, lo: number, hi: number, k: number): number {
  while (hi > lo) {
    const pivot = a[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

const BINS = 65536;
let histogram: Uint32Array | undefined;

/** Values of the given sorted ranks among the finite values of d (count n, range [min, max]). */
function rankValues(d: ArrayLike<number>, n: number, min: number, max: number, ranks: number[]): number[] {
  const out = ranks.map(() => NaN);
  if (min === max) return out.fill(min);
  const hist = (histogram ??= new Uint32Array(BINS));
  hist.fill(0);
  const scale = BINS / (max - min);
  // floor((v - min) · scale) is non-decreasing in v, so bins keep the order of values.
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0) continue;
    const b = ((v - min) * scale) | 0;
    hist[b >= BINS ? BINS - 1 : b]!++;
  }
  // The bin of each rank and the rank within it.
  const bins: number[] = [];
  const within: number[] = [];
  let cum = 0;
  let r = 0;
  for (let b = 0; b < BINS && r < ranks.length; b++) {
    const c = hist[b]!;
    while (r < ranks.length && ranks[r]! < cum + c) {
      bins.push(b);
      within.push(ranks[r]! - cum);
      r++;
    }
    cum += c;
  }
  // Gather the few wanted bins' values into one scratch region each, then select in each.
  const wanted = [...new Set(bins)];
  const start = new Map<number, number>();
  let size = 0;
  for (const b of wanted) {
    start.set(b, size);
    size += hist[b]!;
  }
  const buf = scratchF64(SLOT_PERCENTILE, size);
  const fill = new Map(start);
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (v - v !== 0) continue;
    let b = ((v - min) * scale) | 0;
    if (b >= BINS) b = BINS - 1;
    const at = fill.get(b);
    if (at !== undefined) {
      buf[at] = v;
      fill.set(b, at + 1);
    }
  }
  for (let q = 0; q < ranks.length; q++) {
    const b = bins[q]!;
    const s = start.get(b)!;
    out[q] = select(buf, s, s + hist[b]! - 1, s + within[q]!);
  }
  return out;
}

/**
 * The lo-th and hi-th percentiles (0..100) of the finite values, as numpy.nanpercentile (linear).
 * With `log`, over the positive values only (silx's log normalisation). NaN when there are no values.
 */
export function percentiles(data: AutoscaleSource, lo: number, hi: number, log = false): Range {
  const d = numbers(data);
  const small = d instanceof Uint8Array || d instanceof Int8Array || d instanceof Uint16Array || d instanceof Int16Array || d instanceof Uint8ClampedArray;
  let n = 0;
  let hist: Uint32Array | null = null;
  let offset = 0;
  let min = Infinity;
  let max = -Infinity;
  if (small) {
    // Exact histogram of every possible value: one pass, no second look at the data.
    const signed = d instanceof Int8Array || d instanceof Int16Array;
    const size = d instanceof Uint16Array || d instanceof Int16Array ? 65536 : 256;
    offset = signed ? -size / 2 : 0;
    hist = size === 65536 ? (histogram ??= new Uint32Array(BINS)) : new Uint32Array(256);
    hist.fill(0);
    for (let i = 0; i < d.length; i++) hist[d[i]! - offset]!++;
    if (log) for (let b = 0; b <= -offset && b < size; b++) hist[b] = 0; // values <= 0
    for (let b = 0; b < size; b++) n += hist[b]!;
  } else {
    for (let i = 0; i < d.length; i++) {
      const v = d[i]!;
      if (v - v !== 0 || (log && v <= 0)) continue;
      n++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (n === 0) return { min: NaN, max: NaN };
  // numpy 'linear': position q/100 · (n - 1) between the two neighbouring order statistics.
  const pos = [lo, hi].map((q) => (Math.min(100, Math.max(0, q)) / 100) * (n - 1));
  const ranks: number[] = [];
  for (const p of pos) ranks.push(Math.floor(p), Math.min(n - 1, Math.floor(p) + 1));
  const order = ranks.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
  const sortedRanks = order.map((o) => o[0]);
  let values: number[];
  if (hist) {
    values = sortedRanks.map(() => NaN);
    rankInHistogram(hist, offset, sortedRanks, values);
  } else {
    const src = log ? positiveOnly(d) : d;
    values = rankValues(src, n, min, max, sortedRanks);
  }
  const byRank: number[] = new Array<number>(ranks.length);
  order.forEach((o, j) => (byRank[o[1]] = values[j]!));
  return {
    min: lerp(byRank[0]!, byRank[1]!, pos[0]! - Math.floor(pos[0]!)),
    max: lerp(byRank[2]!, byRank[3]!, pos[1]! - Math.floor(pos[1]!)),
  };
}

function positiveOnly(d: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < d.length; i++) if (d[i]! > 0 && d[i]! < Infinity) n++;
  const out = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < d.length; i++) if (d[i]! > 0 && d[i]! < Infinity) out[k++] = d[i]!;
  return out;
}

/**
 * The colour range silx would pick for `mode`, with its fallbacks: [0, 1] ([1, 10] in log) when there is
 * no usable value, and max raised to min when below it.
 */
export function autoscale(data: AutoscaleSource, mode: AutoscaleMode, log = false): Range {
  let r: Range;
  if (mode === 'minmax') {
    const m = minMax(data);
    r = { min: log ? m.minPositive : m.min, max: m.max };
  } else if (mode === 'stddev3') {
    r = meanStd3Sigma(data, log);
  } else {
    r = percentiles(data, 1, 99, log);
  }
  let min = Number.isFinite(r.min) ? r.min : log ? 1 : 0;
  let max = Number.isFinite(r.max) ? r.max : log ? 10 : 1;
  if (log && min <= 0) min = 1;
  if (max < min) max = min;
  return { min, max };
}
