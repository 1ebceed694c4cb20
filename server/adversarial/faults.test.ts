/**
 * Faults are told: a stalled Redis (SIGSTOP) gives viewers a status and requests a 503 within the
 * configured timeout, and everything resumes exactly on SIGCONT; deleted, expiring and flushed scans
 * give their viewers "scan gone"; an emptied database is waited for, then followed again.
 */
import { Redis } from 'ioredis';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { initDatabase } from '../../lib/blissdata/writer/init-db';
import { WIRE_PROTOCOL } from '../../lib/wire/contract';
import { until, withLantern, type TestClient } from '../testing/lantern-fixture';
import { range, report, runningScan } from './support';

const lantern = withLantern({ redis: { persistence: 'aof' }, env: { LANTERN_REDIS_TIMEOUT_MS: '1000' } });

function goneEvents(client: TestClient): { key: string; reason: string }[] {
  const events: { key: string; reason: string }[] = [];
  client.socket.on('scan:gone', (m) => events.push(m));
  return events;
}

function statusMessages(client: TestClient): { state: string; message?: string }[] {
  const events: { state: string; message?: string }[] = [];
  client.socket.on('status', (m) => events.push(m));
  return events;
}

describe('faults are told', () => {
  it('Redis stalled by SIGSTOP: viewers get redis-down, requests 503 within the timeout, /api/health 503; SIGCONT resumes with every point', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer, outs } = await runningScan(store, ['x']);
    outs[0]!.send(Float64Array.from(range(0, 100)));
    await outs[0]!.flush();
    const viewer = await lantern.client();
    const statuses = statusMessages(viewer);
    await viewer.subscribe(writer.key);
    await until(() => viewer.values(writer.key, 'x').length === 100);
    const pid = lantern.redis.server.pid!;
    process.kill(pid, 'SIGSTOP');
    let rest: { status: number; body: { error: string; type: string } } | undefined;
    let health: number | undefined;
    let restMs = 0;
    try {
      await until(() => statuses.some((s) => s.state === 'redis-down'), 10_000, 'redis-down status');
      const started = performance.now();
      const res = await fetch(`${lantern.url}/api/scans/${writer.key}`);
      restMs = performance.now() - started;
      rest = { status: res.status, body: (await res.json()) as { error: string; type: string } };
      health = (await fetch(`${lantern.url}/api/health`)).status;
    } finally {
      process.kill(pid, 'SIGCONT');
    }
    expect(statuses.find((s) => s.state === 'redis-down')!.message).toMatch(/Redis does not answer/);
    expect(rest).toEqual({ status: 503, body: { type: 'RedisTimeout', error: expect.stringMatching(/Redis did not answer within 1000 ms/) } });
    expect(health).toBe(503);
    await until(() => statuses.at(-1)?.state === 'live', 10_000, 'live again after SIGCONT');
    outs[0]!.send(Float64Array.from(range(100, 200)));
    await outs[0]!.flush();
    await until(() => viewer.values(writer.key, 'x').length === 200);
    expect(viewer.values(writer.key, 'x')).toEqual(range(0, 200));
    expect(viewer.problems).toEqual([]);
    report('Redis SIGSTOP', { restAnswerMs: Math.round(restMs), restStatus: rest!.status, healthStatus: health! });
  });

  it('Redis killed (SIGKILL, AOF) mid-scan and restarted: viewers are told, then get every point exactly once', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer, outs } = await runningScan(store, ['x', 'y']);
    const viewer = await lantern.client();
    const statuses = statusMessages(viewer);
    await viewer.subscribe(writer.key);
    for (let i = 0; i < 500; i += 50) {
      for (const out of outs) out.send(Float64Array.from(range(i, i + 50)));
      await writer.flush();
    }
    await until(() => viewer.values(writer.key, 'y').length === 500);
    await lantern.redis.server.halt('SIGKILL');
    await until(() => statuses.some((s) => s.state === 'redis-down'), 10_000, 'redis-down status');
    await lantern.redis.server.start();
    for (let i = 500; i < 1000; i += 50) {
      for (const out of outs) out.send(Float64Array.from(range(i, i + 50)));
      await writer.flush();
    }
    await until(() => viewer.values(writer.key, 'x').length >= 1000 && viewer.values(writer.key, 'y').length >= 1000, 20_000, 'all points after restart');
    await until(() => statuses.at(-1)?.state === 'live', 10_000, 'live again');
    expect(viewer.values(writer.key, 'x')).toEqual(range(0, 1000));
    expect(viewer.values(writer.key, 'y')).toEqual(range(0, 1000));
    expect(viewer.problems).toEqual([]);
    report('Redis SIGKILL + AOF restart', { pointsPerStream: viewer.values(writer.key, 'x').length, gapsOrDuplicates: viewer.problems.length });
  });

  it('Lantern restarted mid-scan: a viewer resubscribing with what it holds gets the rest exactly once', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer, outs } = await runningScan(store, ['x']);
    const before = await lantern.client();
    await before.subscribe(writer.key);
    outs[0]!.send(Float64Array.from(range(0, 300)));
    await outs[0]!.flush();
    await until(() => before.values(writer.key, 'x').length === 300);
    const held = before.values(writer.key, 'x');
    await lantern.restart({ LANTERN_REDIS_TIMEOUT_MS: '1000' });
    outs[0]!.send(Float64Array.from(range(300, 600)));
    await outs[0]!.flush();
    const after = await lantern.client();
    after.startAt(writer.key, 'x', held.length);
    await after.subscribe(writer.key, { x: held.length });
    await until(() => after.values(writer.key, 'x').length === 300, 10_000, 'the 300 points not held');
    expect([...held, ...after.values(writer.key, 'x')]).toEqual(range(0, 600));
    expect(after.problems).toEqual([]);
  });

  it('a scan deleted by blissdata (TTL of a few seconds) or gone at once: its viewers get scan:gone, the others nothing', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const deleted = await runningScan(store, ['x']);
    const removed = await runningScan(store, ['x']);
    const kept = await runningScan(store, ['x']);
    const viewer = await lantern.client();
    const gone = goneEvents(viewer);
    for (const s of [deleted, removed, kept]) await viewer.subscribe(s.writer.key);
    const admin = lantern.redis.client();
    await admin.expire(deleted.writer.key, 5);
    await admin.del(removed.writer.key);
    await until(() => gone.length === 2, 10_000, 'two scan:gone events');
    expect(gone).toEqual(
      expect.arrayContaining([
        { key: deleted.writer.key, reason: 'this scan is being deleted from Redis' },
        { key: removed.writer.key, reason: expect.stringMatching(/no longer in Redis/) },
      ]),
    );
    await until(() => lantern.app.live.followedScan(removed.writer.key) === undefined && lantern.app.live.followedScan(deleted.writer.key) === undefined);
    expect(lantern.app.live.followedScan(kept.writer.key)).toBeDefined();
    kept.outs[0]!.send(Float64Array.from(range(0, 10)));
    await kept.outs[0]!.flush();
    await until(() => viewer.values(kept.writer.key, 'x').length === 10);
    const again = await viewer.subscribe(removed.writer.key).catch((e: Error) => e);
    // The catalogue knows the scan, so it says more precisely why it cannot be opened again.
    expect(String(again)).toMatch(/not-found: scan .* (does not exist or was deleted|is no longer in Redis and was not saved to a file)/);
  });

  it('FLUSHALL: viewers get scan:gone and "waiting for blissdata"; once blissdata initialises Redis again, new scans are listed and followed', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer } = await runningScan(store, ['x']);
    const viewer = await lantern.client();
    const gone = goneEvents(viewer);
    const statuses = statusMessages(viewer);
    await viewer.subscribe(writer.key);
    const admin = lantern.redis.client();
    await admin.flushall();
    await until(() => gone.length === 1 && statuses.some((s) => /waiting for blissdata to initialise this Redis/.test(s.message ?? '')), 10_000, 'gone and waiting');
    const health = await fetch(`${lantern.url}/api/health`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { problem: string }).problem).toMatch(/waiting for blissdata to initialise this Redis/);
    const late = connect(lantern.url, { transports: ['websocket'], auth: { protocol: WIRE_PROTOCOL }, autoConnect: false });
    const lateStatuses: { state: string; message?: string }[] = [];
    late.on('status', (m) => lateStatuses.push(m));
    late.connect();
    await until(() => lateStatuses.some((s) => /waiting for blissdata/.test(s.message ?? '')), 5000, 'a client connecting meanwhile is told at once');
    late.disconnect();

    await initDatabase(new Redis(lantern.redis.server.url).on('error', () => undefined));
    await until(() => statuses.at(-1)?.state === 'live', 10_000, 'live again');
    expect((await fetch(`${lantern.url}/api/health`)).status).toBe(200);
    const next = await runningScan(store, ['x']);
    await until(() => lantern.app.index.get(next.writer.key) !== undefined, 10_000, 'new scan listed');
    await viewer.subscribe(next.writer.key);
    next.outs[0]!.send(Float64Array.from(range(0, 30)));
    await next.outs[0]!.flush();
    await until(() => viewer.values(next.writer.key, 'x').length === 30);
    expect(viewer.values(next.writer.key, 'x')).toEqual(range(0, 30));
  });
});
