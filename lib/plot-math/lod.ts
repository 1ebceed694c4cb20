/**
 * Level of detail for long curves: min/max per bucket, so a curve of millions of points is drawn with a
 * few thousand and every spike still shows (an average or a decimation would hide a one-sample glitch).
 * The server answers the level-of-detail route (`lodPath`) with `reduceMinMax` (wire format: `LodReply.data`), the client may
 * reduce what it holds the same way, and both draw with `lodToXY`.
 */

/** Values reduceMinMax accepts: any numeric typed array (64-bit integers are read as numbers). */
export type LodSource = ArrayLike<number> | BigInt64Array | BigUint64Array;

/**
 * Min/max reduction of the sample range [from, to) into `buckets` contiguous buckets of (nearly) equal
 * size: bucket k holds [from + floor(k·n/c), from + floor((k+1)·n/c)) with n = to - from and
 * c = min(buckets, n) (each sample is its own bucket when the range is shorter than `buckets`).
 * Samples can be fed in chunks of any size and order (the server reads Redis in chunks), with `add`.
 * `data` holds [index of bucket start, min, max] triplets (float64, the `LodReply.data` layout); NaN
 * samples are skipped and a bucket without any value keeps NaN min and max, so a gap stays a gap.
 */
export class MinMaxReducer {
  readonly from: number;
  readonly to: number;
  readonly buckets: number;
  readonly data: Float64Array;

  constructor(from: number, to: number, buckets: number) {
    this.from = Math.max(0, Math.floor(from));
    this.to = Math.max(this.from, Math.floor(to));
    const n = this.to - this.from;
    this.buckets = Math.max(0, Math.min(Math.floor(buckets), n));
    this.data = new Float64Array(this.buckets * 3).fill(NaN);
    for (let k = 0; k < this.buckets; k++) this.data[3 * k] = this.start(k);
  }

  /** First sample index of bucket k (k may be `buckets`: the end of the range). */
  start(k: number): number {
    return this.from + Math.floor((k * (this.to - this.from)) / this.buckets);
  }

  /** Bucket holding sample index i (from <= i < to): the k with start(k) <= i < start(k + 1). */
  bucketOf(i: number): number {
    return Math.floor(((i - this.from + 1) * this.buckets - 1) / (this.to - this.from));
  }

  /** Folds in samples: values[j] is the sample at index `offset + j`; those outside [from, to) are ignored. */
  add(values: LodSource, offset: number): void {
    if (this.buckets === 0) return;
    const a = Math.max(this.from, offset);
    const b = Math.min(this.to, offset + values.length);
    const big = values instanceof BigInt64Array || values instanceof BigUint64Array;
    const out = this.data;
    let i = a;
    while (i < b) {
      const k = this.bucketOf(i);
      const end = Math.min(b, this.start(k + 1));
      let min = Infinity;
      let max = -Infinity;
      if (big) {
        for (let j = i; j < end; j++) {
          const v = Number((values as BigInt64Array | BigUint64Array)[j - offset]!);
          if (v < min) min = v;
          if (v > max) max = v;
        }
      } else {
        const num = values as ArrayLike<number>;
        for (let j = i; j < end; j++) {
          const v = num[j - offset]!;
          // NaN fails both comparisons, so it is skipped without a test of its own.
          if (v < min) min = v;
          if (v > max) max = v;
        }
      }
      // Untouched extremes mean only NaN was seen (a bucket of +Infinity alone still moves max).
      if (min !== Infinity || max !== -Infinity) {
        const lo = out[3 * k + 1]!;
        const hi = out[3 * k + 2]!;
        if (!(lo <= min)) out[3 * k + 1] = min;
        if (!(hi >= max)) out[3 * k + 2] = max;
      }
      i = end;
    }
  }
}

/** reduceMinMax on a whole array: the triplets of y[from..to) in `buckets` buckets (see MinMaxReducer). */
export function reduceMinMax(y: LodSource, from: number, to: number, buckets: number): Float64Array {
  const reducer = new MinMaxReducer(Math.min(from, y.length), Math.min(to, y.length), buckets);
  reducer.add(y, 0);
  return reducer.data;
}

/** End index (exclusive) of bucket k of a reduceMinMax result whose range ended at `to`. */
function bucketEnd(triplets: Float64Array, k: number, to: number): number {
  return 3 * (k + 1) < triplets.length ? triplets[3 * (k + 1)]! : to;
}

/**
 * Expands min/max buckets into a polyline of two points per bucket, at the bucket's first and last
 * sample index (mapped through `xAt`, e.g. to the x channel's value; identity by default). Within a
 * bucket the extreme nearer the previous bucket's last point comes first, so a ramp is drawn as a ramp
 * and a spike as a vertical excursion that comes back. All-NaN buckets give NaN (a break in the line).
 * `to` is the end (exclusive) of the reduced range, needed for the last bucket's width.
 */
export function lodToXY(
  triplets: Float64Array,
  to: number,
  xAt: (index: number) => number = (i) => i,
): { x: Float64Array; y: Float64Array } {
  const count = Math.floor(triplets.length / 3);
  const x = new Float64Array(2 * count);
  const y = new Float64Array(2 * count);
  let prev = NaN;
  for (let k = 0; k < count; k++) {
    const start = triplets[3 * k]!;
    const min = triplets[3 * k + 1]!;
    const max = triplets[3 * k + 2]!;
    const last = Math.max(start, bucketEnd(triplets, k, to) - 1);
    let ref = prev;
    if (ref !== ref) {
      // No previous point: aim the first bucket's second point at the next bucket's middle.
      ref = NaN;
      for (let j = k + 1; j < count && ref !== ref; j++) ref = (triplets[3 * j + 1]! + triplets[3 * j + 2]!) / 2;
    }
    // Draw from the extreme nearer where the line comes from; for the first bucket end near where it goes.
    const minFirst = prev === prev ? Math.abs(min - ref) <= Math.abs(max - ref) : !(Math.abs(max - ref) > Math.abs(min - ref));
    x[2 * k] = xAt(start);
    x[2 * k + 1] = xAt(last);
    y[2 * k] = minFirst ? min : max;
    y[2 * k + 1] = minFirst ? max : min;
    prev = y[2 * k + 1]!;
  }
  return { x, y };
}
