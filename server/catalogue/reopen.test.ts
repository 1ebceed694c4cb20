/**
 * A scan expires from Redis and reopens from its file through the same URLs and the same socket
 * subscription: real Redis, scans written by the simulator as Bliss NeXus files, a real SQLite
 * catalogue. Also: search across Redis and files, a scan never saved, a file Lantern never saw.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataStore } from '../../lib/blissdata/data-store';
import { numericStreamDefinition, ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { Hdf5FileWriter } from '../../scripts/simulator/hdf5-writer';
import { DIODES, IMAGE2D_STREAM, LIMA_STREAM, runScenario, type SimulatedScan } from '../../scripts/simulator';
import { numbers, publishedNumeric } from '../../scripts/simulator/test-helpers';
import { until, withLantern } from '../testing/lantern-fixture';
import { fileScanKey } from './file-scans';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-reopen-'));
const lantern = withLantern({ env: { DATA_ROOTS: dataDir } });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let store: DataStore;
let ascan: SimulatedScan;
let image: SimulatedScan;
let unsaved: SimulatedScan;
let lima: SimulatedScan;

const api = (key: string, rest = '') => `${lantern.url}/api/scans/${encodeURIComponent(key)}${rest}`;
const streamUrl = (key: string, name: string, query = '') => api(key, `/streams/${encodeURIComponent(name)}${query}`);

async function json<T = Record<string, unknown>>(url: string, status = 200): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  expect(res.status, `${url}: ${text}`).toBe(status);
  return JSON.parse(text) as T;
}

interface SearchBody {
  scans: { key: string; source: string; state: string; title: string | null; endReason: string | null; file: string | null }[];
  next: string | null;
}

/** What blissdata's TTL does at the end: the scan and its streams leave Redis. */
async function expire(scan: { key: string }): Promise<void> {
  const doc = JSON.parse((await store.redis.call('JSON.GET', scan.key)) as string) as { data_streams: Record<string, { pk: string }>; state_stream: { pk: string } };
  const keys = [scan.key, store.keys.streamKey(doc.state_stream.pk), ...Object.values(doc.data_streams).map((s) => store.keys.streamKey(s.pk))];
  await store.redis.del(...keys);
}

