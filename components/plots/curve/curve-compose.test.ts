import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '@/lib/wire/contract';
import { composeCurves, fitTrace } from './curve-compose';
import { pixelToData, ProbeCache } from './curve-crosshair';
import { arraySource, overlayChannels, previousScans } from './curve-overlay';
import { curveSpecs, prepareCurves, type ChannelSource, type CurveSpec } from './curve-prepare';
import { moveText } from './crosshair-bar';

const theme = { fg: '#111111', grid: '#222222', bg: '#ffffff', axisLine: '#333333', font: 12, line: 1.6 };
const data = (x: number[], y: number[]) => new Map([['x', Float64Array.from(x)], ['y', Float64Array.from(y)]]);
const prepare = (source: ChannelSource, specs: readonly CurveSpec[]) =>
  prepareCurves<never>({ source, specs, xName: 'x', logX: false, logY: false, logY2: false, zoomX: null, buckets: 512, lodThreshold: 20_000, builders: new Map(), serverLod: () => null, names: () => ({ channels: ['x', 'y'] }), expressions: new Map() });

function summary(key: string, number: number, extra: Partial<ScanSummary> = {}): ScanSummary {
  return { key, historyId: `${number}-0`, number, name: 'ascan', session: 's', title: null, type: 'ascan', state: 'CLOSED', startTime: null, endTime: null, endReason: null, progress: { published: 3, expected: 3 }, ...extra };
}

describe('compare scans', () => {
  it('finds the previous scans of the same kind, newest first', () => {
    const list = [summary('a', 1), summary('b', 2, { name: 'dscan' }), summary('c', 3), summary('d', 4, { session: 'other' }), summary('e', 5), summary('f', 6), summary('g', 7)];
    expect(previousScans(list, summary('f', 6), 3).map((s) => s.key)).toEqual(['e', 'c', 'a']);
    expect(previousScans(list, summary('f', 6), 0)).toEqual([]);
  });

  it('overlays another scan with the same curve math, dashed in its own colour, and subtracts a reference', () => {
    const specs = curveSpecs([], { y: ['y'], math: { y: { negate: true } } });
    const mine = arraySource(data([0, 1, 2], [10, 20, 30]));
    const main = prepare(mine, specs);
    const overlays = [{ key: 'k2', number: 2, data: data([0, 1, 2], [1, 2, 3]), error: null, drawn: true }];
    const base = { main, mainSource: mine, thisKey: 'k3', specs, overlays, prepare, fit: null, fitRegion: null, vmarks: [], hmarks: [], xName: 'x', log: { x: false, y: false }, theme, kiosk: false };
    const plain = composeCurves({ ...base, reference: undefined });
    expect(plain.legend.map((l) => [l.label, l.dash])).toEqual([
      ['-y', false],
      ['#2 -y', true],
    ]);
    expect(Array.from((plain.traces[0] as { y: ArrayLike<number> }).y)).toEqual([-1, -2, -3]);
    expect((plain.traces[0] as { line: { dash: string; color: string } }).line.dash).toBe('dash');
    // Minus scan #2: (-10 - -1, ...) for this scan, zeros for #2 itself.
    const diff = composeCurves({ ...base, reference: 'k2' });
    expect(diff.main.map((c) => Array.from(c.built!.y))).toEqual([[-9, -18, -27]]);
    expect(diff.legend.map((l) => l.label)).toEqual(['-y − #2', '#2 -y − #2']);
    expect(Array.from((diff.traces[0] as { y: ArrayLike<number> }).y)).toEqual([0, 0, 0]);
    expect(diff.crosshair.map((c) => c.label)).toEqual(['-y − #2', '#2 -y − #2']);
    // A reference not loaded yet: said, and nothing drawn as a difference.
    const waiting = composeCurves({ ...base, overlays: [], reference: 'k9' });
    expect(waiting.notes).toEqual(['Difference to #?: its data are not loaded yet.']);
    expect(waiting.main[0]!.built).toBeNull();
  });

  it('loads the x channel and every channel the curve math reads', () => {
    const specs = curveSpecs([], { y: ['a', 'b'], normalize: 'mon', math: { b: { expr: 'c / d', monitor: null } } });
    expect(overlayChannels('x', specs, (e) => (e === 'c / d' ? ['c', 'd'] : []))).toEqual(['x', 'a', 'mon', 'c', 'd']);
  });
});

