import { describe, expect, it } from 'vitest';
import { releaseScratch, scratchF64, scratchU32 } from './scratch';

// Slots no module uses, so this test cannot disturb (or be disturbed by) the statistics' own.
const SLOT = 31;

describe('scratch buffers', () => {
  it('reuse a buffer while it fits, and give back a big one once the curves are far smaller', () => {
    const big = scratchF64(SLOT, 2_000_000);
    expect(big.length).toBe(3_000_000);
    expect(scratchF64(SLOT, 1_500_000) === big).toBe(true);
    // 10 000 values need 15 000 with headroom: a 3 M buffer is 200 times that, and is replaced.
    const small = scratchF64(SLOT, 10_000);
    expect(small.length).toBe(15_000);
    expect(scratchF64(SLOT, 12_000) === small).toBe(true);
    const ids = scratchU32(SLOT, 1_000_000);
    expect(scratchU32(SLOT, 100).length).toBe(1024);
    expect(scratchU32(SLOT, 100_000) === ids).toBe(false);
  });

  it('drop their big buffers when a page stops showing a long scan, and keep small ones', () => {
    const big = scratchF64(SLOT + 1, 1_000_000);
    const small = scratchU32(SLOT + 1, 10);
    releaseScratch();
    // Identity only (a failing toBe on million-element arrays would print them).
    expect(scratchF64(SLOT + 1, 1_000_000) === big).toBe(false);
    expect(scratchU32(SLOT + 1, 10) === small).toBe(true);
  });
});
