/**
 * Reads what a scan page needs from a Bliss NeXus scan file: entry `<number>.1` with `title`,
 * `start_time`, `end_time`, `end_reason`, the channels of `measurement/` (links into `instrument/`)
 * and the plots the file names (NXdata groups: the entry's `default`, `plotselect`, others).
 *
 * Only metadata is read here, within fixed bounds (channels, plots, attribute and string sizes); the
 * points themselves go through Hdf5Reader's bounded hyperslab reads. No external link is followed, so
 * nothing outside DATA_ROOTS is opened.
 */
import { open as openFile, stat } from 'node:fs/promises';
import h5wasm from 'h5wasm/node';
import type { File as H5File, Group } from 'h5wasm/node';
import { FileMissingError, type DataRoots } from './data-roots';
import { DatasetMissingError, NotHdf5Error, UnsupportedDatasetError, type Hdf5Reader } from './hdf5-reader';

/** Channels read from `measurement/` at most; plots at most. */
const MAX_CHANNELS = 2000;
const MAX_PLOTS = 32;
/** Longest string kept (title...); longer ones are cut. */
const MAX_TEXT = 4096;

export interface NexusChannel {
  /** Name in `measurement/`. */
  name: string;
  /** Path of the dataset, as `<entry>/measurement/<name>`. */
  dataPath: string;
  /** The instrument path it links to, when a soft link (`/1.1/instrument/roby/value`). */
  target: string | null;
  dtype: string;
  /** Shape of the whole dataset: `[points, ...point shape]`. */
  shape: number[];
  units: string | null;
}

export interface NexusPlot {
  name: string;
  /** Channel names (measurement names, as linked in the NXdata group). */
  signal: string;
  auxiliary: string[];
  axes: string[];
}

export interface NexusScan {
  filePath: string;
  entry: string;
  title: string | null;
  startTime: string | null;
  endTime: string | null;
  endReason: string | null;
  channels: NexusChannel[];
  plots: NexusPlot[];
  /** The plot the file names as its default (entry `default`), or `plotselect`, or the first. */
  defaultPlot: string | null;
}

export class EntryMissingError extends DatasetMissingError {}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

async function checkSignature(real: string, filePath: string): Promise<void> {
  const handle = await openFile(real, 'r');
  try {
    const buf = Buffer.alloc(8);
    // The superblock may follow a user block of 512, 1024, 2048... bytes.
    for (let offset = 0; offset < 1 << 20; offset = offset ? offset * 2 : 512) {
      const { bytesRead } = await handle.read(buf, 0, 8, offset);
      if (bytesRead < 8) break;
      if (buf.equals(HDF5_SIGNATURE)) return;
    }
  } finally {
    await handle.close();
  }
  throw new NotHdf5Error(filePath);
}

function text(value: unknown): string | null {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (typeof v !== 'string') return null;
  return v.length > MAX_TEXT ? v.slice(0, MAX_TEXT) : v;
}

function texts(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[:,\s]+/).filter(Boolean);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, 64) : [];
}

/** A small attribute's value, or null (absent, or too big to be a NeXus hint). */
function attr(group: { attrs: Record<string, { shape: number[] | null; json_value: unknown }> }, name: string): unknown {
  const a = group.attrs[name];
  if (!a) return null;
  const size = (a.shape ?? []).reduce((n, d) => n * d, 1);
  return size > 64 ? null : a.json_value;
}

/**
 * Opens the file (inside DATA_ROOTS only), reads the entry's metadata and closes it. `entry` is
 * `<number>.1`; absent, the file's `default` entry or its first NXentry.
 */
export async function readNexusScan(roots: Pick<DataRoots, 'resolve'>, points: Hdf5Reader, filePath: string, entry?: string): Promise<NexusScan> {
  await h5wasm.ready;
  const real = await roots.resolve(filePath);
  const st = await stat(real).catch((err: unknown) => {
    throw new FileMissingError(filePath, { cause: err });
  });
  if (!st.isFile()) throw new NotHdf5Error(filePath, 'not a regular file');
  await checkSignature(real, filePath);
  const file = new h5wasm.File(real, 'r');
  if (file.file_id < 0n) throw new NotHdf5Error(filePath, 'HDF5 could not open it');
  let scan: Omit<NexusScan, 'channels'> & { channels: { name: string; target: string | null; units: string | null }[] };
  try {
    scan = readEntry(file, filePath, entry);
  } finally {
    file.close();
  }
  // Types and shapes through the points reader: its path walk refuses external links and virtual datasets.
  const channels: NexusChannel[] = [];
  for (const c of scan.channels) {
    const dataPath = `/${scan.entry}/measurement/${c.name}`;
    try {
      const info = await points.datasetInfo(filePath, dataPath);
      if (info.shape.length === 0) continue;
      channels.push({ name: c.name, dataPath, target: c.target, dtype: info.dtype, shape: info.shape, units: c.units });
    } catch (error) {
      // Strings, external links, unknown filters: not a channel Lantern can show; the others still are.
      if (!(error instanceof UnsupportedDatasetError || error instanceof DatasetMissingError)) throw error;
    }
  }
  const known = new Set(channels.map((c) => c.name));
  const plots = scan.plots
    .map((p) => ({ ...p, auxiliary: p.auxiliary.filter((n) => known.has(n)), axes: p.axes.filter((n) => known.has(n)) }))
    .filter((p) => known.has(p.signal));
  const defaultPlot = plots.some((p) => p.name === scan.defaultPlot) ? scan.defaultPlot : (plots.find((p) => p.name === 'plotselect') ?? plots[0])?.name ?? null;
  return { ...scan, channels, plots, defaultPlot };
}

