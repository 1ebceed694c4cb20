import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FLAG_LATEST } from './frame';

describe('binary frames', () => {
  it.each([[[]], [[7]], [[3, 4]], [[2, 3, 5]]])('round-trips point shape %j with an 8-byte aligned payload', (pointShape) => {
    const values = Float64Array.from({ length: 2 * pointShape.reduce((n, d) => n * d, 1) }, (_, i) => i * 1.5);
    const payload = new Uint8Array(values.buffer);
    const bytes = encodeFrame({ flags: FLAG_LATEST, scanId: 3, streamId: 9, index: 123456789012, count: 2, dtype: '<f8', pointShape }, [payload.subarray(0, 8), payload.subarray(8)]);
    const frame = decodeFrame(bytes);
    expect(frame).toMatchObject({ flags: FLAG_LATEST, scanId: 3, streamId: 9, index: 123456789012, count: 2, dtype: '<f8', pointShape });
    expect(frame.payload.byteOffset % 8).toBe(0);
    expect([...new Float64Array(frame.payload.buffer, frame.payload.byteOffset, values.length)]).toEqual([...values]);
  });

  it('rejects truncated or foreign frames', () => {
    expect(() => decodeFrame(new Uint8Array(10))).toThrow(/too short/);
    const bytes = encodeFrame({ flags: 0, scanId: 1, streamId: 1, index: 0, count: 0, dtype: '<u2', pointShape: [4] }, []);
    bytes[0] = 9;
    expect(() => decodeFrame(bytes)).toThrow(/version 9/);
  });
});
