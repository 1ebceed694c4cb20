/**
 * Incremental min/max level of detail for a growing curve. Points are folded in once, as they arrive,
 * into fixed power-of-two buckets (bucket k of width w holds indices [k·w, (k+1)·w)): buckets never
 * shift when the curve grows, so keeping them costs O(new points), and a redraw merges at most
 * `buckets` of them instead of reducing every held point again.
 *
 * Levels: level l holds buckets of width BASE·2^l. A reduction picks the width w (a power of two) that
 * gives at most the buckets asked for over [from, to) and reads each bucket from the level of that width,
 * or, for the partial buckets at the range's edges and for widths under BASE, from a decomposition into
 * aligned buckets of smaller levels plus at most BASE-1 raw points at each end. The result is exactly
 * the min/max of each aligned bucket ∩ [from, to) (what reducing the raw points into those buckets gives).
 *
 * Besides min and max, each bucket keeps the smallest value > 0, so a log axis (values <= 0 are gaps
 * there) is reduced from the same buckets. NaN (a gap) is skipped; a bucket with no value gives NaN.
 */

/** Width of the finest kept level: a tenth of a point's bytes per point (3 float64 per 16 points, over all levels ~2x). */
const BASE_SHIFT = 4;
const BASE = 1 << BASE_SHIFT;

/** Reads point i (i below the pyramid's `length`, or any index a caller reduces raw). */
export type PointReader = (i: number) => number;

export interface AlignedReduction {
  /** [bucket start index, min, max] triplets (the `reduceMinMax` layout: lodToXY draws them). */
  triplets: Float64Array;
  /** Bucket width used (a power of two). */
  width: number;
}

class Level {
  min = new Float64Array(0);
  max = new Float64Array(0);
  pos = new Float64Array(0);
  count = 0;

  grow(buckets: number): void {
    if (buckets <= this.min.length) {
      this.fill(this.count, buckets);
      this.count = Math.max(this.count, buckets);
      return;
    }
    const size = Math.max(buckets, 64, Math.ceil(this.min.length * 1.5));
    const min = new Float64Array(size);
    const max = new Float64Array(size);
    const pos = new Float64Array(size);
    min.set(this.min.subarray(0, this.count));
    max.set(this.max.subarray(0, this.count));
    pos.set(this.pos.subarray(0, this.count));
    this.min = min;
    this.max = max;
    this.pos = pos;
    this.fill(this.count, buckets);
    this.count = buckets;
  }

  private fill(from: number, to: number): void {
    if (to <= from) return;
    this.min.fill(Infinity, from, to);
    this.max.fill(-Infinity, from, to);
    this.pos.fill(Infinity, from, to);
  }
}

/** Running min / max / smallest positive of some values (the empty extremes mean "no value"). */
export class Extremes {
  min = Infinity;
  max = -Infinity;
  pos = Infinity;

  reset(): this {
    this.min = Infinity;
    this.max = -Infinity;
    this.pos = Infinity;
    return this;
  }

  value(v: number): void {
    // NaN fails every comparison: skipped without a test of its own.
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (v > 0 && v < this.pos) this.pos = v;
  }

  merge(min: number, max: number, pos: number): void {
    if (min < this.min) this.min = min;
    if (max > this.max) this.max = max;
    if (pos < this.pos) this.pos = pos;
  }

  /** Min and max as drawn: NaN when no value (a gap); on a log axis only values > 0 count. */
  drawn(log: boolean): [number, number] {
    if (log) return this.max > 0 ? [this.pos, this.max] : [NaN, NaN];
    return this.min === Infinity && this.max === -Infinity ? [NaN, NaN] : [this.min, this.max];
  }
}

export class MinMaxPyramid {
  private readonly levels: Level[] = [];
  /** Points folded in: [0, length). */
  private folded = 0;

  get length(): number {
    return this.folded;
  }

  /** Bytes held by the buckets (for memory accounting). */
  get byteLength(): number {
    return this.levels.reduce((s, l) => s + 3 * l.min.byteLength, 0);
  }

