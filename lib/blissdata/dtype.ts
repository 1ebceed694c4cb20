/**
 * numpy dtypes as blissdata writes them (`dtype.str`: byte order + kind + item size, e.g. `<f8`) and the
 * typed arrays we decode them into. Only the kinds blissdata's NumericStreamEncoder accepts exist here:
 * b (bool), i, u, f, c.
 */
import { UnknownDtypeError } from './errors';

export type DTypeKind = 'b' | 'i' | 'u' | 'f' | 'c';

/** Every typed array a numeric payload decodes to. */
export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array
  | Float32Array
  | Float64Array;

/** The constructor forms we use (a union of the built-in constructors is not constructable in TS). */
export interface NumericArrayConstructor {
  readonly BYTES_PER_ELEMENT: number;
  readonly name: string;
  new (length: number): NumericArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NumericArray;
}

export interface DType {
  /** Canonical numpy `dtype.str`: `=` resolved to this host's order, `|` for 1-byte types. */
  readonly str: string;
  readonly kind: DTypeKind;
  /** Bytes per item on the wire (16 for `<c16`, 2 for `<f2`). */
  readonly itemSize: number;
  /** Wire byte order (true for 1-byte types, where it does not matter). */
  readonly littleEndian: boolean;
  /** numpy `dtype.name`: `float64`, `uint16`, `bool`, `complex128`... */
  readonly name: string;
  /** Typed array holding the decoded elements. bool -> Uint8Array of 0/1, float16 -> Float32Array. */
  readonly arrayType: NumericArrayConstructor;
  /** Complex items decode as interleaved (real, imag) pairs: the array has 2 elements per item. */
  readonly complex: boolean;
  readonly elementsPerItem: 1 | 2;
  /** float16 has no typed array we can rely on (TS lib, Node 20): it is converted to float32 on decode. */
  readonly halfFloat: boolean;
}

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface KindSpec {
  name: string;
  arrayType: NumericArrayConstructor;
}

// Item sizes allowed per kind, with the numpy name and the decoded array type. float96/128 and
// complex256 (long double) have no JS representation and are rejected as unknown.
const KINDS: Record<DTypeKind, Record<number, KindSpec>> = {
  b: { 1: { name: 'bool', arrayType: Uint8Array } },
  i: {
    1: { name: 'int8', arrayType: Int8Array },
    2: { name: 'int16', arrayType: Int16Array },
    4: { name: 'int32', arrayType: Int32Array },
    8: { name: 'int64', arrayType: BigInt64Array },
  },
  u: {
    1: { name: 'uint8', arrayType: Uint8Array },
    2: { name: 'uint16', arrayType: Uint16Array },
    4: { name: 'uint32', arrayType: Uint32Array },
    8: { name: 'uint64', arrayType: BigUint64Array },
  },
  f: {
    2: { name: 'float16', arrayType: Float32Array },
    4: { name: 'float32', arrayType: Float32Array },
    8: { name: 'float64', arrayType: Float64Array },
  },
  c: {
    8: { name: 'complex64', arrayType: Float32Array },
    16: { name: 'complex128', arrayType: Float64Array },
  },
};

const DTYPE_RE = /^([<>=|]?)([biufc])([0-9]{1,2})$/;

// Decoding parses the dtype of every entry; a dtype string is one of a few dozen, so cache them.
const cache = new Map<string, DType>();

/**
 * Parses a numpy `dtype.str` (`<f8`, `>u2`, `|b1`, `=i4`; a missing order char means native like numpy).
 * `|` is only accepted for 1-byte types, since for wider ones the byte order would be unknown.
 * @throws UnknownDtypeError
 */
export function parseDtype(str: string): DType {
  const cached = cache.get(str);
  if (cached) return cached;
  const m = DTYPE_RE.exec(str);
  if (!m) throw new UnknownDtypeError(str);
  const order = m[1]!;
  const kind = m[2] as DTypeKind;
  const itemSize = Number(m[3]);
  const spec = KINDS[kind][itemSize];
  if (!spec) throw new UnknownDtypeError(str);
  if (order === '|' && itemSize > 1) throw new UnknownDtypeError(str);
  const littleEndian = itemSize === 1 || (order === '<' || (order !== '>' && HOST_LITTLE_ENDIAN));
  const orderChar = itemSize === 1 ? '|' : littleEndian ? '<' : '>';
  const complex = kind === 'c';
  const dtype: DType = Object.freeze({
    str: `${orderChar}${kind}${itemSize}`,
    kind,
    itemSize,
    littleEndian,
    name: spec.name,
    arrayType: spec.arrayType,
    complex,
    elementsPerItem: complex ? 2 : 1,
    halfFloat: kind === 'f' && itemSize === 2,
  });
  cache.set(str, dtype);
  return dtype;
}

const NAME_TO_CODE: Record<string, string> = {};
for (const kind of Object.keys(KINDS) as DTypeKind[]) {
  for (const [size, spec] of Object.entries(KINDS[kind])) NAME_TO_CODE[spec.name] = `${kind}${size}`;
}

/**
 * Writer side: numpy name (`float64`, as in stream `info.dtype`) -> `dtype.str`, little endian unless asked.
 * @throws UnknownDtypeError
 */
export function dtypeStrFromName(name: string, littleEndian = true): string {
  const code = Object.hasOwn(NAME_TO_CODE, name) ? NAME_TO_CODE[name] : undefined;
  if (code === undefined) throw new UnknownDtypeError(name);
  return parseDtype(`${littleEndian ? '<' : '>'}${code}`).str;
}

/**
 * Writer side: the dtype a typed array holds natively (host byte order). Uint8Array maps to `|u1`: a bool
 * stream must be declared explicitly (`|b1`). Float arrays map to real floats, not complex.
 */
export function dtypeStrOfArray(array: NumericArray): string {
  return parseDtype(`=${arrayCode(array)}`).str;
}

/** numpy name of what a typed array natively holds, for error messages. */
export function arrayDtypeName(array: NumericArray): string {
  return parseDtype(`=${arrayCode(array)}`).name;
}

function arrayCode(array: NumericArray): string {
  if (array instanceof Float64Array) return 'f8';
  if (array instanceof Float32Array) return 'f4';
  if (array instanceof BigInt64Array) return 'i8';
  if (array instanceof BigUint64Array) return 'u8';
  if (array instanceof Int32Array) return 'i4';
  if (array instanceof Uint32Array) return 'u4';
  if (array instanceof Int16Array) return 'i2';
  if (array instanceof Uint16Array) return 'u2';
  if (array instanceof Int8Array) return 'i1';
  return 'u1';
}
