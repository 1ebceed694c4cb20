/** A slow client never delays a fast one nor grows server memory; trimmed and corrupt data are reported. */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { withLantern, until, type TestClient } from '../testing/lantern-fixture';
import { queuedBytes } from './engine-internals';

// A small send budget so the slow client crosses it quickly.
const lantern = withLantern({ env: { LANTERN_CLIENT_BUDGET_BYTES: String(256 * 1024) } });
let number = 1;

async function newScan(names: string[], shape: number[] = [], dtype = '<f8') {
  const store = await lantern.redis.store();
  const writer = await ScanWriter.create(store, { name: 'fscan', number: number++, data_policy: 'no_policy' }, { title: 'fscan' });
  const outs = names.map((n) => writer.declareStream(n, numericStreamDefinition(dtype, shape)));
  await writer.prepare();
  await writer.start();
  return { store, writer, outs };
}

/** Stops reading the websocket: the server's send queue for this client fills up. */
function pause(client: TestClient): () => void {
  const ws = (client.socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws;
  ws._socket.pause();
  return () => ws._socket.resume();
}

describe('backpressure', () => {
  it('a stalled client does not delay a fast one, stays bounded, and catches up without gaps', async () => {
    const { writer, outs } = await newScan(['x']);
    const fast = await lantern.client();
    const slow = await lantern.client();
    await fast.subscribe(writer.key);
    await slow.subscribe(writer.key);
    const resume = pause(slow);
    // What the server holds for the stalled client (engine.io buffer + websocket).
    const serverSide = lantern.app.io.of('/').sockets.get(slow.socket.id!)!;
    const half = 1_500_000;
    const total = 2 * half;
    const batch = 10_000;
    const publish = async (from: number, to: number) => {
      for (let i = from; i < to; i += batch) {
        outs[0]!.send(Float64Array.from({ length: batch }, (_, k) => i + k));
        if ((i / batch) % 10 === 9) await outs[0]!.flush();
      }
      await outs[0]!.flush();
      // The fast client gets everything while the slow one is stalled.
      await until(() => fast.values(writer.key, 'x').length === to, 60_000, 'fast client complete');
    };
    // 12 MB each time: more than the loopback socket buffers can absorb, and 48 times the budget.
    await publish(0, half);
    const queuedAfterFirst = queuedBytes(serverSide);
    expect(queuedAfterFirst).toBeGreaterThan(256 * 1024);
    await publish(half, total);
    // Once over its budget the stalled client gets no more data: what the server holds for it grows by
    // a few progress messages at most, not by the 12 MB it missed.
    expect(queuedBytes(serverSide) - queuedAfterFirst).toBeLessThan(64 * 1024);
    expect(queuedAfterFirst).toBeLessThan(4 * 1024 * 1024);
    expect(slow.values(writer.key, 'x').length).toBeLessThan(half);
    const drops = await fetch(`${lantern.url}/metrics`).then((r) => r.text());
    // One series for all clients (socket ids would be unbounded labels); the stalled client dropped.
    expect(drops).toMatch(/^lantern_client_drops_total [1-9]\d*$/m);
    expect(drops).not.toMatch(/client="/);
    resume();
    await writer.close();
    await until(() => slow.values(writer.key, 'x').length === total, 60_000, 'slow client complete');
    const values = slow.values(writer.key, 'x');
    expect(values.every((v, i) => v === i)).toBe(true);
    expect(fast.problems).toEqual([]);
    expect(slow.problems).toEqual([]);
  }, 120_000);

  it('big images go latest-only: a live client gets the newest frame, not every frame', async () => {
    const { writer, outs } = await newScan(['cam:image'], [256, 512]);
    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.streams[0]!.delivery).toBe('latest');
    for (let i = 0; i < 30; i++) outs[0]!.send(new Float64Array(256 * 512).fill(i));
    await writer.close();
    await until(() => client.latest(writer.key, 'cam:image')?.index === 29, 10_000, 'latest frame');
    expect(client.latest(writer.key, 'cam:image')!.values[0]).toBe(29);
    expect(client.latest(writer.key, 'cam:image')!.values).toHaveLength(256 * 512);
    // 1 MB per frame: under the preview threshold, sent at full resolution.
    expect(client.latest(writer.key, 'cam:image')!.preview).toBe(false);
  });

  it('a 2048×2048 uint16 image goes out as a 2×2-binned uint16 preview, flagged as such', async () => {
    const { writer, outs } = await newScan(['det:image'], [2048, 2048], '<u2');
    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.streams[0]!.delivery).toBe('latest');
    expect(snapshot.streams[0]!.shape).toEqual([2048, 2048]);
    // Frame i: pixel (y, x) = 1000 i + (x % 2) + 2 (y % 2) + (x >> 1 & 7), so each 2×2 block holds
    // base + {0, 1, 2, 3}: mean base + 1.5, rounded half up to base + 2.
    const frame = (i: number) => {
      const a = new Uint16Array(2048 * 2048);
      for (let y = 0; y < 2048; y++) for (let x = 0; x < 2048; x++) a[y * 2048 + x] = 1000 * i + (x % 2) + 2 * (y % 2) + ((x >> 1) & 7);
      return a;
    };
    for (let i = 0; i < 3; i++) {
      outs[0]!.send(frame(i));
      await outs[0]!.flush();
    }
    await writer.close();
    await until(() => client.latest(writer.key, 'det:image')?.index === 2, 10_000, 'latest frame');
    const latest = client.latest(writer.key, 'det:image')!;
    expect(latest.preview).toBe(true);
    expect(latest.shape).toEqual([1024, 1024]);
    expect(latest.values).toHaveLength(1024 * 1024);
    expect(latest.values.slice(0, 10)).toEqual([2002, 2003, 2004, 2005, 2006, 2007, 2008, 2009, 2002, 2003]);
    expect(latest.values[1023 * 1024 + 1023]).toBe(2000 + 2 + (1023 & 7));
    expect(client.problems).toEqual([]);
    // A late subscriber (sendLatest) gets the preview too.
    const late = await lantern.client();
    await late.subscribe(writer.key);
    await until(() => late.latest(writer.key, 'det:image')?.index === 2, 10_000, 'late latest frame');
    expect(late.latest(writer.key, 'det:image')!.preview).toBe(true);
    expect(late.latest(writer.key, 'det:image')!.values[5]).toBe(2007);
  }, 60_000);
});

