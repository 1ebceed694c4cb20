/**
 * Bliss's `cen()` and `com()` first keep the finite (x, y) pairs (`_extract_finite`), then one pair per
 * distinct x, sorted by x, the first one in scan order winning (`numpy.unique(x, return_index=True)`).
 * This does the same into reused buffers: one O(n) pass for monotonic x (ascending or descending, what
 * scans produce), a stable index sort (O(n log n)) only for unordered x.
 */
import { scratchF64, scratchU32, SLOT_ORDER, SLOT_PAIRS_X, SLOT_PAIRS_Y } from './scratch';

export interface SortedPairs {
  /** Strictly ascending x values; valid until the next call. */
  xs: Float64Array;
  ys: Float64Array;
  /** Number of pairs in xs/ys. */
  m: number;
}

const result: SortedPairs = { xs: new Float64Array(0), ys: new Float64Array(0), m: 0 };

/** Finite, x-unique, x-sorted pairs of `x[from..to)`, `y[from..to)`. The returned object is reused. */
export function sortedUniquePairs(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number): SortedPairs {
  const n = Math.max(0, to - from);
  const xs = scratchF64(SLOT_PAIRS_X, n);
  const ys = scratchF64(SLOT_PAIRS_Y, n);
  result.xs = xs;
  result.ys = ys;

  // Optimistic single pass for the usual ascending x: copy (deduplicated) while checking the order.
  let m = 0;
  let ascending = true;
  for (let i = from; i < to; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    // `v - v === 0` is false for NaN and ±Infinity: a cheap isFinite.
    if (xi - xi !== 0 || yi - yi !== 0) continue;
    if (m > 0) {
      const last = xs[m - 1]!;
      if (xi === last) continue;
      if (xi < last) {
        ascending = false;
        break;
      }
    }
    xs[m] = xi;
    ys[m++] = yi;
  }
  if (ascending) {
    result.m = m;
    return result;
  }

  let descending = true;
  let prev = NaN;
  for (let i = from; i < to && descending; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    if (xi - xi !== 0 || yi - yi !== 0) continue;
    if (xi > prev) descending = false;
    prev = xi;
  }

  m = 0;
  if (descending) {
    for (let i = to - 1; i >= from; i--) {
      const xi = x[i]!;
      const yi = y[i]!;
      if (xi - xi !== 0 || yi - yi !== 0) continue;
      // Walking backwards, a later visit of the same x is earlier in scan order: it wins.
      if (m > 0 && xi === xs[m - 1]) ys[m - 1] = yi;
      else {
        xs[m] = xi;
        ys[m++] = yi;
      }
    }
  } else {
    const order = scratchU32(SLOT_ORDER, n);
    let k = 0;
    for (let i = from; i < to; i++) {
      const xi = x[i]!;
      const yi = y[i]!;
      if (xi - xi !== 0 || yi - yi !== 0) continue;
      order[k++] = i;
    }
    // Ties broken by index: the first pair in scan order comes first and is the one kept.
    order.subarray(0, k).sort((a, b) => x[a]! - x[b]! || a - b);
    for (let j = 0; j < k; j++) {
      const i = order[j]!;
      const xi = x[i]!;
      if (m > 0 && xi === xs[m - 1]) continue;
      xs[m] = xi;
      ys[m++] = y[i]!;
    }
  }
  result.m = m;
  return result;
}
