import { describe, expect, it } from 'vitest';
import type { NumericArray } from '../blissdata/dtype';
import type { ScanSnapshot, StreamMeta } from '../wire/contract';
import { encodeFrame, FLAG_LATEST, FLAG_PREVIEW } from '../wire/frame';
import { ScanBuffers } from './scan-buffers';

/** Elements of a point view as numbers (views may be bigint arrays). */
function list(a: NumericArray | null): number[] {
  return a ? Array.from(a as ArrayLike<number | bigint>, Number) : [];
}

function meta(id: number, name: string, dtype: string | null, shape: number[], delivery: 'all' | 'latest' = 'all'): StreamMeta {
  return { id, name, kind: 'array', dtype, shape, delivery, length: 0, sealed: false, firstAvailable: 0, unit: null, error: null };
}

function snapshot(streams: StreamMeta[], scanId = 3): ScanSnapshot {
  return {
    key: 'esrf:scan:01',
    scanId,
    summary: {} as ScanSnapshot['summary'],
    identity: {},
    info: {},
    streams,
  };
}

function frame(streamId: number, index: number, data: Float64Array | Float32Array | Uint16Array | Int32Array, dtype: string, pointShape: number[] = [], flags = 0, scanId = 3): Uint8Array {
  const count = data.length / Math.max(1, pointShape.reduce((a, b) => a * b, 1));
  return encodeFrame({ flags, scanId, streamId, index, count, dtype, pointShape }, [new Uint8Array(data.buffer, data.byteOffset, data.byteLength)]);
}

