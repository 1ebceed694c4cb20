import fs from 'node:fs';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataRoots, FileMissingError, PathNotAllowedError } from './data-roots';
import {
  DatasetMissingError,
  Hdf5Reader,
  IndexOutOfRangeError,
  NotHdf5Error,
  ReadTooLargeError,
  UnsupportedDatasetError,
  binFrame,
  type Frame,
  type NumericArray,
} from './hdf5-reader';
import { Hdf5FileWriter, writeFrameStack } from '../../scripts/simulator/hdf5-writer';

/** Plain array of a read's values (typed arrays of bigint and number do not mix in Array.from). */
const list = (a: NumericArray): (number | bigint)[] => Array.from(a as ArrayLike<number | bigint>);

const DATA = '/entry_0000/ESRF-ID00/lima_simulator/data';
let tmp: string;
let root: string;
let outside: string;
let reader: Hdf5Reader;

/** Pixel value encoding frame, row and column, so a wrong frame or a transposition shows. */
const pixel = (f: number, y: number, x: number) => f * 1000 + y * 10 + x;
function frameValues(f: number, h: number, w: number): number[] {
  return Array.from({ length: h * w }, (_, i) => pixel(f, Math.floor(i / w), i % w));
}

async function limaFile(name: string, frames: number, dtype = '<u2', h = 6, w = 5): Promise<string> {
  const file = path.join(root, name);
  await writeFrameStack(file, DATA, dtype, Array.from({ length: frames }, (_, f) => frameValues(f, h, w)), [h, w], { overwrite: true });
  return file;
}

beforeAll(async () => {
  tmp = await realpath(await mkdtemp(path.join(tmpdir(), 'lantern-h5r-')));
  root = path.join(tmp, 'data');
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(root);
  fs.mkdirSync(outside);
});

