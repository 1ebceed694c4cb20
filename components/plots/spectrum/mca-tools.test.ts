import { describe, expect, it } from 'vitest';
import type { McaPlotModel } from '@/lib/plot-model';
import { activeCalibration, calibrationHint, energyTitle } from './mca-calibration';
import { roiFromRange, roiRows, roiShapes } from './mca-rois';

const model = { kind: 'mca', id: 'mca:m', title: 'm', device: 'm', deviceKey: 'mk', detectors: ['det0'], items: [{ channel: 'm:spectrum_det0', detector: 'det0', stacked: false }] } as unknown as McaPlotModel;

describe('MCA calibration', () => {
  it('reads the channel hint first, then the device metadata, then an explicit axis', () => {
    const channel = { channels: { 'm:spectrum_det0': { calibration: [0.1, 0.02], calibration_unit: 'keV' } }, devices: { mk: { metadata: { calibration: [9, 9] } } } };
    expect(calibrationHint(channel, model)).toEqual({ a: 0.1, b: 0.02, unit: 'keV' });
    expect(calibrationHint({ devices: { mk: { metadata: { calibration: { a: 0, b: 0.01, c: 1e-7, unit: 'keV' } } } } }, model)).toEqual({ a: 0, b: 0.01, c: 1e-7, unit: 'keV' });
    const axis = Array.from({ length: 100 }, (_, ch) => 1 + 0.5 * ch);
    const fitted = calibrationHint({ devices: { mk: { metadata: { xaxis_array: axis, xaxis_array_unit: 'eV' } } } }, model)!;
    expect(fitted.a).toBeCloseTo(1, 9);
    expect(fitted.b).toBeCloseTo(0.5, 12);
    expect(fitted.c).toBeUndefined();
    expect(fitted.unit).toBe('eV');
    // Unusable hints are no hints.
    expect(calibrationHint({ devices: { mk: { metadata: { calibration: [1, 0] } } } }, model)).toBeNull();
    expect(calibrationHint({ devices: { mk: { metadata: { calibration: ['1', 2] } } } }, model)).toBeNull();
    expect(calibrationHint(null, model)).toBeNull();
  });

  it('lets the user override or switch off the hint', () => {
    const hint = { a: 0, b: 0.01, unit: 'keV' };
    expect(activeCalibration(undefined, hint)).toEqual({ cal: hint, from: 'scan' });
    expect(activeCalibration(null, hint)).toBeNull();
    expect(activeCalibration({ a: 1, b: 2 }, hint)).toEqual({ cal: { a: 1, b: 2 }, from: 'user' });
    expect(activeCalibration(undefined, null)).toBeNull();
    expect(energyTitle(hint)).toBe('energy [keV]');
  });
});

describe('MCA ROIs', () => {
  const spectrum = Float64Array.from({ length: 10 }, (_, i) => i * i);

  it('integrates every ROI over every detector, with energies when calibrated', () => {
    const rows = roiRows([{ start: 2, stop: 5 }, { name: 'Fe', start: 8, stop: 20 }], [{ label: 'det0', values: spectrum }, { label: 'det1', values: spectrum.map((v) => 2 * v) }], { a: 1, b: 0.5 });
    expect(rows.map((r) => [r.index, r.roi, r.detector, r.start, r.stop, r.sum])).toEqual([
      [0, 'roi1', 'det0', 2, 5, 4 + 9 + 16],
      [0, 'roi1', 'det1', 2, 5, 58],
      [1, 'Fe', 'det0', 8, 10, 64 + 81],
      [1, 'Fe', 'det1', 8, 10, 290],
    ]);
    expect(rows[0]!.energy).toEqual([2, 3]);
    // Net: the sum minus the line from the first to the last channel, 3 × (4 + 16) / 2.
    expect(rows[0]!.net).toBe(29 - 30);
    expect(roiRows([{ start: 1, stop: 3 }], [], null)).toEqual([{ index: 0, roi: 'roi1', detector: '—', start: 1, stop: 3, energy: null, sum: NaN, net: NaN }]);
  });

  it('turns a dragged range into the channels whose centres it covers', () => {
    expect(roiFromRange(2.4, 6.6, null, 100)).toEqual({ start: 3, stop: 7 });
    expect(roiFromRange(6.6, 2.4, null, 100)).toEqual({ start: 3, stop: 7 });
    expect(roiFromRange(-5, 1.2, null, 100)).toEqual({ start: 0, stop: 2 });
    expect(roiFromRange(2.2, 2.8, null, 100)).toBeNull();
    // Energies: E = 1 + 0.5 ch, so 2.2..4.1 keV are channels 2.4..6.2.
    expect(roiFromRange(2.2, 4.1, { a: 1, b: 0.5 }, 100)).toEqual({ start: 3, stop: 7 });
  });

  it('draws each ROI as a band over its channels, in energy when calibrated', () => {
    const { shapes, annotations } = roiShapes([{ name: 'Fe', start: 10, stop: 20 }], { a: 0, b: 0.01 });
    expect(shapes![0]).toMatchObject({ type: 'rect', yref: 'paper' });
    expect((shapes![0] as { x0: number }).x0).toBeCloseTo(0.095, 12);
    expect((shapes![0] as { x1: number }).x1).toBeCloseTo(0.195, 12);
    expect(annotations![0]).toMatchObject({ text: 'Fe' });
  });
});