describe('crosshair, markers, fit drawing', () => {
  it('maps a pixel to data units (log axes in decades) and reads each curve at that x', () => {
    const area = { left: 10, top: 5, width: 100, height: 50, xRange: [0, 2] as [number, number], yRange: [0, 3] as [number, number] };
    expect(pixelToData(area, 60, 30, { x: false, y: true })).toEqual({ x: 1, y: 10 ** 1.5 });
    expect(pixelToData(area, 5, 30, { x: false, y: false })).toBeNull();
    const cache = new ProbeCache();
    const curve = { key: 'a', label: 'a', color: '#000', axis: 'left' as const, x: [0, 1, 2, 99], y: [0, 10, 30, 99], points: 3 };
    expect(cache.values([curve], 1.5, 1).map((v) => v.y)).toEqual([20]);
    expect(cache.values([curve], 2.5, 1)[0]!.y).toBeNaN(); // past the points held: never extrapolated
  });

  it('reads a long live curve again for new data at most once a second while the cursor rests', () => {
    const cache = new ProbeCache();
    const n = 60_000;
    let reads = 0;
    const long = (points: number, slope: number) => ({
      key: 'a',
      label: 'a',
      color: '#000',
      axis: 'left' as const,
      get x() {
        reads++;
        return Float64Array.from({ length: n }, (_, i) => i);
      },
      y: Float64Array.from({ length: n }, (_, i) => slope * i),
      points,
    });
    expect(cache.values([long(50_001, 1)], 100.5, 1, 0)[0]!.y).toBe(100.5);
    // New points 500 ms later: the probe is kept (the cursor's value is that of the curve read before).
    expect(cache.values([long(50_500, 2)], 100.5, 2, 500)[0]!.y).toBe(100.5);
    expect(reads).toBe(1);
    // A second later the curve is read again; fewer points (a new scan) at once.
    expect(cache.values([long(50_600, 2)], 100.5, 3, 1000)[0]!.y).toBe(201);
    expect(cache.values([long(50_100, 3)], 100.5, 4, 1001)[0]!.y).toBe(301.5);
    expect(reads).toBe(3);
    // A short curve is read again at each new revision.
    const short = { key: 'b', label: 'b', color: '#000', axis: 'left' as const, x: [0, 1, 2], y: [0, 1, 2], points: 3 };
    expect(cache.values([short], 1.5, 5, 1002)[0]!.y).toBe(1.5);
    expect(cache.values([{ ...short, y: [0, 2, 4] }], 1.5, 6, 1003)[0]!.y).toBe(3);
  });

  it('writes the move command with the motor decimals, or none without a motor', () => {
    expect(moveText('roby', 0.352149, 3, undefined)).toBe('mv roby 0.352');
    expect(moveText('roby', 0.352149, undefined, 0.0013)).toBe('mv roby 0.352');
    expect(moveText(undefined, 1, 3, undefined)).toBeNull();
    expect(moveText('roby', NaN, 3, undefined)).toBeNull();
  });

  it('draws user markers and the fit region as shapes, and the fitted curve on its axis', () => {
    const specs = curveSpecs([], { y: ['y'] });
    const mine = arraySource(data([0, 1], [1, 2]));
    const out = composeCurves({ main: prepare(mine, specs), mainSource: mine, thisKey: 'k', specs, overlays: [], reference: undefined, prepare, fit: null, fitRegion: [0.2, 0.8], vmarks: [0.5, -1], hmarks: [3], xName: 'x', log: { x: true, y: false }, theme, kiosk: false });
    expect(out.shapes.map((s) => [s.type, s.x0, s.y0])).toEqual([
      ['rect', 0.2, 0],
      ['line', 0.5, 0],
      ['line', 0, 3],
    ]);
    expect(out.annotations.map((a) => a.text)).toEqual(['0.5', '3']);
    const result = { model: 'gaussian', curve: { x: Float64Array.of(0, 1), y: Float64Array.of(2, 3) } };
    const trace = fitTrace({ result: result as never, spec: { ...specs[0]!, axis: 'right' } }, theme) as Record<string, unknown>;
    expect(trace).toMatchObject({ yaxis: 'y2', name: 'gaussian fit of y', mode: 'lines' });
  });
});
