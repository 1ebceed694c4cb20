import { describe, expect, it } from 'vitest';
import { StreamBuffer } from '@/lib/live-data/stream-buffer';
import { lodToXY } from '@/lib/plot-math/lod';
import { alignedWidth } from '@/lib/plot-math/minmax-pyramid';
import { seededRandom } from '@/lib/plot-math/seeded-random.fixture';
import { visibleRange } from './curve-data';
import { buildLiveCurve, LiveLodCache, type LiveChannel } from './curve-live-lod';
import { bufferSource, curveSpecs, prepareCurves } from './curve-prepare';

/** Min/max of each aligned bucket of y[from, to), point by point (the reduction the buckets must equal). */
function naiveTriplets(y: ArrayLike<number>, from: number, to: number, buckets: number, log = false): Float64Array {
  const w = alignedWidth(from, to, buckets);
  const out: number[] = [];
  for (let k = Math.floor(from / w); k * w < to; k++) {
    const a = Math.max(from, k * w);
    const b = Math.min(to, (k + 1) * w);
    let lo = NaN;
    let hi = NaN;
    for (let i = a; i < b; i++) {
      const v = y[i]!;
      if (Number.isNaN(v) || (log && v <= 0)) continue;
      lo = Number.isNaN(lo) ? v : Math.min(lo, v);
      hi = Number.isNaN(hi) ? v : Math.max(hi, v);
    }
    out.push(a, lo, hi);
  }
  return Float64Array.from(out);
}

/** A growing channel over an array, counting the points read. */
function channel(values: Float64Array, identity: object = {}): LiveChannel & { held: number; reads: number } {
  const ch = {
    identity,
    held: 0,
    reads: 0,
    get length() {
      return ch.held;
    },
    get contiguous() {
      return ch.held;
    },
    at(i: number) {
      ch.reads++;
      return i < ch.held ? values[i]! : NaN;
    },
  };
  return ch;
}

const options = { lodThreshold: 20_000, buckets: 3072 };

describe('buildLiveCurve', () => {
  it('draws exactly the aligned min/max envelope at every redraw of a growing curve, reading the new points only', () => {
    const r = seededRandom(7);
    const n = 400_000;
    const xv = Float64Array.from({ length: n }, (_, i) => i * 0.01 + r() * 0.001);
    const yv = Float64Array.from({ length: n }, (_, i) => (i % 9973 === 0 ? NaN : Math.sin(i / 500) * 100 + r() * 10));
    yv[123_457] = 1e6; // a one-sample spike
    const x = channel(xv);
    const y = channel(yv);
    const cache = new LiveLodCache();
    const stat = () => ({ x: xv, y: yv });
    for (let held = 30_000; held <= n; held += 37_000) {
      x.held = y.held = held;
      y.reads = 0;
      const built = buildLiveCurve(cache, { yName: 'y', y, xName: 'x', x, n: held, stat }, options);
      const expected = lodToXY(naiveTriplets(yv, 0, held, options.buckets), held, (i) => xv[i]!);
      expect(Array.from(built.y)).toEqual(Array.from(expected.y));
      expect(Array.from(built.x)).toEqual(Array.from(expected.x));
      expect([built.points, built.lod?.from, built.lod?.to]).toEqual([held, 0, held]);
      // The 37 000 new points (the first time: all) and a few raw reads at the unaligned end.
      expect(y.reads).toBeLessThan((held === 30_000 ? held : 37_000) + 32);
      if (held >= 123_458) expect(Math.max(...built.y)).toBe(1e6);
    }
  });

  it('reduces the zoomed range through a monotonic x, and draws the raw points once few are in view', () => {
    const n = 100_000;
    const xv = Float64Array.from({ length: n }, (_, i) => 1000 - i * 0.01); // descending
    const yv = Float64Array.from({ length: n }, (_, i) => Math.cos(i / 77) + (i % 5));
    const x = channel(xv);
    const y = channel(yv);
    x.held = y.held = n;
    const cache = new LiveLodCache();
    const stat = () => ({ x: xv, y: yv });
    const wide = buildLiveCurve(cache, { yName: 'y', y, xName: 'x', x, n, stat }, { ...options, zoomX: [200, 900] });
    const [from, to] = visibleRange(xv, n, 200, 900)!;
    expect(wide.lod).toMatchObject({ from, to });
    expect(Array.from(wide.y)).toEqual(Array.from(lodToXY(naiveTriplets(yv, from, to, options.buckets), to, (i) => xv[i]!).y));
    const narrow = buildLiveCurve(cache, { yName: 'y', y, xName: 'x', x, n, stat }, { ...options, zoomX: [500, 510] });
    const [a, b] = visibleRange(xv, n, 500, 510)!;
    expect(narrow.lod).toBeNull();
    expect(Array.from(narrow.x)).toEqual(Array.from(xv.subarray(a, b)));
    expect(Array.from(narrow.y)).toEqual(Array.from(yv.subarray(a, b)));
    // 10 000 points in view: under the threshold, but more than two per bucket: the envelope.
    const mid = buildLiveCurve(cache, { yName: 'y', y, xName: 'x', x, n, stat }, { ...options, zoomX: [600, 700] });
    expect(mid.lod).not.toBeNull();
    expect(mid.drawn).toBeLessThanOrEqual(2 * options.buckets);
  });

  it('on a log axis draws the envelope of the values above 0 (the others are gaps there)', () => {
    const n = 50_000;
    const yv = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 300) * 10);
    const y = channel(yv);
    y.held = n;
    const built = buildLiveCurve(new LiveLodCache(), { yName: 'y', y, xName: null, x: null, n, stat: () => ({ x: [], y: yv }) }, { ...options, logY: true });
    const expected = lodToXY(naiveTriplets(yv, 0, n, options.buckets, true), n);
    expect(Array.from(built.y)).toEqual(Array.from(expected.y));
    expect(built.y.some((v) => Number.isNaN(v))).toBe(true);
    expect(built.y.every((v) => Number.isNaN(v) || v > 0)).toBe(true);
  });

  it('starts again when the buffers are replaced', () => {
    const cache = new LiveLodCache();
    const a = Float64Array.from({ length: 30_000 }, () => 1);
    const b = Float64Array.from({ length: 30_000 }, () => 2);
    const ya = channel(a, {});
    ya.held = 30_000;
    buildLiveCurve(cache, { yName: 'y', y: ya, xName: null, x: null, n: 30_000, stat: () => ({ x: [], y: a }) }, options);
    const yb = channel(b, {});
    yb.held = 30_000;
    const built = buildLiveCurve(cache, { yName: 'y', y: yb, xName: null, x: null, n: 30_000, stat: () => ({ x: [], y: b }) }, options);
    expect(new Set(built.y)).toEqual(new Set([2]));
  });

  it('starts again when folded points change in the same storage (old points dropped or shifted)', () => {
    const cache = new LiveLodCache();
    const values = Float64Array.from({ length: 40_000 }, (_, i) => i);
    const y = channel(values);
    y.held = 40_000;
    const stat = () => ({ x: [], y: values });
    expect(Math.max(...buildLiveCurve(cache, { yName: 'y', y, xName: null, x: null, n: 40_000, stat }, options).y)).toBe(39_999);
    // The oldest points shifted out (a window keeping the newest): every index holds another value.
    values.copyWithin(0, 10_000);
    values.fill(-5, 30_000);
    const built = buildLiveCurve(cache, { yName: 'y', y, xName: null, x: null, n: 40_000, stat }, options);
    expect(Array.from(built.y)).toEqual(Array.from(lodToXY(naiveTriplets(values, 0, 40_000, options.buckets), 40_000).y));
  });
});

