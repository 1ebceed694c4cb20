/** Points trimmed from the head by the memory tracker (`XTRIM ... MINID`) are reported, never faked. */
import { describe, expect, it } from 'vitest';
import { withRedis } from '../../testing/redis-fixture';
import { DataCursor } from './data-cursor';
import { IndexNoMoreThereError } from './errors';
import { Scan } from './scan';
import { toEntries } from './stream-entries';
import { numericStreamDefinition, ScanWriter } from './writer/scan-writer';

const redis = withRedis();

async function trimmedScan(seal: boolean) {
  const store = await redis.store();
  const writer = await ScanWriter.create(store, { name: 'timescan', number: 7, data_policy: 'no_policy' }, {});
  const stream = writer.declareStream('diode', numericStreamDefinition('<f8', []));
  await writer.prepare();
  for (let i = 0; i < 10; i++) stream.send(Float64Array.from({ length: 10 }, (_, j) => i * 10 + j));
  await stream.flush();
  if (seal) await stream.seal();
  // The memory tracker keeps the recorded entry itself: here the batch starting at 40.
  await store.redis.xtrim(stream.key, 'MINID', '40-1');
  return { store, writer, stream, reader: await Scan.load(store, writer.key) };
}

describe('trimmed streams', () => {
  it('reports expired ranges for slices, and IndexNoMoreThere for single points', async () => {
    const { reader } = await trimmedScan(false);
    const diode = reader.streams.get('diode')!;
    expect(await diode.firstAvailableIndex()).toBe(40);
    expect(await diode.length()).toEqual({ length: 100, sealed: false });
    const slice = await diode.slice(35, 45);
    expect(slice.expired).toEqual([35, 40]);
    expect(slice.index).toBe(40);
    if (slice.points.type !== 'numeric') throw new Error('not numeric');
    expect([...slice.points.data]).toEqual([40, 41, 42, 43, 44]);
    const gone = await diode.slice(0, 20);
    expect(gone.expired).toEqual([0, 20]);
    expect(gone.points.count).toBe(0);
    await expect(diode.get(3)).rejects.toBeInstanceOf(IndexNoMoreThereError);
    const kept = await diode.get(41);
    if (kept.type !== 'numeric') throw new Error('not numeric');
    expect([...kept.data]).toEqual([41]);
  });

  it('a cursor reports the expired head then continues without gaps', async () => {
    const { store, stream } = await trimmedScan(true);
    const cursor = new DataCursor(stream.key, 0);
    const entries = toEntries(await store.redis.xreadBuffer('COUNT', 3, 'STREAMS', stream.key, cursor.cursorId).then((r) => r?.[0]?.[1] ?? []));
    const first = cursor.consume(entries);
    expect(first.expired).toEqual([0, 40]);
    expect(first.index).toBe(40);
    expect(first.count).toBe(30);
    const rest = toEntries(await store.redis.xreadBuffer('STREAMS', stream.key, cursor.cursorId).then((r) => r?.[0]?.[1] ?? []));
    const second = cursor.consume(rest);
    expect(second.expired).toBeNull();
    expect(second.index).toBe(70);
    expect(second.count).toBe(30);
    expect(second.sealedAt).toBe(100);
  });

  it('a sealed stream trimmed down to its seal reports everything expired', async () => {
    const { store, stream, reader } = await trimmedScan(true);
    await store.redis.xtrim(stream.key, 'MINID', `18446744073709551615-18446744073709551615`);
    const diode = reader.streams.get('diode')!;
    expect(await diode.length()).toEqual({ length: 100, sealed: true });
    expect((await diode.slice(0, 100)).expired).toEqual([0, 100]);
    const cursor = new DataCursor(stream.key, 0);
    const read = cursor.consume(toEntries(await store.redis.xreadBuffer('STREAMS', stream.key, '0-0').then((r) => r?.[0]?.[1] ?? [])));
    expect(read).toMatchObject({ expired: [0, 100], count: 0, sealedAt: 100 });
  });
});
