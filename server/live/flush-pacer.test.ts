import { describe, expect, it } from 'vitest';
import { COALESCE_ABOVE, FlushPacer, FlushSpacing, IMMEDIATE_BELOW, IMMEDIATE_SHARE, SPACED_ABOVE_MS } from './flush-pacer';

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

describe('FlushSpacing', () => {
  it('lets cheap flushes follow at once and spaces costly ones so that flushing keeps to its share of the time', () => {
    const spacing = new FlushSpacing();
    expect(spacing.delay(0)).toBe(0);
    // One viewer: a 0.1 ms flush; the next may go at once.
    spacing.done(100, 100.1);
    expect(spacing.delay(100.1)).toBe(0);
    // Just above the threshold, spaced by its share.
    spacing.done(150, 150 + SPACED_ABOVE_MS);
    expect(spacing.delay(150 + SPACED_ABOVE_MS)).toBeCloseTo(SPACED_ABOVE_MS / IMMEDIATE_SHARE, 9);
    // Fifty viewers: a 3 ms flush; data read 5 ms later wait the rest of its spacing.
    spacing.done(200, 203);
    expect(spacing.delay(208)).toBeCloseTo(3 / IMMEDIATE_SHARE - 5, 9);
    expect(spacing.delay(203 + 3 / IMMEDIATE_SHARE + 1)).toBe(0);
  });
});
