import { describe, expect, it } from 'vitest';
import { viewStateFromParams, viewStateToParams } from './url';

describe('MCA view in the URL', () => {
  it('round-trips ROIs (names with commas and colons) and a calibration', () => {
    const view = { rois: [{ start: 630, stop: 651 }, { name: 'Cu Ka, main: 1', start: 790, stop: 820 }], calibration: { a: -0.012, b: 0.0101, unit: 'keV' } };
    const params = viewStateToParams({ plot: 'mca:mca1', view });
    expect(params.get('calib')).toBe('-0.012,0.0101,keV');
    expect(viewStateFromParams(params.toString())).toEqual({ plot: 'mca:mca1', view, ignored: [] });
    const quad = { calibration: { a: 0.1, b: 0.02, c: 1e-6 } };
    expect(viewStateFromParams(viewStateToParams({ plot: null, view: quad }).toString()).view).toEqual(quad);
  });

  it('tells "channel numbers" (calib empty) from "the scan\'s hint" (absent)', () => {
    expect(viewStateFromParams('calib=').view).toEqual({ calibration: null });
    expect(viewStateFromParams('rois=').view).toEqual({ rois: [] });
    expect(viewStateFromParams('plot=a').view).toEqual({});
  });

  it('reports what it cannot read, keeping the good ROIs', () => {
    const r = viewStateFromParams('rois=10-20,20-10,x,5.5-9,a:1-2&calib=1,0');
    expect(r.view).toEqual({ rois: [{ start: 10, stop: 20 }, { name: 'a', start: 1, stop: 2 }] });
    expect(r.ignored).toHaveLength(4);
    expect(r.ignored[0]).toMatch(/^rois=20-10: expected start-stop/);
    expect(r.ignored[3]).toMatch(/^calib=1,0: /);
    expect(viewStateFromParams('calib=1,2,3,4').ignored).toHaveLength(1);
  });
});
