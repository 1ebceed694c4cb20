/**
 * Reads frames (Lima files) and points (hdf5_fallback) from HDF5 files with h5wasm.
 *
 * h5wasm's Node build uses Emscripten's NODERAWFS: HDF5 reads the real file with pread-style calls,
 * so only the metadata and the chunks of the requested hyperslab are read, never the whole file.
 * Every path goes through {@link DataRoots} first: external links are never followed, and the files
 * a virtual dataset maps are checked against DATA_ROOTS before HDF5 opens them, so nothing outside
 * DATA_ROOTS is ever opened.
 */
import { open as openFile, stat } from 'node:fs/promises';
import path from 'node:path';
import h5wasm from 'h5wasm/node';
import type { NumericArray } from '../../lib/blissdata/dtype';
import type { File as H5File, Metadata } from 'h5wasm/node';
import { FileMissingError, type DataRoots } from './data-roots';
import { availableFilters, h5wasmWithPlugins, type H5Module } from './hdf5-plugins';


export type { NumericArray };

/** One image, values in C order (row after row). */
export interface Frame {
  /** numpy `dtype.str`; always little endian (`<`, or `|` for one byte) since HDF5 converts on read. */
  readonly dtype: string;
  readonly shape: [height: number, width: number];
  readonly data: NumericArray;
}

/** Consecutive points of a dataset: shape is `[to - from, ...pointShape]`. */
export interface Points {
  readonly dtype: string;
  readonly shape: number[];
  readonly data: NumericArray;
}

export interface DatasetInfo {
  readonly dtype: string;
  readonly shape: number[];
}

// ---- errors -----------------------------------------------------------------------------------

