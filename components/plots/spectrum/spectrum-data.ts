/**
 * Pure logic of spectrum plots (MCA and 1D channels): the sum or average of every spectrum of a scan,
 * kept incrementally as points arrive, and the x axis of a spectrum.
 *
 * Points that are not held (expired or not received) are left out of the sum and counted, so the plot
 * can say "sum of 180 of 200 points (20 expired)" instead of pretending.
 */
import type { OneDimX } from '@/lib/plot-model';

/** What the accumulator needs of a StreamBuffer (kept structural for tests). */
export interface SpectrumSource {
  readonly length: number;
  readonly itemsPerPoint: number;
  readonly latestOnly: boolean;
  readonly gaps: readonly { from: number; to: number; reason: string }[];
  has(i: number): boolean;
  toFloat64(from?: number, to?: number): Float64Array;
}

const CHUNK_VALUES = 1 << 20;

export class SpectrumAccumulator {
  sum = new Float64Array(0);
  /** Points added. */
  count = 0;
  /** Points [0, upTo) have been looked at. */
  upTo = 0;
  /** Points below upTo that were not held (gaps). */
  skipped = 0;
  private per = 0;
  private signature = '';

  reset(per: number): void {
    this.per = per;
    if (this.sum.length !== per) this.sum = new Float64Array(per);
    else this.sum.fill(0);
    this.count = 0;
    this.upTo = 0;
    this.skipped = 0;
  }

  /** Adds `count` points laid out one after another (per values each); points with a NaN are skipped. */
  addPoints(values: ArrayLike<number>, count: number, per: number): void {
    if (per !== this.per) {
      // Before the first point the size is simply learnt: points already skipped (expired) stay counted.
      if (this.count === 0) {
        this.per = per;
        this.sum = new Float64Array(per);
      } else this.reset(per);
    }
    const sum = this.sum;
    for (let p = 0; p < count; p++) {
      const at = p * per;
      let ok = true;
      for (let k = 0; k < per && ok; k++) ok = values[at + k] === values[at + k];
      if (!ok) {
        this.skipped++;
        continue;
      }
      for (let k = 0; k < per; k++) sum[k]! += values[at + k]!;
      this.count++;
    }
    this.upTo += count;
  }

  /**
   * Brings the sum up to date with a buffer holding every point ("all" delivery). Adds only new points;
   * starts over when the buffer shrank, its point size changed, or its gaps changed (late points filled
   * a hole). Not for latest-only buffers: those hold a single point (see `addPoints` with fetched slices).
   */
  syncWith(buffer: SpectrumSource): void {
    const per = buffer.itemsPerPoint;
    const signature = buffer.gaps.map((g) => `${g.from}-${g.to}-${g.reason}`).join(',');
    if (per !== this.per || buffer.length < this.upTo || signature !== this.signature) {
      this.reset(per);
      this.signature = signature;
    }
    const chunk = Math.max(1, Math.floor(CHUNK_VALUES / Math.max(1, per)));
    while (this.upTo < buffer.length) {
      const from = this.upTo;
      const to = Math.min(buffer.length, from + chunk);
      const values = buffer.toFloat64(from, to);
      // Points the buffer does not hold read as NaN and are counted as skipped by addPoints.
      this.addPoints(values, to - from, per);
    }
  }

  /** Sum, or average over the points added (NaN when none), into `out`. */
  result(mode: 'sum' | 'average', out?: Float64Array): Float64Array {
    const o = out && out.length === this.per ? out : new Float64Array(this.per);
    if (mode === 'sum') o.set(this.sum);
    else for (let k = 0; k < this.per; k++) o[k] = this.count ? this.sum[k]! / this.count : NaN;
    return o;
  }
}

/**
 * x values of a spectrum of `n` channels: channel index, a fixed array (`xaxis_array`, NaN past its
 * end), or the values of an x channel's spectrum at the same point (null when not available yet).
 */
export function spectrumX(x: OneDimX | { kind: 'index' }, n: number, channelValues: ArrayLike<number> | null, out?: Float64Array): Float64Array {
  const o = out && out.length === n ? out : new Float64Array(n);
  if (x.kind === 'array') {
    for (let i = 0; i < n; i++) o[i] = i < x.values.length ? x.values[i]! : NaN;
  } else if (x.kind === 'channel' && channelValues) {
    for (let i = 0; i < n; i++) o[i] = i < channelValues.length ? channelValues[i]! : NaN;
  } else {
    for (let i = 0; i < n; i++) o[i] = i;
  }
  return o;
}

/** Point index a spectrum/image view shows: the wanted one clamped, or the latest when following. */
export function shownIndex(wanted: number | null | undefined, follow: boolean | undefined, latest: number): number {
  if (latest < 0) return -1;
  if (follow !== false && (wanted === null || wanted === undefined)) return latest;
  if (follow === true) return latest;
  const w = wanted ?? latest;
  return Math.max(0, Math.min(latest, Math.floor(w)));
}
