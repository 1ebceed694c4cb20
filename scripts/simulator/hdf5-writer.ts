/**
 * Writes Lima-style HDF5 files for the scan simulator: stacks of points (frames, spectra, scalars)
 * appended along the first axis. The file is built under a hidden temporary name and renamed into
 * place once closed, so a reader (which only opens files blissdata says are complete) never sees a
 * half-written one.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import type { Dataset, File as H5File } from 'h5wasm/node';
import type { NumericArray } from '../../lib/blissdata/dtype';

/** An attribute: a string, a number or a list of either (`axes`, `auxiliary_signals`). */
export type AttributeValue = string | number | string[] | number[];

/** Arrays h5wasm writes: the numeric typed arrays blissdata streams decode to. */
export type WritableArray = NumericArray;

type ArrayConstructor = { new (length: number): WritableArray; from(values: ArrayLike<number | bigint>): WritableArray };

interface DtypeSpec {
  /** h5wasm's struct-module spelling. */
  readonly h5: string;
  readonly size: number;
  readonly array: ArrayConstructor;
  readonly bigint: boolean;
}

// Little-endian only: h5wasm cannot create big-endian datasets (and Lima writes native order).
const DTYPES: Record<string, DtypeSpec> = {
  i1: { h5: '<b', size: 1, array: Int8Array, bigint: false },
  u1: { h5: '<B', size: 1, array: Uint8Array, bigint: false },
  i2: { h5: '<h', size: 2, array: Int16Array, bigint: false },
  u2: { h5: '<H', size: 2, array: Uint16Array, bigint: false },
  i4: { h5: '<i', size: 4, array: Int32Array, bigint: false },
  u4: { h5: '<I', size: 4, array: Uint32Array, bigint: false },
  i8: { h5: '<q', size: 8, array: BigInt64Array as unknown as ArrayConstructor, bigint: true },
  u8: { h5: '<Q', size: 8, array: BigUint64Array as unknown as ArrayConstructor, bigint: true },
  f4: { h5: '<f', size: 4, array: Float32Array, bigint: false },
  f8: { h5: '<d', size: 8, array: Float64Array, bigint: false },
};

const NUMPY_NAMES: Record<string, string> = {
  int8: 'i1', uint8: 'u1', int16: 'i2', uint16: 'u2', int32: 'i4', uint32: 'u4',
  int64: 'i8', uint64: 'u8', float32: 'f4', float64: 'f8',
};

/** Accepts numpy's `dtype.str` (`<u2`, `|u1`) or name (`uint16`), as found in blissdata stream info. */
function dtypeSpec(dtype: string): DtypeSpec {
  const named = NUMPY_NAMES[dtype];
  const match = named ? ['', '<', named] : /^([<|=]?)([iuf][1248])$/.exec(dtype);
  const spec = match ? DTYPES[match[2] ?? ''] : undefined;
  if (!spec || (match?.[1] === '|' && spec.size !== 1)) {
    throw new Error(`cannot write dtype ${JSON.stringify(dtype)}: expected a little-endian numpy int/uint/float like '<u2' or 'float32'`);
  }
  return spec;
}

export interface StackOptions {
  /** numpy dtype of the values, e.g. `<u2` or `uint16`. */
  readonly dtype: string;
  /** Shape of one point: `[h, w]` for a frame, `[1024]` for a spectrum, `[]` for a scalar. */
  readonly pointShape: readonly number[];
  /** Points per HDF5 chunk; default 1 for frames (2D+ points, as Lima does), ~1 MiB worth for smaller ones. */
  readonly chunkPoints?: number;
  /** gzip level 1-9; none by default (Lima's default). */
  readonly compression?: number;
}

/** One extensible dataset of a file being written. */
export class Hdf5Stack {
  private count = 0;
  private readonly pointSize: number;

  /** @internal created by {@link Hdf5FileWriter.createStack} */
  constructor(
    readonly dataPath: string,
    private readonly dataset: Dataset,
    private readonly spec: DtypeSpec,
    readonly pointShape: readonly number[],
  ) {
    this.pointSize = pointShape.reduce((a, b) => a * b, 1);
  }

  /** Points written so far. */
  get length(): number {
    return this.count;
  }

