import { encode as msgpackEncode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { PayloadDecodeError, PayloadEncodeError, UnknownDtypeError } from '../errors';
import type { NumericEncoding } from './encoding';
import { packShapeAndBytes } from './msgpack-frame';
import { decodeNumeric, encodeNumeric, encodeNumericBatch } from './numeric';

const where = { streamKey: 'esrf:stream:01TEST', entryId: '5-1' };
const enc = (dtype_str: string, shape: number[] = []): NumericEncoding => ({ type: 'numeric', dtype_str, shape });

/** `bytes` at `byteOffset` inside a larger ArrayBuffer, as ioredis Buffers sit in a shared pool. */
function placed(bytes: ArrayLike<number>, byteOffset: number): Uint8Array {
  const view = new Uint8Array(new ArrayBuffer(byteOffset + bytes.length + 16), byteOffset, bytes.length);
  view.set(bytes);
  return view;
}

function decodeError(fn: () => unknown): PayloadDecodeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PayloadDecodeError);
    return e as PayloadDecodeError;
  }
  throw new Error('expected a PayloadDecodeError');
}

type Setter = (view: DataView, offset: number, value: never, littleEndian: boolean) => void;
interface Case {
  code: string;
  elementSize: number;
  set: Setter;
  /** Elements as the decoded typed array holds them (complex interleaved re, im). */
  values: Array<number | bigint>;
}

// Values chosen so that reading with the wrong byte order gives different numbers.
const cases: Case[] = [
  { code: 'i2', elementSize: 2, set: (v, o, x: number, le) => v.setInt16(o, x, le), values: [0x0102, -2, -32768] },
  { code: 'u2', elementSize: 2, set: (v, o, x: number, le) => v.setUint16(o, x, le), values: [0x0102, 65535, 1] },
  { code: 'i4', elementSize: 4, set: (v, o, x: number, le) => v.setInt32(o, x, le), values: [0x01020304, -100000, -1] },
  { code: 'u4', elementSize: 4, set: (v, o, x: number, le) => v.setUint32(o, x, le), values: [0x01020304, 4294967295, 7] },
  {
    code: 'i8',
    elementSize: 8,
    set: (v, o, x: bigint, le) => v.setBigInt64(o, x, le),
    values: [0x0102030405060708n, -(2n ** 63n), -1n, 2n ** 53n + 1n],
  },
  {
    code: 'u8',
    elementSize: 8,
    set: (v, o, x: bigint, le) => v.setBigUint64(o, x, le),
    values: [0x0102030405060708n, 2n ** 64n - 1n, 3n],
  },
  {
    code: 'f4',
    elementSize: 4,
    set: (v, o, x: number, le) => v.setFloat32(o, x, le),
    values: [1.5, Math.fround(-0.1), Math.fround(3.4e38), -Infinity],
  },
  {
    code: 'f8',
    elementSize: 8,
    set: (v, o, x: number, le) => v.setFloat64(o, x, le),
    values: [Math.PI, -1e300, 5e-324, 0.1],
  },
  {
    code: 'c8',
    elementSize: 4,
    set: (v, o, x: number, le) => v.setFloat32(o, x, le),
    values: [1, -2, 0.5, Math.fround(3.3)],
  },
  {
    code: 'c16',
    elementSize: 8,
    set: (v, o, x: number, le) => v.setFloat64(o, x, le),
    values: [Math.PI, -Math.E, 1e-10, 42],
  },
];

function bytesOf(c: Case, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(c.values.length * c.elementSize);
  const view = new DataView(out.buffer);
  c.values.forEach((x, i) => c.set(view, i * c.elementSize, x as never, littleEndian));
  return out;
}

