import { describe, expect, it } from 'vitest';
import type { StreamMeta } from '@/lib/wire/contract';
import { normalised, scatterMonitorChoices, scatterValueChoices } from './mesh-channels';

function stream(name: string, over: Partial<StreamMeta> = {}): StreamMeta {
  return { id: 0, name, kind: 'array', dtype: '<f8', shape: [], delivery: 'all', length: 0, sealed: false, firstAvailable: 0, unit: null, error: null, ...over };
}

describe('mesh colour channels', () => {
  const streams = [stream('axis:sy'), stream('axis:sx'), stream('sim:diode2'), stream('sim:diode1'), stream('timer:epoch'), stream('mca:spectrum', { shape: [1024] }), stream('lima:image', { kind: 'lima', dtype: null, shape: [256, 320] }), stream('sim:bad', { error: 'corrupt' })];
  const model = { x: 'axis:sx', y: 'axis:sy', values: ['sim:diode1'] };

  it('offers every scalar channel, hinted first, axes, spectra, images and broken streams left out', () => {
    expect(scatterValueChoices(model, streams)).toEqual(['sim:diode1', 'sim:diode2', 'timer:epoch']);
  });

  it('offers monitors other than the value and the axes', () => {
    expect(scatterMonitorChoices(model, 'sim:diode1', streams)).toEqual(['sim:diode2', 'timer:epoch']);
  });

  it('divides point by point and leaves a zero or missing monitor as no value', () => {
    expect(Array.from(normalised(Float64Array.of(10, 20, 30, 40), Float64Array.of(2, 0, 3)))).toEqual([5, NaN, 10, NaN]);
    const v = Float64Array.of(1, 2);
    expect(normalised(v, null)).toBe(v);
  });
});
