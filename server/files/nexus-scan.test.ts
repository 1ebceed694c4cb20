/** The NeXus scan reader on real HDF5 files: Bliss-style links, odd members, and what it refuses. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataRoots, PathNotAllowedError } from './data-roots';
import { Hdf5Reader, NotHdf5Error } from './hdf5-reader';
import { Hdf5FileWriter } from '../../scripts/simulator/hdf5-writer';
import { EntryMissingError, readNexusScan } from './nexus-scan';

const dir = mkdtempSync(path.join(os.tmpdir(), 'nexus-scan-test-'));
const roots = new DataRoots([dir]);
const reader = new Hdf5Reader({ roots });
const bliss = path.join(dir, 'bliss.h5');

beforeAll(async () => {
  // As Bliss writes it: instrument/ holds the data, measurement/ and the NXdata groups link to it
  // under names of their own; other members are strings, groups, external links.
  const w = await Hdf5FileWriter.create(bliss);
  w.setAttributes('/', { NX_class: 'NXroot', default: '12.1' });
  w.group('/11.1', { NX_class: 'NXentry' });
  w.value('/11.1/title', 'ct 0.1');
  w.group('/12.1', { NX_class: 'NXentry', default: 'plot1' });
  w.value('/12.1/title', 'a2scan samx 0 1 samy 0 1 3 0.1');
  w.value('/12.1/start_time', '2026-03-01T10:00:00.000000+01:00');
  w.value('/12.1/end_time', '2026-03-01T10:00:05.000000+01:00');
  w.value('/12.1/end_reason', 'SUCCESS');
  w.createStack('/12.1/instrument/samx/value', { dtype: '<f8', pointShape: [] }).append([0, 0.5, 1], 3);
  w.createStack('/12.1/instrument/samy/value', { dtype: '<f8', pointShape: [] }).append([0, 0.5, 1], 3);
  w.createStack('/12.1/instrument/p201/data', { dtype: '<u4', pointShape: [] }).append([5, 7, 9], 3);
  w.createStack('/12.1/instrument/mca/spectrum', { dtype: '<u2', pointShape: [4] }).append([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 3);
  w.setAttributes('/12.1/instrument/p201/data', { units: 'counts' });
  w.link('/12.1/instrument/samx/value', '/12.1/measurement/samx');
  w.link('/12.1/instrument/samy/value', '/12.1/measurement/samy');
  w.link('/12.1/instrument/p201/data', '/12.1/measurement/p201_ct');
  w.link('/12.1/instrument/mca/spectrum', '/12.1/measurement/mca_det0');
  w.value('/12.1/measurement/comment', 'a string, not a channel');
  w.group('/12.1/plot0', { NX_class: 'NXdata', signal: 'data', axes: ['samx'] });
  w.link('/12.1/instrument/p201/data', '/12.1/plot0/data');
  w.link('/12.1/instrument/samx/value', '/12.1/plot0/samx');
  w.group('/12.1/plot1', { NX_class: 'NXdata', signal: 'data', auxiliary_signals: ['spectrum'], axes: ['value'] });
  w.link('/12.1/instrument/p201/data', '/12.1/plot1/data');
  w.link('/12.1/instrument/mca/spectrum', '/12.1/plot1/spectrum');
  w.link('/12.1/instrument/samy/value', '/12.1/plot1/value');
  w.group('/12.1/notes', { NX_class: 'NXnote' });
  w.close();
  // An external link in measurement/: never followed (its file could be outside DATA_ROOTS).
  await h5wasm.ready;
  const f = new h5wasm.File(bliss, 'a');
  (f.get('/12.1/measurement') as InstanceType<typeof h5wasm.Group>).create_external_link('/etc/other.h5', '/data', 'outside');
  f.close();
  writeFileSync(path.join(dir, 'not.h5'), 'this is not HDF5');
});
afterAll(() => {
  reader.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('readNexusScan', () => {
  it("reads an entry's title, times, channels and plots, naming NXdata members as measurement/ does", async () => {
    const scan = await readNexusScan(roots, reader, bliss, '12.1');
    expect(scan).toMatchObject({ entry: '12.1', title: 'a2scan samx 0 1 samy 0 1 3 0.1', startTime: '2026-03-01T10:00:00.000000+01:00', endTime: '2026-03-01T10:00:05.000000+01:00', endReason: 'SUCCESS' });
    expect(scan.channels.map((c) => [c.name, c.dtype, c.shape, c.units])).toEqual([
      ['mca_det0', '<u2', [3, 4], null],
      ['p201_ct', '<u4', [3], 'counts'],
      ['samx', '<f8', [3], null],
      ['samy', '<f8', [3], null],
    ]);
    expect(scan.plots).toEqual([
      { name: 'plot0', signal: 'p201_ct', auxiliary: [], axes: ['samx'] },
      { name: 'plot1', signal: 'p201_ct', auxiliary: ['mca_det0'], axes: ['samy'] },
    ]);
    expect(scan.defaultPlot).toBe('plot1');
  });

  it("opens the file's default entry when none is asked, and refuses one that is not there", async () => {
    expect((await readNexusScan(roots, reader, bliss)).entry).toBe('12.1');
    const ct = await readNexusScan(roots, reader, bliss, '11.1');
    expect(ct).toMatchObject({ title: 'ct 0.1', startTime: null, channels: [], plots: [], defaultPlot: null });
    await expect(readNexusScan(roots, reader, bliss, '13.1')).rejects.toBeInstanceOf(EntryMissingError);
    await expect(readNexusScan(roots, reader, bliss, '../12.1')).rejects.toBeInstanceOf(EntryMissingError);
  });

  it('refuses files outside DATA_ROOTS and files that are not HDF5, before opening them', async () => {
    await expect(readNexusScan(roots, reader, '/etc/hostname', '1.1')).rejects.toBeInstanceOf(PathNotAllowedError);
    await expect(readNexusScan(roots, reader, path.join(dir, 'not.h5'), '1.1')).rejects.toBeInstanceOf(NotHdf5Error);
  });
});
