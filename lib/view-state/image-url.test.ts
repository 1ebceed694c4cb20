import { describe, expect, it } from 'vitest';
import { viewStateFromParams, viewStateToParams } from './url';

describe('image tools in the URL', () => {
  it('round-trips a profile, ROIs and a display range', () => {
    for (const profile of [{ kind: 'h', row: 12 }, { kind: 'v', col: 0 }, { kind: 'line', row0: 1.5, col0: 2, row1: 30, col1: 40.25 }] as const) {
      const view = { profile, imageRois: [{ col0: 1, row0: 2, col1: 5, row1: 9 }, { col0: 0, row0: 0, col1: 64, row1: 64 }], colorRange: [-2.5, 1000] as [number, number] };
      const query = viewStateToParams({ plot: 'image', view });
      const back = viewStateFromParams(query.toString());
      expect(back.ignored).toEqual([]);
      expect(back.view).toEqual(view);
    }
    expect(viewStateToParams({ plot: null, view: { profile: { kind: 'h', row: 3 }, imageRois: [{ col0: 1, row0: 2, col1: 5, row1: 9 }] } }).toString()).toBe('prof=h%2C3&iroi=1%2C2%2C5%2C9');
    // No profile said explicitly (a link that removes one) stays so.
    expect(viewStateFromParams('prof=').view.profile).toBeNull();
  });

  it('reports what it cannot read and keeps the rest', () => {
    const back = viewStateFromParams('prof=d,3&iroi=1,2,1,9;0,0,4,4&crange=5,5&cmap=gray');
    expect(back.view).toEqual({ colormap: 'gray' });
    expect(back.ignored.map((i) => i.split(':')[0])).toEqual(['prof=d,3', 'iroi=1,2,1,9;0,0,4,4', 'crange=5,5']);
    expect(viewStateFromParams('prof=h,-1').ignored).toHaveLength(1);
    expect(viewStateFromParams('prof=line,1,2,3').ignored).toHaveLength(1);
    expect(viewStateFromParams(`iroi=${Array(17).fill('0,0,1,1').join(';')}`).ignored[0]).toMatch(/up to 16/);
  });

  it('carries the profile width and its mean or sum, and refuses widths it cannot use', () => {
    const view = { profile: { kind: 'v' as const, col: 7 }, profileWidth: 5, profileMethod: 'sum' as const };
    const query = viewStateToParams({ plot: 'image', view });
    expect(query.get('profw')).toBe('5');
    expect(query.get('profm')).toBe('sum');
    expect(viewStateFromParams(query.toString()).view).toEqual(view);
    const bad = viewStateFromParams('profw=0&profm=median');
    expect(bad.view).toEqual({});
    expect(bad.ignored.map((i) => i.split(':')[0])).toEqual(['profw=0', 'profm=median']);
    expect(viewStateFromParams('profw=2.5').ignored).toHaveLength(1);
    expect(viewStateFromParams('profw=1002').ignored[0]).toMatch(/1 to 1001/);
  });
});
