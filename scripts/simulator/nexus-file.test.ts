/** Simulated scans saved in the Bliss NeXus layout, read back with h5wasm by Lantern's NeXus reader. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataRoots } from '../../server/files/data-roots';
import { Hdf5Reader } from '../../server/files/hdf5-reader';
import { readNexusScan } from '../../server/files/nexus-scan';
import { withRedis } from '../../testing/redis-fixture';
import { DIODES, IMAGE2D_STREAM, runScenario } from './index';
import { measurementNames } from './nexus-file';
import { numbers, publishedNumeric } from './test-helpers';

const redis = withRedis();
let dataDir = '';
let reader: Hdf5Reader;
let roots: DataRoots;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-nexus-test-'));
  roots = new DataRoots([dataDir]);
  reader = new Hdf5Reader({ roots });
});
afterAll(async () => {
  reader.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('simulated scan files (Bliss NeXus layout)', () => {
  it('names measurement channels by short name, in full when two share it', () => {
    expect(Object.fromEntries(measurementNames(['axis:roby', 'a:diode1', 'b:diode1', 'timer:elapsed_time']))).toEqual({
      'axis:roby': 'roby',
      'a:diode1': 'a_diode1',
      'b:diode1': 'b_diode1',
      'timer:elapsed_time': 'elapsed_time',
    });
  });

  it('saves an ascan as entry <number>.1 with its channels, times and default curve', async () => {
    const store = await redis.store();
    const scan = await runScenario(store, 'ascan', { points: 12, rate: 2000, seed: 3, dataDir });
    const file = scan.identity.path as string;
    expect(file).toMatch(new RegExp(`^${dataDir}/demo_session/sample/sample_0001/sample_0001_scan\\d{4}\\.h5$`));
    expect(existsSync(file)).toBe(true);
    expect(scan.info).toMatchObject({ save: true, filename: file });

    const nexus = await readNexusScan(roots, reader, file);
    expect(nexus.entry).toBe(`${scan.number}.1`);
    expect(nexus.title).toBe(scan.info.title);
    expect(nexus.startTime).toBe(scan.info.start_time);
    expect(nexus.endTime).toBe(scan.info.end_time);
    expect(nexus.endReason).toBe('SUCCESS');
    const roby = nexus.channels.find((c) => c.name === 'roby')!;
    expect(roby).toMatchObject({ dataPath: `/${scan.number}.1/measurement/roby`, target: `/${scan.number}.1/instrument/axis/roby`, dtype: '<f8', shape: [12] });
    const points = await reader.readPoints(file, roby.dataPath, 0, 12);
    expect(numbers(points.data)).toEqual(numbers(publishedNumeric(scan.published, 'axis:roby')));
    const diode = await reader.readPoints(file, `/${scan.number}.1/measurement/diode1`, 0, 12);
    expect(numbers(diode.data)).toEqual(numbers(publishedNumeric(scan.published, DIODES.diode1)));
    // The curve the scan shows: roby against the channels the user selected (Bliss' plotselect).
    const selected = (scan.info.display_extra as { plotselect: string[] }).plotselect.map((c) => c.slice(c.lastIndexOf(':') + 1));
    expect(selected.length).toBeGreaterThan(0);
    expect(nexus.defaultPlot).toBe('plotselect');
    expect(nexus.plots).toEqual([{ name: 'plotselect', signal: selected[0], auxiliary: selected.slice(1), axes: ['roby'] }]);
  });

  it('saves images and aborted scans, which end with their reason', async () => {
    const store = await redis.store();
    const image = await runScenario(store, 'image2d', { points: 3, rate: 500, seed: 1, dataDir });
    const nexus = await readNexusScan(roots, reader, image.identity.path as string);
    const frames = nexus.channels.find((c) => c.shape.length === 3)!;
    expect(frames.name).toBe(IMAGE2D_STREAM.slice(IMAGE2D_STREAM.lastIndexOf(':') + 1));
    const frame = await reader.readFrame(image.identity.path as string, frames.dataPath, 2);
    const published = publishedNumeric(image.published, IMAGE2D_STREAM);
    const size = frame.shape[0] * frame.shape[1];
    expect(numbers(frame.data)).toEqual(numbers(published.subarray(2 * size, 3 * size)));

    const aborted = await runScenario(store, 'aborted', { rate: 2000, seed: 2, dataDir });
    expect((await readNexusScan(roots, reader, aborted.identity.path as string)).endReason).toBe('USER_ABORT');
  });

  it('gives closed scans a TTL with expireAfter, as blissdata does, and none otherwise', async () => {
    const store = await redis.store();
    const expiring = await runScenario(store, 'ascan', { points: 3, rate: 2000, expireAfter: 120 });
    const ttl = await store.redis.ttl(expiring.key);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(120);
    const kept = await runScenario(store, 'ascan', { points: 3, rate: 2000 });
    expect(await store.redis.ttl(kept.key)).toBe(-1);
  });

  it('writes no file without a data folder', async () => {
    const store = await redis.store();
    const scan = await runScenario(store, 'ascan', { points: 3, rate: 2000 });
    expect(scan.identity.path).toBeNull();
    expect(scan.info.save).toBe(false);
  });
});
