/** Points trimmed from Redis are read from the stream's HDF5 file (hdf5_fallback) when inside DATA_ROOTS. */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { Hdf5FileWriter } from '../../scripts/simulator/hdf5-writer';
import { withLantern, until } from '../testing/lantern-fixture';

const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-fallback-'));
const lantern = withLantern();
beforeAll(() => lantern.restart({ DATA_ROOTS: root }));

async function trimmedScan(filePath: string) {
  const store = await lantern.redis.store();
  const writer = await ScanWriter.create(store, { name: 'ascan', number: 5, data_policy: 'ESRF', path: filePath }, { save: true });
  const x = writer.declareStream(
    'axis:roby',
    numericStreamDefinition('<f8', [], { plugin: 'hdf5_fallback', file_path: filePath, data_path: '5.1/measurement/roby', save: true }),
  );
  await writer.prepare();
  await writer.start();
  const values = Float64Array.from({ length: 100 }, (_, i) => i / 10);
  x.send(values);
  x.send(Float64Array.from({ length: 20 }, (_, i) => 10 + i / 10));
  await writer.close();
  // The memory tracker drops the first batch: only points 100..119 remain in Redis.
  await store.redis.xtrim(x.key, 'MINID', '100-1');
  return { writer, values };
}

describe('hdf5_fallback', () => {
  it('sends trimmed points read from the scan file, flagged as such', async () => {
    const filePath = path.join(root, 'sample_0001.h5');
    const file = await Hdf5FileWriter.create(filePath);
    const { writer, values } = await trimmedScan(filePath);
    file.createStack('5.1/measurement/roby', { dtype: '<f8', pointShape: [] }).append(Float64Array.from({ length: 120 }, (_, i) => (i < 100 ? values[i]! : 10 + (i - 100) / 10)), 120);
    file.close();
    const client = await lantern.client();
    await client.subscribe(writer.key);
    await until(() => client.values(writer.key, 'axis:roby').length === 120);
    expect(client.fromFile(writer.key, 'axis:roby')).toBe(100);
    expect(client.expired).toEqual([]);
    expect(client.values(writer.key, 'axis:roby').slice(0, 100)).toEqual([...values]);
    expect(client.values(writer.key, 'axis:roby')[119]).toBeCloseTo(11.9, 12);
    expect(client.problems).toEqual([]);

    // The REST slice is completed from the file too, and says which part came from it.
    const url = `${lantern.url}/api/scans/${writer.key}/streams/${encodeURIComponent('axis:roby')}?from=95&to=105`;
    const slice = (await fetch(url).then((r) => r.json())) as { from: number; to: number; data: number[]; expired: unknown; fromFile: unknown };
    expect(slice).toMatchObject({ from: 95, to: 105, expired: null, fromFile: [95, 100] });
    expect(slice.data.slice(0, 5)).toEqual([...values.slice(95, 100)]);
    expect(slice.data[5]).toBeCloseTo(10, 12);
    expect(slice.data).toHaveLength(10);

    // The level of detail reads the same points (server/data/points.ts): one bucket per point, exact.
    const lod = await fetch(`${lantern.url}/api/scans/${writer.key}/streams/${encodeURIComponent('axis:roby')}/lod?from=0&to=120&buckets=120`);
    expect(lod.headers.get('x-expired')).toBeNull();
    const triplets = new Float64Array(await lod.arrayBuffer());
    const minima = Array.from({ length: 120 }, (_, i) => triplets[i * 3 + 1]);
    expect(minima).toEqual(client.values(writer.key, 'axis:roby'));
    expect(minima.slice(95, 105)).toEqual(slice.data);
  });

  it('reports the points expired when the file is outside DATA_ROOTS or missing', async () => {
    for (const filePath of ['/etc/lantern-not-allowed.h5', path.join(root, 'missing.h5')]) {
      const { writer } = await trimmedScan(filePath);
      const client = await lantern.client();
      await client.subscribe(writer.key);
      await until(() => client.values(writer.key, 'axis:roby').length === 120);
      expect(client.expired).toEqual([{ key: writer.key, stream: 'axis:roby', from: 0, to: 100 }]);
      expect(client.values(writer.key, 'axis:roby').slice(0, 100).every(Number.isNaN)).toBe(true);
      const slice = (await fetch(`${lantern.url}/api/scans/${writer.key}/streams/axis%3Aroby?from=90&to=110`).then((r) => r.json())) as Record<string, unknown>;
      expect(slice).toMatchObject({ from: 100, to: 110, expired: [90, 100], fromFile: null });
      const lod = await fetch(`${lantern.url}/api/scans/${writer.key}/streams/axis%3Aroby/lod?from=0&to=120&buckets=120`);
      expect(lod.headers.get('x-expired')).toBe('0-100');
    }
  });
});