  /**
   * Appends `points` points given flat in C order (`points × prod(pointShape)` values). Returns the
   * index of the first one.
   */
  append(values: ArrayLike<number | bigint>, points = 1): number {
    if (!Number.isInteger(points) || points < 1) throw new RangeError(`cannot append ${points} points`);
    if (values.length !== points * this.pointSize) {
      throw new RangeError(`${this.dataPath}: got ${values.length} values for ${points} point(s) of shape [${this.pointShape.join(', ')}]`);
    }
    const first = this.count;
    const total = first + points;
    this.dataset.resize([total, ...this.pointShape]);
    this.dataset.write_slice([[first, total], ...this.pointShape.map((): [] => [])], this.convert(values));
    this.count = total;
    return first;
  }

  private convert(values: ArrayLike<number | bigint>): WritableArray {
    if (values instanceof this.spec.array) return values as WritableArray;
    if (this.spec.bigint) return this.spec.array.from(Array.from(values, (v) => BigInt(typeof v === 'bigint' ? v : Math.trunc(v))));
    return this.spec.array.from(Array.from(values, Number));
  }
}

export interface WriterOptions {
  /** Replace an existing file at the final path; refused by default (Lima's saving_overwrite ABORT). */
  readonly overwrite?: boolean;
}

export class FileExistsError extends Error {
  constructor(readonly filePath: string) {
    super(`file ${filePath} already exists`);
    this.name = 'FileExistsError';
  }
}

/** An HDF5 file under construction; visible at its final path only after {@link close}. */
export class Hdf5FileWriter {
  private readonly stacks = new Map<string, Hdf5Stack>();
  private open = true;

  private constructor(
    readonly filePath: string,
    readonly tempPath: string,
    private readonly file: H5File,
    private readonly overwrite: boolean,
  ) {}

  /** Starts a file that will appear at `filePath` when closed (parent folders are created). */
  static async create(filePath: string, options: WriterOptions = {}): Promise<Hdf5FileWriter> {
    await h5wasm.ready;
    const target = path.resolve(filePath);
    if (!options.overwrite && existsSync(target)) throw new FileExistsError(target);
    mkdirSync(path.dirname(target), { recursive: true });
    // Same folder, so the final rename is atomic (same filesystem); hidden so globs skip it.
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
    const file = new h5wasm.File(temp, 'x');
    if (file.file_id < 0n) throw new Error(`cannot create HDF5 file ${temp}`);
    return new Hdf5FileWriter(target, temp, file, options.overwrite ?? false);
  }

  /** Creates an empty extensible dataset at `dataPath`, creating the groups on the way. */
  createStack(dataPath: string, options: StackOptions): Hdf5Stack {
    this.checkOpen();
    const spec = dtypeSpec(options.dtype);
    const pointShape = [...options.pointShape];
    if (pointShape.some((d) => !Number.isInteger(d) || d < 1)) throw new RangeError(`invalid point shape [${pointShape.join(', ')}]`);
    const parts = dataPath.split('/').filter((p) => p !== '');
    const name = parts.pop();
    if (!name || this.stacks.has(normalise(dataPath))) throw new Error(`invalid or duplicate data path ${JSON.stringify(dataPath)}`);

    let group = '';
    for (const part of parts) {
      group += `/${part}`;
      const existing = this.file.get(group);
      // h5wasm creates one level at a time.
      if (existing === null) this.file.create_group(group.slice(1));
      else if (!(existing instanceof h5wasm.Group)) throw new Error(`cannot create ${dataPath}: ${group} is not a group`);
    }

    const pointBytes = spec.size * pointShape.reduce((a, b) => a * b, 1);
    // Frames: one per chunk, as Lima writes them, so reading a frame reads one chunk.
    const chunkPoints = options.chunkPoints ?? (pointShape.length >= 2 ? 1 : Math.max(1, Math.min(4096, Math.floor(2 ** 20 / pointBytes))));
    const dataset = this.file.create_dataset({
      name: `${group}/${name}`.slice(1),
      data: new spec.array(0),
      shape: [0, ...pointShape],
      maxshape: [null, ...pointShape],
      chunks: [chunkPoints, ...pointShape],
      dtype: spec.h5,
      ...(options.compression ? { compression: options.compression } : {}),
    });
    if (!(dataset instanceof h5wasm.Dataset)) throw new Error(`HDF5 could not create dataset ${dataPath} in ${this.tempPath}`);
    const stack = new Hdf5Stack(normalise(dataPath), dataset, spec, pointShape);
    this.stacks.set(stack.dataPath, stack);
    return stack;
  }

