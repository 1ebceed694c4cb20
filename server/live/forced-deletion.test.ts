/**
 * A running scan deleted with `delete_scan(force=True)`: as the second check of upstream blissdata
 * (`redis_engine/store.py` delete_scan with `_load_rw`, `redis_engine/scan.py` close) found (protocol
 * notes section 13), the scan is CLOSED with `end_reason: "DELETION"` in one MULTI with the document,
 * nothing is sealed, and every key gets a 10 s TTL. Viewers get what was published and the follower
 * stops tailing at once instead of waiting for seals that never come.
 */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { until, withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();

/** What delete_scan(force=True) writes: the document with end_reason DELETION and state 4, then EXPIRE 10 on every key. */
async function forceDelete(key: string): Promise<void> {
  const redis = lantern.redis.client();
  const doc = JSON.parse((await redis.call('JSON.GET', key, '.')) as string) as { info: Record<string, unknown>; state_stream: { pk: string }; data_streams: Record<string, { pk: string }> };
  doc.info.end_reason = 'DELETION';
  const stateKey = `esrf:stream:${doc.state_stream.pk}`;
  await redis.multi().call('JSON.SET', key, '.', JSON.stringify(doc)).xadd(stateKey, '*', 'state', '4').exec();
  const keys = [key, stateKey, ...Object.values(doc.data_streams).map((s) => `esrf:stream:${s.pk}`)];
  const expire = redis.multi();
  for (const k of keys) expire.expire(k, 10);
  await expire.exec();
}

describe('forced deletion', () => {
  it('stops following a deleted running scan without waiting for seals, and tells viewers it was deleted', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'loopscan', number: 1, data_policy: 'no_policy' }, {});
    const diode = writer.declareStream('diode', numericStreamDefinition('<f8', []));
    const mca = writer.declareStream('mca', numericStreamDefinition('<u4', [16]));
    await writer.prepare();
    await writer.start();
    diode.send(Float64Array.from({ length: 50 }, (_, i) => i));
    mca.send(new Uint32Array(16 * 3).fill(7));
    await writer.flush();
    const client = await lantern.client();
    await client.subscribe(writer.key);
    await until(() => client.values(writer.key, 'diode').length === 50, 10_000, 'points before the deletion');
    const tailedBefore = lantern.app.live.tailedCount;
    expect(tailedBefore).toBeGreaterThanOrEqual(2);

    await forceDelete(writer.key);
    await until(() => client.snapshots.get(writer.key)?.summary.endReason === 'DELETION', 10_000, 'the deletion told');
    const snapshot = client.snapshots.get(writer.key)!;
    expect(snapshot.summary.state).toBe('CLOSED');
    await until(() => lantern.app.live.tailedCount === tailedBefore - 3, 5000, 'streams and state no longer tailed');
    const followed = lantern.app.live.followedScan(writer.key)!;
    expect([...followed.tails.values()].map((t) => [t.stream.name, t.tailed])).toEqual([['diode', false], ['mca', false]]);
    expect(client.values(writer.key, 'diode')).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(client.problems).toEqual([]);

    // A viewer arriving during the 10 s before the keys expire gets the same, at once.
    const late = await lantern.client();
    const lateSnapshot = await late.subscribe(writer.key);
    expect(lateSnapshot.summary.endReason).toBe('DELETION');
    await until(() => late.values(writer.key, 'diode').length === 50, 10_000, 'late viewer data');
    expect(lantern.app.live.tailedCount).toBe(tailedBefore - 3);
  });
});
