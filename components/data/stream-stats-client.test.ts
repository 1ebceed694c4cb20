import { describe, expect, it } from 'vitest';
import { curveStats } from '@/lib/plot-math/curve-stats';
import { parseServerStats, pick } from './stream-stats-client';

describe('whole-stream statistics on the page', () => {
  const x = [0, 1, 2, 3, 4];
  const y = [1, 3, 9, 3, 1];
  const page = curveStats(x, y, 0, 3);
  const whole = curveStats(x, y);
  const server = { points: 5, sealed: true, expired: null, stats: whole };

  it('shows the server figures when the page holds part of the curve, its own when it holds all', () => {
    expect(pick({ stats: page, held: 3 }, 5, server)).toEqual({ stats: whole, covered: 5, source: 'server' });
    expect(pick({ stats: whole, held: 5 }, 5, server).source).toBe('page');
    expect(pick({ stats: page, held: 3 }, 5, undefined)).toEqual({ stats: page, covered: 3, source: 'page' });
    // Server figures older than what the page holds are not used.
    expect(pick({ stats: page, held: 3 }, 8, { ...server, points: 2 }).source).toBe('page');
  });

  it('reads the JSON reply, null back to NaN', () => {
    const parsed = parseServerStats(JSON.parse(JSON.stringify({ points: 2, sealed: false, expired: [0, 1], stats: { count: 0, max: { index: -1, x: null, y: null }, min: { index: -1, x: null, y: null }, peak: null, cen: null, fwhm: null, com: null } })));
    expect(parsed.points).toBe(2);
    expect(parsed.expired).toEqual([0, 1]);
    expect(parsed.stats.com).toBeNaN();
    expect(parsed.stats.max.index).toBe(-1);
    expect(() => parseServerStats({ error: 'x' })).toThrow(/without points/);
  });
});
