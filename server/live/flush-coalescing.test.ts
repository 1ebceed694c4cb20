/**
 * Live flushes: a point read while the server is idle goes out at once, in its own frame; under load a
 * flush sends one frame per stream, however many XREAD rounds brought its points (bench: latency, fanout).
 */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { withLantern, until } from '../testing/lantern-fixture';

// A long flush interval, so many XREAD rounds (one point each) fall into one tick.
const lantern = withLantern({ env: { LANTERN_FLUSH_MS: '250' } });

async function scanOf(points: number, number: number) {
  const store = await lantern.redis.store({ maxRetriesPerRequest: null });
  const writer = await ScanWriter.create(store, { name: 'loopscan', number, data_policy: 'no_policy', session: 'test' }, { title: 'loopscan', npoints: points });
  const out = writer.declareStream('x', numericStreamDefinition('<f8', []));
  await writer.prepare();
  await writer.start();
  return { writer, out };
}

/** Keeps this thread's event loop (which the in-process server shares) busy most of the time. */
function busyLoop(busyMs: number, everyMs: number): () => void {
  const timer = setInterval(() => {
    const until = performance.now() + busyMs;
    while (performance.now() < until);
  }, everyMs);
  return () => clearInterval(timer);
}

describe('live flushes', () => {
  it('sends a point read while idle in a frame of its own, without waiting for the flush tick', async () => {
    // The server shares this test's event loop, and other test files load the machine: an attempt during
    // which the pacer saw load (a tick flush carried data) or a flush was slow enough to space the next
    // says nothing about idle flushing, so it is repeated; the assertion is made on an attempt that
    // stayed idle throughout.
    const live = lantern.app.live;
    const client = await lantern.client();
    let attempt: { frames: number; immediate: number; values: number[] } | undefined;
    for (let number = 1; number <= 6 && !attempt; number++) {
      const { writer, out } = await scanOf(10, number);
      await client.subscribe(writer.key);
      await until(() => live.followedScan(writer.key)?.tails.get('x') !== undefined, 30_000, 'the scan followed');
      await until(() => !live.coalescing, 30_000, 'an idle server');
      const tail = () => live.followedScan(writer.key)!.tails.get('x')!;
      const framesBefore = client.frames;
      const immediateBefore = live.flushes.immediate;
      const tickBefore = live.flushes.tick;
      const spacedBefore = live.flushes.spaced;
      // Each point is published once the server has read the previous one, far less than a tick (250 ms)
      // later: with flushes on the tick only, several would share a frame.
      for (let i = 0; i < 10; i++) {
        out.send(new Float64Array([i * 1.5]));
        await out.flush();
        await until(() => tail().length === i + 1, 10_000, `point ${i} read`);
      }
      await until(() => client.values(writer.key, 'x').length === 10);
      if (live.flushes.tick === tickBefore && live.flushes.spaced === spacedBefore) {
        attempt = { frames: client.frames - framesBefore, immediate: live.flushes.immediate - immediateBefore, values: client.values(writer.key, 'x') };
      }
      await writer.close();
    }
    expect(attempt, 'no attempt in six stayed idle (every one had data on a tick or spaced flush)').toBeDefined();
    expect(attempt!.values).toEqual(Array.from({ length: 10 }, (_, i) => i * 1.5));
    expect(client.problems).toEqual([]);
    expect(attempt!.frames).toBe(10);
    expect(attempt!.immediate).toBeGreaterThanOrEqual(10);
  });

  it('under load, sends the points of many XREAD rounds as one frame per stream per flush', async () => {
    const { writer, out } = await scanOf(40, 20);
    const client = await lantern.client();
    await client.subscribe(writer.key);
    const live = lantern.app.live;
    await until(() => live.tailedCount > 0);
    const stop = busyLoop(15, 20);
    try {
      await until(() => live.coalescing, 30_000, 'a loaded server');
      const framesBefore = client.frames;
      const tickBefore = live.flushes.tick;
      const t0 = performance.now();
      // One point per XADD, 5 ms apart: an XREAD round each, many within one flush interval.
      for (let i = 0; i < 40; i++) {
        out.send(new Float64Array([i]));
        await out.flush();
        await new Promise((r) => setTimeout(r, 5));
      }
      const flushes = Math.ceil((performance.now() - t0) / 250) + 1;
      await until(() => client.values(writer.key, 'x').length === 40);
      expect(client.values(writer.key, 'x')).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(client.problems).toEqual([]);
      // At most one frame per flush while publishing (one more for the last points), not one per round (40).
      expect(client.frames - framesBefore).toBeLessThanOrEqual(flushes + 1);
      expect(client.frames - framesBefore).toBeLessThan(20);
      expect(live.flushes.tick).toBeGreaterThan(tickBefore);
    } finally {
      stop();
    }
    await writer.close();
  });
});