describe('prepareCurves over live buffers', () => {
  it('draws a long <u4 channel from the buckets without reading it whole, statistics read it when asked', () => {
    const n = 60_000;
    const x = new StreamBuffer({ dtype: '<f8', pointShape: [] });
    const y = new StreamBuffer({ dtype: '<u4', pointShape: [] });
    const xs = Float64Array.from({ length: n }, (_, i) => i / 100);
    const ys = Uint32Array.from({ length: n }, (_, i) => (i * 7919) % 1000);
    const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    let fullReads = 0;
    const buffers: Record<string, StreamBuffer> = { x, y };
    const liveLod = new LiveLodCache();
    const base = { xName: 'x', logX: false, logY: false, logY2: false, zoomX: null, buckets: 2048, lodThreshold: 20_000, builders: new Map(), liveLod, serverLod: () => null, names: () => ({ channels: ['x', 'y'] }), expressions: new Map() };
    for (let held = 0; held < n; held += 15_000) {
      x.write(held, 15_000, bytes(xs.subarray(held, held + 15_000)));
      y.write(held, 15_000, bytes(ys.subarray(held, held + 15_000)));
      const source = bufferSource(
        (name) => {
          const b = buffers[name];
          return b && Object.assign(Object.create(b) as StreamBuffer, { toFloat64: (f: number, t: number) => (fullReads++, b.toFloat64(f, t)) });
        },
        () => ({ length: held + 15_000, sealed: false }),
      );
      fullReads = 0;
      const out = prepareCurves({ ...base, source, specs: curveSpecs([], { y: ['y'] }) });
      const built = out.curves[0]!.built!;
      const m = held + 15_000;
      expect(built.points).toBe(m);
      if (m > 20_000) {
        expect(fullReads).toBe(0);
        const expected = lodToXY(naiveTriplets(Float64Array.from(ys.subarray(0, m)), 0, m, 2048), m, (i) => xs[i]!);
        expect(Array.from(built.y)).toEqual(Array.from(expected.y));
        expect(Array.from(built.x)).toEqual(Array.from(expected.x));
        // Statistics, crosshair and fit read the channels whole, when they run.
        expect(Array.from(built.statY).slice(0, m)).toEqual(Array.from(ys.subarray(0, m)));
        expect(fullReads).toBeGreaterThan(0);
      }
    }
  });
});
