/**
 * blissdata's `numeric` encoding (streams/encoding/numeric.py). A payload holds a batch of `len` points,
 * raw C-order bytes in the dtype's byte order; with a -1 in the point shape it is msgpack
 * `[point_shape, bytes]` instead, all points of the batch sharing that shape.
 *
 * Decoding runs on every point the server receives, so the common case (little-endian data, aligned in
 * the reply buffer) returns a typed-array view on the payload's memory without copying. The view keeps
 * the payload's whole ArrayBuffer alive (an ioredis socket chunk): long-lived holders should copy.
 */
import {
  arrayDtypeName,
  HOST_LITTLE_ENDIAN,
  parseDtype,
  type DType,
  type NumericArray,
} from '../dtype';
import { PayloadDecodeError, PayloadEncodeError } from '../errors';
import { isVariableShape, type EntryLocation, type NumericEncoding } from './encoding';
import { decodeHalves, encodeHalves } from './float16';
import { packShapeAndBytes, unpackShapeAndBytes } from './msgpack-frame';

export interface NumericBatch {
  /** `count × prod(pointShape)` items in C order; complex items as interleaved (re, im) elements. */
  data: NumericArray;
  /** Number of points. */
  count: number;
  /** Shape of each point: the encoding's shape, or the one carried by a variable-shape payload. */
  pointShape: number[];
  dtype: DType;
}

/** What a writer XADDs: the payload and its number of points (the `len` field when > 1). */
export interface EncodedBatch {
  payload: Uint8Array;
  len: number;
}

function product(shape: readonly number[]): number {
  let p = 1;
  for (const d of shape) p *= d;
  return p;
}

function dimText(d: unknown): string {
  if (typeof d === 'number') return String(d);
  // A msgpack str (read as bytes) or anything else a broken writer may have put in the shape.
  if (d instanceof Uint8Array) return JSON.stringify(String.fromCharCode(...d.subarray(0, 32)));
  return JSON.stringify(d) ?? String(d);
}

function shapeText(shape: readonly unknown[]): string {
  return `[${shape.map(dimText).join(', ')}]`;
}

/** A fresh, offset-0 copy: `slice()` is unsafe here, Buffer.prototype.slice returns a view. */
function copyBytes(src: Uint8Array): Uint8Array {
  const copy = new Uint8Array(src.byteLength);
  copy.set(src);
  return copy;
}

/** Reverses the byte order of every `size`-byte element into a new buffer. */
function swapBytes(src: Uint8Array, size: number): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(n);
  if (size === 2) {
    for (let i = 0; i < n; i += 2) {
      out[i] = src[i + 1]!;
      out[i + 1] = src[i]!;
    }
  } else if (size === 4) {
    for (let i = 0; i < n; i += 4) {
      out[i] = src[i + 3]!;
      out[i + 1] = src[i + 2]!;
      out[i + 2] = src[i + 1]!;
      out[i + 3] = src[i]!;
    }
  } else {
    for (let i = 0; i < n; i += 8) {
      for (let j = 0; j < 8; j++) out[i + j] = src[i + 7 - j]!;
    }
  }
  return out;
}

/** Interprets exactly `nItems` items of `bytes` (already length-checked) as the dtype's typed array. */
function toArray(bytes: Uint8Array, dtype: DType, nItems: number): NumericArray {
  if (dtype.halfFloat) return decodeHalves(bytes, nItems, dtype.littleEndian);
  const Ctor = dtype.arrayType;
  const length = nItems * dtype.elementsPerItem;
  const elementSize = Ctor.BYTES_PER_ELEMENT;
  if (elementSize === 1 || dtype.littleEndian === HOST_LITTLE_ENDIAN) {
    // Typed arrays need byteOffset % elementSize === 0; Redis replies give no such guarantee.
    const src = bytes.byteOffset % elementSize === 0 ? bytes : copyBytes(bytes);
    return new Ctor(src.buffer, src.byteOffset, length);
  }
  return new Ctor(swapBytes(bytes, elementSize).buffer, 0, length);
}

function expectedLength(
  actual: number,
  count: number,
  pointShape: readonly number[],
  dtype: DType,
  what: string,
  where: EntryLocation,
): number {
  const nItems = count * product(pointShape);
  const expected = nItems * dtype.itemSize;
  if (actual !== expected) {
    const points = `${count} point${count === 1 ? '' : 's'}`;
    throw new PayloadDecodeError(
      where.streamKey,
      where.entryId,
      `${what} is ${actual} bytes, expected ${expected} (${points} of shape ${shapeText(pointShape)} as ${dtype.str})`,
    );
  }
  return nItems;
}

/**
 * Decodes one entry's payload holding `count` points (the entry's `len`).
 * @throws PayloadDecodeError on a wrong byte length, bad msgpack, or a shape that contradicts the encoding
 * @throws UnknownDtypeError if the encoding's dtype is invalid (parseEncoding already rejects those)
 */
