/**
 * Lantern as a read-only Redis user: health, scan list, scan detail, slices, frames and live socket.io
 * following all work while a writer publishes, and the same user cannot write anything.
 */
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { limaStreamDefinition, sendLimaStatus } from '../../lib/blissdata/writer/plugins';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import type { ScanSummary } from '../../lib/wire/contract';
import { writeFrameStack } from '../../scripts/simulator/hdf5-writer';
import { until, withLantern } from '../testing/lantern-fixture';

/**
 * What Lantern needs, nothing more (the ACL log below proves nothing was refused):
 * - `+@read` on every key (`~*`): GET, XRANGE/XREVRANGE/XREAD (BLOCK), TTL, TYPE;
 * - `+json.get +json.mget`: RedisJSON's readers are module commands, not in @read on Redis 7.0
 *   (JSON.MGET is only used by the blissdata session-filtered history read, allowed for completeness);
 * - `+eval`: the scan-document read checks the size in a read-only script (its commands still under this ACL);
 * - `+info` (ioredis ready check) and `+client|setname` (connection names lantern-command/-tail/-history);
 * - no `+client|unblock` (it would let this user abort any client's blocking command, Bliss's included):
 *   streams added while the shared XREAD blocks are read without blocking until it returns;
 * - `+command|info`: /api/health's module list (optional: without it RedisJSON is probed with JSON.GET, see the last test);
 * - no pub/sub channel (`resetchannels`); HELLO and AUTH are always allowed.
 * Read-only key patterns (`%R~*`) do not work here: the JSON module's key specs are not flagged read-only
 * (Redis 7.0 + the stand-in), so JSON.GET is refused with NOPERM.
 */
const LANTERN_ACL = 'on >secret ~* resetchannels -@all +@read +info +client|setname +command|info +json.get +json.mget +eval';

const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'lantern-acl-')));
const lantern = withLantern();
const DATA_PATH = '/entry_0000/instrument/lima_simulator/data';
const range = (from: number, to: number, f = (i: number) => i) => Array.from({ length: to - from }, (_, k) => f(from + k));

let lanternUrl = '';

beforeAll(async () => {
  const admin = lantern.redis.client();
  await admin.call('ACL', 'SETUSER', 'lantern', 'reset', ...LANTERN_ACL.split(' '));
  await admin.call('ACL', 'LOG', 'RESET');
  const { port } = lantern.redis.server;
  lanternUrl = `redis://lantern:secret@127.0.0.1:${port}`;
  await lantern.restart({ REDIS_URL: lanternUrl, DATA_ROOTS: tmp });
});

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

async function getJson<T = Record<string, unknown>>(p: string): Promise<T> {
  const res = await fetch(`${lantern.url}${p}`);
  const text = await res.text();
  expect(res.status, `${p}: ${text}`).toBe(200);
  return JSON.parse(text) as T;
}

/** Commands the server refused to the read-only user since the start, as `command` or `command|subcommand`. */
async function deniedCommands(): Promise<string[]> {
  const log = (await lantern.redis.client().call('ACL', 'LOG')) as unknown[];
  const entries = log.map((e) => (Array.isArray(e) ? Object.fromEntries(Array.from({ length: e.length / 2 }, (_, i) => [String(e[2 * i]), e[2 * i + 1]])) : (e as Record<string, unknown>)));
  return entries.filter((e) => e.username === 'lantern').map((e) => `${String(e.reason)}:${String(e.object)}`);
}

