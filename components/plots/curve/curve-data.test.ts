import { describe, expect, it } from 'vitest';
import { reduceMinMax } from '@/lib/plot-math/lod';
import { CurveBuilder, derivativeWithGaps, gapNotes, IndexAxis, monotonic, serverLodToXY, visibleRange } from './curve-data';

const opts = { lodThreshold: 200_000, buckets: 2000 };

describe('CurveBuilder', () => {
  it('copies x and y and uses the point index when there is no x channel', () => {
    const b = new CurveBuilder();
    const c = b.build({ x: null, y: Float64Array.of(3, 1, 4, 1, 5) }, 5, opts);
    expect([...c.x]).toEqual([0, 1, 2, 3, 4]);
    expect([...c.y]).toEqual([3, 1, 4, 1, 5]);
    expect(c.points).toBe(5);
    expect(c.lod).toBeNull();
  });

  it('uses the shortest of x, y and monitor', () => {
    const b = new CurveBuilder();
    const c = b.build({ x: Float64Array.of(0.1, 0.2), y: Float64Array.of(1, 2, 3) }, 3, opts);
    expect(c.points).toBe(2);
    expect([...c.x]).toEqual([0.1, 0.2]);
  });

  it('normalises by a monitor, a zero monitor giving a gap', () => {
    const b = new CurveBuilder();
    const c = b.build({ x: null, y: Float64Array.of(10, 20, 30, NaN), monitor: Float64Array.of(2, 0, 5, 1) }, 4, opts);
    expect([...c.y]).toEqual([5, NaN, 6, NaN]);
  });

  it('masks values a log axis cannot show as gaps, keeping them for the statistics', () => {
    const b = new CurveBuilder();
    const c = b.build({ x: Float64Array.of(-1, 1, 2), y: Float64Array.of(-1, 0, 2) }, 3, { ...opts, logX: true, logY: true });
    expect([...c.x]).toEqual([NaN, 1, 2]);
    expect([...c.y]).toEqual([NaN, NaN, 2]);
    expect(Array.from(c.statY)).toEqual([-1, 0, 2]);
  });

  it('reuses its arrays from frame to frame', () => {
    const b = new CurveBuilder();
    const y = new Float64Array(100).map((_, i) => i);
    const first = b.build({ x: null, y }, 50, opts);
    const second = b.build({ x: null, y }, 60, opts);
    expect(second.y.buffer).toBe(first.y.buffer);
    expect(second.y[59]).toBe(59);
  });

  it('reduces long curves to min/max buckets, keeping spikes and gaps', () => {
    const n = 1_000_000;
    const y = new Float64Array(n).fill(1);
    y[123_456] = 50; // a one-sample glitch
    y.fill(NaN, 500_000, 600_000); // expired
    const b = new CurveBuilder();
    const c = b.build({ x: null, y }, n, { lodThreshold: 200_000, buckets: 1000 });
    expect(c.lod).toEqual({ from: 0, to: n, buckets: 1000 });
    expect(c.drawn).toBe(2000);
    expect(Math.max(...c.y.filter((v) => !Number.isNaN(v)))).toBe(50);
    // Buckets 500..599 hold only NaN: the line breaks there.
    expect(c.y[2 * 550]).toBeNaN();
    expect(c.y[2 * 499]).toBe(1);
    expect(c.x[2 * 10]).toBe(10_000);
    // Not copied: the statistics read the input itself.
    expect(c.statY === y).toBe(true);
  });

  it('copies before reducing when a transform applies, and masks for log axes', () => {
    const n = 300_000;
    const y = new Float64Array(n).map((_, i) => (i % 1000 === 0 ? -5 : 1 + (i % 7)));
    const c = new CurveBuilder().build({ x: null, y }, n, { lodThreshold: 200_000, buckets: 100, logY: true });
    expect(c.lod).not.toBeNull();
    expect(c.statY === y).toBe(false);
    expect(Math.min(...c.y.filter((v) => !Number.isNaN(v)))).toBe(1);
  });

  it('re-decimates only the zoomed range, at full resolution once it is small enough', () => {
    const n = 400_000;
    const x = new Float64Array(n).map((_, i) => i * 0.01);
    const y = new Float64Array(n).map((_, i) => Math.sin(i / 1000));
    const b = new CurveBuilder();
    const wide = b.build({ x, y }, n, { lodThreshold: 200_000, buckets: 1000 });
    expect(wide.lod?.to).toBe(n);
    const zoomed = b.build({ x, y }, n, { lodThreshold: 200_000, buckets: 1000, zoomX: [100, 1000] });
    // 90 000 points in view: drawn as they are.
    expect(zoomed.lod).toBeNull();
    expect(zoomed.drawn).toBe(n);
    const mid = b.build({ x, y }, n, { lodThreshold: 50_000, buckets: 1000, zoomX: [100, 1000] });
    expect(mid.lod).toEqual({ from: 9_999, to: 100_002, buckets: 1000 });
    expect(mid.x[0]).toBeCloseTo(99.99, 9);
  });
});