export function decodeNumeric(
  payload: Uint8Array,
  encoding: NumericEncoding,
  count: number,
  where: EntryLocation,
): NumericBatch {
  const dtype = parseDtype(encoding.dtype_str);
  if (!Number.isSafeInteger(count) || count < 1) {
    throw new PayloadDecodeError(where.streamKey, where.entryId, `invalid point count ${count}`);
  }
  const declared = encoding.shape;
  if (!isVariableShape(declared)) {
    const nItems = expectedLength(payload.byteLength, count, declared, dtype, 'payload', where);
    return { data: toArray(payload, dtype, nItems), count, pointShape: declared.slice(), dtype };
  }

  const unpacked = unpackShapeAndBytes(payload);
  if (!unpacked.ok) {
    throw new PayloadDecodeError(where.streamKey, where.entryId, unpacked.detail, { cause: unpacked.cause });
  }
  const { shape, bytes } = unpacked;
  const fits =
    shape.length === declared.length &&
    shape.every((d, i) => Number.isSafeInteger(d) && (d as number) >= 0 && (declared[i] === -1 || d === declared[i]));
  if (!fits) {
    throw new PayloadDecodeError(
      where.streamKey,
      where.entryId,
      `point shape ${shapeText(shape)} in payload does not match the encoding's ${shapeText(declared)}`,
    );
  }
  const pointShape = shape as number[];
  const nItems = expectedLength(bytes.byteLength, count, pointShape, dtype, 'msgpack data', where);
  return { data: toArray(bytes, dtype, nItems), count, pointShape, dtype };
}

function refuse(detail: string): never {
  throw new PayloadEncodeError(detail);
}

/** Python refuses data whose dtype differs from the stream's; typed arrays are always host-ordered. */
function checkArrayType(data: NumericArray, dtype: DType): void {
  const ownSize = data.BYTES_PER_ELEMENT;
  if (dtype.itemSize > 1 && ownSize > 1 && dtype.littleEndian !== HOST_LITTLE_ENDIAN) {
    const order = (le: boolean) => (le ? 'little' : 'big');
    refuse(`Expected ${order(dtype.littleEndian)} endian, received ${order(HOST_LITTLE_ENDIAN)} endian`);
  }
  // Buffer is a Uint8Array subclass: instanceof, not a constructor comparison.
  if (!(data instanceof dtype.arrayType)) {
    const hint = dtype.halfFloat ? ' (float16 is given as a Float32Array)' : dtype.complex ? ' (complex is given as interleaved re, im)' : '';
    refuse(`Expected numpy.${dtype.name}, received numpy.${arrayDtypeName(data)}${hint}`);
  }
  if (dtype.kind === 'b') {
    for (let i = 0; i < data.length; i++) {
      const v = (data as Uint8Array)[i]!;
      if (v > 1) refuse(`bool data must be 0 or 1, found ${v} at element ${i}`);
    }
  }
}

function resolvePointShape(declared: readonly number[], given: readonly number[] | undefined): readonly number[] {
  if (!isVariableShape(declared)) {
    if (given && (given.length !== declared.length || given.some((d, i) => d !== declared[i]))) {
      refuse(`Expected point shape ${shapeText(declared)}, received ${shapeText(given)}`);
    }
    return declared;
  }
  if (!given) refuse(`the point shape is needed for variable shape ${shapeText(declared)}`);
  const fits =
    given.length === declared.length &&
    given.every((d, i) => Number.isSafeInteger(d) && d >= 0 && (declared[i] === -1 || d === declared[i]));
  if (!fits) refuse(`Expected point shape ${shapeText(declared)}, received ${shapeText(given)}`);
  return given;
}

/**
 * Writer side, the inverse of decodeNumeric: `data` holds whole points in C order as the typed array of
 * the encoding's dtype (bool as Uint8Array of 0/1, int64 as BigInt64Array, complex interleaved, float16
 * as Float32Array). `pointShape` is required for a variable shape and gives the shape of every point of
 * this batch. Like Python, data in the other byte order than the stream's is refused, as is empty data.
 * @throws PayloadEncodeError
 */
export function encodeNumericBatch(
  data: NumericArray,
  encoding: NumericEncoding,
  pointShape?: readonly number[],
): EncodedBatch {
  const dtype = parseDtype(encoding.dtype_str);
  checkArrayType(data, dtype);
  const shape = resolvePointShape(encoding.shape, pointShape);
  if (data.length === 0) refuse('Cannot encode empty data');
  if (data.length % dtype.elementsPerItem !== 0) refuse(`complex data needs an even number of elements, got ${data.length}`);
  const nItems = data.length / dtype.elementsPerItem;
  const perPoint = product(shape);
  if (perPoint === 0 || nItems % perPoint !== 0) {
    refuse(`${nItems} items are not a whole number of points of shape ${shapeText(shape)}`);
  }
  const len = nItems / perPoint;
  const raw = dtype.halfFloat
    ? encodeHalves(data as Float32Array)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  // Copy like numpy's tobytes() (packing copies too), so the caller may reuse its array while the XADD
  // is pending; float16 conversion already made a fresh buffer.
  const payload = isVariableShape(encoding.shape)
    ? packShapeAndBytes(shape, raw)
    : dtype.halfFloat
      ? raw
      : copyBytes(raw);
  return { payload, len };
}

/** encodeNumericBatch's payload alone (the point count is `data.length / prod(shape)`). */
export function encodeNumeric(data: NumericArray, encoding: NumericEncoding, pointShape?: readonly number[]): Uint8Array {
  return encodeNumericBatch(data, encoding, pointShape).payload;
}
