import { describe, expect, it } from 'vitest';
import { calibrationFromAxis, channelToEnergy, energyAxis, energyRangeToChannels, energyToChannel } from './calibration';
import { mcaRoi, mcaRoiSum, mcaRoiTrend } from './roi';

// A peak of 10 + 20 + 10 counts on a background rising 1 count per channel: channel i has i + peak.
const spectrum = Uint32Array.from({ length: 12 }, (_, i) => i + (i === 5 ? 20 : i === 4 || i === 6 ? 10 : 0));

describe('mcaRoi', () => {
  it('sums channels [start, stop) as Bliss ROI counters do', () => {
    // Channels 3..7: 3 + 14 + 25 + 16 + 7 = 65.
    expect(mcaRoi(spectrum, { start: 3, stop: 8 })).toEqual({ sum: 65, net: 40, start: 3, stop: 8 });
  });

  it('net removes the line through the first and last ROI channel', () => {
    // Background line from (3, 3) to (7, 7) sums to 25 over 5 channels: net = the 40 peak counts.
    expect(mcaRoi(spectrum, { start: 3, stop: 8 }).net).toBe(40);
    // One channel: the line is the point itself.
    expect(mcaRoi(spectrum, { start: 5, stop: 6 })).toEqual({ sum: 25, net: 0, start: 5, stop: 6 });
  });

  it('clips to the spectrum and treats NaN channels as empty', () => {
    expect(mcaRoi(spectrum, { start: 10, stop: 100 })).toEqual({ sum: 21, net: 0, start: 10, stop: 12 });
    expect(mcaRoi(spectrum, { start: 8, stop: 2 })).toEqual({ sum: 0, net: 0, start: 8, stop: 8 });
    expect(mcaRoi(Float64Array.from([1, NaN, 3]), { start: 0, stop: 3 }).sum).toBe(4);
    expect(() => mcaRoi(spectrum, { start: 1.5, stop: 3 })).toThrow('MCA ROI bounds must be whole channel numbers, got [1.5, 3)');
  });

  it('sums over detectors and over the points of a stack', () => {
    expect(mcaRoiSum([spectrum, spectrum], { start: 3, stop: 8 })).toEqual({ sum: 130, net: 80, start: 3, stop: 8 });
    const stack = new Float64Array(36);
    stack.set(spectrum, 0);
    stack.set(spectrum.map((v) => 2 * v), 12);
    stack.set(new Float64Array(12).fill(1), 24);
    const trend = mcaRoiTrend(stack, 12, { start: 3, stop: 8 });
    expect(Array.from(trend.sum)).toEqual([65, 130, 5]);
    expect(Array.from(trend.net)).toEqual([40, 80, 0]);
    // A partly received last point is not counted.
    expect(mcaRoiTrend(stack.subarray(0, 30), 12, { start: 0, stop: 1 }).sum.length).toBe(2);
  });
});

describe('energy calibration', () => {
  const linear = { a: -0.05, b: 0.01 };
  const quadratic = { a: 0.1, b: 0.02, c: 1e-6 };

  it('maps channels to energy', () => {
    const axis = energyAxis(3, linear);
    [-0.05, -0.04, -0.03].forEach((e, ch) => expect(axis[ch]).toBeCloseTo(e, 15));
    expect(channelToEnergy(1000, quadratic)).toBeCloseTo(0.1 + 20 + 1, 12);
    expect(() => energyAxis(3, { a: 1, b: 0 })).toThrow('calibration with b = 0 and c = 0 maps every channel to the same energy');
  });

  it('maps energy back to channels', () => {
    expect(energyToChannel(5.95, linear)).toBeCloseTo(600, 9);
    expect(energyToChannel(21.1, quadratic)).toBeCloseTo(1000, 9);
    expect(energyToChannel(0, { a: 1, b: 0.01, c: 1e-6 })).toBeNaN();
    expect(energyRangeToChannels(6.4, 6.0, linear)).toEqual({ start: 605, stop: 646 });
    expect(energyRangeToChannels(5.95, 6.05, linear)).toEqual({ start: 600, stop: 611 });
  });

  it('recovers a calibration from an explicit axis', () => {
    const axis = energyAxis(4096, quadratic);
    const cal = calibrationFromAxis(axis, 2, 'keV');
    expect(cal.a).toBeCloseTo(0.1, 9);
    expect(cal.b).toBeCloseTo(0.02, 12);
    expect(cal.c).toBeCloseTo(1e-6, 15);
    expect(cal.unit).toBe('keV');
    const lin = calibrationFromAxis([1, 3, NaN, 7], 1);
    expect(lin.a).toBeCloseTo(1, 12);
    expect(lin.b).toBeCloseTo(2, 12);
    expect(() => calibrationFromAxis([1], 1)).toThrow('a degree 1 calibration needs 2 finite axis values, got 1');
  });
});
