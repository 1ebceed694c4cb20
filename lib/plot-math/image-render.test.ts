import { describe, expect, it } from 'vitest';
import { colormapLut } from './colormap';
import { pixelValue, renderImage } from './image-render';

const viridis = colormapLut('viridis');
const gray = colormapLut('gray');

function rgba(out: Uint8ClampedArray, i: number): number[] {
  return Array.from(out.subarray(4 * i, 4 * i + 4));
}

function lutEntry(lut: Uint8Array, k: number): number[] {
  return Array.from(lut.subarray(4 * k, 4 * k + 4));
}

describe('renderImage', () => {
  it('maps a uint8 ramp linearly as silx does', () => {
    const ramp = Uint8Array.from({ length: 256 }, (_, i) => i);
    const out = new Uint8ClampedArray(256 * 4);
    expect(renderImage(ramp, 16, 16, { min: 0, max: 255, lut: gray }, out)).toBe(true);
    // silx: floor((v - min) · 256 / (max - min)), clamped; v >= max is the last colour.
    for (const v of [0, 1, 127, 128, 200, 254, 255]) {
      const k = v >= 255 ? 255 : Math.floor((v * 256) / 255);
      expect(rgba(out, v), `value ${v}`).toEqual([k, k, k, 255]);
    }
  });

  it('maps a uint16 ramp with clamping outside [min, max]', () => {
    const ramp = Uint16Array.from({ length: 1024 }, (_, i) => i * 64);
    const out = new Uint8ClampedArray(1024 * 4);
    renderImage(ramp, 32, 32, { min: 6400, max: 6400 + 25600, lut: viridis }, out);
    expect(rgba(out, 0)).toEqual(lutEntry(viridis, 0)); // below min
    expect(rgba(out, 100)).toEqual(lutEntry(viridis, 0)); // == min
    expect(rgba(out, 300)).toEqual(lutEntry(viridis, 128)); // half way: 6400 + 12800
    expect(rgba(out, 500)).toEqual(lutEntry(viridis, 255)); // == max
    expect(rgba(out, 1023)).toEqual(lutEntry(viridis, 255)); // above max
  });

  it('reads int16 as signed values', () => {
    const data = new Int16Array([-32768, -1, 0, 32767]);
    const out = new Uint8ClampedArray(16);
    renderImage(data, 2, 2, { min: -1, max: 1, lut: gray }, out);
    expect([0, 1, 2, 3].map((i) => rgba(out, i)[0])).toEqual([0, 0, 128, 255]);
  });

  it('makes NaN transparent and maps floats like integers', () => {
    const data = new Float32Array([NaN, 0, 0.5, 1, Infinity, -Infinity]);
    const out = new Uint8ClampedArray(6 * 4).fill(7);
    renderImage(data, 3, 2, { min: 0, max: 1, lut: gray }, out);
    expect([0, 1, 2, 3, 4, 5].map((i) => rgba(out, i))).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 255],
      [128, 128, 128, 255],
      [255, 255, 255, 255],
      [255, 255, 255, 255],
      [0, 0, 0, 255],
    ]);
  });

  it('uses log10 values in log mode: 0 is the first colour, negatives are transparent', () => {
    const out = new Uint8ClampedArray(5 * 4);
    const data = new Float64Array([-5, 0, 1, 10, 100]);
    expect(renderImage(data, 5, 1, { min: 1, max: 100, log: true, lut: gray }, out)).toBe(true);
    expect([0, 1, 2, 3, 4].map((i) => rgba(out, i))).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0, 255],
      [0, 0, 0, 255],
      [128, 128, 128, 255],
      [255, 255, 255, 255],
    ]);
    // The same through the 16-bit table.
    const u16 = new Uint16Array([0, 1, 10, 100, 1000]);
    renderImage(u16, 5, 1, { min: 1, max: 100, log: true, lut: gray }, out);
    expect([0, 1, 2, 3, 4].map((i) => rgba(out, i)[0])).toEqual([0, 0, 128, 255, 255]);
  });

  it('refuses a range silx refuses, and leaves missing pixels transparent', () => {
    const out = new Uint8ClampedArray(4 * 4).fill(9);
    expect(renderImage(new Float64Array([1, 2, 3, 4]), 2, 2, { min: 0, max: 10, log: true, lut: gray }, out)).toBe(false);
    expect(Array.from(out)).toEqual(new Array(16).fill(0));
    expect(renderImage(new Float64Array([1, 2]), 2, 2, { min: 0, max: 4, lut: gray }, out)).toBe(true);
    expect(rgba(out, 1)).toEqual([128, 128, 128, 255]);
    expect(rgba(out, 3)).toEqual([0, 0, 0, 0]);
    expect(() => renderImage(new Float64Array(4), 2, 2, { min: 0, max: 1, lut: gray }, new Uint8ClampedArray(8))).toThrow(RangeError);
  });

  it('maps everything above min to the last colour when min == max', () => {
    const out = new Uint8ClampedArray(3 * 4);
    renderImage(new Int32Array([4, 5, 6]), 3, 1, { min: 5, max: 5, lut: gray }, out);
    expect([0, 1, 2].map((i) => rgba(out, i)[0])).toEqual([0, 0, 255]);
  });

  // Timing is measured by the benchmark (npm run bench), not asserted here.
  it('renders a 2048 × 2048 uint16 frame through the lookup table', () => {
    const n = 2048 * 2048;
    const frame = new Uint16Array(n);
    for (let i = 0; i < n; i++) frame[i] = (i * 2654435761) >>> 20;
    const out = new Uint8ClampedArray(n * 4);
    const opts = { min: 100, max: 3000, lut: viridis };
    renderImage(frame, 2048, 2048, opts, out); // builds the 65536-entry table
    renderImage(frame, 2048, 2048, opts, out);
    const k = Math.floor(((frame[12345]! - 100) * 256) / 2900);
    expect(rgba(out, 12345)).toEqual(lutEntry(viridis, Math.max(0, Math.min(255, k))));
  });
});

describe('pixelValue', () => {
  it('reads (x, y) in row-major data and NaN outside', () => {
    const data = new BigInt64Array([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(pixelValue(data, 3, 2, 1)).toBe(6);
    expect(pixelValue(new Uint16Array([1, 2, 3, 4]), 2, 0.7, 1.2)).toBe(3);
    expect([pixelValue(data, 3, 3, 0), pixelValue(data, 3, -1, 0), pixelValue(data, 3, 0, 2)]).toEqual([NaN, NaN, NaN]);
  });
});
