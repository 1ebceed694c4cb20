import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeFrameBody, decodeRaw, decodeSliceBody, fetchFrame, FrameError, LatestLoader, sliceUrl } from './frame-fetch';

const bytes = (...b: number[]) => Uint8Array.from(b).buffer;

describe('decodeRaw', () => {
  it('reads little-endian uint16 without copying', () => {
    const buf = bytes(1, 0, 0, 1, 0xff, 0xff);
    const a = decodeRaw(buf, '<u2', 3);
    expect(a).toBeInstanceOf(Uint16Array);
    expect([...a]).toEqual([1, 256, 65535]);
    expect(a.buffer).toBe(buf);
  });
  it('swaps big-endian data', () => {
    expect([...decodeRaw(bytes(1, 0, 0, 1), '>u2', 2)]).toEqual([256, 1]);
    expect([...decodeRaw(bytes(0x3f, 0x80, 0, 0), '>f4', 1)]).toEqual([1]);
  });
  it('widens float16 and takes magnitudes of complex values', () => {
    expect([...decodeRaw(bytes(0x00, 0x3c, 0x00, 0xc0), '<f2', 2)]).toEqual([1, -2]);
    const c = new Float32Array([3, 4, -5, 12]);
    expect([...decodeRaw(new Uint8Array(c.buffer), '<c8', 2)]).toEqual([5, 13]);
  });
  it('reads 64-bit integers as BigInt64Array and signed bytes', () => {
    const v = new BigInt64Array([-3n, 7n]);
    expect([...decodeRaw(new Uint8Array(v.buffer), '<i8', 2)]).toEqual([-3n, 7n]);
    expect([...decodeRaw(bytes(0xff, 1), '|i1', 2)]).toEqual([-1, 1]);
  });
  it('copies misaligned input', () => {
    const u8 = new Uint8Array([9, 1, 0, 2, 0]).subarray(1);
    expect([...decodeRaw(u8, '<u2', 2)]).toEqual([1, 2]);
  });
  it('refuses short payloads and unknown dtypes', () => {
    expect(() => decodeRaw(bytes(1, 2, 3), '<u2', 2)).toThrow(FrameError);
    expect(() => decodeRaw(bytes(1), '<x9', 1)).toThrow(/unsupported dtype/);
  });
});

describe('decodeFrameBody / decodeSliceBody', () => {
  it('takes height and width from X-Shape', () => {
    const f = decodeFrameBody(bytes(1, 2, 3, 4, 5, 6), '|u1', '2,3', 7);
    expect(f).toMatchObject({ index: 7, width: 3, height: 2, layers: 1 });
    expect([...f.data]).toEqual([1, 2, 3, 4, 5, 6]);
    const stack = decodeFrameBody(bytes(1, 2, 3, 4), '|u1', '2,1,2', 0);
    expect(stack).toMatchObject({ width: 2, height: 1, layers: 2 });
    expect(() => decodeFrameBody(bytes(1), '|u1', '1', 0)).toThrow(/not an image/);
  });
  it('reads point count, start and expired range of a slice', () => {
    const data = new Float64Array([1, 2, 3, 4, 5, 6]);
    const headers = new Headers({ 'x-dtype': '<f8', 'x-shape': '2,3', 'x-from': '40', 'x-expired': '0,40' });
    const s = decodeSliceBody(data.buffer, headers);
    expect(s).toMatchObject({ from: 40, count: 2, pointShape: [3], expired: [0, 40] });
    expect([...s.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(decodeSliceBody(data.buffer, new Headers({ 'x-dtype': '<f8', 'x-shape': '6', 'x-expired': '' })).expired).toBeNull();
  });
});

describe('sliceUrl', () => {
  it('derives the slice route from a frame URL, keeping any base path', () => {
    expect(sliceUrl('/lantern/api/scans/esrf%3Ascan%3A1/streams/mca1%3Aspectrum/frames/12?format=raw', 3, 4)).toBe(
      '/lantern/api/scans/esrf%3Ascan%3A1/streams/mca1%3Aspectrum?from=3&to=4&format=binary',
    );
  });
});

describe('fetchFrame', () => {
  afterEach(() => vi.unstubAllGlobals());
  it('decodes a raw frame response', async () => {
    const body = new Uint16Array([10, 20, 30, 40]);
    vi.stubGlobal('fetch', async () => new Response(body.buffer, { headers: { 'x-dtype': '<u2', 'x-shape': '2,2' } }));
    const f = await fetchFrame('/f', 3);
    expect([...f.data]).toEqual([10, 20, 30, 40]);
  });
  it("reports the server's message and the kind of error", async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ error: 'frame 12 acquired but not saved yet' }), { status: 409 }));
    const e = await fetchFrame('/f', 12).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FrameError);
    expect((e as FrameError).message).toBe('frame 12 acquired but not saved yet');
    expect((e as FrameError).kind).toBe('not-saved');
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 502 }));
    const e2 = (await fetchFrame('/f', 1).catch((x: unknown) => x)) as FrameError;
    expect(e2.kind).toBe('server');
    expect(e2.message).toBe('frame 1: HTTP 502');
  });
});

describe('LatestLoader', () => {
  it('keeps one load in flight and skips to the newest wish', async () => {
    const started: number[] = [];
    const resolvers = new Map<number, (v: string) => void>();
    const done: string[] = [];
    const loader = new LatestLoader<number, string>(
      (n) => {
        started.push(n);
        return new Promise((r) => resolvers.set(n, r));
      },
      (n, r) => done.push(r.ok ? `${n}:${r.value}` : `${n}:error`),
    );
    loader.want(1);
    loader.want(2);
    loader.want(3);
    loader.want(4);
    expect(started).toEqual([1]);
    resolvers.get(1)!('a');
    await Promise.resolve();
    await Promise.resolve();
    expect(done).toEqual(['1:a']);
    expect(started).toEqual([1, 4]);
    loader.want(4); // already in flight: nothing new
    resolvers.get(4)!('b');
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([1, 4]);
    expect(done).toEqual(['1:a', '4:b']);
  });

  it('drops a pending wish equal to the one in flight and stops after dispose', async () => {
    const started: number[] = [];
    let release: (() => void) | undefined;
    const loader = new LatestLoader<number, null>(
      (n) => {
        started.push(n);
        return new Promise((r) => (release = () => r(null)));
      },
      () => undefined,
    );
    loader.want(5);
    loader.want(6);
    loader.want(5);
    release!();
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([5]);
    loader.want(7);
    loader.dispose();
    loader.want(8);
    expect(started).toEqual([5, 7]);
  });
});
