import { describe, expect, it } from 'vitest';
import { axisRange, formatNumber, sameRange, zoomFromRelayout } from './view-axes';

describe('zoomFromRelayout', () => {
  it('reads ranges in data units, log axes included', () => {
    expect(zoomFromRelayout({ 'xaxis.range[0]': 1, 'xaxis.range[1]': 2, 'yaxis.range[0]': -1, 'yaxis.range[1]': 3 }, { y: true })).toEqual({
      x: [1, 2],
      y: [0.1, 1000],
    });
    expect(zoomFromRelayout({ 'yaxis2.range': [5, 6] }, {})).toEqual({ y2: [5, 6] });
  });
  it('reads autorange as a reset and ignores the rest', () => {
    expect(zoomFromRelayout({ 'xaxis.autorange': true, 'yaxis.autorange': true }, {})).toEqual({ x: null, y: null });
    expect(zoomFromRelayout({ dragmode: 'pan' }, {})).toEqual({});
  });
});

describe('axisRange', () => {
  it('converts data units back for plotly', () => {
    expect(axisRange([10, 1000], true)).toEqual([1, 3]);
    expect(axisRange([0, 1000], true)).toBeUndefined();
    expect(axisRange(null, false)).toBeUndefined();
    expect(axisRange([-1, 1], false)).toEqual([-1, 1]);
  });
  it('compares ranges with a tolerance', () => {
    expect(sameRange([1, 2], [1 + 1e-12, 2])).toBe(true);
    expect(sameRange([1, 2], [1.1, 2])).toBe(false);
    expect(sameRange(null, undefined)).toBe(true);
  });
});

describe('formatNumber', () => {
  it('is compact and honest about missing values', () => {
    expect(formatNumber(NaN)).toBe('—');
    expect(formatNumber(0.123456789)).toBe('0.12346');
    expect(formatNumber(1234567)).toBe('1.2346e6');
    expect(formatNumber(0.00001234)).toBe('1.2340e-5');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});
