/** Sealed streams' levels of detail kept in memory; live ones reduced at each request. Real Redis streams. */
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { Scan } from '../../lib/blissdata/scan';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import type { LodReply } from '../../lib/wire/contract';
import { withRedis } from '../../testing/redis-fixture';
import { reduceStream } from '../live/lod';
import { LodCache } from './lod-cache';

const redis = withRedis();

async function scanWithStream(number: number) {
  const store = await redis.store();
  const writer = await ScanWriter.create(store, { name: 'fscan', number, data_policy: 'no_policy' }, {});
  const out = writer.declareStream('diode', numericStreamDefinition('<u4', []));
  await writer.prepare();
  const stream = async () => (await Scan.load(store, writer.key)).streams.get('diode')!;
  return { writer, out, stream };
}

/** A reduce function that counts its calls. */
function counted(reduce: () => Promise<LodReply>) {
  const calls = { n: 0 };
  return { calls, reduce: () => (calls.n++, reduce()) };
}

const triplets = (reply: LodReply) => Array.from(new Float64Array(reply.data));

/** Commands Redis has run so far (INFO commandstats), this INFO included. */
async function commandCalls(client: Redis): Promise<number> {
  const info = await client.info('commandstats');
  return [...info.matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

describe('LodCache', () => {
  it('reduces a sealed stream once per range and bucket count, and answers the same triplets after that', async () => {
    const { writer, out, stream } = await scanWithStream(1);
    for (let i = 0; i < 10; i++) out.send(Uint32Array.from({ length: 100 }, (_, k) => i * 100 + k));
    await writer.close();
    const s = await stream();
    const cache = new LodCache();
    const whole = counted(() => reduceStream(s, 0, Number.MAX_SAFE_INTEGER, 4));
    const first = await cache.reply(s, { from: 0, to: Number.MAX_SAFE_INTEGER, buckets: 4 }, whole.reduce);
    expect(triplets(first)).toEqual([0, 0, 249, 250, 250, 499, 500, 500, 749, 750, 750, 999]);
    // `to` past the end names the same points as the end itself; a kept summary needs no Redis command.
    const admin = redis.client();
    const commands = await commandCalls(admin);
    const again = await cache.reply(s, { from: 0, to: 1000, buckets: 4 }, whole.reduce);
    expect(await commandCalls(admin)).toBe(commands + 1); // the INFO itself
    expect(whole.calls.n).toBe(1);
    expect(triplets(again)).toEqual(triplets(first));
    expect(again.to).toBe(1000);
    const finer = counted(() => reduceStream(s, 0, 1000, 8));
    expect(triplets(await cache.reply(s, { from: 0, to: 1000, buckets: 8 }, finer.reduce)).slice(0, 3)).toEqual([0, 0, 124]);
    expect(finer.calls.n).toBe(1);
    expect({ hits: cache.hits, misses: cache.misses }).toEqual({ hits: 1, misses: 2 });
  });

  it('reduces a stream still being written at each request, so new points show', async () => {
    const { writer, out, stream } = await scanWithStream(2);
    out.send(Uint32Array.from([5, 6, 7]));
    await out.flush();
    const s = await stream();
    const cache = new LodCache();
    const live = counted(() => reduceStream(s, 0, Number.MAX_SAFE_INTEGER, 1));
    expect(triplets(await cache.reply(s, { from: 0, to: Number.MAX_SAFE_INTEGER, buckets: 1 }, live.reduce))).toEqual([0, 5, 7]);
    out.send(Uint32Array.from([90]));
    await out.flush();
    expect(triplets(await cache.reply(s, { from: 0, to: Number.MAX_SAFE_INTEGER, buckets: 1 }, live.reduce))).toEqual([0, 5, 90]);
    expect(live.calls.n).toBe(2);
    await writer.close();
  });

  it('shares one reduction between identical requests that arrive together, and keeps no reply with expired points', async () => {
    const { writer, out, stream } = await scanWithStream(3);
    out.send(Uint32Array.from([1, 2, 3, 4]));
    await writer.close();
    const s = await stream();
    const cache = new LodCache();
    const shared = counted(() => reduceStream(s, 0, 4, 2));
    const replies = await Promise.all([0, 1, 2].map(() => cache.reply(s, { from: 0, to: 4, buckets: 2 }, shared.reduce)));
    expect(shared.calls.n).toBe(1);
    expect(replies.map(triplets)).toEqual([0, 1, 2].map(() => [0, 1, 2, 2, 3, 4]));
    const lost = counted(async () => ({ from: 0, to: 4, data: new Float64Array([0, 3, 4]).buffer, expired: [0, 2] as [number, number] }));
    await cache.reply(s, { from: 0, to: 4, buckets: 1 }, lost.reduce);
    await cache.reply(s, { from: 0, to: 4, buckets: 1 }, lost.reduce);
    expect(lost.calls.n).toBe(2);
  });

  it('forgets the least recently used summaries beyond its byte budget', async () => {
    const { writer, out, stream } = await scanWithStream(4);
    out.send(Uint32Array.from({ length: 64 }, (_, k) => k));
    await writer.close();
    const s = await stream();
    // Room for two 2-bucket replies (48 bytes each).
    const cache = new LodCache(100);
    const calls = { n: 0 };
    const ask = (from: number) =>
      cache.reply(s, { from, to: 64, buckets: 2 }, () => {
        calls.n++;
        return reduceStream(s, from, 64, 2);
      });
    await ask(0);
    await ask(10);
    await ask(0); // 0 is now the most recently used
    await ask(20); // evicts 10
    expect(calls.n).toBe(3);
    await ask(0);
    expect(calls.n).toBe(3);
    await ask(10);
    expect(calls.n).toBe(4);
  });
});
