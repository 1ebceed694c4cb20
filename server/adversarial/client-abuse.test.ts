/**
 * One heavy or hostile client: duplicate subscribes, thousands of scans, huge requests, request floods.
 * Each is bounded with a clear error naming its limit, nothing leaks, and an unrelated viewer keeps
 * its points.
 */
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { WIRE_PROTOCOL } from '../../lib/wire/contract';
import { until, withLantern } from '../testing/lantern-fixture';
import { controlViewer, range, report, runningScan } from './support';

const lantern = withLantern({ env: { LANTERN_MAX_SUBSCRIPTIONS: '8', LANTERN_SOCKET_EVENTS_PER_SECOND: '40' } });

type Reply = { ok: boolean; code?: string; error?: string };
const rawClient = () => connect(lantern.url, { transports: ['websocket'], auth: { protocol: WIRE_PROTOCOL }, reconnection: false, forceNew: true });

describe('one client cannot hurt the others', () => {
  it('duplicate subscribes sent without waiting, then a disconnect, leave nothing followed', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const scans = await Promise.all(range(0, 5).map(() => runningScan(store, ['a', 'b'])));
    await until(() => lantern.app.live.followedCount === 0 && scans.every(({ writer }) => lantern.app.index.get(writer.key)), 10_000, 'scans listed');
    const tailedBefore = lantern.app.live.tailedCount;
    const heapBefore = process.memoryUsage().heapUsed;
    const pairs = 200;
    for (let round = 0; round < pairs / scans.length; round++) {
      const socket = rawClient();
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      // Twice each, no waiting; half the rounds disconnect before the replies, half after.
      const acks = scans.flatMap(({ writer }) => [0, 1].map(() => new Promise<Reply>((resolve) => socket.emit('scan:subscribe', { key: writer.key }, resolve))));
      if (round % 2) await Promise.all(acks);
      socket.disconnect();
    }
    await until(() => lantern.app.live.followedCount === 0, 10_000, 'no scan followed after all clients left');
    expect(lantern.app.live.tailedCount).toBe(tailedBefore);
    report('duplicate subscribes', { pairs, followedAfter: lantern.app.live.followedCount, tailedAfter: lantern.app.live.tailedCount, heapGrowthMb: ((process.memoryUsage().heapUsed - heapBefore) / 2 ** 20).toFixed(1) });
  });

  it('the newest of two subscribes to one scan is the one that stays; unsubscribing releases the scan', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer, outs } = await runningScan(store, ['x']);
    const client = await lantern.client();
    await Promise.all([client.subscribe(writer.key), client.subscribe(writer.key)]);
    outs[0]!.send(Float64Array.from(range(0, 50)));
    await outs[0]!.flush();
    await until(() => client.values(writer.key, 'x').length >= 50);
    expect(client.values(writer.key, 'x')).toEqual(range(0, 50));
    client.socket.emit('scan:unsubscribe', { key: writer.key });
    await until(() => lantern.app.live.followedScan(writer.key) === undefined, 10_000, 'scan released');
  });

  it('a client may follow LANTERN_MAX_SUBSCRIPTIONS scans; the next subscribe is refused with a message naming the limit', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const scans = await Promise.all(range(0, 9).map(() => runningScan(store, ['x'])));
    const client = await lantern.client();
    for (const { writer } of scans.slice(0, 8)) await client.subscribe(writer.key);
    const refused = await client.subscribe(scans[8]!.writer.key).catch((e: Error) => e);
    expect(String(refused)).toMatch(/too-many: this client already follows 8 scans, at most 8 at once.*LANTERN_MAX_SUBSCRIPTIONS/);
    // Re-subscribing to one it follows is not a new one.
    await client.subscribe(scans[0]!.writer.key);
    client.socket.emit('scan:unsubscribe', { key: scans[1]!.writer.key });
    await until(() => lantern.app.live.followedScan(scans[1]!.writer.key) === undefined);
    await client.subscribe(scans[8]!.writer.key);
  });

  it('a have map of 5000 keys is refused before it is read, naming the limit; one of 60 000 (> 256 kB) closes the connection', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer } = await runningScan(store, ['x']);
    const socket = rawClient();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const started = performance.now();
    const have = Object.fromEntries(range(0, 5000).map((i) => [`s${i}`, i]));
    const reply = await new Promise<Reply>((resolve) => socket.emit('scan:subscribe', { key: writer.key, have }, resolve));
    const ms = performance.now() - started;
    expect(reply).toMatchObject({ ok: false, code: 'too-many', error: expect.stringMatching(/have has 5000 entries, at most 4096.*LANTERN_MAX_REQUEST_KEYS/) });
    const huge = Object.fromEntries(range(0, 60_000).map((i) => [`s${i}`, i]));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.emit('scan:subscribe', { key: writer.key, have: huge }, () => undefined);
    expect(await closed).toBe('transport close');
    report('have map of 5000 keys', { replyMs: Math.round(ms) });
  });

  it('a flood of requests from one client is cut at its rate; an unrelated viewer keeps every point', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const control = await controlViewer(lantern, store);
    const scans = await Promise.all(range(0, 4).map(() => runningScan(store, ['x'])));
    const socket = rawClient();
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const replies: Reply[] = [];
    let seconds = 0;
    const figures = await control.measure(async () => {
      const started = performance.now();
      // Batches of 60 requests at once: each exceeds the 40 per second allowed, however slow the machine.
      while (performance.now() - started < 1500) {
        const batch = range(0, 15).flatMap(() => scans.map(({ writer }) => new Promise<Reply>((resolve) => socket.emit('scan:subscribe', { key: writer.key }, resolve))));
        for (const { writer } of scans) socket.emit('scan:unsubscribe', { key: writer.key });
        replies.push(...(await Promise.all(batch)));
      }
      seconds = (performance.now() - started) / 1000;
    });
    socket.disconnect();
    const limited = replies.filter((r) => r.code === 'too-many');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]!.error).toMatch(/too many requests: at most 40 per second per client.*LANTERN_SOCKET_EVENTS_PER_SECOND/);
    // What got through is at most the rate in each one-second window the flood touched.
    expect(replies.length - limited.length).toBeLessThanOrEqual(40 * (Math.ceil(seconds) + 1));
    report('request flood from one client', { requests: replies.length, refused: limited.length, controlPointsPerSecond: figures.pointsPerSecond, lagP99Ms: figures.lagP99Ms, rssMb: figures.rssMb });
  });
});
