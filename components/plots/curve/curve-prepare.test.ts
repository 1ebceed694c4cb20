import { describe, expect, it } from 'vitest';
import type { Gap } from '@/lib/live-data/gap-list';
import { CURVE_COLORS } from '../plot-frame';
import type { CurveBuilder } from './curve-data';
import { curveDataset, curveTraces } from './curve-figure';
import { bufferSource, channelsRead, curveSpecs, leftTitle, lodBuckets, prepareCurves, rightTitle, type ChannelSource } from './curve-prepare';

const theme = { fg: '#111111', grid: '#222222', bg: '#ffffff', axisLine: '#333333', font: 12, line: 1.6 };

/** A channel source over plain arrays: `held` points of each are held, `total` published. */
function arrays(data: Record<string, number[]>, total: Record<string, number> = {}, gaps: Record<string, Gap[]> = {}): ChannelSource {
  return {
    nonScalar: [],
    read: (n) => (data[n] ? Float64Array.from(data[n]) : null),
    contiguous: (n) => data[n]?.length ?? 0,
    total: (n) => total[n] ?? data[n]?.length ?? 0,
    sealed: () => true,
    gaps: (n) => gaps[n] ?? [],
  };
}

const base = { xName: 'x', logX: false, logY: false, logY2: false, zoomX: null, buckets: 512, lodThreshold: 20_000, serverLod: () => null, names: () => ({ channels: ['x', 'y', 'm', 'I0', 'It'] }), expressions: new Map() };

describe('curve specs', () => {
  it('takes the view selection, else the model items, colours in order, with the monitor and derivative', () => {
    const items = [
      { y: 'a', yAxis: 'left' as const },
      { y: 'b', yAxis: 'right' as const },
    ];
    const fromModel = curveSpecs(items, {});
    expect(fromModel.map((s) => [s.name, s.axis, s.color, s.monitor, s.derivative])).toEqual([
      ['a', 'left', CURVE_COLORS[0], null, false],
      ['b', 'right', CURVE_COLORS[1], null, false],
    ]);
    const fromView = curveSpecs(items, { y: ['c', 'd'], y2: [], normalize: 'mon', derivative: true });
    expect(fromView.map((s) => [s.name, s.axis, s.label, s.monitor, s.derivative])).toEqual([
      ['c', 'left', 'd(c / mon)/dx', 'mon', true],
      ['d', 'left', 'd(d / mon)/dx', 'mon', true],
    ]);
    // A curve's key changes with anything that changes its points (its builder and statistics are others).
    expect(new Set([...fromModel, ...fromView, ...curveSpecs(items, { math: { a: { negate: true } } })].map((s) => s.key)).size).toBe(5);
    expect(leftTitle(fromView, (n) => n.toUpperCase())).toBe('');
    expect(leftTitle(fromView.slice(0, 1), (n) => n.toUpperCase())).toBe('C / mon (derivative)');
    expect(rightTitle(fromView, (n) => n)).toBeNull();
    expect(rightTitle(fromModel, (n) => n)).toBe('b');
    expect(channelsRead('x', fromView)).toEqual(['x', 'c', 'd', 'mon']);
  });

  it('asks for two LOD buckets per pixel in steps of 256, at least 512', () => {
    expect(lodBuckets(0)).toBe(1792); // 800 px by default
    expect(lodBuckets(100)).toBe(512);
    expect(lodBuckets(1000)).toBe(2048);
  });
});

