/**
 * Lantern started on a Redis that blissdata never initialised (a restarting container, a fresh
 * redis-stack): it serves, says it waits for blissdata on /api/health and to viewers, and lists and
 * follows scans as soon as the database is initialised. No crash loop.
 */
import { Redis } from 'ioredis';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { initDatabase } from '../../lib/blissdata/writer/init-db';
import { WIRE_PROTOCOL } from '../../lib/wire/contract';
import { until, withLantern } from '../testing/lantern-fixture';
import { range, runningScan } from './support';

const lantern = withLantern({ redis: { init: false } });

describe('an uninitialised database', () => {
  it('is waited for, told, then followed', async () => {
    const health = await fetch(`${lantern.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, problem: expect.stringMatching(/^waiting for blissdata to initialise this Redis/), redis: { reachable: true, protocolVersion: null } });
    const socket = connect(lantern.url, { transports: ['websocket'], auth: { protocol: WIRE_PROTOCOL }, autoConnect: false });
    const statuses: { state: string; message?: string }[] = [];
    socket.on('status', (m) => statuses.push(m));
    socket.connect();
    await until(() => statuses.length > 0);
    expect(statuses[0]).toEqual({ state: 'redis-down', message: expect.stringMatching(/waiting for blissdata to initialise this Redis/) });
    socket.disconnect();

    const admin = new Redis(lantern.redis.server.url);
    await initDatabase(admin);
    await admin.quit();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (status !== 200 && Date.now() < deadline) {
      status = (await fetch(`${lantern.url}/api/health`)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer, outs } = await runningScan(store, ['x']);
    await until(() => lantern.app.index.get(writer.key) !== undefined, 10_000, 'scan listed');
    const viewer = await lantern.client();
    await viewer.subscribe(writer.key);
    outs[0]!.send(Float64Array.from(range(0, 20)));
    await outs[0]!.flush();
    await until(() => viewer.values(writer.key, 'x').length === 20);
    expect(viewer.values(writer.key, 'x')).toEqual(range(0, 20));
  });
});