  /** Creates the group at `groupPath` (and its parents) if missing, with these attributes. */
  group(groupPath: string, attrs: Record<string, AttributeValue> = {}): void {
    this.checkOpen();
    let at = '';
    for (const part of groupPath.split('/').filter((p) => p !== '')) {
      at += `/${part}`;
      const existing = this.file.get(at);
      if (existing === null) this.file.create_group(at.slice(1));
      else if (!(existing instanceof h5wasm.Group)) throw new Error(`cannot create group ${groupPath}: ${at} is not a group`);
    }
    this.setAttributes(groupPath, attrs);
  }

  /** Sets attributes (NeXus `NX_class`, `default`, `signal`, `axes`...) of a group or dataset. */
  setAttributes(objectPath: string, attrs: Record<string, AttributeValue>): void {
    this.checkOpen();
    const target = normalise(objectPath) === '/' ? this.file : this.file.get(normalise(objectPath));
    if (!(target instanceof h5wasm.Group) && !(target instanceof h5wasm.Dataset)) throw new Error(`cannot set attributes of ${objectPath}: not found`);
    for (const [name, value] of Object.entries(attrs)) {
      if (name in target.attrs) target.delete_attribute(name);
      target.create_attribute(name, value as string | number | string[] | number[]);
    }
  }

  /** A fixed dataset: a string (NeXus `title`, `start_time`) or a number. */
  value(dataPath: string, value: string | number, attrs: Record<string, AttributeValue> = {}): void {
    this.checkOpen();
    const parts = normalise(dataPath).split('/');
    const name = parts.pop()!;
    const parent = parts.join('/') || '/';
    if (parent !== '/') this.group(parent);
    const full = `${parent === '/' ? '' : parent}/${name}`;
    if (this.file.get(full) !== null) throw new Error(`${full} already exists in ${this.filePath}`);
    this.file.create_dataset({ name: full.slice(1), data: value });
    this.setAttributes(full, attrs);
  }

  /** A soft link at `linkPath` to `target` (an absolute path in the same file), as NeXus NXdata groups use. */
  link(target: string, linkPath: string): void {
    this.checkOpen();
    const parts = normalise(linkPath).split('/');
    parts.pop();
    if (parts.join('/')) this.group(parts.join('/'));
    this.file.create_soft_link(normalise(target), normalise(linkPath).slice(1));
  }

  /** Flushes, closes and moves the file to its final path, which is returned. */
  close(): string {
    this.checkOpen();
    this.open = false;
    this.file.flush();
    const status = this.file.close();
    if (status < 0) {
      rmSync(this.tempPath, { force: true });
      throw new Error(`HDF5 failed to close ${this.tempPath} (status ${status})`);
    }
    if (!this.overwrite && existsSync(this.filePath)) {
      rmSync(this.tempPath, { force: true });
      throw new FileExistsError(this.filePath);
    }
    renameSync(this.tempPath, this.filePath);
    return this.filePath;
  }

  /** Drops the file: nothing appears at the final path. */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    this.file.close();
    rmSync(this.tempPath, { force: true });
  }

  private checkOpen(): void {
    if (!this.open) throw new Error(`HDF5 file ${this.filePath} is already closed`);
  }
}

function normalise(dataPath: string): string {
  return `/${dataPath.split('/').filter((p) => p !== '').join('/')}`;
}

/** Convenience for tests and the simulator: one file holding one stack of frames. */
export async function writeFrameStack(
  filePath: string,
  dataPath: string,
  dtype: string,
  frames: readonly ArrayLike<number | bigint>[],
  frameShape: readonly number[],
  options: WriterOptions & Pick<StackOptions, 'compression'> = {},
): Promise<string> {
  const writer = await Hdf5FileWriter.create(filePath, options);
  try {
    const stack = writer.createStack(dataPath, { dtype, pointShape: frameShape, compression: options.compression });
    for (const frame of frames) stack.append(frame);
  } catch (err) {
    writer.abort();
    throw err;
  }
  return writer.close();
}