/** Base of the errors about a file's content; `filePath` is the path as requested. */
export class Hdf5ReadError extends Error {
  constructor(
    message: string,
    readonly filePath: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotHdf5Error extends Hdf5ReadError {
  constructor(filePath: string, detail = 'no HDF5 signature') {
    super(`${filePath} is not an HDF5 file (${detail})`, filePath);
  }
}

export class DatasetMissingError extends Hdf5ReadError {
  constructor(
    filePath: string,
    readonly dataPath: string,
    detail?: string,
  ) {
    super(`dataset ${dataPath} not found in file ${filePath}${detail ? ` (${detail})` : ''}`, filePath);
  }
}

export class IndexOutOfRangeError extends Hdf5ReadError {}

/** Not numeric, wrong rank, compressed with a filter this HDF5 build lacks, or data in other files. */
export class UnsupportedDatasetError extends Hdf5ReadError {}

/** Refused to protect the wasm heap (2 GiB at most, shared by every read). */
export class ReadTooLargeError extends Hdf5ReadError {}

/** HDF5 returned an error while reading (truncated or corrupted file, I/O error). */
export class Hdf5IoError extends Hdf5ReadError {}

// ---- dtype ------------------------------------------------------------------------------------

const ARRAYS: Record<string, new (buffer: ArrayBuffer) => NumericArray> = {
  i1: Int8Array, u1: Uint8Array, b1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array,
  u4: Uint32Array, i8: BigInt64Array, u8: BigUint64Array, f4: Float32Array, f8: Float64Array,
};

function numpyDtype(m: Metadata, h5: H5Module): string | null {
  const { H5T_INTEGER, H5T_FLOAT, H5T_ENUM } = h5.H5T_class_t;
  let kind: string | null = null;
  if (m.type === H5T_INTEGER.value) kind = m.signed ? 'i' : 'u';
  else if (m.type === H5T_FLOAT.value && (m.size === 4 || m.size === 8)) kind = 'f';
  // h5py stores numpy bools as an int8 enum {FALSE: 0, TRUE: 1}.
  else if (m.type === H5T_ENUM.value && m.size === 1 && m.enum_type?.members.FALSE === 0 && m.enum_type.members.TRUE === 1) kind = 'b';
  if (kind === null || ![1, 2, 4, 8].includes(m.size)) return null;
  return `${m.size === 1 ? '|' : '<'}${kind}${m.size}`;
}

// ---- cache of open files ----------------------------------------------------------------------

interface ResolvedDataset {
  /** Path of the dataset through hard links only. */
  readonly path: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly itemSize: number;
  /** Other files a virtual dataset maps (absolute, as HDF5 will open them); checked against DATA_ROOTS. */
  readonly sourceFiles: string[];
}

interface OpenFile {
  readonly file: H5File;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
  lastUsed: number;
  readonly datasets: Map<string, ResolvedDataset>;
}

export interface Hdf5ReaderOptions {
  /** Every path is resolved here first; only the real path it returns is opened. */
  readonly roots: Pick<DataRoots, 'resolve'>;
  /** Files kept open at most (least recently used closed first). */
  readonly maxOpenFiles?: number;
  /** A file unused this long is closed. */
  readonly idleCloseMs?: number;
  /** Largest single read. */
  readonly maxReadBytes?: number;
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** HDF5 puts its superblock at 0 or, after a user block, at 512, 1024, 2048, … */
async function hasHdf5Signature(realPath: string, size: number): Promise<boolean> {
  const handle = await openFile(realPath, 'r');
  try {
    const buf = Buffer.alloc(HDF5_SIGNATURE.length);
    for (let offset = 0; offset + buf.length <= size && offset <= 1 << 20; offset = offset ? offset * 2 : 512) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, offset);
      if (bytesRead === buf.length && buf.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    await handle.close();
  }
}

export class Hdf5Reader {
  private readonly files = new Map<string, OpenFile>();
  private sweeper: ReturnType<typeof setInterval> | null = null;
  private readonly roots: Pick<DataRoots, 'resolve'>;
  private readonly maxOpenFiles: number;
  private readonly idleCloseMs: number;
  private readonly maxReadBytes: number;

  constructor(options: Hdf5ReaderOptions) {
    this.roots = options.roots;
    this.maxOpenFiles = Math.max(1, options.maxOpenFiles ?? 8);
    this.idleCloseMs = options.idleCloseMs ?? 20_000;
    this.maxReadBytes = options.maxReadBytes ?? 256 * 2 ** 20;
  }

  /** Number of files currently held open (for tests and metrics). */
  get openFiles(): number {
    return this.files.size;
  }

  async datasetInfo(filePath: string, dataPath: string): Promise<DatasetInfo> {
    return this.withDataset(filePath, dataPath, (_m, _f, ds) => ({ dtype: ds.dtype, shape: [...ds.shape] }));
  }

  /** Frame `index` of a `[frames, h, w]` dataset, reading only that frame. */
  async readFrame(filePath: string, dataPath: string, index: number): Promise<Frame> {
    return this.withDataset(filePath, dataPath, (h5, entry, ds) => {
      const [frames, height, width] = ds.shape;
      if (ds.shape.length !== 3 || frames === undefined || height === undefined || width === undefined) {
        throw new UnsupportedDatasetError(`dataset ${dataPath} in ${filePath} is not a stack of frames: shape [${ds.shape.join(', ')}]`, filePath);
      }
      if (!Number.isSafeInteger(index) || index < 0 || index >= frames) {
        throw new IndexOutOfRangeError(`frame ${index} out of range: dataset has ${frames} frames (${dataPath} in ${filePath})`, filePath);
      }
      const data = this.readHyperslab(h5, entry, ds, [index, 0, 0], [1, height, width], filePath);
      return { dtype: ds.dtype, shape: [height, width], data };
    });
  }

  /** Points `[from, to)` along the first axis (hdf5_fallback: scalars, spectra, images). */
  async readPoints(filePath: string, dataPath: string, from: number, to: number): Promise<Points> {
    return this.withDataset(filePath, dataPath, (h5, entry, ds) => {
      const [length, ...pointShape] = ds.shape;
      if (length === undefined) throw new UnsupportedDatasetError(`dataset ${dataPath} in ${filePath} is a scalar, not a list of points`, filePath);
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to < from || to > length) {
        throw new IndexOutOfRangeError(`points [${from}, ${to}) out of range: dataset has ${length} points (${dataPath} in ${filePath})`, filePath);
      }
      const count = [to - from, ...pointShape];
      const data = this.readHyperslab(h5, entry, ds, [from, ...pointShape.map(() => 0)], count, filePath);
      return { dtype: ds.dtype, shape: count, data };
    });
  }

  /** Closes every open file; the reader stays usable. */
  close(): void {
    for (const key of [...this.files.keys()]) this.closeFile(key);
  }

  // ---- internals ----

  /**
   * Resolves and (re)opens the file, then runs `read` synchronously: no await between getting the
   * handle and using it, so a concurrent eviction can never close it mid-read.
   */
  private async withDataset<T>(filePath: string, dataPath: string, read: (h5: H5Module, entry: OpenFile, ds: ResolvedDataset) => T): Promise<T> {
    const h5 = await h5wasmWithPlugins();
    const filters = await availableFilters();
    const real = await this.roots.resolve(filePath);
    const st = await stat(real).catch((err: unknown) => {
      throw new FileMissingError(filePath, { cause: err });
    });
    if (!st.isFile()) throw new NotHdf5Error(filePath, 'not a regular file');

    let entry = this.fresh(real, st);
    if (!entry) {
      if (!(await hasHdf5Signature(real, st.size))) throw new NotHdf5Error(filePath);
      // Another read may have opened it while we awaited.
      entry = this.fresh(real, st) ?? this.openEntry(real, st, filePath);
    }
    entry.lastUsed = Date.now();
    // Most recently used last: Map keeps insertion order.
    this.files.delete(real);
    this.files.set(real, entry);
    let ds = entry.datasets.get(dataPath);
    if (!ds) {
      ds = this.resolveDataset(h5, entry.file, dataPath, filePath, filters, real);
      if (ds.sourceFiles.length > 0) {
        // A virtual dataset (a Lima2 master file over its receivers' files): HDF5 opens those files
        // itself, so each must be inside DATA_ROOTS and present (HDF5 would read a missing one as fill
        // values). Then start over: the handle may have been closed while we awaited.
        for (const source of ds.sourceFiles) await this.roots.resolve(source);
        entry.datasets.set(dataPath, ds);
        return this.withDataset(filePath, dataPath, read);
      }
      entry.datasets.set(dataPath, ds);
    }
    return read(h5, entry, ds);
  }

  /** The cached handle if the file on disk is still the one it was opened on; else closes it. */
  private fresh(real: string, st: { size: number; mtimeMs: number; ino: number }): OpenFile | undefined {
    const entry = this.files.get(real);
    if (!entry) return undefined;
    // A Lima file being rewritten or replaced (rename) changes one of these; HDF5 caches metadata,
    // so the old handle would read a stale or inconsistent view.
    if (entry.size === st.size && entry.mtimeMs === st.mtimeMs && entry.ino === st.ino) return entry;
    this.closeFile(real);
    return undefined;
  }

  private openEntry(real: string, st: { size: number; mtimeMs: number; ino: number }, filePath: string): OpenFile {
    const file = new h5wasm.File(real, 'r');
    if (file.file_id < 0n) throw new NotHdf5Error(filePath, 'HDF5 could not open it');
    const entry: OpenFile = { file, size: st.size, mtimeMs: st.mtimeMs, ino: st.ino, lastUsed: Date.now(), datasets: new Map() };
    this.files.set(real, entry);
    while (this.files.size > this.maxOpenFiles) {
      const oldest = this.files.keys().next().value;
      if (oldest === undefined) break;
      this.closeFile(oldest);
    }
    this.startSweeper();
    return entry;
  }

  private closeFile(real: string): void {
    const entry = this.files.get(real);
    if (!entry) return;
    this.files.delete(real);
    entry.file.close();
    if (this.files.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = null;
    }
  }

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => {
      const limit = Date.now() - this.idleCloseMs;
      for (const [real, entry] of [...this.files]) if (entry.lastUsed < limit) this.closeFile(real);
    }, Math.max(50, this.idleCloseMs / 2));
    // Idle files must not keep the process alive.
    this.sweeper.unref();
  }

