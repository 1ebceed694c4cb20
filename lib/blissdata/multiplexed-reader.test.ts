/** One blocking XREAD tails many streams: no loss, no duplicates, streams added/removed live, resume. */
import { describe, expect, it } from 'vitest';
import { withRedis } from '../../testing/redis-fixture';
import { DataCursor } from './data-cursor';
import { MultiplexedReader } from './multiplexed-reader';
import { Scan } from './scan';
import { numericStreamDefinition, ScanWriter } from './writer/scan-writer';

const redis = withRedis({ persistence: 'aof' });

/** Collects the float64 points a cursor receives, in order, and checks contiguity. */
function collector(key: string, from = 0) {
  const cursor = new DataCursor(key, from);
  const values: number[] = [];
  const tail = {
    key,
    cursor: cursor.cursorId,
    sealed: false,
    onEntries(entries: Parameters<DataCursor['consume']>[0]) {
      const read = cursor.consume(entries);
      if (read.expired) throw new Error(`unexpected expired ${read.expired.join('-')}`);
      for (const batch of read.batches) values.push(...new Float64Array(new Uint8Array(batch.payload).buffer));
      tail.cursor = cursor.cursorId;
      tail.sealed = read.sealedAt !== null;
    },
  };
  return { tail, values };
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('MultiplexedReader', () => {
  it('tails streams of several scans, with streams added while blocked and removed', async () => {
    const store = await redis.store();
    // A one-minute block: streams added while blocked only arrive in time if CLIENT UNBLOCK wakes the read.
    const reader = new MultiplexedReader(redis.client(), { count: 5, blockMs: 60_000, control: redis.client() });
    reader.start();
    const scans = await Promise.all([1, 2].map((n) => ScanWriter.create(store, { name: 'ascan', number: n, data_policy: 'x' }, {})));
    const streams = scans.flatMap((scan) => [0, 1].map((i) => scan.declareStream(`s${i}`, numericStreamDefinition('<f8', []))));
    await Promise.all(scans.map((s) => s.prepare()));
    const [a, b, c, d] = streams.map((s) => collector(s.key));
    reader.add(a!.tail);
    reader.add(b!.tail);
    for (let i = 0; i < 50; i++) {
      streams[0]!.send(new Float64Array([i]));
      streams[1]!.send(new Float64Array([i * 2, i * 2 + 1]));
    }
    await until(() => a!.values.length === 50 && b!.values.length === 100);
    // Added while the read is blocked (nothing new on a and b): must start at once, not after blockMs.
    reader.add(c!.tail);
    streams[2]!.send(new Float64Array([7, 8, 9]));
    await until(() => c!.values.length === 3);
    reader.remove(b!.tail);
    streams[1]!.send(new Float64Array([-1]));
    reader.add(d!.tail);
    for (let i = 0; i < 500; i++) streams[3]!.send(new Float64Array([i]));
    await Promise.all(scans.map((s) => s.close()));
    await until(() => a!.tail.sealed && c!.tail.sealed && d!.tail.sealed);
    await reader.stop();
    expect(a!.values).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(b!.values).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(c!.values).toEqual([7, 8, 9]);
    expect(d!.values).toEqual(Array.from({ length: 500 }, (_, i) => i));
    // COUNT 5 bounds each read: 500 one-point entries need at least 100 reads.
    expect(reader.reads).toBeGreaterThanOrEqual(100);
  });

  it('resumes every cursor after Redis restarts mid-scan: no point lost or doubled', async () => {
    const store = await redis.store({ maxRetriesPerRequest: null });
    const statuses: boolean[] = [];
    const reader = new MultiplexedReader(redis.client({ maxRetriesPerRequest: null }), {
      blockMs: 200,
      onStatus: (s) => statuses.push(s.connected),
    });
    reader.start();
    const writer = await ScanWriter.create(store, { name: 'timescan', number: 3, data_policy: 'x' }, {});
    const stream = writer.declareStream('x', numericStreamDefinition('<f8', []));
    await writer.prepare();
    const got = collector(stream.key);
    reader.add(got.tail);
    for (let i = 0; i < 100; i++) stream.send(new Float64Array([i]));
    await until(() => got.values.length === 100);
    await redis.server.restart();
    for (let i = 100; i < 200; i++) stream.send(new Float64Array([i]));
    await stream.flush();
    await until(() => got.values.length === 200, 20_000);
    await reader.stop();
    expect(got.values).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(statuses).toContain(false);
    expect(statuses.at(-1)).toBe(true);
  });

  it('serves several tails of one key, each from its own cursor', async () => {
    const client = redis.client();
    for (let i = 0; i < 5; i++) await client.xadd('esrf:stream:SHARED', `${i}-1`, 'payload', Buffer.from(new Float64Array([i]).buffer));
    const reader = new MultiplexedReader(redis.client(), { blockMs: 100 });
    reader.start();
    const fromStart = collector('esrf:stream:SHARED', 0);
    const fromThree = collector('esrf:stream:SHARED', 3);
    reader.add(fromStart.tail);
    reader.add(fromThree.tail);
    await until(() => fromStart.values.length === 5 && fromThree.values.length === 2);
    await client.xadd('esrf:stream:SHARED', '5-1', 'payload', Buffer.from(new Float64Array([5]).buffer));
    await until(() => fromStart.values.length === 6 && fromThree.values.length === 3);
    reader.remove(fromStart.tail);
    await client.xadd('esrf:stream:SHARED', '6-1', 'payload', Buffer.from(new Float64Array([6]).buffer));
    await until(() => fromThree.values.length === 4);
    await reader.stop();
    expect(fromStart.values).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fromThree.values).toEqual([3, 4, 5, 6]);
    expect(reader.size).toBe(1);
  });

  it('a key that is not a stream breaks only its own tail', async () => {
    const client = redis.client();
    await client.set('esrf:stream:NOTASTREAM', 'oops');
    const errors: string[] = [];
    const reader = new MultiplexedReader(redis.client(), { blockMs: 100 });
    reader.start();
    const good = collector('esrf:stream:GOODSTREAM');
    reader.add({ ...good.tail, key: 'esrf:stream:NOTASTREAM', onError: (e) => errors.push(e.message), onEntries: () => undefined });
    reader.add(good.tail);
    await client.xadd('esrf:stream:GOODSTREAM', '0-1', 'payload', Buffer.from(new Float64Array([42]).buffer));
    await until(() => good.values.length === 1);
    await reader.stop();
    expect(good.values).toEqual([42]);
    expect(errors).toEqual(['key esrf:stream:NOTASTREAM holds a string, not a stream']);
    expect(reader.has('esrf:stream:NOTASTREAM')).toBe(false);
  });

  it('follows state streams of many scans through the same reader', async () => {
    const store = await redis.store();
    const writer = await ScanWriter.create(store, { name: 'ct', number: 9, data_policy: 'x' }, {});
    const scan = await Scan.load(store, writer.key);
    const reader = new MultiplexedReader(redis.client(), { blockMs: 100 });
    reader.start();
    const reloads: Promise<boolean>[] = [];
    reader.add({
      key: scan.stateKey,
      cursor: scan.stateCursor,
      onEntries(entries) {
        this.cursor = entries.at(-1)!.id;
        reloads.push(scan.applyStateEntries(entries));
      },
    });
    await writer.prepare();
    await writer.start();
    await writer.close();
    await until(() => scan.state === 4);
    await Promise.all(reloads);
    await reader.stop();
    expect(scan.info.end_reason).toBe('SUCCESS');
  });

  it('with minRoundMs, gathers the entries of many XADDs into few XREADs, and reads a backlog at full speed', async () => {
    const store = await redis.store();
    const scan = await ScanWriter.create(store, { name: 'loopscan', number: 90, data_policy: 'x' }, {});
    const stream = scan.declareStream('x', numericStreamDefinition('<f8', []));
    await scan.prepare();
    const reader = new MultiplexedReader(redis.client(), { count: 10, blockMs: 1000, minRoundMs: 100 });
    const { tail, values } = collector(stream.key);
    reader.add(tail);
    reader.start();
    // 40 single-point XADDs over ~200 ms: about two rounds' worth at one round per 100 ms.
    const t0 = performance.now();
    const readsBefore = reader.reads;
    for (let i = 0; i < 40; i++) {
      stream.send(new Float64Array([i]));
      await stream.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => values.length === 40);
    const rounds = reader.reads - readsBefore;
    expect(values).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(rounds).toBeLessThanOrEqual(Math.ceil((performance.now() - t0) / 100) + 2);
    // A backlog of 500 entries in replies of 10 (COUNT): full replies are not held back by minRoundMs.
    for (let i = 40; i < 540; i++) stream.send(new Float64Array([i]));
    await stream.flush();
    const t1 = performance.now();
    await until(() => values.length === 540);
    expect(performance.now() - t1).toBeLessThan(40 * 100);
    await reader.stop();
  });
});
