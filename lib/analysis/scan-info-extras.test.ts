import { describe, expect, it } from 'vitest';
import { limaRectPixels, limaRoisOf } from './image/lima-rois';
import { positionersOf } from './positioners';

describe('positionersOf', () => {
  it('reads Bliss positioners as Flint does', () => {
    // The scan_info layout of Bliss (as in Flint's own tests).
    const scanInfo = {
      positioners: {
        positioners_start: { slit_bottom: 1.0, slit_top: -1.0 },
        positioners_end: { slit_bottom: 2.0, slit_top: -2.0 },
        positioners_dial_start: { slit_bottom: 3.0, slit_top: -3.0 },
        positioners_dial_end: { slit_bottom: 4.0 },
        positioners_units: { slit_bottom: 'mm', slit_top: null, slit_foo: null },
      },
    };
    expect(positionersOf(scanInfo)).toEqual([
      { name: 'slit_bottom', start: 1, end: 2, dialStart: 3, dialEnd: 4, unit: 'mm' },
      { name: 'slit_top', start: -1, end: -2, dialStart: -3 },
      { name: 'slit_foo' },
    ]);
  });

  it('copes with what other writers publish', () => {
    expect(positionersOf({ positioners: {} })).toEqual([]);
    expect(positionersOf({})).toEqual([]);
    expect(positionersOf(null)).toEqual([]);
    expect(positionersOf({ positioners: { positioners_start: { m: 'x', n: NaN }, positioners_end: [1] } })).toEqual([{ name: 'm' }, { name: 'n' }]);
  });
});

describe('limaRoisOf', () => {
  it('reads rect and arc ROI counters, skipping others with a reason', () => {
    const { rois, skipped } = limaRoisOf({
      rois: {
        'beamviewer:roi_counters:roi1': { kind: 'rect', x: 190, y: 110, width: 600, height: 230 },
        'beamviewer:roi_counters:roi4': { kind: 'arc', cx: 487.0, cy: 513.0, r1: 137.0, r2: 198.0, a1: -172.0, a2: -300.0 },
        'beamviewer:roi_counters:roi5': { kind: 'polygon', points: [] },
        'beamviewer:roi_counters:roi6': { kind: 'rect', x: 1, y: 2, width: '3' },
      },
    });
    expect(rois).toEqual([
      { name: 'beamviewer:roi_counters:roi1', device: 'beamviewer', roi: 'roi1', shape: { kind: 'rect', x: 190, y: 110, width: 600, height: 230 } },
      {
        name: 'beamviewer:roi_counters:roi4',
        device: 'beamviewer',
        roi: 'roi4',
        shape: { kind: 'arc', cx: 487, cy: 513, r1: 137, r2: 198, a1: -172, a2: -300 },
      },
    ]);
    expect(skipped).toEqual([
      'beamviewer:roi_counters:roi5: ROI kind "polygon" is not drawn (rect and arc are)',
      'beamviewer:roi_counters:roi6: rect ROI without a numeric width, height',
    ]);
    expect(limaRoisOf({ rois: [] })).toEqual({ rois: [], skipped: [] });
  });

  it('gives the pixels a rectangle counter sums', () => {
    expect(limaRectPixels({ kind: 'rect', x: 190, y: 110, width: 600, height: 230 })).toEqual({ col0: 190, row0: 110, col1: 790, row1: 340 });
  });
});