describe('expired and corrupt data', () => {
  it('reports points trimmed by the memory tracker as expired, never as zeros', async () => {
    const { store, writer, outs } = await newScan(['x']);
    for (let i = 0; i < 10; i++) outs[0]!.send(Float64Array.from({ length: 10 }, (_, k) => 1 + i * 10 + k));
    await outs[0]!.flush();
    await store.redis.xtrim(outs[0]!.key, 'MINID', '50-1');
    const client = await lantern.client();
    await client.subscribe(writer.key);
    outs[0]!.send(new Float64Array([101]));
    await writer.close();
    await until(() => client.values(writer.key, 'x').length === 101);
    expect(client.expired).toEqual([{ key: writer.key, stream: 'x', from: 0, to: 50 }]);
    const values = client.values(writer.key, 'x');
    expect(values.slice(0, 50).every(Number.isNaN)).toBe(true);
    expect(values.slice(50)).toEqual(Array.from({ length: 51 }, (_, k) => 51 + k));
    expect(client.problems).toEqual([]);
  });

  it('a corrupt entry breaks only its stream; other streams and scans keep going', async () => {
    const { store, writer, outs } = await newScan(['good', 'bad']);
    const client = await lantern.client();
    await client.subscribe(writer.key);
    outs[0]!.send(new Float64Array([1, 2]));
    // 12 bytes cannot be whole float64 points.
    await store.redis.xadd(outs[1]!.key, '0-1', 'payload', Buffer.alloc(12), 'len', '2');
    outs[0]!.send(new Float64Array([3]));
    await outs[0]!.flush();
    await until(() => client.streamErrors.length > 0 && client.values(writer.key, 'good').length === 3, 10_000, 'error and good data').catch((e: Error) => {
      throw new Error(`${e.message}: errors ${JSON.stringify(client.streamErrors)}, good ${JSON.stringify(client.values(writer.key, 'good'))}, problems ${JSON.stringify(client.problems)}`);
    });
    expect(client.streamErrors[0]).toMatchObject({ key: writer.key, stream: 'bad' });
    expect(client.streamErrors[0]!.error).toMatch(/12 bytes/);
    expect(client.values(writer.key, 'good')).toEqual([1, 2, 3]);
    // The server still serves other scans.
    const other = await newScan(['y']);
    await client.subscribe(other.writer.key);
    other.outs[0]!.send(new Float64Array([7]));
    await other.writer.close();
    await until(() => client.values(other.writer.key, 'y').length === 1);
    await writer.close();
  });

  it('a malformed scan document gives a clear error to the subscriber and the list shows it', async () => {
    const store = await lantern.redis.store();
    const key = 'esrf:scan:01J9Z3K7Q2M4X8B6N5T1V0W2Y3';
    await store.redis.call('JSON.SET', key, '.', JSON.stringify({ pk: '01J9Z3K7Q2M4X8B6N5T1V0W2Y3', id: { name: 'x' } }));
    await store.redis.xadd('_SCAN_HISTORY_', '*', 'key', key);
    const client = await lantern.client();
    await expect(client.subscribe(key)).rejects.toThrow(/invalid scan document esrf:scan:01J9Z3K7Q2M4X8B6N5T1V0W2Y3: id\.number/);
    await until(() => lantern.app.index.get(key) !== undefined, 5000, 'listed');
    expect(lantern.app.index.get(key)!.error).toMatch(/id\.number/);
  });
});
