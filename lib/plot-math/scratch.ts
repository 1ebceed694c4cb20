/**
 * Growable module-level work buffers. The statistics run at 10-60 Hz on large curves: reusing these
 * keeps the garbage collector quiet (a buffer grows to the largest curve seen). A big buffer is given
 * back once the curves are far smaller (a kiosk that followed a long scan and now shows short ones must
 * not keep tens of megabytes). A function may only use a buffer between its own entry and return, and
 * must not call another user of the same slot.
 */

const f64: Float64Array[] = [];
const u32: Uint32Array[] = [];

function grow(n: number): number {
  // Headroom so a growing live curve does not reallocate on every call.
  return Math.max(n, 1024, Math.ceil(n * 1.5));
}

/** Above this many values a buffer more than 16 times what is asked for is replaced by a smaller one. */
const KEEP_BELOW = 1 << 18;

function fits(length: number, n: number): boolean {
  return length >= n && (length <= KEEP_BELOW || length <= 16 * grow(n));
}

/** Float64 work buffer `slot` with room for at least `n` values (contents unspecified). */
export function scratchF64(slot: number, n: number): Float64Array {
  const buf = f64[slot];
  if (buf && fits(buf.length, n)) return buf;
  const next = new Float64Array(grow(n));
  f64[slot] = next;
  return next;
}

/** Uint32 work buffer `slot` with room for at least `n` values (contents unspecified). */
export function scratchU32(slot: number, n: number): Uint32Array {
  const buf = u32[slot];
  if (buf && fits(buf.length, n)) return buf;
  const next = new Uint32Array(grow(n));
  u32[slot] = next;
  return next;
}

/**
 * Drops the big buffers (more than KEEP_BELOW values): a page that stops showing a long scan calls it,
 * so memory the statistics took for that scan is not kept until the next long curve. Never call it from
 * inside a user of a slot.
 */
export function releaseScratch(): void {
  for (const list of [f64, u32] as (Float64Array | Uint32Array)[][]) {
    for (let slot = 0; slot < list.length; slot++) if ((list[slot]?.length ?? 0) > KEEP_BELOW) delete list[slot];
  }
}

// Slot owners, so two modules never share one by accident.
export const SLOT_PAIRS_X = 0;
export const SLOT_PAIRS_Y = 1;
export const SLOT_GATHER = 2;
export const SLOT_RESIDUAL = 3;
export const SLOT_PERCENTILE = 4;
export const SLOT_ORDER = 0;
export const SLOT_MEMBERS = 1;