  /**
   * Folds in points [length, to), read with `at` (values at an index must not change once folded: fold
   * only what is final, e.g. the points held without a hole from 0).
   */
  append(to: number, at: PointReader): void {
    const from = this.folded;
    if (to <= from) return;
    // Enough levels for one bucket to cover everything (a new level is filled from 0 below).
    let levelCount = 1;
    while (BASE * 2 ** (levelCount - 1) < to) levelCount++;
    const before = this.levels.map((l) => l.count);
    while (this.levels.length < levelCount) this.levels.push(new Level());
    // Finest level from the raw points, then each level from the one below (only the buckets touched).
    const base = this.levels[0]!;
    base.grow(Math.ceil(to / BASE));
    const ext = new Extremes();
    for (let k = from >> BASE_SHIFT, end = Math.ceil(to / BASE); k < end; k++) {
      const a = Math.max(from, k << BASE_SHIFT);
      const b = Math.min(to, (k + 1) << BASE_SHIFT);
      ext.reset().merge(base.min[k]!, base.max[k]!, base.pos[k]!);
      for (let i = a; i < b; i++) ext.value(at(i));
      base.min[k] = ext.min;
      base.max[k] = ext.max;
      base.pos[k] = ext.pos;
    }
    for (let l = 1; l < this.levels.length; l++) {
      const below = this.levels[l - 1]!;
      const level = this.levels[l]!;
      const shift = BASE_SHIFT + l;
      level.grow(Math.ceil(to / (1 << shift)));
      for (let k = Math.min(from >> shift, before[l] ?? 0), end = Math.ceil(to / (1 << shift)); k < end; k++) {
        ext.reset();
        for (const c of [2 * k, 2 * k + 1]) if (c < below.count) ext.merge(below.min[c]!, below.max[c]!, below.pos[c]!);
        level.min[k] = ext.min;
        level.max[k] = ext.max;
        level.pos[k] = ext.pos;
      }
    }
    this.folded = to;
  }

  /**
   * Extremes of points [a, b) into `out`: folded points from the largest aligned buckets that fit,
   * the rest (unaligned ends, points past `length`) read with `at`.
   */
  extremes(a: number, b: number, at: PointReader, out: Extremes): Extremes {
    const folded = Math.min(b, this.folded);
    let i = a;
    while (i < folded) {
      if ((i & (BASE - 1)) !== 0 || i + BASE > folded) {
        out.value(at(i));
        i++;
        continue;
      }
      // Largest level whose bucket starts at i and ends within the folded part of [a, b).
      let l = 0;
      while (l + 1 < this.levels.length && i % (BASE << (l + 1)) === 0 && i + (BASE << (l + 1)) <= folded) l++;
      const level = this.levels[l]!;
      const k = i / (BASE << l);
      out.merge(level.min[k]!, level.max[k]!, level.pos[k]!);
      i += BASE << l;
    }
    for (; i < b; i++) out.value(at(i));
    return out;
  }

  /**
   * Min/max of [from, to) in aligned power-of-two buckets, at most `buckets` of them (at least one
   * point per bucket). `at` reads points past `length` (and the unaligned ends); with `log`, only values
   * > 0 count (a log axis).
   */
  reduce(from: number, to: number, buckets: number, at: PointReader, log = false): AlignedReduction {
    from = Math.max(0, Math.floor(from));
    to = Math.max(from, Math.floor(to));
    const width = alignedWidth(from, to, buckets);
    const first = Math.floor(from / width);
    const count = to > from ? Math.ceil(to / width) - first : 0;
    const triplets = new Float64Array(3 * count);
    const ext = new Extremes();
    const shift = Math.log2(width) - BASE_SHIFT;
    const level = shift >= 0 && shift < this.levels.length ? this.levels[shift]! : null;
    for (let j = 0; j < count; j++) {
      const k = first + j;
      const a = Math.max(from, k * width);
      const b = Math.min(to, (k + 1) * width);
      ext.reset();
      // A whole folded bucket at this width is one read; partial ones are put together.
      if (level && a === k * width && b === (k + 1) * width && b <= this.folded) ext.merge(level.min[k]!, level.max[k]!, level.pos[k]!);
      else this.extremes(a, b, at, ext);
      const [lo, hi] = ext.drawn(log);
      triplets[3 * j] = a;
      triplets[3 * j + 1] = lo;
      triplets[3 * j + 2] = hi;
    }
    return { triplets, width };
  }
}

/**
 * The bucket width for [from, to) in at most `buckets` aligned buckets: the smallest power of two w with
 * ceil(to / w) - floor(from / w) <= buckets.
 */
export function alignedWidth(from: number, to: number, buckets: number): number {
  const n = to - from;
  const c = Math.max(1, Math.floor(buckets));
  let w = 1;
  while (w < n / c) w *= 2;
  while (Math.ceil(to / w) - Math.floor(from / w) > c) w *= 2;
  return w;
}
