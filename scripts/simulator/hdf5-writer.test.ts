import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataRoots, FileMissingError } from '../../server/files/data-roots';
import { Hdf5Reader, type NumericArray } from '../../server/files/hdf5-reader';
import { FileExistsError, Hdf5FileWriter, writeFrameStack } from './hdf5-writer';

/** Plain array of a read's values (typed arrays of bigint and number do not mix in Array.from). */
const list = (a: NumericArray): (number | bigint)[] => Array.from(a as ArrayLike<number | bigint>);

let tmp: string;

beforeAll(async () => {
  tmp = await realpath(await mkdtemp(path.join(tmpdir(), 'lantern-h5w-')));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Opens a finished file directly with h5wasm to check what was written. */
async function inspect<T>(file: string, fn: (f: InstanceType<typeof h5wasm.File>) => T): Promise<T> {
  await h5wasm.ready;
  const f = new h5wasm.File(file, 'r');
  try {
    return fn(f);
  } finally {
    f.close();
  }
}

describe('Hdf5FileWriter', () => {
  it('shows the file at its final path only once closed', async () => {
    const file = path.join(tmp, 'scan0001', 'lima_0000.h5');
    const reader = new Hdf5Reader({ roots: new DataRoots([tmp]) });
    const writer = await Hdf5FileWriter.create(file);
    const stack = writer.createStack('/entry_0000/ESRF-ID00/lima_simulator/data', { dtype: '<u2', pointShape: [2, 3] });
    expect(stack.append([1, 2, 3, 4, 5, 6])).toBe(0);
    expect(stack.append(new Uint16Array([7, 8, 9, 10, 11, 12]))).toBe(1);
    expect(stack.length).toBe(2);

    expect(existsSync(file)).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(writer.tempPath)]);
    expect(path.basename(writer.tempPath)).toMatch(/^\.lima_0000\.h5\..*\.tmp$/);
    await expect(reader.readFrame(file, '/entry_0000/ESRF-ID00/lima_simulator/data', 0)).rejects.toBeInstanceOf(FileMissingError);

    expect(writer.close()).toBe(file);
    expect(readdirSync(path.dirname(file))).toEqual(['lima_0000.h5']);
    const frame = await reader.readFrame(file, '/entry_0000/ESRF-ID00/lima_simulator/data', 1);
    expect(list(frame.data)).toEqual([7, 8, 9, 10, 11, 12]);
    reader.close();
  });

  it('writes Lima-like chunking (one frame per chunk), nested groups and several stacks', async () => {
    const file = path.join(tmp, 'multi.h5');
    const writer = await Hdf5FileWriter.create(file);
    const frames = writer.createStack('entry_0000/instrument/det/data', { dtype: 'uint32', pointShape: [4, 5] });
    const counter = writer.createStack('/1.1/measurement/diode1', { dtype: '<f8', pointShape: [] });
    const spectra = writer.createStack('/1.1/measurement/mca', { dtype: '<i4', pointShape: [8] });
    frames.append(new Uint32Array(40), 2);
    counter.append([0.5, 1.5, 2.5], 3);
    spectra.append(Array.from({ length: 8 }, (_, i) => -i));
    writer.close();

    await inspect(file, (f) => {
      const ds = f.get('entry_0000/instrument/det/data') as InstanceType<typeof h5wasm.Dataset>;
      expect(ds.shape).toEqual([2, 4, 5]);
      expect(ds.dtype).toBe('<I');
      expect(ds.metadata.chunks).toEqual([1, 4, 5]);
      expect(ds.metadata.maxshape?.[0]).toBeGreaterThan(2 ** 60); // unlimited
      expect(Array.from((f.get('1.1/measurement/diode1') as InstanceType<typeof h5wasm.Dataset>).value as Float64Array)).toEqual([0.5, 1.5, 2.5]);
      expect((f.get('1.1/measurement/mca') as InstanceType<typeof h5wasm.Dataset>).shape).toEqual([1, 8]);
    });
  });

  it('refuses to overwrite unless asked, and leaves nothing behind on abort', async () => {
    const file = path.join(tmp, 'once.h5');
    await writeFrameStack(file, '/entry/data/data', '<u2', [[1, 2, 3, 4]], [2, 2]);
    await expect(Hdf5FileWriter.create(file)).rejects.toBeInstanceOf(FileExistsError);

    const again = await Hdf5FileWriter.create(file, { overwrite: true });
    again.createStack('/entry/data/data', { dtype: '<u2', pointShape: [2, 2] }).append([5, 6, 7, 8]);
    again.close();
    await inspect(file, (f) => expect(Array.from((f.get('/entry/data/data') as InstanceType<typeof h5wasm.Dataset>).value as Uint16Array)).toEqual([5, 6, 7, 8]));

    const dropped = await Hdf5FileWriter.create(path.join(tmp, 'dropped.h5'));
    dropped.abort();
    expect(existsSync(path.join(tmp, 'dropped.h5'))).toBe(false);
    expect(existsSync(dropped.tempPath)).toBe(false);
  });

  it('refuses bad input with a clear error', async () => {
    const writer = await Hdf5FileWriter.create(path.join(tmp, 'bad.h5'));
    try {
      expect(() => writer.createStack('/d', { dtype: '>u2', pointShape: [2] })).toThrow(/cannot write dtype ">u2"/);
      expect(() => writer.createStack('/d', { dtype: '|u2', pointShape: [2] })).toThrow(/cannot write dtype/);
      expect(() => writer.createStack('/d', { dtype: '<u2', pointShape: [0] })).toThrow(/invalid point shape/);
      const stack = writer.createStack('/d', { dtype: '|u1', pointShape: [2] });
      expect(() => stack.append([1, 2, 3])).toThrow('/d: got 3 values for 1 point(s) of shape [2]');
      expect(() => writer.createStack('/d', { dtype: '<u2', pointShape: [2] })).toThrow(/duplicate/);
      expect(() => writer.createStack('/d/x', { dtype: '<u2', pointShape: [2] })).toThrow(/\/d is not a group/);
    } finally {
      writer.abort();
    }
  });
});
