/**
 * Lantern kept off the beamline's Redis: it reads a real replica (`replicaof`, started by the fixture)
 * while Bliss writes to the primary. Every live feature works there — the scan list followed by blocking
 * reads, live subscriptions without gaps, state changes, the JSON documents, every REST route — and
 * nothing is written (the replica refuses writes).
 */
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import type { ScanSummary } from '../../lib/wire/contract';
import { replicationInfo } from '../../testing/redis-replica';
import { until, withLantern } from '../testing/lantern-fixture';

// AOF: the last test stops the primary, and its data must come back with it.
const lantern = withLantern({ replica: true, redis: { persistence: 'aof' } });
let writerStore: Awaited<ReturnType<typeof lantern.redis.store>>;

beforeAll(async () => {
  writerStore = await lantern.redis.store({ maxRetriesPerRequest: null });
});

const get = async (path: string) => {
  const res = await fetch(`${lantern.url}${path}`);
  return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') ? ((await res.json()) as Record<string, unknown>) : await res.arrayBuffer() };
};

describe('Lantern on a Redis replica', () => {
  it('reads a read-only replica of the primary', async () => {
    const info = await replicationInfo(lantern.replica!.url);
    expect(info).toMatchObject({ role: 'slave', master_port: String(lantern.redis.server.port), master_link_status: 'up' });
    const direct = new Redis(lantern.replica!.url);
    await expect(direct.set('lantern-probe', '1')).rejects.toThrow(/READONLY/);
    direct.disconnect();
    const health = await get('/api/health');
    expect(health).toMatchObject({ status: 200, body: { ok: true, redis: { reachable: true, protocolVersion: '1', modules: ['ReJSON'] } } });
  });

  it('follows a scan written to the primary live: list, states, data without gaps, then every REST route', async () => {
    const client = await lantern.client();
    const updates: ScanSummary[] = [];
    client.socket.on('scans:update', (s) => updates.push(...s));
    const watched = await client.socket.emitWithAck('scans:watch', {});
    expect(watched.ok).toBe(true);

    const scan = await ScanWriter.create(writerStore, { name: 'ascan', number: 41, data_policy: 'no_policy', session: 'replica', proposal: 'ih0001' }, { title: 'ascan on the primary', npoints: 300 });
    const x = scan.declareStream('x', numericStreamDefinition('<f8', []));
    const image = scan.declareStream('det:image', numericStreamDefinition('<u2', [2, 3]));
    await scan.prepare();
    // Created on the primary, listed through the replica's blocking read of the scan history.
    await until(() => updates.some((s) => s.key === scan.key), 10_000, 'the new scan in the watched list');
    await scan.start();
    await client.subscribe(scan.key);
    for (let b = 0; b < 30; b++) {
      x.send(Float64Array.from({ length: 10 }, (_, i) => (b * 10 + i) * 0.5));
      await scan.flush();
    }
    image.send(Uint16Array.from({ length: 12 }, (_, i) => 7 * i));
    await until(() => client.values(scan.key, 'x').length === 300, 10_000, '300 live points through the replica');
    expect(client.values(scan.key, 'x')).toEqual(Array.from({ length: 300 }, (_, i) => i * 0.5));
    expect(client.problems).toEqual([]);
    await scan.stop();
    await scan.close();
    await until(() => updates.some((s) => s.key === scan.key && s.state === 'CLOSED'), 10_000, 'CLOSED state through the replica');

    const key = encodeURIComponent(scan.key);
    expect((await get(`/api/scans?session=replica`)).body).toMatchObject({ scans: [{ key: scan.key, state: 'CLOSED', progress: { published: 300 } }] });
    expect((await get(`/api/scans/${key}`)).body).toMatchObject({ identity: { proposal: 'ih0001' }, streams: expect.arrayContaining([expect.objectContaining({ name: 'x', length: 300, sealed: true })]) });
    expect((await get(`/api/scans/${key}/streams/x?from=298`)).body).toMatchObject({ from: 298, to: 300, data: [149, 149.5] });
    const lod = await get(`/api/scans/${key}/streams/x/lod?buckets=3`);
    expect(lod.status).toBe(200);
    expect(Array.from(new Float64Array(lod.body as ArrayBuffer))).toEqual([0, 0, 49.5, 100, 50, 99.5, 200, 100, 149.5]);
    const frame = await get(`/api/scans/${key}/streams/${encodeURIComponent('det:image')}/frames/1?format=raw`);
    expect(Array.from(new Uint16Array(frame.body as ArrayBuffer))).toEqual([42, 49, 56, 63, 70, 77]);
  });

  it('keeps every point when the replica restarts mid-scan (a full resync), and tells clients', async () => {
    const scan = await ScanWriter.create(writerStore, { name: 'timescan', number: 42, data_policy: 'no_policy', session: 'replica' }, { title: 'timescan', npoints: 0 });
    const x = scan.declareStream('x', numericStreamDefinition('<f8', []));
    await scan.prepare();
    await scan.start();
    const client = await lantern.client();
    await until(() => lantern.app.index.get(scan.key) !== undefined, 10_000, 'scan listed through the replica');
    await client.subscribe(scan.key);
    for (let i = 0; i < 100; i++) x.send(Float64Array.of(i));
    await scan.flush();
    await until(() => client.values(scan.key, 'x').length === 100, 10_000, 'first 100 points');
    await lantern.replica!.halt();
    // The beamline goes on writing to the primary while the web zone's replica is away.
    for (let i = 100; i < 250; i++) x.send(Float64Array.of(i));
    await scan.flush();
    await until(() => client.statuses.includes('redis-down'), 10_000, 'clients told');
    await lantern.replica!.start();
    await scan.close();
    await until(() => client.values(scan.key, 'x').length === 250, 20_000, 'all 250 points after the resync');
    expect(client.values(scan.key, 'x')).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(client.problems).toEqual([]);
    await until(() => client.statuses.at(-1) === 'live', 10_000, 'live again');
  });

  it('tells an idle viewer when the replica loses the beamline Redis, and when it is back', async () => {
    const client = await lantern.client();
    const watched = await client.socket.emitWithAck('scans:watch', {});
    expect(watched.ok).toBe(true);
    await lantern.redis.server.halt();
    await until(() => client.statuses.at(-1) === 'redis-down', 15_000, 'redis-down pushed to the viewer');
    expect((await get('/api/health')).status).toBe(503);
    await lantern.redis.server.start();
    await until(() => client.statuses.at(-1) === 'live', 30_000, 'live again');
    await until(() => lantern.app.index.list().length > 0, 10_000, 'scans listed');
    expect((await get('/api/health')).status).toBe(200);
  });
});
