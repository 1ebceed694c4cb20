/**
 * Stream plugins beyond Lima 1: Lima2 as upstream `blissdata_lima2` defines it (Lima2Stream:
 * `make_definition` gives a numeric uint32 stream whose values count the frames the backend holds,
 * `master_file` = [file, dataset]; `_fetch_frames` reads the master file once the stream is sealed),
 * with a master file whose virtual dataset interleaves two receivers' files (written by h5py,
 * scripts/fixtures/lima2-master.py); and a plugin Lantern does not know (e.g. blissdata-mosca), which
 * upstream `streams/__init__.py` loads through entry points and which must leave the rest of the scan usable.
 */
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { lima2StreamDefinition } from '../../lib/blissdata/writer/plugins';
import { until, withLantern } from '../testing/lantern-fixture';

const fixtures = path.join(import.meta.dirname, '..', 'files', 'fixtures', 'lima2');
const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-lima2-'));
const outside = mkdtempSync(path.join(os.tmpdir(), 'lantern-lima2-outside-'));
const lantern = withLantern();
beforeAll(() => lantern.restart({ DATA_ROOTS: root }));

const DATASET = '/entry_0000/lima2/frames';
const pixels = (f: number) => Array.from({ length: 80 }, (_, i) => f * 100 + Math.floor(i / 10) * 10 + (i % 10));

function acquisition(dir: string, receivers: 'copied' | 'missing' | 'outside'): string {
  mkdirSync(path.join(root, dir));
  copyFileSync(path.join(fixtures, 'master.h5'), path.join(root, dir, 'master.h5'));
  for (const name of ['recv0.h5', 'recv1.h5']) {
    if (receivers === 'copied') copyFileSync(path.join(fixtures, name), path.join(root, dir, name));
    if (receivers === 'outside') {
      copyFileSync(path.join(fixtures, name), path.join(outside, name));
      symlinkSync(path.join(outside, name), path.join(root, dir, name));
    }
  }
  return path.join(root, dir, 'master.h5');
}

async function lima2Scan(number: number, masterFile: string | null) {
  const store = await lantern.redis.store();
  const writer = await ScanWriter.create(store, { name: 'ct', number, data_policy: 'no_policy' }, {});
  const stream = writer.declareStream(
    'lima2_det:raw_frame',
    lima2StreamDefinition({ sourceName: 'raw_frame', conductorHostname: 'lid00lima2', conductorPort: 58712, acqUuid: `5f0c-${number}`, masterFile: masterFile ? [masterFile, DATASET] : null, dtype: 'uint16', shape: [8, 10] }),
  );
  await writer.prepare();
  await writer.start();
  return { writer, stream };
}

const frameUrl = (key: string, n: number) => `${lantern.url}/api/scans/${key}/streams/${encodeURIComponent('lima2_det:raw_frame')}/frames/${n}?format=raw`;

