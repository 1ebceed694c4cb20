/** Scan states, transitions, info rules, discovery and deletion, against a real redis-server. */
import { describe, expect, it } from 'vitest';
import { withRedis } from '../../testing/redis-fixture';
import { ScanInfoTooLargeError, ScanNotFoundError, ScanStateTransitionError } from './errors';
import { Scan } from './scan';
import { ScanState } from './scan-document';
import { nextScans, recentScans } from './scan-history';
import { numericStreamDefinition, ScanWriter } from './writer/scan-writer';

const redis = withRedis();
let number = 100;
const identity = (session = 'demo', name = 'ascan') => ({ name, number: number++, data_policy: 'no_policy', session });

describe('scan lifecycle', () => {
  it('follows states, reloads the document on each change, and sees streams from PREPARED on', async () => {
    const store = await redis.store();
    const blocking = redis.client();
    const writer = await ScanWriter.create(store, identity(), { title: 'loopscan 10 0.1' });
    writer.declareStream('timer:epoch', numericStreamDefinition('<f8', []));
    const reader = await Scan.load(store, writer.key);
    expect(reader.state).toBe(ScanState.CREATED);
    expect(reader.streams.size).toBe(0);

    const waiting = reader.update(blocking, 5000);
    writer.info = { ...writer.info, plots: [] };
    await writer.prepare();
    expect(await waiting).toBe(true);
    expect(reader.state).toBe(ScanState.PREPARED);
    expect(reader.info.plots).toEqual([]);
    expect([...reader.streams.keys()]).toEqual(['timer:epoch']);

    // A stream declared after PREPARED appears with the next state change.
    writer.declareStream('late', numericStreamDefinition('<f8', []));
    await writer.start();
    expect(await reader.update(blocking, 5000)).toBe(true);
    expect(reader.state).toBe(ScanState.STARTED);
    expect([...reader.streams.keys()].sort()).toEqual(['late', 'timer:epoch']);

    // A timeout without a new state returns false.
    expect(await reader.update(blocking, 50)).toBe(false);
  });

  it('a scan that closes while it is being loaded is CLOSED with its final document', async () => {
    const store = await redis.store();
    const writer = await ScanWriter.create(store, identity(), {});
    await writer.prepare();
    await writer.start();
    // The writer closes the scan right after the loader's first document read, as it may in production.
    const read = store.getDocumentText.bind(store);
    store.getDocumentText = async (key: string) => {
      const text = await read(key);
      await writer.close('SUCCESS');
      return text;
    };
    const scan = await Scan.load(store, writer.key);
    expect(scan.state).toBe(ScanState.CLOSED);
    expect(scan.info.end_reason).toBe('SUCCESS');
  });

  it('tolerates state jumps (STARTED -> CLOSED) and never goes back', async () => {
    const store = await redis.store();
    const writer = await ScanWriter.create(store, identity(), {});
    await writer.prepare();
    await writer.start();
    const reader = await Scan.load(store, writer.key);
    expect(reader.state).toBe(ScanState.STARTED);
    await writer.close('USER_ABORT');
    expect(await reader.update(redis.client(), 1000)).toBe(true);
    expect(reader.state).toBe(ScanState.CLOSED);
    expect(reader.info.end_reason).toBe('USER_ABORT');
    expect(await reader.update(redis.client(), 1000)).toBe(false);

    const jump = await ScanWriter.create(store, identity(), {});
    await jump.close('FAILURE');
    const closed = await Scan.load(store, jump.key);
    expect(closed.state).toBe(ScanState.CLOSED);
    expect(closed.info.end_reason).toBe('FAILURE');
  });

  it('enforces the writer transitions and the info-change rule', async () => {
    const store = await redis.store();
    const writer = await ScanWriter.create(store, identity(), { a: 1 });
    await expect(writer.start()).rejects.toBeInstanceOf(ScanStateTransitionError);
    await expect(writer.stop()).rejects.toThrow(/cannot go to STOPPED from CREATED/);
    await writer.prepare();
    writer.info = { a: 2 };
    await expect(writer.start()).rejects.toThrow(/info may only change when entering PREPARED or CLOSED/);
    writer.info = { a: 1 };
    await writer.start();
    writer.info = { a: 3 };
    await writer.close();
    await expect(writer.close()).rejects.toBeInstanceOf(ScanStateTransitionError);
    const reader = await Scan.load(store, writer.key);
    expect(reader.info.a).toBe(3);
  });

  it('writes NaN and infinities in info as null and refuses info over 1 MiB', async () => {
    const store = await redis.store();
    const writer = await ScanWriter.create(store, identity(), { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, nested: [Number.NEGATIVE_INFINITY, 1] });
    const reader = await Scan.load(store, writer.key);
    expect(reader.info).toEqual({ nan: null, inf: null, nested: [null, 1] });
    await expect(ScanWriter.create(store, identity(), { big: 'x'.repeat(1024 * 1024) })).rejects.toBeInstanceOf(ScanInfoTooLargeError);
  });
});

describe('scan discovery', () => {
  it('lists the newest scans, follows new ones live, filters by identity and skips deleted scans', async () => {
    const store = await redis.store();
    const blocking = redis.client();
    const a = await ScanWriter.create(store, identity('alpha', 'ascan'), {});
    const b = await ScanWriter.create(store, identity('beta', 'dscan'), {});
    const c = await ScanWriter.create(store, identity('alpha', 'dscan'), {});
    const recent = await recentScans(store, 3);
    expect(recent.scans.map((s) => s.key)).toEqual([c.key, b.key, a.key]);
    expect((await recentScans(store, 10, { filter: { session: 'alpha' } })).scans.map((s) => s.key).slice(0, 2)).toEqual([c.key, a.key]);
    expect((await recentScans(store, 10, { filter: { session: 'alpha', name: 'dscan' } })).scans.map((s) => s.key)).toEqual([c.key]);
    const older = await recentScans(store, 1, { before: recent.scans[0]!.id });
    expect(older.scans.map((s) => s.key)).toEqual([b.key]);

    await b.delete();
    expect(await store.redis.ttl(b.key)).toBeLessThanOrEqual(10);
    expect((await recentScans(store, 3)).scans.map((s) => s.key)).toEqual([c.key, a.key]);
    await expect(Scan.load(store, b.key)).rejects.toBeInstanceOf(ScanNotFoundError);
    // A long TTL (the memory tracker's 7 days for closed scans) means alive.
    await store.redis.expire(a.key, 604800);
    expect((await recentScans(store, 3)).scans.map((s) => s.key)).toContain(a.key);

    const waiting = nextScans(store, blocking, recent.cursor, { blockMs: 5000, filter: { session: 'alpha' } });
    await ScanWriter.create(store, identity('beta'), {});
    const d = await ScanWriter.create(store, identity('alpha'), {});
    let next = await waiting;
    // The beta scan may arrive alone first: keep reading from the returned cursor.
    if (!next.scans.length) next = await nextScans(store, blocking, next.cursor, { blockMs: 5000, filter: { session: 'alpha' } });
    expect(next.scans.map((s) => s.key)).toEqual([d.key]);
    const idle = await nextScans(store, blocking, next.cursor, { blockMs: 50 });
    expect(idle).toEqual({ scans: [], cursor: next.cursor });
  });
});