describe('decodeNumeric: every dtype in both byte orders', () => {
  for (const c of cases) {
    for (const le of [true, false]) {
      const str = `${le ? '<' : '>'}${c.code}`;
      it(str, () => {
        const payload = placed(bytesOf(c, le), 16);
        const perItem = c.code.startsWith('c') ? 2 : 1;
        const count = c.values.length / perItem;
        const r = decodeNumeric(payload, enc(str), count, where);
        expect(Array.from(r.data as ArrayLike<number | bigint>)).toEqual(c.values);
        expect(r.count).toBe(count);
        expect(r.pointShape).toEqual([]);
        expect(r.dtype.str).toBe(str);
        // Little endian on a little-endian host: a view on the payload. Big endian: a swapped copy.
        if (le) {
          expect(r.data.buffer).toBe(payload.buffer);
          expect(r.data.byteOffset).toBe(16);
        } else {
          expect(r.data.buffer).not.toBe(payload.buffer);
        }
      });
    }
  }

  it('0x0102 as <u2 and >u2', () => {
    const payload = new Uint8Array([0x01, 0x02]);
    expect(Array.from(decodeNumeric(payload, enc('<u2'), 1, where).data as Uint16Array)).toEqual([0x0201]);
    expect(Array.from(decodeNumeric(payload, enc('>u2'), 1, where).data as Uint16Array)).toEqual([0x0102]);
  });

  it('int64 via BigInt, both orders, from literal bytes', () => {
    const bytes = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe];
    const le = decodeNumeric(new Uint8Array(bytes), enc('<i8'), 1, where).data;
    const be = decodeNumeric(new Uint8Array(bytes), enc('>i8'), 1, where).data;
    expect(le).toBeInstanceOf(BigInt64Array);
    expect(le[0]).toBe(-72057594037927937n); // 0xfeffffffffffffff
    expect(be[0]).toBe(-2n);
    expect(decodeNumeric(new Uint8Array(bytes), enc('>u8'), 1, where).data[0]).toBe(2n ** 64n - 2n);
  });

  it('1-byte types: |u1, |i1, |b1', () => {
    const payload = placed([0xff, 0x7f, 0x80, 0x00, 0x01], 3);
    const u1 = decodeNumeric(payload, enc('|u1'), 5, where);
    const i1 = decodeNumeric(payload, enc('|i1'), 5, where);
    expect(Array.from(u1.data as Uint8Array)).toEqual([255, 127, 128, 0, 1]);
    expect(Array.from(i1.data as Int8Array)).toEqual([-1, 127, -128, 0, 1]);
    expect(u1.data.buffer).toBe(payload.buffer);
    expect(i1.data).toBeInstanceOf(Int8Array);
    const b1 = decodeNumeric(placed([1, 0, 0, 1], 1), enc('|b1'), 4, where);
    expect(b1.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(b1.data as Uint8Array)).toEqual([1, 0, 0, 1]);
    expect(b1.dtype.kind).toBe('b');
  });

  it('complex is interleaved (re, im) with a flag', () => {
    const payload = bytesOf(cases.find((c) => c.code === 'c16')!, true);
    const r = decodeNumeric(payload, enc('<c16'), 2, where);
    expect(r.dtype.complex).toBe(true);
    expect(r.data).toBeInstanceOf(Float64Array);
    expect(r.data.length).toBe(4);
    expect([r.data[0], r.data[1]]).toEqual([Math.PI, -Math.E]);
  });

  it('float16 widens to Float32Array, both orders', () => {
    // 1.5, -2, 65504 (max), 2^-24 (min subnormal), +inf, NaN, -0
    const halves = [0x3e00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x7e00, 0x8000];
    const le = halves.flatMap((h) => [h & 0xff, h >> 8]);
    const be = halves.flatMap((h) => [h >> 8, h & 0xff]);
    const expected = [1.5, -2, 65504, 2 ** -24, Infinity, NaN, -0];
    for (const [str, bytes] of [['<f2', le], ['>f2', be]] as const) {
      const r = decodeNumeric(placed(bytes, 1), enc(str), halves.length, where);
      expect(r.data).toBeInstanceOf(Float32Array);
      expect(Array.from(r.data as Float32Array)).toEqual(expected);
    }
  });
});