  /**
   * Walks `dataPath` one link at a time so that no external link is ever followed (HDF5 would
   * open its file, possibly outside DATA_ROOTS); soft links are followed within the file.
   */
  private resolveDataset(h5: H5Module, file: H5File, dataPath: string, filePath: string, filters: ReadonlyMap<number, string>, realPath: string): ResolvedDataset {
    const missing = (detail?: string) => new DatasetMissingError(filePath, dataPath, detail);
    let pending = dataPath.split('/').filter((p) => p !== '' && p !== '.');
    let current = '/';
    for (let hops = 0; pending.length > 0; ) {
      const name = pending.shift() as string;
      if (name === '..') throw missing("'..' is not an HDF5 path component");
      if (!h5.get_names(file.file_id, current, false).includes(name)) throw missing();
      const next = current === '/' ? `/${name}` : `${current}/${name}`;
      if (file.get_external_link(next).filename !== undefined) {
        throw new UnsupportedDatasetError(`dataset ${dataPath} in ${filePath} goes through an external link to another file, which is not followed`, filePath);
      }
      const soft = file.get_link(next);
      if (soft) {
        if (++hops > 32) throw missing('too many soft links');
        const target = soft.split('/').filter((p) => p !== '' && p !== '.');
        pending = [...target, ...pending];
        if (soft.startsWith('/')) current = '/';
        continue;
      }
      const type = file.get_type(next);
      if (pending.length > 0 && type !== h5.H5G_GROUP) throw missing(`${next} is not a group`);
      if (pending.length === 0 && type !== h5.H5G_DATASET) throw missing(`${next} is not a dataset`);
      current = next;
    }
    if (current === '/') throw missing('the root group is not a dataset');

    const meta = h5.get_dataset_metadata(file.file_id, current);
    const sourceFiles = new Set<string>();
    for (const { file_name: name } of meta.virtual_sources ?? []) {
      if (name === '.') continue;
      // printf-like names (%b) map an unlimited number of files: not checkable beforehand.
      if (name.includes('%')) throw new UnsupportedDatasetError(`dataset ${dataPath} in ${filePath} is a virtual dataset over files named by the pattern ${name}, which are not read`, filePath);
      // HDF5 looks for a relative source next to the virtual dataset's file.
      sourceFiles.add(path.resolve(path.dirname(realPath), name));
    }
    const dtype = numpyDtype(meta, h5);
    if (dtype === null) throw new UnsupportedDatasetError(`dataset ${dataPath} in ${filePath} is not numeric (HDF5 type class ${meta.type}, size ${meta.size})`, filePath);
    const unknownFilter = h5.get_dataset_filters(file.file_id, current).find((f) => !filters.has(f.id));
    if (unknownFilter) {
      const known = [...filters].map(([id, name]) => `${name} (${id})`).join(', ');
      throw new UnsupportedDatasetError(
        `dataset ${dataPath} in ${filePath} is compressed with HDF5 filter ${unknownFilter.id} (${unknownFilter.name || 'no name'}), which this server cannot decode; it decodes ${known}`,
        filePath,
      );
    }
    return { path: current, dtype, shape: meta.shape ?? [], itemSize: meta.size, sourceFiles: [...sourceFiles] };
  }

