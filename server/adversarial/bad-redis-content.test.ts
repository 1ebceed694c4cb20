/**
 * A table of bad Redis content injected into one running scan: only that stream is marked broken, with
 * an error naming the cause; the shared XREAD stays valid, so an unrelated viewer receives every point
 * and never sees a false "redis-down".
 */
import { describe, expect, it } from 'vitest';
import { MAX_STREAM_ID } from '../../lib/blissdata/keys';
import type { ScanSnapshot } from '../../lib/wire/contract';
import { until, withLantern } from '../testing/lantern-fixture';
import { controlViewer, report, runningScan } from './support';

const lantern = withLantern();
const eight = Buffer.alloc(8);

type Inject = (redis: ReturnType<typeof lantern.redis.client>, key: string) => Promise<unknown>;

const corpus: [string, Inject, RegExp][] = [
  ['an entry id near 2^64', (r, key) => r.xadd(key, '18446744073709551614-1', 'payload', eight), /beyond 1099511627776/],
  ['a len of 1e19', (r, key) => r.xadd(key, '10-1', 'payload', eight, 'len', '10000000000000000000'), /invalid len/],
  ['a len of 2^53 - 1', (r, key) => r.xadd(key, '10-1', 'payload', eight, 'len', String(2 ** 53 - 1)), /beyond 1099511627776/],
  ['a seal with a total of 1e20', (r, key) => r.xadd(key, `${MAX_STREAM_ID}-${MAX_STREAM_ID}`, 'id', '99999999999999999999'), /seal total/],
  ['a seal with a total that is not a number', (r, key) => r.xadd(key, `${MAX_STREAM_ID}-${MAX_STREAM_ID}`, 'id', 'many'), /seal entry without a valid id/],
  ['a payload of 3 bytes for a float64', (r, key) => r.xadd(key, '10-1', 'payload', Buffer.alloc(3)), /cannot decode entry 10-1/],
  ['an entry without payload', (r, key) => r.xadd(key, '10-1', 'junk', 'x'), /no payload/],
  ['the stream key replaced by a string', async (r, key) => r.multi().del(key).set(key, 'not a stream').exec(), /holds a string, not a stream/],
];

describe('bad Redis content breaks one stream, never the others', () => {
  it.each(corpus)('%s, in a running scan being viewed', async (what, inject, error) => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const control = await controlViewer(lantern, store);
    const victim = await runningScan(store, ['x', 'y']);
    victim.outs[0]!.send(Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    victim.outs[1]!.send(Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    await victim.writer.flush();
    const viewer = await lantern.client();
    await viewer.subscribe(victim.writer.key);
    await until(() => viewer.values(victim.writer.key, 'x').length === 10 && viewer.values(victim.writer.key, 'y').length === 10);
    const statusesBefore = control.client.statuses.length;

    const figures = await control.measure(async () => {
      await inject(lantern.redis.client(), victim.outs[0]!.key);
      await until(() => viewer.streamErrors.length > 0, 10_000, 'stream error shown to the viewer');
    });

    expect(viewer.streamErrors).toEqual([{ key: victim.writer.key, stream: 'x', error: expect.stringMatching(error) }]);
    // The scan's other stream goes on.
    victim.outs[1]!.send(Float64Array.from([10, 11]));
    await victim.writer.flush();
    await until(() => viewer.values(victim.writer.key, 'y').length === 12, 10_000, 'healthy stream of the same scan continues');
    expect(control.client.statuses.slice(statusesBefore)).not.toContain('redis-down');
    expect(lantern.app.live.tailedCount).toBeGreaterThan(0);
    report(`bad content: ${what}`, { controlPointsPerSecond: figures.pointsPerSecond, lagP99Ms: figures.lagP99Ms, lagMaxMs: figures.lagMaxMs, rssMb: figures.rssMb });
  });

  it('a stream declared with an absurd shape is broken alone; the scan and its other streams load', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const victim = await runningScan(store, ['x']);
    const doc = JSON.parse((await store.getDocumentText(victim.writer.key))!) as { data_streams: Record<string, { encoding: unknown }> };
    const x = doc.data_streams.x!;
    doc.data_streams.huge = { ...x, encoding: { type: 'numeric', dtype_str: '<f8', shape: [2 ** 40, 2 ** 40] } } as typeof x;
    doc.data_streams.deep = { ...x, encoding: { type: 'numeric', dtype_str: '<f8', shape: [1, 1, 1, 1, 1, 1, 1, 1, 1] } } as typeof x;
    await store.redis.call('JSON.SET', victim.writer.key, '$', JSON.stringify(doc));
    const viewer = await lantern.client();
    const snapshot = await viewer.subscribe(victim.writer.key);
    expect(snapshot.streams.find((s) => s.name === 'huge')!.error).toMatch(/dimensions must be <= 2147483648/);
    expect(snapshot.streams.find((s) => s.name === 'deep')!.error).toMatch(/at most 8 dimensions/);
    victim.outs[0]!.send(Float64Array.from([1, 2, 3]));
    await victim.writer.flush();
    await until(() => viewer.values(victim.writer.key, 'x').length === 3);
  });

  it('an entry id near 2^64 already in Redis when a kiosk opens the scan', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const control = await controlViewer(lantern, store);
    const victim = await runningScan(store, ['x']);
    victim.outs[0]!.send(Float64Array.from([1, 2, 3]));
    await victim.writer.flush();
    await lantern.redis.client().xadd(victim.outs[0]!.key, '18446744073709551614-1', 'payload', eight);
    const statusesBefore = control.client.statuses.length;
    let snapshot: ScanSnapshot | undefined;
    const figures = await control.measure(async () => {
      const kiosk = await lantern.client();
      snapshot = await kiosk.subscribe(victim.writer.key);
    });
    expect(snapshot!.streams.find((s) => s.name === 'x')).toMatchObject({ error: expect.stringMatching(/beyond 1099511627776/), length: 0 });
    expect(control.client.statuses.slice(statusesBefore)).not.toContain('redis-down');
    const rest = await fetch(`${lantern.url}/api/scans/${victim.writer.key}`).then((r) => r.json() as Promise<{ streams: { name: string; length: number; error: string | null }[] }>);
    expect(rest.streams.find((s) => s.name === 'x')!.length).toBeLessThan(2 ** 40);
    report('bad content: id near 2^64 opened by a kiosk', { controlPointsPerSecond: figures.pointsPerSecond, lagP99Ms: figures.lagP99Ms });
  });
});
