/** Level of detail over HTTP: a long stream reduced to min/max buckets, peaks kept, typed errors. */
import { describe, expect, it } from 'vitest';
import { lodPath } from '../../lib/wire/contract';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { until, withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();

async function lod(key: string, stream: string, query: Record<string, number | string>) {
  const params = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
  const response = await fetch(`${lantern.url}${lodPath(key, stream)}?${params}`);
  if (!response.ok) return { status: response.status, error: ((await response.json()) as { error: string }).error };
  return { status: 200, from: Number(response.headers.get('x-from')), to: Number(response.headers.get('x-to')), expired: response.headers.get('x-expired'), data: new Float64Array(await response.arrayBuffer()) };
}

describe('level of detail', () => {
  it('reduces 1 000 000 points to buckets whose min/max keep a one-sample spike, and zooms to full resolution', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'fscan', number: 1, data_policy: 'no_policy' }, {});
    const out = writer.declareStream('diode', numericStreamDefinition('<f8', []));
    await writer.prepare();
    const n = 1_000_000;
    for (let i = 0; i < n; i += 10_000) {
      const chunk = Float64Array.from({ length: 10_000 }, (_, k) => Math.sin((i + k) / 1000));
      if (i === 420_000) chunk[1234] = 50;
      out.send(chunk);
    }
    await writer.close();
    const reply = await lod(writer.key, 'diode', { from: 0, to: n, buckets: 1000 });
    if (!('data' in reply)) throw new Error(reply.error);
    const triplets = reply.data!;
    expect(triplets.length).toBe(3000);
    expect(reply).toMatchObject({ from: 0, to: n, expired: null });
    const maxima = Array.from({ length: 1000 }, (_, b) => triplets[b * 3 + 2]!);
    expect(Math.max(...maxima)).toBe(50);
    expect(triplets[421 * 3]).toBe(421_000);
    expect(maxima[421]).toBe(50);
    expect(Math.min(...Array.from({ length: 1000 }, (_, b) => triplets[b * 3 + 1]!))).toBeCloseTo(-1, 5);
    // Zoomed in, each bucket is one sample: the exact values come back.
    const zoom = await lod(writer.key, 'diode', { from: 421_230, to: 421_240, buckets: 1000 });
    if (!('data' in zoom)) throw new Error(zoom.error);
    const exact = zoom.data!;
    expect(exact.length).toBe(30);
    expect(exact[4 * 3 + 1]).toBe(50);
    expect(exact[0 * 3 + 1]).toBeCloseTo(Math.sin(421.23), 12);
  });

  it('reduces integer and float32 channels published in entries of uneven sizes exactly as a naive min/max over the same points', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'fscan', number: 3, data_policy: 'no_policy' }, {});
    const kinds = { u4: Uint32Array, f4: Float32Array, i2: Int16Array, i8: BigInt64Array } as const;
    const outs = Object.fromEntries(Object.keys(kinds).map((k) => [k, writer.declareStream(k, numericStreamDefinition(`<${k}`, []))]));
    await writer.prepare();
    const n = 5000;
    const value = (i: number) => ((i * 7919) % 1000) - (i % 3 === 0 ? 400 : 0) + (i === 3210 ? 30_000 : 0);
    const published: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
    for (let at = 0, size = 1; at < n; at += size, size = (size * 5 + 3) % 41 || 1) {
      const count = Math.min(size, n - at);
      for (const [k, Ctor] of Object.entries(kinds)) {
        const values = Array.from({ length: count }, (_, j) => value(at + j));
        const data = Ctor === BigInt64Array ? BigInt64Array.from(values.map((v) => BigInt(v))) : (Ctor as typeof Float32Array).from(values);
        published[k]!.push(...Array.from(data as ArrayLike<number | bigint>, Number));
        outs[k]!.send(data);
      }
    }
    await writer.close();
    const from = 13;
    const to = n - 5;
    const buckets = 7;
    for (const k of Object.keys(kinds)) {
      const reply = await lod(writer.key, k, { from, to, buckets });
      if (!('data' in reply)) throw new Error(`${k}: ${reply.error}`);
      const expected: number[] = [];
      for (let b = 0; b < buckets; b++) {
        const start = from + Math.floor((b * (to - from)) / buckets);
        const end = from + Math.floor(((b + 1) * (to - from)) / buckets);
        const part = published[k]!.slice(start, end);
        expected.push(start, Math.min(...part), Math.max(...part));
      }
      expect({ k, triplets: Array.from(reply.data!) }).toEqual({ k, triplets: expected });
    }
    // The spike of i2 saturates nothing: 30 000 + its base fits an int16.
    expect(Math.max(...published.i2!)).toBeGreaterThan(29_000);
  });

  it('holds back the catch-up of the client that waits for it, and only that client', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'fscan', number: 2, data_policy: 'no_policy' }, {});
    const out = writer.declareStream('diode', numericStreamDefinition('<f8', []));
    await writer.prepare();
    for (let i = 0; i < 20; i++) out.send(new Float64Array(1000).fill(i));
    await writer.close();
    const waiting = await lantern.client();
    const other = await lantern.client();
    let release!: () => void;
    const held = lantern.app.live.replying({ id: waiting.socket.id! }, () => new Promise<void>((r) => (release = r)));
    await Promise.all([waiting.subscribe(writer.key), other.subscribe(writer.key)]);
    await until(() => other.have(writer.key, 'diode') === 20_000, 10_000, 'the other client caught up');
    expect(waiting.have(writer.key, 'diode')).toBe(0);
    release();
    await held;
    await until(() => waiting.have(writer.key, 'diode') === 20_000, 10_000, 'the waiting client caught up after the reply');
    expect(waiting.values(writer.key, 'diode').slice(-1)).toEqual([19]);
  });

  it('answers bad requests and unknown scans with clear errors', async () => {
    expect(await lod('esrf:scan:x', 's', { from: 10, to: 5, buckets: 10 })).toEqual({ status: 400, error: 'need 0 <= from <= to, got from=10 to=5' });
    expect(await lod('esrf:scan:x', 's', { from: 0, to: 5, buckets: 0 })).toMatchObject({ status: 400, error: expect.stringMatching(/buckets must be between/) });
    expect(await lod('esrf:scan:01J9Z3K7Q2M4X8B6N5T1V0W2Y3', 's', { from: 0, to: 5, buckets: 10 })).toMatchObject({ status: 404 });
  });
});