describe('ScanBuffers', () => {
  it('routes frames to streams by id and moves the aggregate version', () => {
    const scan = new ScanBuffers('esrf:scan:01');
    scan.applySnapshot(snapshot([meta(1, 'axis:roby', '<f8', []), meta(2, 'diode1', '<i4', [])]));
    const v0 = scan.version;
    const roby = scan.applyFrame(frame(1, 0, new Float64Array([0, 0.5, 1]), '<f8'));
    scan.applyFrame(frame(2, 0, new Int32Array([7, 8]), '<i4').slice().buffer);
    expect(scan.version).toBe(v0 + 2);
    expect(roby).toBe(scan.streamByName('axis:roby'));
    expect(Array.from(scan.streamByName('axis:roby')!.toFloat64())).toEqual([0, 0.5, 1]);
    expect(Array.from(scan.stream(2)!.toFloat64())).toEqual([7, 8]);
    expect(scan.have()).toEqual({ 'axis:roby': 3, diode1: 2 });
  });

  it('ignores frames of another subscription and JSON frames', () => {
    const scan = new ScanBuffers('esrf:scan:01');
    scan.applySnapshot(snapshot([meta(1, 'x', '<f8', [])], 3));
    expect(scan.applyFrame(frame(1, 0, new Float64Array([1]), '<f8', [], 0, 99))).toBeNull();
    const json = encodeFrame({ flags: 0, scanId: 3, streamId: 4, index: 0, count: 1, dtype: 'json', pointShape: [] }, [new TextEncoder().encode('[{}]')]);
    expect(scan.applyFrame(json)).toBeNull();
    expect(scan.stream(1)).toBeUndefined();
    expect(scan.errors.size).toBe(0);
  });

  // Spectra use a [1, n] shape here: lib/wire/frame.ts encodes 1-D point shapes with a header 4 bytes
  // short (headerLength counts a 20-byte fixed part; it is 24), which decodeFrame rejects.
  it('keeps latest-delivered streams and FLAG_LATEST frames latest-only', () => {
    const scan = new ScanBuffers('esrf:scan:01');
    scan.applySnapshot(snapshot([meta(5, 'lima:image', '<u2', [2, 2], 'latest'), meta(6, 'mca:spectrum', '<u2', [1, 4])]));
    scan.applyFrame(frame(5, 41, new Uint16Array([1, 2, 3, 4]), '<u2', [2, 2], FLAG_LATEST));
    const image = scan.streamByName('lima:image')!;
    expect([image.latestOnly, image.latestIndex, list(image.latest)]).toEqual([true, 41, [1, 2, 3, 4]]);
    scan.applyFrame(frame(6, 0, new Uint16Array([1, 1, 1, 1, 2, 2, 2, 2]), '<u2', [1, 4]));
    const mca = scan.streamByName('mca:spectrum')!;
    expect(mca.latestOnly).toBe(false);
    scan.applyFrame(frame(6, 9, new Uint16Array([9, 9, 9, 9]), '<u2', [1, 4], FLAG_LATEST));
    expect([mca.latestOnly, mca.latestIndex, list(mca.latest)]).toEqual([true, 9, [9, 9, 9, 9]]);
  });

  it('holds preview frames (2×2-binned, own shape) and full frames of one image stream, and says which', () => {
    const scan = new ScanBuffers('esrf:scan:01');
    scan.applySnapshot(snapshot([meta(7, 'det:image', '<u2', [4, 4], 'latest')]));
    const full = Uint16Array.from({ length: 16 }, (_, k) => k);
    scan.applyFrame(frame(7, 3, full, '<u2', [4, 4], FLAG_LATEST));
    const image = scan.streamByName('det:image')!;
    expect([image.latestIndex, image.latestPreview, image.pointShape, list(image.latest)]).toEqual([3, false, [4, 4], Array.from(full)]);
    // Preview of frame 4: [2, 2] point, flagged.
    scan.applyFrame(frame(7, 4, new Uint16Array([10, 11, 12, 13]), '<u2', [2, 2], FLAG_LATEST | FLAG_PREVIEW));
    expect([image.latestIndex, image.latestPreview, image.pointShape, list(image.latest)]).toEqual([4, true, [2, 2], [10, 11, 12, 13]]);
    expect(image.has(4)).toBe(true);
    // An older full frame (catch-up) neither replaces the newest preview nor changes its shape.
    scan.applyFrame(frame(7, 2, full, '<u2', [4, 4], FLAG_LATEST));
    expect([image.latestIndex, image.latestPreview, image.pointShape, list(image.latest)]).toEqual([4, true, [2, 2], [10, 11, 12, 13]]);
    // Back to a full frame: full shape, not a preview.
    scan.applyFrame(frame(7, 5, full, '<u2', [4, 4], FLAG_LATEST));
    expect([image.latestIndex, image.latestPreview, image.pointShape, list(image.latest)]).toEqual([5, false, [4, 4], Array.from(full)]);
    scan.applyFrame(frame(7, 6, new Uint16Array([1, 2, 3, 4]), '<u2', [2, 2], FLAG_LATEST | FLAG_PREVIEW));
    expect([image.latestIndex, image.latestPreview, list(image.latest)]).toEqual([6, true, [1, 2, 3, 4]]);
  });

  it('applies scan:expired by stream name, even before any data', () => {
    const scan = new ScanBuffers('esrf:scan:01');
    scan.applySnapshot(snapshot([meta(1, 'diode', '<f4', [])]));
    expect(scan.applyExpired({ key: 'esrf:scan:01', stream: 'diode', from: 0, to: 100 })).toBe(true);
    expect(scan.applyExpired({ key: 'other', stream: 'diode', from: 0, to: 100 })).toBe(false);
    expect(scan.applyExpired({ key: 'esrf:scan:01', stream: 'nope', from: 0, to: 1 })).toBe(false);
    const diode = scan.streamByName('diode')!;
    expect(diode.gaps).toEqual([{ from: 0, to: 100, reason: 'expired' }]);
    scan.applyFrame(frame(1, 100, new Float32Array([1]), '<f4'));
    expect(scan.have()).toEqual({ diode: 101 });
    expect(Array.from(diode.toFloat64(98))).toEqual([NaN, NaN, 1]);
  });

  it('records malformed frames instead of throwing', () => {
    const scan = new ScanBuffers('esrf:scan:01');
    expect(scan.applyFrame(new Uint8Array([9, 9, 9]))).toBeNull();
    expect(scan.errors.get(-1)).toMatch(/too short/);
    const short = encodeFrame({ flags: 0, scanId: 3, streamId: 8, index: 0, count: 4, dtype: '<f8', pointShape: [] }, [new Uint8Array(8)]);
    expect(scan.applyFrame(short)).toBeNull();
    expect(scan.errors.get(8)).toMatch(/needs 32 bytes/);
    const bad = encodeFrame({ flags: 0, scanId: 3, streamId: 9, index: 0, count: 1, dtype: '<x3', pointShape: [] }, [new Uint8Array(8)]);
    expect(scan.applyFrame(bad)).toBeNull();
    expect(scan.errors.has(9)).toBe(true);
  });

  it('follows scan:progress and replaces a stream whose dtype changed', () => {
    const scan = new ScanBuffers('esrf:scan:01');
    scan.applySnapshot(snapshot([meta(1, 'ct', '<f8', [])]));
    scan.applyProgress({ key: 'esrf:scan:01', summary: {} as ScanSnapshot['summary'], streams: [{ id: 1, length: 40, sealed: true }] });
    expect(scan.meta(1)).toMatchObject({ length: 40, sealed: true });
    scan.applyFrame(frame(1, 0, new Float64Array([1, 2]), '<f8'));
    scan.applyFrame(frame(1, 0, new Int32Array([5]), '<i4'));
    expect(scan.stream(1)!.dtype.str).toBe('<i4');
    expect(Array.from(scan.stream(1)!.toFloat64())).toEqual([5]);
  });
});
