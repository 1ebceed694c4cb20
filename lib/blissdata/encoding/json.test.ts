import { describe, expect, it } from 'vitest';
import { PayloadDecodeError, PayloadEncodeError } from '../errors';
import { decodeJson, encodeJson } from './json';

const where = { streamKey: 'esrf:stream:01JSON', entryId: '0-1' };
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function detailOf(payload: Uint8Array): string {
  try {
    decodeJson(payload, where);
  } catch (e) {
    expect(e).toBeInstanceOf(PayloadDecodeError);
    expect((e as PayloadDecodeError).entryId).toBe('0-1');
    return (e as PayloadDecodeError).detail;
  }
  throw new Error('expected a PayloadDecodeError');
}

describe('decodeJson', () => {
  it("decodes Python json.dumps output (', ' separators, \\u escapes)", () => {
    const payload = utf8('{"status": "Ready", "image_count": 3, "name": "caf\\u00e9", "ok": true, "x": null}');
    expect(decodeJson(payload, where)).toEqual({ status: 'Ready', image_count: 3, name: 'café', ok: true, x: null });
  });

  it('decodes raw UTF-8, from a Buffer at an offset, and skips a BOM', () => {
    const pool = Buffer.from(`xx${'["é", 1.5]'}`);
    expect(decodeJson(pool.subarray(2), where)).toEqual(['é', 1.5]);
    expect(decodeJson(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('{"a": 1}')]), where)).toEqual({ a: 1 });
  });

  it("accepts Python's NaN, Infinity and -Infinity, not inside strings", () => {
    const value = decodeJson(utf8('{"v": NaN, "w": [Infinity, -Infinity, 1], "s": "NaN \\" Infinity", "t": "-Infinity"}'), where);
    expect(value).toEqual({ v: NaN, w: [Infinity, -Infinity, 1], s: 'NaN " Infinity', t: '-Infinity' });
    expect(decodeJson(utf8('NaN'), where)).toBeNaN();
    // a document that happens to mention the marker's letters still decodes right
    expect(decodeJson(utf8('{"pyjson": "\\u0000pyjsonNaN", "n": NaN}'), where)).toEqual({ pyjson: '\u0000pyjsonNaN', n: NaN });
  });

  it('rejects bad JSON', () => {
    expect(detailOf(utf8('{"a": 1'))).toMatch(/^invalid json: /);
    expect(detailOf(utf8(''))).toMatch(/^invalid json: /);
    expect(detailOf(utf8('{"a": NaNa}'))).toMatch(/^invalid json: /);
    expect(detailOf(utf8("{'a': 1}"))).toMatch(/^invalid json: /);
  });

  it('rejects invalid UTF-8', () => {
    expect(detailOf(new Uint8Array([0x22, 0xff, 0x22]))).toBe('json payload is not valid UTF-8');
    expect(detailOf(new Uint8Array([0x22, 0xc3, 0x28, 0x22]))).toBe('json payload is not valid UTF-8');
  });
});

describe('encodeJson', () => {
  it('writes UTF-8 JSON', () => {
    expect(text(encodeJson({ status: 'Ready', n: [1, 2.5], s: 'é' }))).toBe('{"status":"Ready","n":[1,2.5],"s":"é"}');
    expect(text(encodeJson('x'))).toBe('"x"');
  });

  it('writes non-finite numbers and bigints like Python json.dumps', () => {
    const bytes = encodeJson({ a: NaN, b: [Infinity, -Infinity], c: 12345678901234567890n, s: 'NaN', d: -5n });
    expect(text(bytes)).toBe('{"a":NaN,"b":[Infinity,-Infinity],"c":12345678901234567890,"s":"NaN","d":-5}');
    expect(decodeJson(bytes, where)).toEqual({ a: NaN, b: [Infinity, -Infinity], c: 12345678901234567000, s: 'NaN', d: -5 });
  });

  it('refuses what JSON cannot represent', () => {
    expect(() => encodeJson(undefined)).toThrow(PayloadEncodeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encodeJson(cyclic)).toThrow(PayloadEncodeError);
  });
});
