import { describe, expect, it } from 'vitest';
import { COALESCE_ABOVE, FlushPacer, IMMEDIATE_BELOW } from './flush-pacer';

describe('FlushPacer', () => {
  it('flushes at once while idle, coalesces above the upper threshold, and only returns below the lower one', () => {
    const pacer = new FlushPacer();
    expect(pacer.coalescing).toBe(false);
    pacer.observe(COALESCE_ABOVE - 0.01);
    expect(pacer.coalescing).toBe(false);
    pacer.observe(COALESCE_ABOVE + 0.01);
    expect(pacer.coalescing).toBe(true);
    // Between the thresholds the mode holds, whichever it is.
    pacer.observe((COALESCE_ABOVE + IMMEDIATE_BELOW) / 2);
    expect(pacer.coalescing).toBe(true);
    pacer.observe(IMMEDIATE_BELOW - 0.01);
    expect(pacer.coalescing).toBe(false);
    pacer.observe((COALESCE_ABOVE + IMMEDIATE_BELOW) / 2);
    expect(pacer.coalescing).toBe(false);
  });
});
