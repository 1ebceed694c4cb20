/**
 * Sanity bounds on values read from Redis that size work: an entry id or `len` beyond them cannot come
 * from a real acquisition and would turn stream lengths into floats (2^64-scale ids lose precision in a
 * JS number), XREAD cursors into ids Redis refuses, and expired ranges into allocations of any size.
 */

/**
 * Most points one data stream may hold: 2^40 (1.1e12), thirty-five years of a 1 kHz counter. Entry
 * ids and `len` fields past it mark the stream malformed; smaller ones stay exact in a JS number.
 */
export const MAX_STREAM_POINTS = 2 ** 40;

/** Whether a batch [index, index + count) lies inside the bound. */
export function pointRangeIsSane(index: number, count: number): boolean {
  return Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 0 && count >= 0 && index + count <= MAX_STREAM_POINTS;
}

/** Dimensions of one point of a numeric stream (a spectrum is 1, an image 2, a stack of images 3). */
export const MAX_POINT_DIMS = 8;

/** Elements of one point: 2^31, a 46 k × 46 k image. Declared shapes past it cannot be real. */
export const MAX_POINT_ELEMENTS = 2 ** 31;
