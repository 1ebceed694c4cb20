/**
 * The variable-shape numeric payload: Python's `msgpack.packb((point_shape, batch.tobytes()))`, i.e. a
 * 2-element array of [array of non-negative ints, bin]. Packed by hand on the writer side so a large
 * image is copied once; unpacked with @msgpack/msgpack, which returns the bin as a view (no copy).
 */
import { Decoder } from '@msgpack/msgpack';

// rawStrings: msgpack-python < 1.0 packed bytes as the legacy raw/str type; take those as bytes too.
const decoder = new Decoder({ rawStrings: true });

export type UnpackResult =
  | { ok: true; shape: unknown[]; bytes: Uint8Array }
  | { ok: false; detail: string; cause?: unknown };

export function unpackShapeAndBytes(payload: Uint8Array): UnpackResult {
  let value: unknown;
  try {
    value = decoder.decode(payload);
  } catch (cause) {
    return { ok: false, detail: `bad msgpack: ${(cause as Error).message}`, cause };
  }
  if (!Array.isArray(value) || value.length !== 2) {
    return { ok: false, detail: 'msgpack payload is not a [shape, bytes] pair' };
  }
  const [shape, bytes] = value as [unknown, unknown];
  if (!Array.isArray(shape)) return { ok: false, detail: 'msgpack shape is not an array' };
  if (!(bytes instanceof Uint8Array)) return { ok: false, detail: 'msgpack data is not binary' };
  return { ok: true, shape, bytes };
}

/** Writes an unsigned int the way msgpack-python does (smallest form). */
function uintSize(v: number): number {
  return v < 0x80 ? 1 : v < 0x100 ? 2 : v < 0x10000 ? 3 : v < 0x100000000 ? 5 : 9;
}

function writeUint(view: DataView, pos: number, v: number): number {
  if (v < 0x80) view.setUint8(pos, v);
  else if (v < 0x100) {
    view.setUint8(pos, 0xcc);
    view.setUint8(pos + 1, v);
  } else if (v < 0x10000) {
    view.setUint8(pos, 0xcd);
    view.setUint16(pos + 1, v);
  } else if (v < 0x100000000) {
    view.setUint8(pos, 0xce);
    view.setUint32(pos + 1, v);
  } else {
    view.setUint8(pos, 0xcf);
    view.setBigUint64(pos + 1, BigInt(v));
  }
  return pos + uintSize(v);
}

/** `[shape, bytes]` exactly as msgpack-python packs a (tuple, bytes) pair with use_bin_type=True. */
export function packShapeAndBytes(shape: readonly number[], bytes: Uint8Array): Uint8Array {
  const n = bytes.byteLength;
  if (n > 0xffffffff) throw new RangeError(`${n} bytes do not fit a msgpack bin`);
  const arrayHeader = shape.length < 16 ? 1 : shape.length < 0x10000 ? 3 : 5;
  const binHeader = n < 0x100 ? 2 : n < 0x10000 ? 3 : 5;
  let size = 1 + arrayHeader + binHeader + n;
  for (const d of shape) size += uintSize(d);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let pos = 0;
  view.setUint8(pos++, 0x92);
  if (arrayHeader === 1) view.setUint8(pos++, 0x90 | shape.length);
  else if (arrayHeader === 3) {
    view.setUint8(pos, 0xdc);
    view.setUint16(pos + 1, shape.length);
    pos += 3;
  } else {
    view.setUint8(pos, 0xdd);
    view.setUint32(pos + 1, shape.length);
    pos += 5;
  }
  for (const d of shape) pos = writeUint(view, pos, d);
  if (binHeader === 2) {
    view.setUint8(pos, 0xc4);
    view.setUint8(pos + 1, n);
  } else if (binHeader === 3) {
    view.setUint8(pos, 0xc5);
    view.setUint16(pos + 1, n);
  } else {
    view.setUint8(pos, 0xc6);
    view.setUint32(pos + 1, n);
  }
  out.set(bytes, pos + binHeader);
  return out;
}