describe('Lima2 (blissdata_lima2 Lima2Stream)', () => {
  it('follows the frame count, then serves frames from the master file once the acquisition ended', async () => {
    const { writer, stream } = await lima2Scan(1, acquisition('acq1', 'copied'));
    stream.send(Uint32Array.of(2));
    stream.send(Uint32Array.of(4));
    await writer.flush();
    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.streams.find((s) => s.name === 'lima2_det:raw_frame')).toMatchObject({ kind: 'lima2', delivery: 'latest', error: null, lima: { framesAvailable: 4, lastSaved: -1 } });
    const running = await fetch(frameUrl(writer.key, 1));
    expect(running.status).toBe(409);
    expect(((await running.json()) as { error: string }).error).toMatch(/once the acquisition has ended; meanwhile only the Lima2 servers have it/);

    stream.send(Uint32Array.of(6));
    await writer.close();
    const progress: { framesAvailable: number; lastSaved: number }[] = [];
    client.socket.on('scan:progress', (p) => {
      for (const s of p.streams) if (s.lima) progress.push(s.lima);
    });
    await until(() => progress.at(-1)?.lastSaved === 5, 10_000, 'frames saved');
    expect(progress.at(-1)).toEqual({ framesAvailable: 6, lastSaved: 5 });
    for (const n of [0, 3, 5]) {
      const response = await fetch(frameUrl(writer.key, n));
      expect(response.status).toBe(200);
      expect([response.headers.get('x-dtype'), response.headers.get('x-shape')]).toEqual(['<u2', '8,10']);
      expect(Array.from(new Uint16Array(await response.arrayBuffer()))).toEqual(pixels(n));
    }
    expect((await fetch(frameUrl(writer.key, 6))).status).toBe(404);
    const scan = (await (await fetch(`${lantern.url}/api/scans/${writer.key}`)).json()) as { streams: { name: string; kind: string; plugin: string; error: unknown; length: number }[] };
    expect(scan.streams[0]).toMatchObject({ kind: 'lima2', plugin: 'lima2', error: null, length: 3 });
  });

  it('never reads receiver files that are missing or outside DATA_ROOTS (no zeros instead)', async () => {
    for (const [n, receivers, status] of [[2, 'missing', 404], [3, 'outside', 403]] as const) {
      const { writer, stream } = await lima2Scan(n, acquisition(`acq${n}`, receivers));
      stream.send(Uint32Array.of(6));
      await writer.close();
      const response = await fetch(frameUrl(writer.key, 1));
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toContain('recv');
    }
  });

  it('says when the frames are not saved, and refuses another protocol version by name', async () => {
    const { writer, stream } = await lima2Scan(4, null);
    stream.send(Uint32Array.of(1));
    await writer.close();
    const response = await fetch(frameUrl(writer.key, 0));
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: string }).error).toMatch(/not saved \(no master_file\)/);

    const store = await lantern.redis.store();
    const other = await ScanWriter.create(store, { name: 'ct', number: 5, data_policy: 'no_policy' }, {});
    const definition = lima2StreamDefinition({ sourceName: 'raw_frame', conductorHostname: 'h', conductorPort: 1, acqUuid: 'u', masterFile: null, dtype: 'uint16', shape: [8, 10] });
    other.declareStream('future:raw_frame', { ...definition, info: { ...definition.info, protocol_version: 3 } });
    await other.prepare();
    await other.close();
    const scan = (await (await fetch(`${lantern.url}/api/scans/${other.key}`)).json()) as { streams: { error: string }[] };
    expect(scan.streams[0]!.error).toBe('Lima2 protocol version mismatch (expected 2, got 3)');
  });
});

describe('a stream plugin Lantern does not know', () => {
  it('is listed as unsupported with its name while the rest of the scan works', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'ascan', number: 9, data_policy: 'no_policy' }, {});
    const mosca = writer.declareStream('mosca:spectrum_det0', numericStreamDefinition('<u4', [4], { plugin: 'mosca', dtype: 'uint32', shape: [4] }));
    const diode = writer.declareStream('diode', numericStreamDefinition('<f8', []));
    await writer.prepare();
    await writer.start();
    mosca.send(Uint32Array.of(1, 2, 3, 4));
    diode.send(Float64Array.of(0.5, 1.5, 2.5));
    await writer.close();

    const scan = (await (await fetch(`${lantern.url}/api/scans/${writer.key}`)).json()) as { state: string; streams: { name: string; kind: string; plugin: string | null; error: string | null }[] };
    expect(scan.state).toBe('CLOSED');
    expect(scan.streams.find((s) => s.name === 'mosca:spectrum_det0')).toMatchObject({ kind: 'broken', plugin: 'mosca', error: 'stream plugin "mosca" is not supported by Lantern: this stream cannot be shown, the rest of the scan can' });
    expect(scan.streams.find((s) => s.name === 'diode')).toMatchObject({ kind: 'array', plugin: null, error: null });
    const slice = await fetch(`${lantern.url}/api/scans/${writer.key}/streams/${encodeURIComponent('mosca:spectrum_det0')}`);
    expect(slice.status).toBe(422);
    expect(((await slice.json()) as { error: string }).error).toContain('"mosca"');
    expect(((await (await fetch(`${lantern.url}/api/scans/${writer.key}/streams/diode`)).json()) as { data: number[] }).data).toEqual([0.5, 1.5, 2.5]);

    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.streams.find((s) => s.name === 'mosca:spectrum_det0')!.error).toContain('"mosca"');
    await until(() => client.values(writer.key, 'diode').length === 3, 10_000, 'diode data');
    expect(client.values(writer.key, 'diode')).toEqual([0.5, 1.5, 2.5]);
    expect(client.problems).toEqual([]);
  });
});

