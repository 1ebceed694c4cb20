/**
 * Colour range of an image, fast: `lib/plot-math/autoscale` is exact and silx-compatible but its
 * min/max loop sees every typed-array type in one function, which V8 runs megamorphic (~20 ms on a
 * 2048×2048 frame). The plain min/max case, by far the most common, gets one monomorphic loop per array
 * type here (~3 ms); the other modes and log scales go to the library (percentiles on 8/16-bit
 * images are already a single histogram pass there).
 */
import type { NumericArray } from '../blissdata/dtype';
import { autoscale, type AutoscaleMode, type Range } from './autoscale';

function intRange(lo: number, hi: number, n: number): Range | null {
  return n === 0 || lo > hi ? null : { min: lo, max: hi };
}

function minMaxU16(a: Uint16Array): Range | null {
  let lo = 65535;
  let hi = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return intRange(lo, hi, a.length);
}

function minMaxU8(a: Uint8Array): Range | null {
  let lo = 255;
  let hi = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return intRange(lo, hi, a.length);
}

function minMaxI16(a: Int16Array): Range | null {
  let lo = 32767;
  let hi = -32768;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return intRange(lo, hi, a.length);
}

function minMaxI32(a: Int32Array): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return intRange(lo, hi, a.length);
}

function minMaxU32(a: Uint32Array): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return intRange(lo, hi, a.length);
}

/** NaN and ±Infinity skipped (NaN fails every comparison; infinities are tested). */
function minMaxF32(a: Float32Array): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo && v !== -Infinity) lo = v;
    if (v > hi && v !== Infinity) hi = v;
  }
  return lo === Infinity ? null : { min: lo, max: hi };
}

function minMaxF64(a: Float64Array): Range | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < lo && v !== -Infinity) lo = v;
    if (v > hi && v !== Infinity) hi = v;
  }
  return lo === Infinity ? null : { min: lo, max: hi };
}

/** Finite min and max of a typed array, null when there is no finite value; undefined for other types. */
export function fastMinMax(data: NumericArray | Float64Array): Range | null | undefined {
  if (data instanceof Uint16Array) return minMaxU16(data);
  if (data instanceof Uint8Array) return minMaxU8(data);
  if (data instanceof Int16Array) return minMaxI16(data);
  if (data instanceof Int32Array) return minMaxI32(data);
  if (data instanceof Uint32Array) return minMaxU32(data);
  if (data instanceof Float32Array) return minMaxF32(data);
  if (data instanceof Float64Array) return minMaxF64(data);
  return undefined;
}

/** `autoscale` with the fast min/max path; same results and fallbacks ([0, 1] when there is nothing). */
export function imageRange(data: NumericArray | Float64Array, mode: AutoscaleMode, log = false): Range {
  if (mode === 'minmax' && !log) {
    const r = fastMinMax(data);
    if (r !== undefined) return r ?? { min: 0, max: 1 };
  }
  return autoscale(data, mode, log);
}