beforeAll(async () => {
  store = await lantern.redis.store();
  ascan = await runScenario(store, 'ascan', { points: 15, rate: 2000, seed: 4, dataDir });
  image = await runScenario(store, 'image2d', { points: 4, rate: 500, seed: 5, dataDir });
  unsaved = await runScenario(store, 'ascan', { points: 5, rate: 2000, seed: 6 });
  lima = await runScenario(store, 'lima', { points: 5, rate: 500, seed: 7, dataDir });
  // Catalogued once the scan list has seen them closed.
  for (const scan of [ascan, image, unsaved, lima]) {
    const deadline = Date.now() + 10_000;
    const url = `${lantern.url}/api/scans?q=${scan.key.split(':').at(-1)!}`;
    while ((await fetch(url).then((r) => r.json() as Promise<SearchBody>)).scans[0]?.state !== 'CLOSED') {
      if (Date.now() > deadline) throw new Error(`scan ${scan.key} not catalogued as closed within 10 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
});

describe('scans reopened from their file', () => {
  let live: Record<string, unknown>;
  let liveSlice: { data: number[] };
  let liveLimaFrame: Buffer;

  it('serves the scan from Redis first, with source redis', async () => {
    live = await json(api(ascan.key));
    expect(live.source).toBe('redis');
    liveSlice = await json(streamUrl(ascan.key, DIODES.diode1));
    expect(liveSlice.data).toEqual(numbers(publishedNumeric(ascan.published, DIODES.diode1)));
    const frame = await fetch(streamUrl(lima.key, LIMA_STREAM, '/frames/3?format=raw'));
    expect(frame.status).toBe(200);
    liveLimaFrame = Buffer.from(await frame.arrayBuffer());
    expect(liveLimaFrame.byteLength).toBeGreaterThan(0);
  });

  it('answers the same routes from the file once the scan left Redis', async () => {
    await expire(ascan);
    await expire(image);
    await expire(unsaved);
    await expire(lima);
    const reopened = await json<{ key: string; source: string; state: string; info: Record<string, unknown>; file: { path: string; entry: string }; streams: { name: string; length: number; shape: number[]; dtype: string; error: string | null }[] }>(api(ascan.key));
    expect(reopened).toMatchObject({ key: ascan.key, source: 'file', state: 'CLOSED', file: { path: ascan.identity.path, entry: `${ascan.number}.1` } });
    // Redis stream names, and the scan_info recorded while it was live (its plots and selection).
    expect(reopened.streams.map((s) => s.name).sort()).toEqual([...ascan.streams].sort());
    expect(reopened.info.plots).toEqual(ascan.info.plots);
    expect(reopened.info.display_extra).toEqual(JSON.parse(JSON.stringify(ascan.info.display_extra)));
    for (const s of reopened.streams) expect(s, s.name).toMatchObject({ length: 15, shape: [], error: null });

    const slice = await json<{ data: number[]; fromFile: number[]; source: string }>(streamUrl(ascan.key, DIODES.diode1));
    expect(slice).toMatchObject({ data: liveSlice.data, fromFile: [0, 15], source: 'file' });
    const part = await json<{ from: number; to: number; data: number[] }>(streamUrl(ascan.key, 'axis:roby', '?from=3&to=6'));
    expect(part).toMatchObject({ from: 3, to: 6, data: numbers(publishedNumeric(ascan.published, 'axis:roby')).slice(3, 6) });

    const csv = await fetch(streamUrl(ascan.key, 'axis:roby', '?format=csv&to=2')).then((r) => r.text());
    const roby = numbers(publishedNumeric(ascan.published, 'axis:roby'));
    expect(csv).toBe(`index,axis:roby\n0,${roby[0]}\n1,${roby[1]}\n`);
    const binary = await fetch(streamUrl(ascan.key, DIODES.diode1, '?format=binary'));
    expect(binary.headers.get('x-source')).toBe('file');
    expect(binary.headers.get('x-shape')).toBe('15');
    expect(Array.from(new Float64Array(await binary.arrayBuffer()))).toEqual(liveSlice.data);

    const lod = await fetch(streamUrl(ascan.key, DIODES.diode1, '/lod?buckets=3'));
    const triplets = new Float64Array(await lod.arrayBuffer());
    expect(triplets).toHaveLength(9);
    expect(Math.max(triplets[2]!, triplets[5]!, triplets[8]!)).toBe(Math.max(...liveSlice.data));
    expect(Math.min(triplets[1]!, triplets[4]!, triplets[7]!)).toBe(Math.min(...liveSlice.data));
  });

  it('serves image frames from the file', async () => {
    const res = await fetch(streamUrl(image.key, IMAGE2D_STREAM, '/frames/2?format=raw'));
    expect(res.status).toBe(200);
    const [h, w] = res.headers.get('x-shape')!.split(',').map(Number);
    const published = publishedNumeric(image.published, IMAGE2D_STREAM);
    const size = h! * w!;
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.byteLength).toBe(size * published.BYTES_PER_ELEMENT);
    expect(Buffer.from(bytes).equals(Buffer.from(published.buffer, published.byteOffset + 2 * size * published.BYTES_PER_ELEMENT, size * published.BYTES_PER_ELEMENT))).toBe(true);
    expect((await fetch(streamUrl(image.key, IMAGE2D_STREAM, '/frames/4'))).status).toBe(404);
    // Bad parameters get the same typed answer as for a scan in Redis (one frame route, one error path).
    for (const [query, error] of [['/frames/-1', 'frame index must be >= 0'], ['/frames/1?bin=0', 'bin must be between 1 and 64'], ['/frames/1?format=jpeg', 'format must be raw or png, got "jpeg"']]) {
      const refused = await fetch(streamUrl(image.key, IMAGE2D_STREAM, query!));
      expect(refused.status, query).toBe(400);
      expect(await refused.json()).toEqual({ type: 'BadRequest', error });
    }
    expect((await fetch(streamUrl(image.key, IMAGE2D_STREAM, '/frames/1?format=png'))).headers.get('content-type')).toBe('image/png');
  });

  it('serves Lima frames from the Lima files, as while the scan was live', async () => {
    const scan = await json<{ source: string; streams: { name: string; kind: string; length: number }[] }>(api(lima.key));
    expect(scan.source).toBe('file');
    expect(scan.streams.find((s) => s.name === LIMA_STREAM)).toMatchObject({ kind: 'lima', length: 5 });
    const res = await fetch(streamUrl(lima.key, LIMA_STREAM, '/frames/3?format=raw'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-source')).toBe('file');
    expect(Buffer.from(await res.arrayBuffer()).equals(liveLimaFrame)).toBe(true);
  });

  it('opens the scan page subscription from the file, every point flagged from file', async () => {
    const client = await lantern.client();
    const snapshot = await client.subscribe(ascan.key);
    expect(snapshot).toMatchObject({ key: ascan.key, source: 'file', summary: { state: 'CLOSED', endReason: 'SUCCESS' } });
    expect(snapshot.streams.every((s) => s.sealed && s.length === 15)).toBe(true);
    await until(() => client.values(ascan.key, DIODES.diode1).length === 15, 10_000, 'diode points from the file');
    expect(client.values(ascan.key, DIODES.diode1)).toEqual(liveSlice.data);
    expect(client.fromFile(ascan.key, DIODES.diode1)).toBe(15);
    expect(client.problems).toEqual([]);

    const images = await client.subscribe(image.key);
    const meta = images.streams.find((s) => s.name === IMAGE2D_STREAM)!;
    expect(meta).toMatchObject({ delivery: 'latest', length: 4 });
    await until(() => client.latest(image.key, IMAGE2D_STREAM) !== null, 10_000, 'latest image');
    expect(client.latest(image.key, IMAGE2D_STREAM)!.index).toBe(3);

    // A viewer that already holds points 0-9 gets only the rest (the `have` of a reconnect).
    const resumed = await lantern.client();
    resumed.startAt(ascan.key, DIODES.diode1, 10);
    await resumed.subscribe(ascan.key, { [DIODES.diode1]: 10 });
    await until(() => resumed.have(ascan.key, DIODES.diode1) === 15, 10_000, 'the rest of the diode points');
    expect(resumed.values(ascan.key, DIODES.diode1)).toEqual(liveSlice.data.slice(10));
    expect(resumed.fromFile(ascan.key, DIODES.diode1)).toBe(5);
    expect(resumed.problems).toEqual([]);
  });

  it('finds the scans by search, saying they now come from their file', async () => {
    const body = await json<SearchBody>(`${lantern.url}/api/scans?q=${encodeURIComponent(String(ascan.info.title))}&session=demo_session`);
    const found = body.scans.find((s) => s.key === ascan.key);
    expect(found).toMatchObject({ source: 'file', state: 'CLOSED', endReason: 'SUCCESS', file: ascan.identity.path });
    const ascans = await json<SearchBody>(`${lantern.url}/api/scans?type=ascan&limit=100`);
    expect(ascans.scans.map((s) => s.key).sort()).toEqual([ascan.key, unsaved.key, lima.key].sort());
    const motor = await json<SearchBody>(`${lantern.url}/api/scans?motor=roby&limit=100`);
    expect(motor.scans.map((s) => s.key)).toEqual(expect.arrayContaining([ascan.key, unsaved.key]));
    expect(motor.scans.map((s) => s.key)).not.toContain(image.key);
    const bad = await json<{ error: string }>(`${lantern.url}/api/scans?from=yesterday`, 400);
    expect(bad.error).toMatch(/from must be an ISO date/);
  });

  it('says why a scan cannot be reopened, and 404s a scan never seen', async () => {
    const body = await json<{ error: string }>(api(unsaved.key), 404);
    expect(body.error).toMatch(/no longer in Redis and was not saved to a file/);
    const client = await lantern.client();
    await expect(client.subscribe(unsaved.key)).rejects.toThrow(/not-found: .*not saved to a file/);
    await json(api('esrf:scan:01NEVER0SEEN0000000000000'), 404);
    await json(streamUrl(ascan.key, 'no such stream'), 404);
    await json(streamUrl(ascan.key, DIODES.diode1, '?from=abc'), 400);
  });

  it('opens a file Lantern never saw by its file key, with the plots the file names', async () => {
    const filePath = path.join(dataDir, 'old', 'before_lantern.h5');
    const writer = await Hdf5FileWriter.create(filePath);
    writer.group('/7.1', { NX_class: 'NXentry', default: 'plotselect' });
    writer.value('/7.1/title', 'ascan samy 0 1 4 0.1');
    writer.value('/7.1/start_time', '2025-01-02T03:04:05+01:00');
    writer.value('/7.1/end_time', '2025-01-02T03:05:00+01:00');
    writer.createStack('/7.1/instrument/samy/value', { dtype: '<f8', pointShape: [] }).append([0, 0.25, 0.5, 0.75, 1], 5);
    writer.createStack('/7.1/instrument/det/data', { dtype: '<i4', pointShape: [] }).append([3, 9, 27, 9, 3], 5);
    writer.link('/7.1/instrument/samy/value', '/7.1/measurement/samy');
    writer.link('/7.1/instrument/det/data', '/7.1/measurement/det');
    writer.group('/7.1/plotselect', { NX_class: 'NXdata', signal: 'data', axes: ['value'] });
    writer.link('/7.1/instrument/det/data', '/7.1/plotselect/data');
    writer.link('/7.1/instrument/samy/value', '/7.1/plotselect/value');
    writer.close();

    const key = fileScanKey(filePath, '7.1');
    const scan = await json<{ source: string; summary: { title: string; number: number }; info: { plots: unknown[]; display_extra: unknown }; streams: { name: string; length: number }[] }>(api(key));
    expect(scan).toMatchObject({ source: 'file', summary: { title: 'ascan samy 0 1 4 0.1', number: 7 } });
    expect(scan.streams.map((s) => [s.name, s.length])).toEqual([['det', 5], ['samy', 5]]);
    expect(scan.info.plots).toEqual([{ kind: 'curve-plot', name: 'plotselect', items: [{ kind: 'curve', x: 'samy', y: 'det' }] }]);
    expect(scan.info.display_extra).toEqual({ plotselect: ['det'] });
    expect((await json<{ data: number[] }>(streamUrl(key, 'det'))).data).toEqual([3, 9, 27, 9, 3]);
    // Outside DATA_ROOTS, or no such entry: refused, nothing opened.
    await json(api(fileScanKey('/etc/passwd', '1.1')), 404);
    await json(api(fileScanKey(filePath, '8.1')), 404);
  });

  it('finds streams by their recorded data_path, and says which ones the file lacks', async () => {
    const filePath = path.join(dataDir, 'partial', 'scan5.h5');
    const writer = await Hdf5FileWriter.create(filePath);
    writer.group('/5.1', { NX_class: 'NXentry' });
    writer.value('/5.1/title', 'loopscan 3 0.1');
    writer.createStack('/5.1/instrument/zdev/zz', { dtype: '<f4', pointShape: [] }).append([1.5, 2.5, 3.5], 3);
    writer.createStack('/5.1/instrument/x/value', { dtype: '<i8', pointShape: [] }).append([10n, 20n, 30n], 3);
    writer.link('/5.1/instrument/zdev/zz', '/5.1/measurement/z_alias');
    writer.link('/5.1/instrument/x/value', '/5.1/measurement/x');
    writer.close();
    const scan = await ScanWriter.create(store, { name: 'loopscan', number: 5, data_policy: 'ESRF', session: 'partial', proposal: 'ih9', path: filePath }, { title: 'loopscan 3 0.1', type: 'loopscan', save: true, npoints: 3 });
    const x = scan.declareStream('dev:x', numericStreamDefinition('<i8', []));
    const y = scan.declareStream('dev:y', numericStreamDefinition('<f8', []));
    const z = scan.declareStream('zdev:z', numericStreamDefinition('<f4', [], { data_path: '5.1/instrument/zdev/zz' }));
    await scan.prepare();
    await scan.start();
    x.send(new BigInt64Array([10n, 20n, 30n]));
    y.send(new Float64Array([0.1, 0.2, 0.3]));
    z.send(new Float32Array([1.5, 2.5, 3.5]));
    await scan.stop();
    await scan.close();
    const deadline = Date.now() + 10_000;
    while ((await json<SearchBody>(`${lantern.url}/api/scans?session=partial`)).scans[0]?.state !== 'CLOSED') {
      if (Date.now() > deadline) throw new Error('not catalogued');
      await new Promise((r) => setTimeout(r, 20));
    }
    await expire(scan);

    const reopened = await json<{ source: string; streams: { name: string; length: number; dtype: string | null; error: string | null }[] }>(api(scan.key));
    expect(reopened.source).toBe('file');
    const byName = Object.fromEntries(reopened.streams.map((s) => [s.name, s]));
    expect(byName['dev:x']).toMatchObject({ length: 3, dtype: '<i8', error: null });
    expect(byName['zdev:z']).toMatchObject({ length: 3, dtype: '<f4', error: null });
    expect(byName['dev:y']).toMatchObject({ length: 0, error: `not found in entry 5.1 of ${filePath}` });
    expect((await json<{ data: number[] }>(streamUrl(scan.key, 'zdev:z'))).data).toEqual([1.5, 2.5, 3.5]);
    expect((await json<{ data: number[] }>(streamUrl(scan.key, 'dev:x'))).data).toEqual([10, 20, 30]);
    const missing = await json<{ error: string }>(streamUrl(scan.key, 'dev:y'), 422);
    expect(missing.error).toMatch(/stream dev:y of scan .* cannot be read from its file: not found in entry 5.1/);
  });

  it('refuses an entry that now holds another scan', async () => {
    const filePath = path.join(dataDir, 'reused', 'scan6.h5');
    const writeEntry = async (title: string) => {
      const w = await Hdf5FileWriter.create(filePath, { overwrite: true });
      w.group('/6.1', { NX_class: 'NXentry' });
      w.value('/6.1/title', title);
      w.createStack('/6.1/instrument/x/value', { dtype: '<f8', pointShape: [] }).append([1, 2], 2);
      w.link('/6.1/instrument/x/value', '/6.1/measurement/x');
      w.close();
    };
    await writeEntry('loopscan 2 0.1');
    const scan = await ScanWriter.create(store, { name: 'loopscan', number: 6, data_policy: 'ESRF', session: 'reused', path: filePath }, { title: 'loopscan 2 0.1', type: 'loopscan', save: true });
    scan.declareStream('dev:x', numericStreamDefinition('<f8', [])).send(new Float64Array([1, 2]));
    await scan.prepare();
    await scan.start();
    await scan.stop();
    await scan.close();
    const deadline = Date.now() + 10_000;
    while ((await json<SearchBody>(`${lantern.url}/api/scans?session=reused`)).scans[0]?.state !== 'CLOSED') {
      if (Date.now() > deadline) throw new Error('not catalogued');
      await new Promise((r) => setTimeout(r, 20));
    }
    await expire(scan);
    // Rewritten by another scan before anyone opened this one from it.
    await writeEntry('ascan samy 0 1 1 0.1');
    const body = await json<{ error: string }>(api(scan.key), 404);
    expect(body.error).toMatch(/entry 6\.1 of .*scan6\.h5 now holds another scan \("ascan samy 0 1 1 0\.1"/);
  });

  it('keeps shared links working after a restart of Lantern', async () => {
    await lantern.restart({ DATA_ROOTS: dataDir });
    const reopened = await json<{ source: string; streams: unknown[] }>(api(ascan.key));
    expect(reopened.source).toBe('file');
    expect((await json<{ data: number[] }>(streamUrl(ascan.key, DIODES.diode1))).data).toEqual(liveSlice.data);
  });
});