function readEntry(file: H5File, filePath: string, wanted: string | undefined) {
  const names = file.keys();
  let entry = wanted;
  if (entry === undefined) {
    const preferred = text(attr(file, 'default'));
    entry = preferred && names.includes(preferred) ? preferred : names.find((n) => /^\d+\.\d+$/.test(n));
  }
  if (entry === undefined || entry.includes('/') || !names.includes(entry) || file.get_external_link(`/${entry}`).filename !== undefined) {
    throw new EntryMissingError(filePath, `/${entry ?? '<number>.1'}`, 'no such scan entry');
  }
  const group = file.get(entry);
  if (!(group instanceof h5wasm.Group)) throw new EntryMissingError(filePath, `/${entry}`, 'not a group');
  const scalarText = (name: string): string | null => {
    const path = `/${entry}/${name}`;
    if (!group.keys().includes(name) || file.get_external_link(path).filename !== undefined) return null;
    const ds = file.get(path);
    if (!(ds instanceof h5wasm.Dataset)) return null;
    const size = (ds.shape ?? []).reduce((n, d) => n * d, 1);
    return size <= 1 ? text(ds.json_value) : null;
  };

  const channels: { name: string; target: string | null; units: string | null }[] = [];
  if (group.keys().includes('measurement')) {
    const measurement = file.get(`/${entry}/measurement`);
    if (measurement instanceof h5wasm.Group) {
      for (const name of measurement.keys().slice(0, MAX_CHANNELS)) {
        const path = `/${entry}/measurement/${name}`;
        if (file.get_external_link(path).filename !== undefined) continue;
        const target = file.get_link(path) ?? null;
        let units: string | null = null;
        if (target === null || !target.includes('://')) {
          const ds = file.get(path);
          if (!(ds instanceof h5wasm.Dataset)) continue;
          units = text(attr(ds, 'units'));
        }
        channels.push({ name, target, units });
      }
    }
  }

  const plots: NexusPlot[] = [];
  for (const name of group.keys()) {
    if (plots.length >= MAX_PLOTS) break;
    const path = `/${entry}/${name}`;
    if (name === 'measurement' || name === 'instrument' || file.get_external_link(path).filename !== undefined) continue;
    const child = file.get(path);
    if (!(child instanceof h5wasm.Group) || text(attr(child, 'NX_class')) !== 'NXdata') continue;
    // NXdata members link to instrument/ datasets, under names of their own: name them as measurement/ does.
    const byTarget = new Map(channels.filter((c) => c.target).map((c) => [c.target!, c.name]));
    const member = (n: string) => {
      const link = file.get_link(`${path}/${n}`);
      return (link && (byTarget.get(link) ?? (link.startsWith(`/${entry}/measurement/`) ? link.slice(`/${entry}/measurement/`.length) : null))) ?? n;
    };
    const plot = nxdataPlot(child, name, member);
    if (plot) plots.push(plot);
  }

  return {
    filePath,
    entry,
    title: scalarText('title'),
    startTime: scalarText('start_time'),
    endTime: scalarText('end_time'),
    endReason: scalarText('end_reason'),
    channels,
    plots,
    defaultPlot: text(attr(group, 'default')),
  };
}

/** An NXdata group's plot; its datasets are links to measurement/ channels, named as there. */
function nxdataPlot(group: Group, name: string, member: (name: string) => string): NexusPlot | null {
  const signal = text(attr(group, 'signal'));
  if (!signal) return null;
  const axes = texts(attr(group, 'axes')).filter((a) => a !== '.');
  return { name, signal: member(signal), auxiliary: texts(attr(group, 'auxiliary_signals')).map(member), axes: axes.map(member) };
}