describe('Lantern with a read-only Redis user', () => {
  it('serves health, scans, a scan, slices, frames and live data while a writer publishes', async () => {
    const health = await getJson<{ ok: boolean; redis: { modules: string[]; protocolVersion: string } }>('/api/health');
    expect(health).toMatchObject({ ok: true, redis: { protocolVersion: '1', modules: ['ReJSON'] } });

    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const writer = await ScanWriter.create(store, { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'acl' }, { title: 'ascan roby 0 1 100 0.1', npoints: 100 });
    const roby = writer.declareStream('axis:roby', numericStreamDefinition('<f8', []));
    const image = writer.declareStream('image', numericStreamDefinition('<u2', [2, 3]));
    const lima = writer.declareStream(
      'lima_simulator:image',
      limaStreamDefinition({
        dtype: 'uint16',
        shape: [2, 2],
        serverUrl: 'id00/limaccds/simulator1',
        bufferMaxNumber: 16,
        framesPerAcquisition: 0,
        acquisitionOffset: 0,
        saving: { filePath: path.join(tmp, 'scan0001', 'lima_%04d.h5'), dataPath: DATA_PATH, fileFormat: 'hdf5', fileOffset: 0, framesPerFile: 1 },
      }),
    );
    await writer.prepare();
    await writer.start();

    // The scan list is kept by Lantern's own XREAD BLOCK on _SCAN_HISTORY_.
    await until(() => lantern.app.index.list().some((s) => s.key === writer.key), 10_000, 'scan listed');
    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.summary.state).toBe('STARTED');

    for (let i = 0; i < 100; i++) {
      roby.send(new Float64Array([i / 10]));
      if (i % 25 === 24) {
        image.send(Uint16Array.from(range(0, 6, (k) => 100 * i + k)));
        await writeFrameStack(path.join(tmp, 'scan0001', `lima_${String((i - 24) / 25).padStart(4, '0')}.h5`), DATA_PATH, '<u2', [[i, i + 1, i + 2, i + 3]], [2, 2]);
        sendLimaStatus(lima, (i - 24) / 25, (i - 24) / 25);
        await roby.flush();
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await roby.flush();
    await until(() => client.values(writer.key, 'axis:roby').length === 100, 10_000, 'live points');

    const running = await getJson<{ state: string; streams: { name: string; length: number; sealed: boolean }[] }>(`/api/scans/${encodeURIComponent(writer.key)}`);
    expect(running.state).toBe('STARTED');
    expect(running.streams.find((s) => s.name === 'axis:roby')).toMatchObject({ length: 100, sealed: false });

    await writer.stop();
    await writer.close();
    await until(() => client.snapshots.get(writer.key)?.summary.state === 'CLOSED', 10_000, 'CLOSED pushed live');
    expect(client.values(writer.key, 'axis:roby')).toEqual(range(0, 100, (i) => i / 10));
    expect(client.problems).toEqual([]);

    const { scans } = await getJson<{ scans: ScanSummary[] }>('/api/scans?session=acl&limit=5');
    expect(scans.map((s) => [s.key, s.state])).toEqual([[writer.key, 'CLOSED']]);
    const detail = await getJson<{ state: string; info: Record<string, unknown>; streams: { name: string; length: number; sealed: boolean }[] }>(`/api/scans/${encodeURIComponent(writer.key)}`);
    expect(detail.state).toBe('CLOSED');
    expect(detail.info.end_reason).toBe('SUCCESS');
    expect(detail.streams.find((s) => s.name === 'axis:roby')).toMatchObject({ length: 100, sealed: true });

    const slice = await getJson(`/api/scans/${encodeURIComponent(writer.key)}/streams/${encodeURIComponent('axis:roby')}?from=10&to=13`);
    expect(slice).toEqual({ from: 10, to: 13, dtype: '<f8', shape: [], data: [1, 1.1, 1.2], expired: null, fromFile: null });
    const bin = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/streams/${encodeURIComponent('axis:roby')}?format=binary&from=99`);
    expect([...new Float64Array(await bin.arrayBuffer())]).toEqual([9.9]);

    const frame = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/streams/image/frames/3`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get('x-shape')).toBe('2,3');
    expect([...new Uint16Array(await frame.arrayBuffer())]).toEqual(range(0, 6, (k) => 9900 + k));
    const limaFrame = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/streams/${encodeURIComponent('lima_simulator:image')}/frames/2`);
    expect(limaFrame.status).toBe(200);
    expect([...new Uint16Array(await limaFrame.arrayBuffer())]).toEqual([74, 75, 76, 77]);

    const metrics = await (await fetch(`${lantern.url}/metrics`)).text();
    expect(metrics).toMatch(/^lantern_redis_reconnects_total 0$/m);
    // Nothing Lantern did was refused, not even quietly (e.g. CLIENT UNBLOCK falling back to timeouts).
    expect(await deniedCommands()).toEqual([]);
  });

  // Last: the refusals below go to the ACL log, which the test above expects empty.
  it('the same user can read but cannot write', async () => {
    const readOnly = new Redis(lanternUrl, { maxRetriesPerRequest: 1 });
    readOnly.on('error', () => undefined);
    onTestFinished(() => readOnly.disconnect());
    await expect(readOnly.get('_PROTOCOL_VERSION_')).resolves.toBe('1');
    await expect(readOnly.set('x', '1')).rejects.toThrow(/NOPERM/);
    await expect(readOnly.xadd('_SCAN_HISTORY_', '*', 'key', 'esrf:scan:forged')).rejects.toThrow(/NOPERM/);
    await expect(readOnly.call('JSON.SET', 'esrf:scan:forged', '.', '{}')).rejects.toThrow(/NOPERM/);
    await expect(readOnly.call('FCALL', 'seal_stream', '1', 'esrf:stream:x')).rejects.toThrow(/NOPERM/);
    await expect(readOnly.del('_PROTOCOL_VERSION_')).rejects.toThrow(/NOPERM/);
    await expect(readOnly.call('CLIENT', 'KILL', 'TYPE', 'normal')).rejects.toThrow(/NOPERM/);
    await expect(readOnly.call('CONFIG', 'SET', 'maxmemory', '1')).rejects.toThrow(/NOPERM/);
    await expect(readOnly.publish('chan', 'x')).rejects.toThrow(/NOPERM/);
    // +eval grants no more than the user has: a script's writes are refused as the user's own.
    await expect(readOnly.call('EVAL', "return redis.call('SET', KEYS[1], '1')", '1', 'x')).rejects.toThrow(/user executing the script can.t run this command/i);
    await expect(readOnly.call('EVAL', "return redis.call('DEL', KEYS[1])", '1', '_PROTOCOL_VERSION_')).rejects.toThrow(/user executing the script can.t run this command/i);
    expect(await lantern.redis.client().get('x')).toBeNull();
  });

  it('reports health without +command|info too (the JSON module is then probed with JSON.GET)', async () => {
    const admin = lantern.redis.client();
    await admin.call('ACL', 'SETUSER', 'lantern-nocmd', 'reset', ...LANTERN_ACL.replace(' +command|info', '').split(' '));
    await lantern.restart({ REDIS_URL: `redis://lantern-nocmd:secret@127.0.0.1:${lantern.redis.server.port}`, DATA_ROOTS: tmp });
    const health = await getJson<{ ok: boolean; redis: { reachable: boolean; modules: string[] } }>('/api/health');
    expect(health).toMatchObject({ ok: true, redis: { reachable: true, modules: ['ReJSON'] } });
  });
});
