/**
 * IEEE 754 half precision (numpy float16) <-> JS numbers. Node 20 and the TS lib have no Float16Array,
 * so `<f2` payloads are widened to Float32Array (exact: every half value is a float32 value).
 */

let table: Float32Array | undefined;

/** All 65536 half values, built on first use (256 KiB): a lookup beats bit twiddling per element. */
function halfTable(): Float32Array {
  if (table) return table;
  const t = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) {
    const sign = bits & 0x8000 ? -1 : 1;
    const exp = (bits >> 10) & 0x1f;
    const frac = bits & 0x3ff;
    if (exp === 0) t[bits] = sign * frac * 2 ** -24;
    else if (exp === 31) t[bits] = frac ? NaN : sign * Infinity;
    else t[bits] = sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  return (table = t);
}

/** Decodes `n` halves starting at `bytes[0]` in the given byte order. */
export function decodeHalves(bytes: Uint8Array, n: number, littleEndian: boolean): Float32Array {
  const t = halfTable();
  const out = new Float32Array(n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, n * 2);
  for (let i = 0; i < n; i++) out[i] = t[view.getUint16(i * 2, littleEndian)]!;
  return out;
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** Nearest half (ties to even, like numpy's astype(float16)) as its 16-bit pattern. */
export function halfBits(value: number): number {
  if (Number.isNaN(value)) return 0x7e00;
  const sign = value < 0 || Object.is(value, -0) ? 0x8000 : 0;
  const a = Math.abs(value);
  // 65520 is halfway between the largest half (65504) and the next step: ties to even -> Infinity.
  if (a >= 65520) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | roundHalfEven(a * 2 ** 24); // subnormal; 1024 carries into the exponent
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  let frac = roundHalfEven((a / 2 ** e - 1) * 1024);
  if (frac === 1024) {
    frac = 0;
    e++;
  }
  return sign | ((e + 15) << 10) | frac;
}

/** Encodes values as little-endian halves. */
export function encodeHalves(values: Float32Array | Float64Array): Uint8Array {
  const out = new Uint8Array(values.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint16(i * 2, halfBits(values[i]!), true);
  return out;
}