describe('decodeNumeric: copies', () => {
  it('returns a view when aligned: same memory as the payload', () => {
    const payload = placed(bytesOf(cases.find((c) => c.code === 'f8')!, true), 8);
    const r = decodeNumeric(payload, enc('<f8'), 4, where);
    expect(r.data.buffer).toBe(payload.buffer);
    expect(r.data.byteOffset).toBe(payload.byteOffset);
    new DataView(payload.buffer, payload.byteOffset).setFloat64(0, 7, true);
    expect(r.data[0]).toBe(7);
  });

  it('copies when misaligned (byteOffset 1)', () => {
    const payload = placed(bytesOf(cases.find((c) => c.code === 'f8')!, true), 1);
    const r = decodeNumeric(payload, enc('<f8'), 4, where);
    expect(r.data.buffer).not.toBe(payload.buffer);
    expect(r.data.byteOffset).toBe(0);
    expect(Array.from(r.data as Float64Array)).toEqual([Math.PI, -1e300, 5e-324, 0.1]);
  });

  it('handles ioredis-style Buffers (Uint8Array subclass inside a shared pool)', () => {
    const pool = new ArrayBuffer(64);
    const aligned = Buffer.from(pool, 8, 8);
    const odd = Buffer.from(pool, 17, 8);
    new DataView(pool).setFloat64(8, -3.25, true);
    new DataView(pool).setFloat64(17, 6.5, true);
    const a = decodeNumeric(aligned, enc('<f8'), 1, where);
    const b = decodeNumeric(odd, enc('<f8'), 1, where);
    expect(a.data.buffer).toBe(pool);
    expect(a.data[0]).toBe(-3.25);
    expect(b.data.buffer).not.toBe(pool);
    expect(b.data[0]).toBe(6.5);
    // A plain Uint8Array, not a Buffer, even for 1-byte types.
    expect(decodeNumeric(odd, enc('|u1'), 8, where).data.constructor).toBe(Uint8Array);
  });
});

describe('decodeNumeric: fixed shapes', () => {
  it('scalars: count points of shape []', () => {
    const payload = new Uint8Array(new Float64Array([1, 2, 3]).buffer);
    const r = decodeNumeric(payload, enc('<f8', []), 3, where);
    expect(Array.from(r.data as Float64Array)).toEqual([1, 2, 3]);
    expect(r.pointShape).toEqual([]);
  });

  it('[4096] spectra', () => {
    const values = new Uint32Array(2 * 4096).map((_, i) => i * 3);
    const r = decodeNumeric(new Uint8Array(values.buffer), enc('<u4', [4096]), 2, where);
    expect(r.pointShape).toEqual([4096]);
    expect(r.data.length).toBe(8192);
    expect(r.data[4096 + 5]).toBe((4096 + 5) * 3);
    expect(r.data.buffer).toBe(values.buffer);
  });

  it('[2, 3] images', () => {
    const values = new Int16Array([1, 2, 3, 4, 5, 6, -1, -2, -3, -4, -5, -6]);
    const r = decodeNumeric(new Uint8Array(values.buffer), enc('<i2', [2, 3]), 2, where);
    expect(r.pointShape).toEqual([2, 3]);
    expect(Array.from(r.data as Int16Array)).toEqual(Array.from(values));
  });

  it('rejects a wrong payload length with the numbers', () => {
    const e = decodeError(() => decodeNumeric(new Uint8Array(20), enc('<f8'), 3, where));
    expect(e.detail).toBe('payload is 20 bytes, expected 24 (3 points of shape [] as <f8)');
    expect(e.streamKey).toBe(where.streamKey);
    expect(e.entryId).toBe('5-1');
    const e2 = decodeError(() => decodeNumeric(new Uint8Array(11), enc('<u2', [2, 3]), 1, where));
    expect(e2.detail).toBe('payload is 11 bytes, expected 12 (1 point of shape [2, 3] as <u2)');
  });

  it('rejects an invalid count', () => {
    expect(decodeError(() => decodeNumeric(new Uint8Array(0), enc('<f8'), 0, where)).detail).toBe('invalid point count 0');
    expect(() => decodeNumeric(new Uint8Array(12), enc('<f8'), 1.5, where)).toThrow(PayloadDecodeError);
  });

  it('rejects an unknown dtype', () => {
    expect(() => decodeNumeric(new Uint8Array(8), enc('<f16'), 1, where)).toThrow(UnknownDtypeError);
  });
});