  /** One HDF5 hyperslab read (H5Dread with a selection): only the selected chunks are read. */
  private readHyperslab(h5: H5Module, entry: OpenFile, ds: ResolvedDataset, offset: number[], count: number[], filePath: string): NumericArray {
    const nbytes = count.reduce((a, b) => a * b, ds.itemSize);
    if (nbytes > this.maxReadBytes) {
      throw new ReadTooLargeError(`reading ${nbytes} bytes of ${ds.path} in ${filePath} exceeds the ${this.maxReadBytes}-byte limit`, filePath);
    }
    const Ctor = ARRAYS[ds.dtype.slice(1)];
    if (!Ctor) throw new UnsupportedDatasetError(`unsupported dtype ${ds.dtype}`, filePath);
    if (nbytes === 0) return new Ctor(new ArrayBuffer(0));
    const ptr = h5._malloc(nbytes);
    if (!ptr) throw new ReadTooLargeError(`cannot allocate ${nbytes} bytes to read ${ds.path} in ${filePath}`, filePath);
    try {
      // h5wasm's Dataset.slice does the same call but ignores the status, returning garbage on error.
      const status = h5.get_dataset_data(entry.file.file_id, ds.path, count.map(BigInt), offset.map(BigInt), count.map(() => 1n), BigInt(ptr));
      if (status < 0) throw new Hdf5IoError(`HDF5 failed to read ${ds.path} in ${filePath} (status ${status})`, filePath);
      // Copy out of the wasm heap, which the next read reuses.
      return new Ctor(h5.HEAPU8.slice(ptr, ptr + nbytes).buffer);
    } finally {
      h5._free(ptr);
    }
  }
}

/**
 * Mean of `factor`×`factor` blocks, for previews. Edge blocks that do not fit are averaged over
 * the pixels they have, so no row or column is dropped. Returns float32 (`<f4`).
 */
export function binFrame(frame: Frame, factor: number): Frame {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError(`binning factor must be an integer >= 1, got ${factor}`);
  if (factor === 1) return frame;
  const [h, w] = frame.shape;
  const bh = Math.ceil(h / factor);
  const bw = Math.ceil(w / factor);
  const sums = new Float64Array(bh * bw);
  const counts = new Uint32Array(bh * bw);
  const src = frame.data;
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / factor) * bw;
    for (let x = 0; x < w; x++) {
      const i = row + Math.floor(x / factor);
      sums[i] = (sums[i] ?? 0) + Number(src[y * w + x]);
      counts[i] = (counts[i] ?? 0) + 1;
    }
  }
  const out = new Float32Array(bh * bw);
  for (let i = 0; i < out.length; i++) out[i] = (sums[i] ?? 0) / (counts[i] ?? 1);
  return { dtype: '<f4', shape: [bh, bw], data: out };
}