describe('visibleRange and monotonic', () => {
  const x = new Float64Array(1000).map((_, i) => i);
  it('finds the points in view with one point of margin', () => {
    expect(visibleRange(x, 1000, 100.5, 200.2)).toEqual([100, 202]);
    expect(visibleRange(x, 1000, 200.2, 100.5)).toEqual([100, 202]);
    expect(visibleRange(x, 1000, -50, 5000)).toEqual([0, 1000]);
  });
  it('handles descending x and NaN holes', () => {
    const d = new Float64Array(10).map((_, i) => 9 - i); // 9..0
    d[4] = NaN;
    expect(monotonic(d, 10)).toBe('descending');
    expect(visibleRange(d, 10, 2, 5)).toEqual([3, 9]);
  });
  it('gives up on back-and-forth x', () => {
    expect(monotonic([0, 1, 2, 1, 0], 5)).toBeNull();
    expect(visibleRange([0, 1, 2, 1, 0], 5, 0, 1)).toBeNull();
  });
});

describe('derivativeWithGaps', () => {
  it('derives each finite run and breaks the line between runs', () => {
    const n = 60;
    const x = new Float64Array(n).map((_, i) => i);
    const y = new Float64Array(n).map((_, i) => i * i);
    y[30] = NaN;
    const d = derivativeWithGaps(x, y, n);
    const breaks = [...d.y].map((v, i) => (Number.isNaN(v) ? i : -1)).filter((i) => i >= 0);
    expect(breaks.length).toBe(1);
    const at = breaks[0]!;
    // No derivative point lies in the hole, on either side of the break.
    expect(d.x[at - 1]!).toBeLessThan(30);
    expect(d.x[at + 1]!).toBeGreaterThan(30);
    // d(x²)/dx = 2x, exactly for a quadratic inside each run.
    const i15 = [...d.x].indexOf(15);
    const i45 = [...d.x].indexOf(45);
    expect(d.y[i15]).toBeCloseTo(30, 9);
    expect(d.y[i45]).toBeCloseTo(90, 9);
  });

  it('is what the builder draws with `derivative`', () => {
    const x = new Float64Array(40).map((_, i) => i * 0.5);
    const y = new Float64Array(40).map((_, i) => 3 * i * 0.5 + 1);
    const c = new CurveBuilder().build({ x, y }, 40, { ...opts, derivative: true });
    expect(c.points).toBeGreaterThan(20);
    for (const v of c.y) expect(v).toBeCloseTo(3, 9);
  });
});

describe('IndexAxis', () => {
  it('extends the index without rewriting it', () => {
    const a = new IndexAxis();
    expect([...a.get(3)]).toEqual([0, 1, 2]);
    expect([...a.get(5)]).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('serverLodToXY', () => {
  it('maps bucket ends to the x channel reduced into the same buckets', () => {
    const n = 1000;
    const x = new Float64Array(n).map((_, i) => 10 + i * 0.1);
    const y = new Float64Array(n).map((_, i) => (i === 333 ? 100 : 0));
    const yl = reduceMinMax(y, 0, n, 10);
    const xl = reduceMinMax(x, 0, n, 10);
    const r = serverLodToXY(yl, n, xl);
    expect(r.x.length).toBe(20);
    expect(r.x[0]).toBeCloseTo(10, 9);
    expect(r.x[1]).toBeCloseTo(19.9, 9);
    expect(r.x[19]).toBeCloseTo(109.9, 9);
    expect(Math.max(...r.y)).toBe(100);
  });

  it('handles descending x', () => {
    const n = 100;
    const x = new Float64Array(n).map((_, i) => -i);
    const r = serverLodToXY(reduceMinMax(new Float64Array(n), 0, n, 4), n, reduceMinMax(x, 0, n, 4));
    expect([...r.x]).toEqual([-0, -24, -25, -49, -50, -74, -75, -99]);
  });
});

describe('gapNotes', () => {
  it('says which points expired or are missing, naming channels when not all have the hole', () => {
    const notes = gapNotes([
      { label: 'roby', gaps: [{ from: 120, to: 360, reason: 'expired' }] },
      {
        label: 'diode1',
        gaps: [
          { from: 120, to: 360, reason: 'expired' },
          { from: 400, to: 401, reason: 'missing' },
        ],
      },
    ]);
    expect(notes).toEqual(['points 120–359 expired from Redis', 'diode1: point 400 not received yet']);
  });
  it('clips to what is drawn', () => {
    expect(gapNotes([{ label: 'a', gaps: [{ from: 5, to: 50, reason: 'missing' }] }], 10)).toEqual(['points 5–9 not received yet']);
    expect(gapNotes([{ label: 'a', gaps: [{ from: 50, to: 60, reason: 'missing' }] }], 10)).toEqual([]);
  });
});
