/** Live following, late join, fan-out from one tail, resume, Redis restarts: real Redis, real socket.io clients. */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { withLantern, until } from '../testing/lantern-fixture';

const lantern = withLantern({ redis: { persistence: 'aof' } });
let number = 1;

async function newScan(streams: string[] = ['axis:roby', 'diode1']) {
  const store = await lantern.redis.store({ maxRetriesPerRequest: null });
  const writer = await ScanWriter.create(store, { name: 'ascan', number: number++, data_policy: 'no_policy', session: 'test' }, { title: 'ascan roby 0 1 10 0.1', npoints: 1000 });
  const outs = streams.map((name) => writer.declareStream(name, numericStreamDefinition('<f8', [])));
  await writer.prepare();
  await writer.start();
  return { writer, outs };
}

const range = (from: number, to: number, f = (i: number) => i) => Array.from({ length: to - from }, (_, k) => f(from + k));

async function xreadCalls(): Promise<number> {
  const info = await lantern.redis.client().info('commandstats');
  return Number(/cmdstat_xread:calls=(\d+)/.exec(info)?.[1] ?? 0);
}

describe('live following', () => {
  it('streams a running scan to a client: every point, in order, with the right values', async () => {
    const { writer, outs } = await newScan();
    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.summary.state).toBe('STARTED');
    expect(snapshot.streams.map((s) => s.name).sort()).toEqual(['axis:roby', 'diode1']);
    expect(snapshot.streams.every((s) => s.delivery === 'all')).toBe(true);
    for (let i = 0; i < 300; i++) {
      outs[0]!.send(new Float64Array([i * 0.5]));
      if (i % 10 === 9) outs[1]!.send(Float64Array.from(range(i - 9, i + 1, (j) => j * j)));
      if (i % 50 === 0) await outs[0]!.flush();
    }
    await writer.stop();
    await writer.close();
    await until(() => client.values(writer.key, 'diode1').length === 300 && client.snapshots.get(writer.key)?.summary.state === 'CLOSED');
    expect(client.values(writer.key, 'axis:roby')).toEqual(range(0, 300, (i) => i * 0.5));
    expect(client.values(writer.key, 'diode1')).toEqual(range(0, 300, (i) => i * i));
    expect(client.snapshots.get(writer.key)!.streams.every((s) => s.sealed)).toBe(true);
    expect(client.problems).toEqual([]);
  });

  it('serves a scan opened mid-way and one opened after its end, without gaps or duplicates', async () => {
    const { writer, outs } = await newScan(['x']);
    outs[0]!.send(Float64Array.from(range(0, 5000)));
    await outs[0]!.flush();
    const mid = await lantern.client();
    await mid.subscribe(writer.key);
    for (let i = 5000; i < 6000; i += 100) outs[0]!.send(Float64Array.from(range(i, i + 100)));
    await writer.close();
    // Opened after its end: once the server has seen the end (data can arrive before the CLOSED state).
    await until(() => mid.values(writer.key, 'x').length === 6000 && mid.snapshots.get(writer.key)?.summary.state === 'CLOSED');
    expect(mid.values(writer.key, 'x')).toEqual(range(0, 6000));
    const late = await lantern.client();
    const snapshot = await late.subscribe(writer.key);
    expect(snapshot.summary.state).toBe('CLOSED');
    expect(snapshot.summary.endReason).toBe('SUCCESS');
    await until(() => late.values(writer.key, 'x').length === 6000);
    expect(late.values(writer.key, 'x')).toEqual(range(0, 6000));
    expect([...mid.problems, ...late.problems]).toEqual([]);
  });

  it('serves 2 and then 20 clients of one scan from one tail: Redis XREAD calls do not grow with viewers', async () => {
    const measure = async (viewers: number) => {
      const { writer, outs } = await newScan(['x']);
      const clients = await Promise.all(range(0, viewers).map(() => lantern.client()));
      await Promise.all(clients.map((c) => c.subscribe(writer.key)));
      const before = await xreadCalls();
      for (let i = 0; i < 200; i++) {
        outs[0]!.send(new Float64Array([i]));
        if (i % 20 === 0) await new Promise((r) => setTimeout(r, 5));
      }
      await writer.close();
      await until(() => clients.every((c) => c.values(writer.key, 'x').length === 200), 20_000);
      const calls = (await xreadCalls()) - before;
      for (const c of clients) {
        expect(c.values(writer.key, 'x')).toEqual(range(0, 200));
        expect(c.problems).toEqual([]);
        c.close();
      }
      return calls;
    };
    const two = await measure(2);
    const twenty = await measure(20);
    // Same publishing pattern: the shared tail issues about as many XREADs whatever the viewer count.
    expect(twenty).toBeLessThan(two * 1.5 + 10);
  });

  it('resumes from the indices a reconnecting client already holds', async () => {
    const { writer, outs } = await newScan(['x', 'y']);
    outs[0]!.send(Float64Array.from(range(0, 100)));
    outs[1]!.send(Float64Array.from(range(0, 50)));
    const first = await lantern.client();
    await first.subscribe(writer.key);
    await until(() => first.values(writer.key, 'x').length === 100 && first.values(writer.key, 'y').length === 50);
    first.close();
    outs[0]!.send(Float64Array.from(range(100, 200)));
    outs[1]!.send(Float64Array.from(range(50, 60)));
    await outs[0]!.flush();
    const again = await lantern.client();
    again.startAt(writer.key, 'x', first.have(writer.key, 'x'));
    again.startAt(writer.key, 'y', first.have(writer.key, 'y'));
    await again.subscribe(writer.key, { x: first.have(writer.key, 'x'), y: first.have(writer.key, 'y') });
    await writer.close();
    await until(() => again.values(writer.key, 'x').length === 100 && again.values(writer.key, 'y').length === 10);
    expect(again.values(writer.key, 'x')).toEqual(range(100, 200));
    expect(again.values(writer.key, 'y')).toEqual(range(50, 60));
    expect(again.problems).toEqual([]);
  });

  it('keeps every point when Redis restarts mid-scan, and tells clients', async () => {
    const { writer, outs } = await newScan(['x']);
    const client = await lantern.client();
    await client.subscribe(writer.key);
    for (let i = 0; i < 100; i++) outs[0]!.send(new Float64Array([i]));
    await until(() => client.values(writer.key, 'x').length === 100);
    await lantern.redis.server.restart();
    for (let i = 100; i < 250; i++) outs[0]!.send(new Float64Array([i]));
    await outs[0]!.flush();
    await writer.close();
    await until(() => client.values(writer.key, 'x').length === 250, 20_000);
    expect(client.values(writer.key, 'x')).toEqual(range(0, 250));
    expect(client.problems).toEqual([]);
    expect(client.statuses).toContain('redis-down');
    await until(() => client.statuses.at(-1) === 'live', 10_000);
  });
});