afterEach(() => {
  reader?.close();
  vi.restoreAllMocks();
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function newReader(options: Partial<ConstructorParameters<typeof Hdf5Reader>[0]> = {}): Hdf5Reader {
  reader = new Hdf5Reader({ roots: new DataRoots([root]), ...options });
  return reader;
}

describe('readFrame', () => {
  it('reads one frame with its dtype and shape', async () => {
    const file = await limaFile('scan1_0000.h5', 10);
    const frame = await newReader().readFrame(file, DATA, 3);
    expect(frame.dtype).toBe('<u2');
    expect(frame.shape).toEqual([6, 5]);
    expect(frame.data).toBeInstanceOf(Uint16Array);
    expect(list(frame.data)).toEqual(frameValues(3, 6, 5));
  });

  it.each([
    ['|u1', Uint8Array, 1],
    ['<i2', Int16Array, 3],
    ['<u4', Uint32Array, 9],
    ['<i4', Int32Array, 9],
    ['<f4', Float32Array, 9],
    ['float64', Float64Array, 9],
  ] as const)('keeps dtype %s', async (dtype, ArrayType, f) => {
    const file = await limaFile(`dtype_${dtype}.h5`, 10, dtype, 3, 4);
    const frame = await newReader().readFrame(file, DATA, f);
    expect(frame.dtype).toBe(dtype === 'float64' ? '<f8' : dtype);
    expect(frame.data).toBeInstanceOf(ArrayType);
    // |u1 wraps the test pattern: compare modulo 256 there.
    expect(list(frame.data)).toEqual(frameValues(f, 3, 4).map((v) => (dtype === '|u1' ? v % 256 : v)));
  });

  it('reads only that frame: one hyperslab, a small fraction of the file', async () => {
    const [frames, h, w] = [40, 256, 256];
    const file = await limaFile('big_0000.h5', frames, '<u4', h, w);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(frames * h * w * 4);
    const h5 = await h5wasm.ready;
    const hyperslab = vi.spyOn(h5, 'get_dataset_data');
    const reads = vi.spyOn(fs, 'readSync');

    const frame = await newReader().readFrame(file, DATA, 17);

    expect(frame.data[5 * w + 7]).toBe(pixel(17, 5, 7));
    expect(hyperslab).toHaveBeenCalledTimes(1);
    const [, dataset, count, offset, stride] = hyperslab.mock.calls[0] ?? [];
    expect(dataset).toBe(DATA);
    expect(count).toEqual([1n, BigInt(h), BigInt(w)]);
    expect(offset).toEqual([17n, 0n, 0n]);
    expect(stride).toEqual([1n, 1n, 1n]);
    // NODERAWFS reads the real file through fs.readSync: count the bytes HDF5 pulled from disk.
    const bytesRead = reads.mock.calls.reduce((sum, call) => sum + Number((call as unknown[])[3] ?? 0), 0);
    expect(bytesRead).toBeGreaterThanOrEqual(h * w * 4);
    expect(bytesRead).toBeLessThan(size / 10);
  });

  it('follows soft links inside the file', async () => {
    const file = await limaFile('soft_0000.h5', 3);
    const f = new h5wasm.File(file, 'a');
    f.create_group('entry_0000/measurement');
    (f.get('entry_0000/measurement') as InstanceType<typeof h5wasm.Group>).create_soft_link(DATA, 'image');
    f.close();
    const frame = await newReader().readFrame(file, '/entry_0000/measurement/image', 2);
    expect(frame.data[0]).toBe(pixel(2, 0, 0));
  });

  it('says which frame is out of range', async () => {
    const file = await limaFile('range_0000.h5', 10);
    const r = newReader();
    await expect(r.readFrame(file, DATA, 12)).rejects.toThrow(`frame 12 out of range: dataset has 10 frames (${DATA} in ${file})`);
    await expect(r.readFrame(file, DATA, 10)).rejects.toBeInstanceOf(IndexOutOfRangeError);
    await expect(r.readFrame(file, DATA, -1)).rejects.toBeInstanceOf(IndexOutOfRangeError);
  });

  it('reports a missing dataset, or a path that is not a frame stack', async () => {
    const file = await limaFile('ds_0000.h5', 2);
    const r = newReader();
    await expect(r.readFrame(file, '/entry_0000/ESRF-ID00/other/data', 0)).rejects.toThrow(
      `dataset /entry_0000/ESRF-ID00/other/data not found in file ${file}`,
    );
    await expect(r.readFrame(file, '/entry_0000/ESRF-ID00', 0)).rejects.toBeInstanceOf(DatasetMissingError);
    await expect(r.readFrame(file, `${DATA}/deeper`, 0)).rejects.toThrow(/is not a group/);
    await expect(r.readPoints(file, DATA, 0, 1)).resolves.toMatchObject({ shape: [1, 6, 5] });
  });

  it('reports missing files, non-HDF5 files and paths outside DATA_ROOTS', async () => {
    const r = newReader();
    await expect(r.readFrame(path.join(root, 'nope_0000.h5'), DATA, 0)).rejects.toBeInstanceOf(FileMissingError);
    const text = path.join(root, 'notes.h5');
    await writeFile(text, 'this is not an HDF5 file at all');
    await expect(r.readFrame(text, DATA, 0)).rejects.toThrow(`${text} is not an HDF5 file (no HDF5 signature)`);
    await expect(r.readFrame(root, DATA, 0)).rejects.toBeInstanceOf(NotHdf5Error);

    const secret = path.join(outside, 'secret_0000.h5');
    await writeFrameStack(secret, DATA, '<u2', [[1, 2, 3, 4]], [2, 2]);
    const opens = vi.spyOn(fs, 'openSync');
    await expect(r.readFrame(secret, DATA, 0)).rejects.toBeInstanceOf(PathNotAllowedError);
    fs.symlinkSync(secret, path.join(root, 'link_0000.h5'));
    await expect(r.readFrame(path.join(root, 'link_0000.h5'), DATA, 0)).rejects.toBeInstanceOf(PathNotAllowedError);
    expect(opens.mock.calls.filter(([p]) => String(p).startsWith(outside))).toEqual([]);
  });

  it('does not follow external links (they could open files outside DATA_ROOTS)', async () => {
    const secret = path.join(outside, 'ext_target.h5');
    await writeFrameStack(secret, DATA, '<u2', [[1, 2, 3, 4]], [2, 2]);
    const master = path.join(root, 'master.h5');
    const f = new h5wasm.File(master, 'w');
    f.create_external_link(secret, '/entry_0000', 'entry_0000');
    f.create_external_link(secret, DATA, 'data');
    f.close();
    const opens = vi.spyOn(fs, 'openSync');
    const r = newReader();
    await expect(r.readFrame(master, DATA, 0)).rejects.toThrow(/external link to another file, which is not followed/);
    await expect(r.readFrame(master, '/data', 0)).rejects.toBeInstanceOf(UnsupportedDatasetError);
    // The spy does see HDF5's opens (NODERAWFS), so the absence below means something.
    expect(opens.mock.calls.some(([p]) => p === master)).toBe(true);
    expect(opens.mock.calls.filter(([p]) => String(p).startsWith(outside))).toEqual([]);
  });

  it('refuses non-numeric datasets and oversized reads', async () => {
    const file = path.join(root, 'strings.h5');
    const f = new h5wasm.File(file, 'w');
    f.create_dataset({ name: 'names', data: ['a', 'b'] });
    f.close();
    await expect(newReader().readPoints(file, '/names', 0, 1)).rejects.toThrow(/is not numeric/);
    const big = await limaFile('limit_0000.h5', 2);
    await expect(newReader({ maxReadBytes: 32 }).readFrame(big, DATA, 0)).rejects.toBeInstanceOf(ReadTooLargeError);
  });
});

describe('readPoints (hdf5_fallback)', () => {
  it('reads a range of scalars, spectra and frames', async () => {
    const file = path.join(root, 'scan.h5');
    const writer = await Hdf5FileWriter.create(file, { overwrite: true });
    writer.createStack('/42.1/measurement/diode1', { dtype: '<f8', pointShape: [] }).append(Array.from({ length: 100 }, (_, i) => i / 2), 100);
    writer.createStack('/42.1/measurement/mca', { dtype: '<u4', pointShape: [4] }).append(Array.from({ length: 40 }, (_, i) => i), 10);
    writer.createStack('/42.1/measurement/epoch', { dtype: '<i8', pointShape: [] }).append([1n, 2n, 3n], 3);
    writer.close();
    const r = newReader();

    const diode = await r.readPoints(file, '42.1/measurement/diode1', 10, 13);
    expect(diode).toMatchObject({ dtype: '<f8', shape: [3] });
    expect(list(diode.data)).toEqual([5, 5.5, 6]);
    const mca = await r.readPoints(file, '/42.1/measurement/mca', 2, 4);
    expect(mca.shape).toEqual([2, 4]);
    expect(list(mca.data)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    const epoch = await r.readPoints(file, '/42.1/measurement/epoch', 1, 3);
    expect(epoch.dtype).toBe('<i8');
    expect(list(epoch.data)).toEqual([2n, 3n]);
    expect((await r.readPoints(file, '/42.1/measurement/diode1', 100, 100)).shape).toEqual([0]);
    await expect(r.readPoints(file, '/42.1/measurement/diode1', 95, 101)).rejects.toThrow('points [95, 101) out of range: dataset has 100 points');
    await expect(r.datasetInfo(file, '/42.1/measurement/mca')).resolves.toEqual({ dtype: '<u4', shape: [10, 4] });
  });
});

describe('open file cache', () => {
  it('keeps files open, bounded in number, and closes idle ones', async () => {
    const files = await Promise.all([0, 1, 2].map((i) => limaFile(`cache_000${i}.h5`, 2)));
    const r = newReader({ maxOpenFiles: 2, idleCloseMs: 100 });
    await r.readFrame(files[0] as string, DATA, 0);
    await r.readFrame(files[0] as string, DATA, 1);
    expect(r.openFiles).toBe(1);
    await r.readFrame(files[1] as string, DATA, 0);
    await r.readFrame(files[2] as string, DATA, 0);
    expect(r.openFiles).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(r.openFiles).toBe(0);
    // Still usable after everything was closed.
    await expect(r.readFrame(files[1] as string, DATA, 1)).resolves.toMatchObject({ shape: [6, 5] });
  });

  it('re-opens a file that changed since it was opened', async () => {
    const file = await limaFile('grow_0000.h5', 2);
    const r = newReader();
    await expect(r.readFrame(file, DATA, 2)).rejects.toBeInstanceOf(IndexOutOfRangeError);
    await limaFile('grow_0000.h5', 4); // replaced by a longer file (rename over it)
    const frame = await r.readFrame(file, DATA, 3);
    expect(frame.data[0]).toBe(pixel(3, 0, 0));
    expect(r.openFiles).toBe(1);
  });
});

describe('binFrame', () => {
  const frame = (h: number, w: number, values: number[]): Frame => ({ dtype: '<u2', shape: [h, w], data: Uint16Array.from(values) });

  it('averages factor×factor blocks', () => {
    const binned = binFrame(frame(2, 4, [1, 3, 10, 20, 5, 7, 30, 40]), 2);
    expect(binned).toEqual({ dtype: '<f4', shape: [1, 2], data: Float32Array.from([4, 25]) });
  });

  it('averages partial edge blocks over the pixels they have', () => {
    const binned = binFrame(frame(3, 3, [1, 1, 9, 1, 1, 9, 4, 4, 100]), 2);
    expect(binned.shape).toEqual([2, 2]);
    expect(list(binned.data)).toEqual([1, 9, 4, 100]);
  });

  it('returns the frame for factor 1 and refuses bad factors', () => {
    const f = frame(1, 1, [3]);
    expect(binFrame(f, 1)).toBe(f);
    expect(() => binFrame(f, 0)).toThrow(RangeError);
    expect(() => binFrame(f, 1.5)).toThrow(RangeError);
  });
});
