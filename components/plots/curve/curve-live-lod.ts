/**
 * The curve's draw path for long live channels: min/max level of detail kept incrementally per channel
 * (lib/plot-math/minmax-pyramid) instead of reducing every held point again at each redraw, and the
 * x channel's monotonicity checked on new points only. A redraw then costs the points that arrived
 * since the previous one plus the merge of the buckets in view; it never copies or converts the whole
 * channel (the statistics, crosshair and fit read the full arrays lazily, when they run).
 */
import { MinMaxPyramid } from '@/lib/plot-math/minmax-pyramid';
import { lodToXY } from '@/lib/plot-math/lod';
import { visibleRangeBy, type BuiltCurve, type CurveOptions } from './curve-data';

/** A scalar channel read point by point, as the live buffers hold it. */
export interface LiveChannel {
  /** The storage (a new object when the scan's buffers are replaced: what was folded is dropped). */
  readonly identity: object;
  /** Points known (holes included, as NaN). */
  readonly length: number;
  /** Points held from 0 without a hole: final values, folded into the buckets. */
  readonly contiguous: number;
  /** Point i (NaN when not held). */
  at(i: number): number;
}

/** Monotonicity of a growing x channel, checked once per point. */
class Order {
  private asc = true;
  private desc = true;
  private prev = NaN;
  private checked = 0;

  /** Extends the check to [0, final) (values that never change), then over [final, n) without keeping it. */
  of(at: (i: number) => number, final: number, n: number): 'ascending' | 'descending' | null {
    for (; this.checked < final && (this.asc || this.desc); this.checked++) this.step(at(this.checked));
    if (!(this.asc || this.desc)) return null;
    const kept = { asc: this.asc, desc: this.desc, prev: this.prev };
    for (let i = Math.max(final, this.checked); i < n && (this.asc || this.desc); i++) this.step(at(i));
    const order = this.asc ? 'ascending' : this.desc ? 'descending' : null;
    Object.assign(this, kept);
    return order;
  }

  private step(v: number): void {
    if (v - v !== 0) return;
    if (this.prev === this.prev) {
      if (v < this.prev) this.asc = false;
      if (v > this.prev) this.desc = false;
    }
    this.prev = v;
  }
}

interface Entry {
  identity: object;
  pyramid: MinMaxPyramid;
  order: Order;
  used: boolean;
  /** The first and last folded values, checked at each draw (see `stale`). */
  first: number;
  last: number;
}

/**
 * Folded values must not change. Start again on new storage, on fewer final points than folded (a
 * reset), or when the first or last folded value differs from when it was folded: storage that drops or
 * shifts old points (a bounded window) without being replaced.
 */
function stale(e: Entry, ch: LiveChannel): boolean {
  if (e.identity !== ch.identity || ch.contiguous < e.pyramid.length) return true;
  const n = e.pyramid.length;
  return n > 0 && (!Object.is(ch.at(0), e.first) || !Object.is(ch.at(n - 1), e.last));
}

/** Per plot: the buckets and x order of each channel drawn, kept across redraws. */
export class LiveLodCache {
  private readonly entries = new Map<string, Entry>();

  private entry(name: string, ch: LiveChannel): Entry {
    let e = this.entries.get(name);
    if (!e || stale(e, ch)) {
      e = { identity: ch.identity, pyramid: new MinMaxPyramid(), order: new Order(), used: true, first: NaN, last: NaN };
      this.entries.set(name, e);
    }
    e.used = true;
    return e;
  }

  /** The channel's buckets with every final point folded in. */
  pyramid(name: string, ch: LiveChannel): MinMaxPyramid {
    const e = this.entry(name, ch);
    e.pyramid.append(ch.contiguous, (i) => ch.at(i));
    if (e.pyramid.length > 0) {
      e.first = ch.at(0);
      e.last = ch.at(e.pyramid.length - 1);
    }
    return e.pyramid;
  }

  order(name: string, ch: LiveChannel, n: number): 'ascending' | 'descending' | null {
    return this.entry(name, ch).order.of((i) => ch.at(i), Math.min(ch.contiguous, n), n);
  }

  /** Drops the channels not used since the previous call (a curve taken off the plot frees its buckets). */
  sweep(): void {
    for (const [name, e] of this.entries) {
      if (!e.used) this.entries.delete(name);
      e.used = false;
    }
  }

  /** Bytes of buckets held (for tests and memory notes). */
  get byteLength(): number {
    let s = 0;
    for (const e of this.entries.values()) s += e.pyramid.byteLength;
    return s;
  }
}

export interface LiveCurveInput {
  yName: string;
  y: LiveChannel;
  xName: string | null;
  x: LiveChannel | null;
  /** Points to draw: the shortest of x and y. */
  n: number;
  /** The full arrays, read only when statistics, crosshair or fit ask for them. */
  stat: () => { x: ArrayLike<number>; y: ArrayLike<number> };
}

/**
 * A curve drawn from the incremental buckets: the min/max envelope of the points in view in aligned
 * power-of-two buckets (at most `options.buckets`), or, when the view holds no more than
 * `options.lodThreshold` points nor two per bucket, those points themselves. The drawn envelope is exactly what reducing
 * the raw points into the same buckets gives (minmax-pyramid.test.ts).
 */
export function buildLiveCurve(cache: LiveLodCache, input: LiveCurveInput, options: CurveOptions): BuiltCurve {
  const { y, x, n } = input;
  const xRaw = x ? (i: number) => x.at(i) : (i: number) => i;
  const xAt = options.logX ? (i: number) => positive(xRaw(i)) : xRaw;
  let from = 0;
  let to = n;
  if (options.zoomX) {
    const order = x ? cache.order(input.xName!, x, n) : 'ascending';
    if (order) [from, to] = visibleRangeBy(xRaw, n, options.zoomX[0], options.zoomX[1], order);
  }
  const pyramid = cache.pyramid(input.yName, y);
  let stats: { x: ArrayLike<number>; y: ArrayLike<number> } | null = null;
  const full = () => (stats ??= input.stat());
  const base = {
    get statX() {
      return full().x;
    },
    get statY() {
      return full().y;
    },
    points: n,
  };
  // Few points in view: those points (one beyond each edge), not the whole curve clipped by plotly; no
  // more than the envelope would draw (two per bucket), which costs plotly's SVG path as much.
  if (to - from <= Math.min(options.lodThreshold, 2 * options.buckets)) {
    const px = new Float64Array(to - from);
    const py = new Float64Array(to - from);
    for (let i = from; i < to; i++) {
      px[i - from] = xAt(i);
      py[i - from] = options.logY ? positive(y.at(i)) : y.at(i);
    }
    return Object.defineProperties({ x: px, y: py, drawn: px.length, lod: null }, Object.getOwnPropertyDescriptors(base)) as BuiltCurve;
  }
  const { triplets } = pyramid.reduce(from, to, options.buckets, (i) => y.at(i), options.logY === true);
  const r = lodToXY(triplets, to, xAt);
  return Object.defineProperties({ x: r.x, y: r.y, drawn: r.x.length, lod: { from, to, buckets: triplets.length / 3 } }, Object.getOwnPropertyDescriptors(base)) as BuiltCurve;
}

function positive(v: number): number {
  return v > 0 ? v : NaN;
}