describe('prepareCurves', () => {
  it('divides by the monitor point by point and counts the points held', () => {
    const specs = curveSpecs([], { y: ['y'], normalize: 'm' });
    const out = prepareCurves({ ...base, source: arrays({ x: [0, 1, 2], y: [10, 20, 30], m: [2, 4, 5] }), specs, builders: new Map<string, CurveBuilder>() });
    expect(Array.from(out.curves[0]!.built!.y)).toEqual([5, 5, 6]);
    expect(Array.from(out.curves[0]!.built!.x)).toEqual([0, 1, 2]);
    expect([out.held, out.limit, out.missing, out.lodWanted]).toEqual([3, 3, [], []]);
  });

  it('names channels without data, and a curve waiting for its monitor is not missing', () => {
    const specs = curveSpecs([], { y: ['y', 'nothing'], normalize: 'm' });
    const out = prepareCurves({ ...base, source: arrays({ x: [0, 1], y: [1, 2] }), specs, builders: new Map() });
    expect(out.missing).toEqual(['nothing']);
    expect(out.curves.map((c) => c.built)).toEqual([null, null]);
  });

  it('wants the server summary of long curves the page does not hold whole, and draws it when it came', () => {
    const summary = { x: Float64Array.of(0, 9), y: Float64Array.of(1, 2), total: 50_000, seq: 1 };
    const specs = curveSpecs([], { y: ['y'] });
    const out = prepareCurves({ ...base, source: arrays({ x: [0, 1], y: [1, 2] }, { y: 50_000, x: 50_000 }), specs, builders: new Map(), serverLod: (n) => (n === 'y' ? summary : null) });
    expect([out.lodWanted, out.lodTotal]).toEqual([['y'], 50_000]);
    expect(out.curves[0]!.server).toBe(summary);
    const { traces, drawn, extent } = curveTraces(out.curves, { xName: 'x', theme, kiosk: false });
    expect([traces.length, drawn, extent]).toEqual([1, 2, 50_000]);
    expect(curveDataset(out.curves, { held: out.held, extent, drawn })).toEqual({ pointCount: '2', extent: '50000', drawnCount: '2', lod: 'true', lodSource: 'server' });
  });

  it('while the first summary is awaited, builds nothing from the partial points of the curves it will draw', () => {
    let reads = 0;
    const source = { ...arrays({ x: [0, 1, 2], y: [1, 2, 3], m: [1, 1, 1] }, { y: 50_000, x: 50_000, m: 50_000 }) };
    const read = source.read;
    source.read = (n) => (reads++, read(n));
    // y will come from the server: left out. y / m cannot (a ratio of summaries would be made up): built.
    const specs = [...curveSpecs([], { y: ['y'] }), ...curveSpecs([], { y: ['y'], normalize: 'm' })];
    const waiting = prepareCurves({ ...base, source, specs, builders: new Map(), awaitServer: true });
    expect([waiting.awaiting, waiting.lodWanted, waiting.held]).toEqual([1, ['y'], 3]);
    expect(waiting.curves.map((c) => [c.spec.label, c.built?.points ?? null, c.server])).toEqual([
      ['y', null, null],
      ['y / m', 3, null],
    ]);
    expect(waiting.missing).toEqual([]);
    expect(reads).toBe(3); // y, m and x for the ratio only

    // Once it came (or the wait is over) the curve is drawn: from the summary, else from the points held.
    const summary = { x: Float64Array.of(0, 9), y: Float64Array.of(1, 2), total: 50_000, seq: 1 };
    const arrived = prepareCurves({ ...base, source, specs, builders: new Map(), awaitServer: true, serverLod: () => summary });
    expect([arrived.awaiting, arrived.curves[0]!.server]).toEqual([0, summary]);
    const gaveUp = prepareCurves({ ...base, source, specs, builders: new Map(), awaitServer: false });
    expect([gaveUp.awaiting, gaveUp.curves[0]!.built?.points]).toEqual([0, 3]);
  });

  it('reads each buffer once per frame and reports channels that are not scalar', () => {
    let reads = 0;
    const scalar = { itemsPerPoint: 1, latestOnly: false, length: 2, contiguous: 2, gaps: [], toFloat64: () => (reads++, Float64Array.of(3, 4)), value: (i: number) => [3, 4][i]! };
    const image = { ...scalar, itemsPerPoint: 16 };
    const source = bufferSource((n) => (n === 'img' ? image : n === 'y' || n === 'x' ? scalar : undefined), () => ({ length: 2, sealed: false }));
    const out = prepareCurves({ ...base, source, specs: curveSpecs([], { y: ['y', 'img', 'y'] }), builders: new Map() });
    expect(reads).toBe(2); // x and y, each once
    expect(source.nonScalar).toEqual(['img']);
    expect(out.missing).toEqual(['img']);
    expect([source.total('y'), source.sealed('y')]).toEqual([2, false]);
  });
});

describe('per-curve math', () => {
  const data = { x: [0, 1, 2, 3], y: [1, 2, 4, 8], m: [2, 2, 4, 4], I0: [10, 10, 10, 10], It: [10, 5, 1, 0] };

  it('draws an expression over channels, negated and divided by its own monitor, each curve independently', () => {
    const specs = curveSpecs([], { y: ['y', 'It'], normalize: 'm', math: { y: { negate: true, monitor: null }, It: { expr: 'log(I0 / It)' } } });
    expect(specs.map((s) => s.label)).toEqual(['-y', 'log(I0 / It) / m']);
    const out = prepareCurves({ ...base, source: arrays(data), specs, builders: new Map(), expressions: new Map() });
    expect(Array.from(out.curves[0]!.built!.y)).toEqual([-1, -2, -4, -8]);
    const expected = data.I0.map((v, i) => Math.log(v / data.It[i]!) / data.m[i]!);
    expect(Array.from(out.curves[1]!.built!.y).slice(0, 3)).toEqual(expected.slice(0, 3));
    expect(out.curves[1]!.built!.y[3]).toBeNaN(); // log(10 / 0): a gap, not an error
    expect(out.errors).toEqual([]);
    // The channels' own arrays are left as they were.
    expect(data.y).toEqual([1, 2, 4, 8]);
  });

  it('says what is wrong with a bad expression, and draws the other curves', () => {
    const specs = curveSpecs([], { y: ['y', 'It'], math: { It: { expr: 'I0 / nothing' } } });
    const out = prepareCurves({ ...base, source: arrays(data), specs, builders: new Map(), expressions: new Map() });
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.curve).toBe('It');
    expect(out.errors[0]!.message).toMatch(/nothing.*\(at character 6\)/);
    expect(out.curves[0]!.built).not.toBeNull();
    expect(out.missing).toEqual([]);
  });
});
