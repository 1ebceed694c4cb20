import { describe, expect, it } from 'vitest';
import { bin2x2 } from './preview';

describe('bin2x2', () => {
  it('averages 2×2 blocks of a uint16 image into uint16, rounding half up', () => {
    // 4×4: blocks [[1,2],[3,4]] -> 2.5 -> 3, [[0,0],[0,1]] -> 0.25 -> 0, [[65535]*4] -> 65535, [[10,11],[10,11]] -> 10.5 -> 11
    const src = Uint16Array.from([1, 2, 0, 0, 3, 4, 0, 1, 65535, 65535, 10, 11, 65535, 65535, 10, 11]);
    const out = bin2x2(src, 4, 4);
    expect(out).toBeInstanceOf(Uint16Array);
    expect(Array.from(out)).toEqual([3, 0, 65535, 11]);
  });

  it('keeps float means exact and averages odd edges over the pixels they have', () => {
    const src = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]); // 3×3
    const out = bin2x2(src, 3, 3);
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual([(1 + 2 + 4 + 5) / 4, (3 + 6) / 2, (7 + 8) / 2, 9]);
  });

  it('keeps signed integers and rounds negative halves up', () => {
    const out = bin2x2(Int32Array.from([-1, -2, -3, -4]), 2, 2);
    expect(out).toBeInstanceOf(Int32Array);
    expect(Array.from(out)).toEqual([-2]); // -2.5 -> -2
  });
});
