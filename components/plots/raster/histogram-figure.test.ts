import { describe, expect, it } from 'vitest';
import { histogram } from '@/lib/analysis';
import { barsPath, histogramSpan, nearerHandle, orderedRange, roundOnSpan, valueToX, xToValue } from './histogram-figure';

describe('colour-scale histogram figure', () => {
  it('spans the data and the display range, and maps values to x and back (log in decades)', () => {
    const span = histogramSpan({ dataMin: 0, dataMax: 100 }, { min: 10, max: 150 }, false)!;
    expect(span).toEqual({ lo: 0, hi: 150, log: false });
    expect(valueToX(75, span, 300)).toBe(150);
    expect(xToValue(150, span, 300)).toBe(75);
    expect(xToValue(-20, span, 300)).toBe(0);
    const logSpan = histogramSpan({ dataMin: 1, dataMax: 1000 }, null, true)!;
    expect(valueToX(10, logSpan, 300)).toBeCloseTo(100, 9);
    expect(xToValue(200, logSpan, 300)).toBeCloseTo(100, 9);
    expect(histogramSpan({ dataMin: 5, dataMax: 5 }, null, false)).toEqual({ lo: 4.5, hi: 5.5, log: false });
    expect(histogramSpan({ dataMin: Infinity, dataMax: -Infinity }, null, false)).toBeNull();
  });

  it('draws one bar per non-empty bin, the fullest one full height', () => {
    const h = histogram([0, 0, 0, 1, 3], { bins: 3 });
    const span = histogramSpan(h, null, false)!;
    const path = barsPath(h, span, 30, 10);
    expect(path.match(/M/g)).toHaveLength(3);
    expect(path.startsWith('M0.0,10V0.0H10.0V10Z')).toBe(true);
    expect(barsPath({ edges: Float64Array.of(0, 1), counts: Uint32Array.of(0) }, span, 30, 10)).toBe('');
  });

  it('takes the nearer handle and orders a dragged range', () => {
    expect(nearerHandle(10, 0, 100)).toBe('min');
    expect(nearerHandle(60, 0, 100)).toBe('max');
    expect(orderedRange(5, 2)).toEqual([2, 5]);
    expect(orderedRange(2, 2)).toBeNull();
    expect(roundOnSpan(252.06092796325683, { lo: 100, hi: 400, log: false })).toBe(252.1);
    expect(roundOnSpan(0.0123456, { lo: 0.001, hi: 10, log: true })).toBe(0.01235);
  });
});
