/**
 * Min/max of a scalar stream's points that left the raw window (scan-window.ts), in buckets of a fixed
 * power-of-two size: bucket k holds indices [k·size, (k+1)·size). Boundaries depend on the index alone,
 * so they never shift as points arrive, points may be folded in any order (a late catch-up frame below
 * the window lands in its bucket), and when the buckets run out the size doubles by merging pairs in
 * place: memory stays at `maxBuckets` pairs of float64 whatever the scan's length.
 *
 * NaN (gaps) is skipped: a bucket that saw no value keeps NaN min and max, a break in the drawn line.
 * `triplets` gives the `LodReply.data` layout ([bucket start, min, max]...) that the curve plot already
 * draws for the server's summary.
 */

/** Buckets kept at most: about two per horizontal pixel of a wide screen. */
export const SUMMARY_MAX_BUCKETS = 4096;

export class PointSummary {
  /** Points per bucket (a power of two). */
  bucketSize = 1;
  /** Buckets in use (highest bucket written + 1). */
  buckets = 0;
  private readonly mins: Float64Array;
  private readonly maxs: Float64Array;

  constructor(readonly maxBuckets = SUMMARY_MAX_BUCKETS) {
    if (!(maxBuckets >= 2) || maxBuckets % 2 !== 0) throw new RangeError(`maxBuckets must be even and >= 2, got ${maxBuckets}`);
    this.mins = new Float64Array(maxBuckets).fill(NaN);
    this.maxs = new Float64Array(maxBuckets).fill(NaN);
  }

  get byteLength(): number {
    return this.mins.byteLength + this.maxs.byteLength;
  }

  /** Folds in values[j] as the point at index `start + j` (NaN skipped). */
  add(start: number, values: ArrayLike<number>, count = values.length): void {
    if (count <= 0) return;
    const last = start + count - 1;
    while (Math.floor(last / this.bucketSize) >= this.maxBuckets) this.coarsen();
    const size = this.bucketSize;
    const mins = this.mins;
    const maxs = this.maxs;
    let j = 0;
    while (j < count) {
      const k = Math.floor((start + j) / size);
      const end = Math.min(count, (k + 1) * size - start);
      let lo = mins[k]!;
      let hi = maxs[k]!;
      let seen = false;
      for (; j < end; j++) {
        const v = values[j]!;
        if (v !== v) continue;
        // NaN in lo/hi (bucket not seen yet) fails the comparison: the first value sets both.
        if (!(v >= lo)) lo = v;
        if (!(v <= hi)) hi = v;
        seen = true;
      }
      if (seen) {
        mins[k] = lo;
        maxs[k] = hi;
        if (k >= this.buckets) this.buckets = k + 1;
      }
    }
  }

  /** Forgets everything (the stream started over). */
  clear(): void {
    this.mins.fill(NaN);
    this.maxs.fill(NaN);
    this.bucketSize = 1;
    this.buckets = 0;
  }

  /** Doubles the bucket size: new bucket k is old buckets 2k and 2k+1. */
  private coarsen(): void {
    const mins = this.mins;
    const maxs = this.maxs;
    const n = Math.ceil(this.buckets / 2);
    for (let k = 0; k < n; k++) {
      mins[k] = nanMin(mins[2 * k]!, mins[2 * k + 1]!);
      maxs[k] = nanMax(maxs[2 * k]!, maxs[2 * k + 1]!);
    }
    mins.fill(NaN, n);
    maxs.fill(NaN, n);
    this.buckets = n;
    this.bucketSize *= 2;
  }

  /**
   * [start, min, max] triplets of the buckets covering [0, upTo), with buckets of `size` points (at
   * least this summary's own size, a power of two: two summaries of one scan are read at the larger of
   * their sizes so that their buckets line up). The last bucket may end inside the range's end.
   */
  triplets(upTo: number, size = this.bucketSize): Float64Array {
    size = Math.max(size, this.bucketSize);
    const factor = size / this.bucketSize;
    if (!Number.isInteger(factor) || (factor & (factor - 1)) !== 0) throw new RangeError(`bucket size ${size} is not a power-of-two multiple of ${this.bucketSize}`);
    const count = Math.max(0, Math.ceil(upTo / size));
    const out = new Float64Array(3 * count);
    for (let k = 0; k < count; k++) {
      let lo = NaN;
      let hi = NaN;
      const from = k * factor;
      const to = Math.min(this.buckets, from + factor);
      for (let b = from; b < to; b++) {
        lo = nanMin(lo, this.mins[b]!);
        hi = nanMax(hi, this.maxs[b]!);
      }
      out[3 * k] = k * size;
      out[3 * k + 1] = lo;
      out[3 * k + 2] = hi;
    }
    return out;
  }
}

function nanMin(a: number, b: number): number {
  return a !== a ? b : b !== b ? a : a < b ? a : b;
}

function nanMax(a: number, b: number): number {
  return a !== a ? b : b !== b ? a : a > b ? a : b;
}
