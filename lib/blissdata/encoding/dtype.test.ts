import { describe, expect, it } from 'vitest';
import { dtypeStrFromName, dtypeStrOfArray, parseDtype } from '../dtype';
import { UnknownDtypeError, UnknownEncodingError } from '../errors';

describe('parseDtype', () => {
  it.each([
    ['<f8', 'f', 8, true, 'float64', Float64Array],
    ['>f8', 'f', 8, false, 'float64', Float64Array],
    ['<f4', 'f', 4, true, 'float32', Float32Array],
    ['<f2', 'f', 2, true, 'float16', Float32Array],
    ['<i8', 'i', 8, true, 'int64', BigInt64Array],
    ['>i4', 'i', 4, false, 'int32', Int32Array],
    ['<i2', 'i', 2, true, 'int16', Int16Array],
    ['|i1', 'i', 1, true, 'int8', Int8Array],
    ['>u8', 'u', 8, false, 'uint64', BigUint64Array],
    ['<u4', 'u', 4, true, 'uint32', Uint32Array],
    ['>u2', 'u', 2, false, 'uint16', Uint16Array],
    ['|u1', 'u', 1, true, 'uint8', Uint8Array],
    ['|b1', 'b', 1, true, 'bool', Uint8Array],
    ['<c8', 'c', 8, true, 'complex64', Float32Array],
    ['>c16', 'c', 16, false, 'complex128', Float64Array],
  ] as const)('%s', (str, kind, itemSize, littleEndian, name, arrayType) => {
    const d = parseDtype(str);
    expect(d).toMatchObject({ str, kind, itemSize, littleEndian, name, arrayType });
    expect(d.complex).toBe(kind === 'c');
    expect(d.elementsPerItem).toBe(kind === 'c' ? 2 : 1);
    expect(d.halfFloat).toBe(str === '<f2');
  });

  it('canonicalises like numpy dtype.str (host is little endian here)', () => {
    expect(parseDtype('=f8').str).toBe('<f8');
    expect(parseDtype('f8').str).toBe('<f8');
    expect(parseDtype('<u1').str).toBe('|u1');
    expect(parseDtype('>b1').str).toBe('|b1');
  });

  it.each(['<f16', '<f12', '<c32', '<b2', '<i3', '|f8', '|u2', 'O', '<U8', '<M8', 'float64', '', '<f8 ', 'xf8'])(
    'rejects %j',
    (str) => {
      expect(() => parseDtype(str)).toThrow(UnknownDtypeError);
      expect(() => parseDtype(str)).toThrow(UnknownEncodingError);
      expect(() => parseDtype(str)).toThrow(`unsupported numpy dtype ${JSON.stringify(str)}`);
    },
  );
});

describe('writer mappings', () => {
  it('maps numpy names to dtype strings', () => {
    expect(dtypeStrFromName('float64')).toBe('<f8');
    expect(dtypeStrFromName('uint16', false)).toBe('>u2');
    expect(dtypeStrFromName('bool')).toBe('|b1');
    expect(dtypeStrFromName('uint8', false)).toBe('|u1');
    expect(dtypeStrFromName('complex128')).toBe('<c16');
    expect(dtypeStrFromName('int64')).toBe('<i8');
    expect(() => dtypeStrFromName('object')).toThrow(UnknownDtypeError);
    expect(() => dtypeStrFromName('toString')).toThrow(UnknownDtypeError);
  });

  it('maps typed arrays to dtype strings', () => {
    expect(dtypeStrOfArray(new Float64Array(1))).toBe('<f8');
    expect(dtypeStrOfArray(new Float32Array(1))).toBe('<f4');
    expect(dtypeStrOfArray(new BigInt64Array(1))).toBe('<i8');
    expect(dtypeStrOfArray(new BigUint64Array(1))).toBe('<u8');
    expect(dtypeStrOfArray(new Int32Array(1))).toBe('<i4');
    expect(dtypeStrOfArray(new Uint16Array(1))).toBe('<u2');
    expect(dtypeStrOfArray(new Int8Array(1))).toBe('|i1');
    expect(dtypeStrOfArray(new Uint8Array(1))).toBe('|u1');
  });
});
