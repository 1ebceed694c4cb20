import { afterEach, describe, expect, it } from 'vitest';
import { ScanBuffers } from '@/lib/live-data/scan-buffers';
import type { CurveBuilder } from './curve-data';
import { curveDataset, curveTraces } from './curve-figure';
import { LiveLodCache } from './curve-live-lod';
import { bufferSource, curveSpecs, prepareCurves } from './curve-prepare';
import { windowNote } from './curve-summary';

const theme = { fg: '#111111', grid: '#222222', bg: '#ffffff', axisLine: '#333333', font: 12, line: 1.6 };
const g = globalThis as { lanternWindowPoints?: number };

/** A scan of `n` points (x = 0.5·i, y a sawtooth with spikes) fed to real buffers with a small window. */
function scan(n: number, window: number): { buffers: ScanBuffers; x: Float64Array; y: Float64Array } {
  g.lanternWindowPoints = window;
  const buffers = new ScanBuffers('k', 1);
  const x = Float64Array.from({ length: n }, (_, i) => i * 0.5);
  const y = Float64Array.from({ length: n }, (_, i) => (i % 37) - (i % 1000 === 0 ? 500 : 0));
  const frame = (streamId: number, at: number, v: Float64Array) => ({ scanId: 1, streamId, index: at, count: v.length, flags: 0, dtype: '<f8', pointShape: [], payload: new Uint8Array(v.buffer, v.byteOffset, v.byteLength) });
  for (let at = 0; at < n; at += 250) {
    buffers.applyFrame(frame(1, at, x.subarray(at, Math.min(n, at + 250))));
    buffers.applyFrame(frame(2, at, y.subarray(at, Math.min(n, at + 250))));
  }
  return { buffers, x, y };
}

function source(buffers: ScanBuffers, n: number) {
  const ids: Record<string, number> = { x: 1, y: 2 };
  return bufferSource(
    (name) => (ids[name] !== undefined ? buffers.stream(ids[name]!) : undefined),
    () => ({ length: n, sealed: false }),
  );
}

const base = { xName: 'x', logX: false, logY: false, logY2: false, zoomX: null, buckets: 512, lodThreshold: 20_000, serverLod: () => null, names: () => ({ channels: ['x', 'y'] }), expressions: new Map() };

afterEach(() => {
  delete g.lanternWindowPoints;
});

describe('a curve past the raw window', () => {
  it('is drawn from the summary and the window also where live curves use incremental buckets (as the plot does)', () => {
    const n = 40_000;
    const { buffers } = scan(n, 25_000);
    const start = buffers.stream(2)!.windowStart;
    expect(start).toBeGreaterThan(0);
    const liveLod = new LiveLodCache();
    const out = prepareCurves({ ...base, source: source(buffers, n), specs: curveSpecs([], { y: ['y'] }), builders: new Map<string, CurveBuilder>(), liveLod });
    expect(out.window).toEqual({ start, end: n, transformed: [] });
    expect(out.curves[0]!.built!.summarized).toBe(start);
    expect(out.held).toBe(n - start);
  });

  it('draws the summary of the older points in front of the window, covering the whole scan', () => {
    const n = 20_000;
    const { buffers, x, y } = scan(n, 2000);
    const start = buffers.stream(2)!.windowStart;
    expect(start).toBe(18_000);
    const out = prepareCurves({ ...base, source: source(buffers, n), specs: curveSpecs([], { y: ['y'] }), builders: new Map<string, CurveBuilder>() });
    const built = out.curves[0]!.built!;
    expect(out.window).toEqual({ start, end: n, transformed: [] });
    // Statistics see the raw window only; the server is asked for figures over all points.
    expect(built.points).toBe(n - start);
    expect(Array.from(built.statY as Float64Array)).toEqual(Array.from(y.subarray(start)));
    expect(built.summarized).toBe(start);
    // The drawing runs from the scan's first x to its last.
    expect(built.x[0]).toBe(0);
    expect(built.x[built.x.length - 1]).toBe(x[n - 1]);
    // Each summary bucket is drawn as its min and max, exactly those of the points it covers.
    const size = buffers.stream(2)!.summary!.bucketSize;
    const summaryPoints = 2 * Math.ceil(start / size);
    for (let k = 0; k < summaryPoints / 2; k++) {
      const part = y.subarray(k * size, Math.min(start, (k + 1) * size));
      const drawn = [built.y[2 * k]!, built.y[2 * k + 1]!].sort((a, b) => a - b);
      expect(drawn).toEqual([Math.min(...part), Math.max(...part)]);
      expect([built.x[2 * k], built.x[2 * k + 1]]).toEqual([x[k * size], x[Math.min(start, (k + 1) * size) - 1]]);
    }
    // Then the window's raw points.
    expect(Array.from(built.y.subarray(summaryPoints))).toEqual(Array.from(y.subarray(start)));
    const { extent, drawn } = curveTraces(out.curves, { xName: 'x', theme, kiosk: false });
    expect(extent).toBe(n);
    expect(curveDataset(out.curves, { held: out.held, extent, drawn })).toMatchObject({ pointCount: String(n - start), extent: String(n), summarized: String(start) });
  });

  it('draws transformed curves from the window only and says so', () => {
    const n = 5000;
    const { buffers } = scan(n, 1000);
    const specs = curveSpecs([], { y: ['y'], derivative: true });
    const out = prepareCurves({ ...base, source: source(buffers, n), specs, builders: new Map() });
    const start = buffers.stream(2)!.windowStart;
    expect(start).toBe(4000);
    expect(out.window).toEqual({ start, end: n, transformed: [specs[0]!.label] });
    expect(out.curves[0]!.built!.summarized).toBeUndefined();
    // x of the derivative starts in the window.
    expect(out.curves[0]!.built!.x[0]).toBeGreaterThanOrEqual(start * 0.5);
    expect(windowNote(4000, 5000, ['d(y)/dx'])).toBe(
      'Older than the newest 1,000 points: points 0–3,999 shown as a min/max summary; fits use the raw points 4,000–4,999 (statistics and CSV come from the server over every point). d(y)/dx: drawn from point 4,000 only (a ratio or derivative of a summary would be made up).',
    );
  });

  it('numbers the points of a curve without x from the window start', () => {
    const n = 3000;
    const { buffers } = scan(n, 1000);
    const out = prepareCurves({ ...base, xName: null, source: source(buffers, n), specs: curveSpecs([], { y: ['y'] }), builders: new Map() });
    const built = out.curves[0]!.built!;
    expect(built.x[0]).toBe(0);
    expect(built.x[built.x.length - 1]).toBe(n - 1);
    expect(built.x[built.x.length - (n - 2000)]).toBe(2000);
  });
});