describe('decodeNumeric: variable shapes (msgpack [shape, bytes])', () => {
  it("decodes Python's layout: packb(((3,), np.array([1, 2, 3], '<u2').tobytes()))", () => {
    // fixarray(2), fixarray(1), fixint 3, bin8 of 6 bytes
    const payload = new Uint8Array([0x92, 0x91, 0x03, 0xc4, 0x06, 1, 0, 2, 0, 3, 0]);
    const r = decodeNumeric(payload, enc('<u2', [-1]), 1, where);
    expect(r.pointShape).toEqual([3]);
    expect(Array.from(r.data as Uint16Array)).toEqual([1, 2, 3]);
    expect(packShapeAndBytes([3], new Uint8Array([1, 0, 2, 0, 3, 0]))).toEqual(payload);
  });

  it("decodes Python's layout with a uint16 dimension and a bin16", () => {
    // packb(((300,), bytes(range(256)) + bytes(44))) for 2 points of |u1 [-1] would need 600 bytes;
    // here 1 point of shape (300,): uint16 300 = cd 01 2c, bin16 300 = c5 01 2c
    const data = Array.from({ length: 300 }, (_, i) => i % 251);
    const payload = new Uint8Array([0x92, 0x91, 0xcd, 0x01, 0x2c, 0xc5, 0x01, 0x2c, ...data]);
    const r = decodeNumeric(payload, enc('|u1', [-1]), 1, where);
    expect(r.pointShape).toEqual([300]);
    expect(Array.from(r.data as Uint8Array)).toEqual(data);
    expect(r.data.buffer).toBe(payload.buffer); // the bin is a view, not a copy
  });

  it('decodes the legacy raw-string form (msgpack-python < 1.0 without use_bin_type)', () => {
    const payload = new Uint8Array([0x92, 0x92, 0x02, 0x01, 0xa2, 0x05, 0x06]); // fixstr of 2 bytes
    const r = decodeNumeric(payload, enc('|u1', [-1, 1]), 1, where);
    expect(r.pointShape).toEqual([2, 1]);
    expect(Array.from(r.data as Uint8Array)).toEqual([5, 6]);
  });

  it('all points of a batch share the carried shape; a view when the bin is aligned', () => {
    // header 92 92 02 03 c4 30 = 6 bytes; placing the payload at offset 2 puts the bin at offset 8.
    const values = new Float64Array([1, 2, 3, 4, 5, 6]);
    const bin = new Uint8Array(values.buffer);
    const packed = packShapeAndBytes([3], bin);
    expect(Array.from(packed.subarray(0, 5))).toEqual([0x92, 0x91, 0x03, 0xc4, 48]);
    const aligned = placed(packed, 3); // bin at offset 3 + 5 = 8
    const r = decodeNumeric(aligned, enc('<f8', [-1]), 2, where);
    expect(r.count).toBe(2);
    expect(r.pointShape).toEqual([3]);
    expect(Array.from(r.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.data.buffer).toBe(aligned.buffer);
    const misaligned = placed(packed, 0);
    const r2 = decodeNumeric(misaligned, enc('<f8', [-1]), 2, where);
    expect(r2.data.buffer).not.toBe(misaligned.buffer);
    expect(Array.from(r2.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('big-endian variable payloads are swapped', () => {
    const payload = packShapeAndBytes([2], new Uint8Array([0x01, 0x02, 0x03, 0x04]));
    expect(Array.from(decodeNumeric(payload, enc('>u2', [-1]), 1, where).data as Uint16Array)).toEqual([0x0102, 0x0304]);
  });

  it('matches @msgpack/msgpack byte for byte (same minimal forms as msgpack-python)', () => {
    const same = (shape: number[], n: number) => {
      const bytes = new Uint8Array(n).map((_, i) => i);
      return Buffer.from(packShapeAndBytes(shape, bytes)).equals(Buffer.from(msgpackEncode([shape, bytes])));
    };
    const shapes = [[], [0], [127], [128], [255], [256], [65535], [65536], [2 ** 32 - 1], [2 ** 32], [1, 2, 3], Array<number>(16).fill(1)];
    for (const shape of shapes) expect(same(shape, 3), `shape ${shape.join(',')}`).toBe(true);
    for (const n of [0, 1, 255, 256, 65535, 65536]) expect(same([n], n), `${n} bytes`).toBe(true);
  });

  it('rejects bad msgpack', () => {
    expect(decodeError(() => decodeNumeric(new Uint8Array([0xc1]), enc('<f8', [-1]), 1, where)).detail).toMatch(/^bad msgpack: /);
    expect(decodeError(() => decodeNumeric(new Uint8Array([0x92, 0x91]), enc('<f8', [-1]), 1, where)).detail).toMatch(/^bad msgpack: /);
    const trailing = new Uint8Array([...packShapeAndBytes([1], new Uint8Array(8)), 0x00]);
    expect(decodeError(() => decodeNumeric(trailing, enc('<f8', [-1]), 1, where)).detail).toMatch(/^bad msgpack: .*Extra/);
  });

  it('rejects msgpack that is not [shape, bytes]', () => {
    const detail = (value: unknown) =>
      decodeError(() => decodeNumeric(msgpackEncode(value), enc('<f8', [-1]), 1, where)).detail;
    expect(detail([[1], new Uint8Array(8), 3])).toBe('msgpack payload is not a [shape, bytes] pair');
    expect(detail({ shape: [1] })).toBe('msgpack payload is not a [shape, bytes] pair');
    expect(detail([1, new Uint8Array(8)])).toBe('msgpack shape is not an array');
    expect(detail([[1], [1, 2]])).toBe('msgpack data is not binary');
  });

  it('rejects shapes that contradict the encoding', () => {
    const detail = (shape: unknown[], declared: number[]) =>
      decodeError(() => decodeNumeric(msgpackEncode([shape, new Uint8Array(64)]), enc('|u1', declared), 1, where)).detail;
    expect(detail([8, 4], [-1, 3])).toBe("point shape [8, 4] in payload does not match the encoding's [-1, 3]");
    expect(detail([64], [-1, 1])).toBe("point shape [64] in payload does not match the encoding's [-1, 1]");
    expect(detail([-64], [-1])).toBe("point shape [-64] in payload does not match the encoding's [-1]");
    expect(detail(['64'], [-1])).toBe(`point shape ["64"] in payload does not match the encoding's [-1]`);
    expect(detail([1.5], [-1])).toBe("point shape [1.5] in payload does not match the encoding's [-1]");
  });

  it('rejects a bin of the wrong size', () => {
    const payload = packShapeAndBytes([3], new Uint8Array(40));
    expect(decodeError(() => decodeNumeric(payload, enc('<f8', [-1]), 2, where)).detail).toBe(
      'msgpack data is 40 bytes, expected 48 (2 points of shape [3] as <f8)',
    );
  });
});

describe('encodeNumeric', () => {
  it('round-trips every little-endian dtype', () => {
    const arrays = {
      '<f8': new Float64Array([Math.PI, -0, 1e300]),
      '<f4': new Float32Array([1.5, -2.25]),
      '<i8': new BigInt64Array([-(2n ** 63n), 2n ** 63n - 1n]),
      '<u8': new BigUint64Array([2n ** 64n - 1n]),
      '<i4': new Int32Array([-5, 0x01020304]),
      '<u4': new Uint32Array([4294967295]),
      '<i2': new Int16Array([-32768, 258]),
      '<u2': new Uint16Array([0x0102]),
      '|i1': new Int8Array([-128, 127]),
      '|u1': new Uint8Array([0, 255]),
      '|b1': new Uint8Array([1, 0, 1]),
      '<c8': new Float32Array([1, -1, 0.5, 2]),
      '<c16': new Float64Array([Math.E, -Math.PI]),
    };
    for (const [str, data] of Object.entries(arrays)) {
      const batch = encodeNumericBatch(data, enc(str));
      const perItem = str.includes('c') ? 2 : 1;
      expect(batch.len).toBe(data.length / perItem);
      expect(batch.payload.buffer).not.toBe(data.buffer); // copied like tobytes()
      const back = decodeNumeric(batch.payload, enc(str), batch.len, where);
      expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(data as ArrayLike<unknown>));
    }
    expect(Array.from(encodeNumeric(new Uint16Array([0x0102]), enc('<u2')))).toEqual([0x02, 0x01]);
  });

  it('counts points of fixed shapes', () => {
    const image = new Uint16Array(2 * 2 * 3).map((_, i) => i);
    const batch = encodeNumericBatch(image, enc('<u2', [2, 3]));
    expect(batch.len).toBe(2);
    expect(batch.payload.byteLength).toBe(24);
    expect(() => encodeNumeric(new Uint16Array(7), enc('<u2', [2, 3]))).toThrow(
      '7 items are not a whole number of points of shape [2, 3]',
    );
    expect(() => encodeNumeric(image, enc('<u2', [2, 3]), [3, 2])).toThrow('Expected point shape [2, 3], received [3, 2]');
  });

  it('produces the msgpack form for -1 shapes', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const batch = encodeNumericBatch(data, enc('<f8', [-1]), [3]);
    expect(batch.len).toBe(2);
    expect(Array.from(batch.payload.subarray(0, 5))).toEqual([0x92, 0x91, 0x03, 0xc4, 48]);
    const back = decodeNumeric(batch.payload, enc('<f8', [-1]), batch.len, where);
    expect(back.pointShape).toEqual([3]);
    expect(Array.from(back.data as Float64Array)).toEqual([1, 2, 3, 4, 5, 6]);

    const big = new Uint8Array(70000).map((_, i) => i % 256);
    const imgBatch = encodeNumericBatch(big, enc('|u1', [-1, 350]), [200, 350]);
    expect(imgBatch.len).toBe(1);
    expect(Array.from(imgBatch.payload.subarray(0, 11))).toEqual([0x92, 0x92, 0xcc, 200, 0xcd, 0x01, 0x5e, 0xc6, 0, 1, 0x11]);
    const img = decodeNumeric(imgBatch.payload, enc('|u1', [-1, 350]), 1, where);
    expect(img.pointShape).toEqual([200, 350]);
    expect(Buffer.from(img.data as Uint8Array).equals(big)).toBe(true);
  });

  it('needs a point shape matching the variable one', () => {
    const data = new Float64Array(6);
    expect(() => encodeNumeric(data, enc('<f8', [-1]))).toThrow('the point shape is needed for variable shape [-1]');
    expect(() => encodeNumeric(data, enc('<f8', [-1, 2]), [3, 3])).toThrow('Expected point shape [-1, 2], received [3, 3]');
    expect(() => encodeNumeric(data, enc('<f8', [-1]), [4])).toThrow('6 items are not a whole number of points of shape [4]');
    expect(() => encodeNumeric(data, enc('<f8', [-1]), [0])).toThrow(PayloadEncodeError);
  });

  it('refuses a byte-order mismatch like Python', () => {
    expect(() => encodeNumeric(new Float64Array([1]), enc('>f8'))).toThrow(
      'cannot encode batch: Expected big endian, received little endian',
    );
    // 1-byte types have no byte order
    expect(Array.from(encodeNumeric(new Uint8Array([7]), enc('|u1')))).toEqual([7]);
  });

  it('refuses another dtype', () => {
    expect(() => encodeNumeric(new Float32Array([1]), enc('<f8'))).toThrow('Expected numpy.float64, received numpy.float32');
    expect(() => encodeNumeric(new Float64Array([1]), enc('<i8'))).toThrow('Expected numpy.int64, received numpy.float64');
    expect(() => encodeNumeric(new Int8Array([1]), enc('|b1'))).toThrow('Expected numpy.bool, received numpy.int8');
    expect(() => encodeNumeric(new Uint8Array([0, 2]), enc('|b1'))).toThrow('bool data must be 0 or 1, found 2 at element 1');
  });

  it('refuses empty data and odd complex data', () => {
    expect(() => encodeNumeric(new Float64Array(0), enc('<f8'))).toThrow('Cannot encode empty data');
    expect(() => encodeNumeric(new Float64Array(3), enc('<c16'))).toThrow('complex data needs an even number of elements, got 3');
  });

  it('encodes float16 from Float32Array with round-half-even', () => {
    const values = new Float32Array([1 / 3, 65519, 65520, 2 ** -25, 3 * 2 ** -25, -0, NaN, 2 ** -14, 1 + 2 ** -11]);
    const payload = encodeNumeric(values, enc('<f2'));
    const halves = Array.from(new Uint16Array(payload.buffer, payload.byteOffset, values.length));
    expect(halves.map((h) => h.toString(16))).toEqual(['3555', '7bff', '7c00', '0', '2', '8000', '7e00', '400', '3c00']);
    const back = decodeNumeric(payload, enc('<f2'), values.length, where).data;
    expect(back[0]).toBe(0.333251953125);
    expect(() => encodeNumeric(new Float64Array([1]), enc('<f2'))).toThrow('(float16 is given as a Float32Array)');
  });
});
