import { describe, expect, it } from 'vitest';
import { PayloadDecodeError, UnknownDtypeError, UnknownEncodingError } from '../errors';
import { decodeEntry, entryFields, parseEncoding, parseLen } from './index';

const where = { streamKey: 'esrf:stream:01ENTRY', entryId: '3-1' };

describe('parseEncoding', () => {
  it('treats "", null and a missing value as no encoding', () => {
    expect(parseEncoding('')).toBeNull();
    expect(parseEncoding(null)).toBeNull();
    expect(parseEncoding(undefined)).toBeNull();
  });

  it('accepts json and numeric encodings, ignoring extra keys', () => {
    expect(parseEncoding({ type: 'json' })).toEqual({ type: 'json' });
    expect(parseEncoding({ type: 'numeric', dtype_str: '<f8', shape: [] })).toEqual({ type: 'numeric', dtype_str: '<f8', shape: [] });
    expect(parseEncoding({ type: 'numeric', dtype_str: '>u2', shape: [-1, 1024], extra: 1 })).toEqual({
      type: 'numeric',
      dtype_str: '>u2',
      shape: [-1, 1024],
    });
  });

  it('names an unknown type', () => {
    expect(() => parseEncoding({ type: 'teapot' })).toThrow(UnknownEncodingError);
    expect(() => parseEncoding({ type: 'teapot' })).toThrow('unknown stream encoding type "teapot"');
    expect(() => parseEncoding({})).toThrow('encoding has no string "type"');
    expect(() => parseEncoding(42)).toThrow('encoding must be an object, "" or null, got number');
    expect(() => parseEncoding('numeric')).toThrow('got "numeric"');
    expect(() => parseEncoding([])).toThrow('got an array');
  });

  it('rejects a bad dtype with UnknownDtypeError', () => {
    expect(() => parseEncoding({ type: 'numeric', dtype_str: '<U8', shape: [] })).toThrow(UnknownDtypeError);
    expect(() => parseEncoding({ type: 'numeric', dtype_str: 8, shape: [] })).toThrow('invalid numeric encoding: dtype_str');
  });

  it('rejects a bad shape', () => {
    const bad = (shape: unknown) => () => parseEncoding({ type: 'numeric', dtype_str: '<f8', shape });
    expect(bad([-2])).toThrow('invalid numeric encoding: shape.0: dimensions must be >= -1');
    expect(bad([1.5])).toThrow(UnknownEncodingError);
    expect(bad(['3'])).toThrow(UnknownEncodingError);
    expect(bad(3)).toThrow('invalid numeric encoding: shape');
    expect(bad(undefined)).toThrow(UnknownEncodingError);
  });
});

describe('parseLen', () => {
  it('defaults to 1 and reads text, bytes and numbers', () => {
    expect(parseLen(undefined, where)).toBe(1);
    expect(parseLen(null, where)).toBe(1);
    expect(parseLen('3', where)).toBe(3);
    expect(parseLen(Buffer.from('120'), where)).toBe(120);
    expect(parseLen(new Uint8Array([0x37]), where)).toBe(7);
    expect(parseLen(5, where)).toBe(5);
  });

  it.each(['0', '-1', '1.5', 'abc', '', ' 3', '3 ', '+3', '1e3', '99999999999999999999'])('rejects %j', (len) => {
    expect(() => parseLen(len, where)).toThrow(PayloadDecodeError);
    expect(() => parseLen(len, where)).toThrow(`invalid len field ${JSON.stringify(len)}`);
  });

  it('rejects non-integer numbers', () => {
    expect(() => parseLen(0, where)).toThrow(PayloadDecodeError);
    expect(() => parseLen(2.5, where)).toThrow(PayloadDecodeError);
  });
});

describe('decodeEntry', () => {
  it('decodes a numeric batch with its len', () => {
    const payload = new Uint8Array(new Float64Array([0.5, 1.5, 2.5]).buffer);
    const entry = decodeEntry({ type: 'numeric', dtype_str: '<f8', shape: [] }, { payload, len: Buffer.from('3') }, where);
    expect(entry.type).toBe('numeric');
    if (entry.type !== 'numeric') return;
    expect(entry.count).toBe(3);
    expect(Array.from(entry.data as Float64Array)).toEqual([0.5, 1.5, 2.5]);
    expect(entry.data.buffer).toBe(payload.buffer);
  });

  it('checks the len against the payload', () => {
    const payload = new Uint8Array(16);
    expect(() => decodeEntry({ type: 'numeric', dtype_str: '<f8', shape: [] }, { payload }, where)).toThrow(
      'cannot decode entry 3-1 of esrf:stream:01ENTRY: payload is 16 bytes, expected 8 (1 point of shape [] as <f8)',
    );
  });

  it('decodes a json entry', () => {
    const payload = new TextEncoder().encode('{"status": "Ready"}');
    expect(decodeEntry({ type: 'json' }, { payload }, where)).toEqual({ type: 'json', count: 1, value: { status: 'Ready' } });
    expect(() => decodeEntry({ type: 'json' }, { payload, len: '2' }, where)).toThrow('json entries hold one value, len is 2');
  });
});

describe('entryFields', () => {
  it('sets len only when > 1', () => {
    const payload = new Uint8Array(8);
    expect(entryFields({ payload, len: 1 })).toEqual({ payload });
    expect(entryFields({ payload, len: 4 })).toEqual({ payload, len: '4' });
  });
});
