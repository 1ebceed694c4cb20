/**
 * Scans reopened from their HDF5 file once Redis no longer holds them: a FileScan says what a page
 * needs (identity, scan_info with its plot hints, streams with dtype, shape and length) and reads
 * points and frames from the file.
 *
 * A scan the catalogue saw keeps its key, its Redis stream names and the scan_info recorded then:
 * each stream is found in the file by its recorded `data_path` (hdf5_fallback), else by its name in
 * the entry's `measurement/`; Lima streams read their frames from the Lima files as before. A scan
 * the catalogue never saw opens by file key, `file:<path>::<entry>`, with streams named as in
 * `measurement/` and plots from the file's NXdata groups (default plot, plotselect).
 */
import { BlissdataError, ScanNotFoundError } from '../../lib/blissdata/errors';
import { limaFrameLocation, parseLimaInfo, type LimaInfo } from '../../lib/blissdata/lima';
import type { ScanSummary, StreamKindName } from '../../lib/wire/contract';
import { FileMissingError, PathNotAllowedError, type DataRoots } from '../files/data-roots';
import { DatasetMissingError, type Frame, type Hdf5Reader, type Points } from '../files/hdf5-reader';
import { readNexusScan, type NexusScan } from '../files/nexus-scan';
import { entryOf, summaryOfRecord } from './from-document';
import type { CatalogueRecord, RecordedStream, ScanCatalogue } from './types';

export interface FileStream {
  name: string;
  kind: StreamKindName;
  /** numpy dtype of the points; null when the stream cannot be read. */
  dtype: string | null;
  pointShape: number[];
  length: number;
  unit: string | null;
  /** Where the points are: a dataset `[points, ...pointShape]`, or Lima files. */
  location: { filePath: string; dataPath: string } | { lima: LimaInfo } | null;
  /** Why the stream cannot be shown. */
  error: string | null;
}

export interface FileScan {
  key: string;
  filePath: string;
  entry: string;
  identity: Record<string, unknown>;
  info: Record<string, unknown>;
  summary: ScanSummary;
  streams: FileStream[];
  /** Identity fields an access policy needs (proposal, session), as catalogued. */
  record: CatalogueRecord | null;
}

/** The scan was catalogued, but never saved to a file Lantern may read. */
export class ScanNotSavedError extends ScanNotFoundError {
  constructor(scanKey: string, reason: string) {
    super(scanKey);
    this.message = `scan ${scanKey} is no longer in Redis and ${reason}`;
  }
}

const FILE_KEY = /^file:(\/.+)::(\d+\.\d+)$/;

/** The file and entry a file key names, or null when `key` is no file key. */
export function parseFileKey(key: string): { filePath: string; entry: string } | null {
  const match = FILE_KEY.exec(key);
  return match ? { filePath: match[1]!, entry: match[2]! } : null;
}

/** The key a scan found only in a file goes by. */
export function fileScanKey(filePath: string, entry: string): string {
  return `file:${filePath}::${entry}`;
}

/** How long a reopened scan's metadata is reused before the file is looked at again. */
const CACHE_MS = 30_000;
const CACHE_SIZE = 64;
/** Start times of a scan in Redis and in its file further apart than this: not the same scan. */
const SAME_SCAN_MS = 10 * 60_000;

export class FileScans {
  private readonly cache = new Map<string, { at: number; scan: Promise<FileScan> }>();

  constructor(private readonly deps: { catalogue: ScanCatalogue | null; hdf5: Hdf5Reader; roots: Pick<DataRoots, 'resolve'> }) {}

  /** True when `key` could name a file-backed scan (catalogued, or a file key). */
  knows(key: string): boolean {
    return FILE_KEY.test(key) || this.deps.catalogue?.get(key) !== undefined;
  }

  /** The scan from its file; ScanNotFoundError (or a subclass saying why) when there is none. */
  open(key: string): Promise<FileScan> {
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && now - cached.at < CACHE_MS) return cached.scan;
    const scan = this.load(key);
    this.cache.delete(key);
    this.cache.set(key, { at: now, scan });
    scan.catch(() => this.cache.delete(key));
    while (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return scan;
  }

  stream(scan: FileScan, name: string): FileStream {
    const stream = scan.streams.find((s) => s.name === name);
    if (!stream) throw new ScanStreamMissing(scan.key, name);
    return stream;
  }

  /** Points [from, to) of a dataset-backed stream. */
  async points(scan: FileScan, stream: FileStream, from: number, to: number): Promise<Points> {
    if (!stream.location || !('dataPath' in stream.location)) throw new ScanStreamUnreadable(scan.key, stream.name, stream.error ?? 'its points are not in a dataset');
    return this.deps.hdf5.readPoints(stream.location.filePath, stream.location.dataPath, from, to);
  }

  /** Image `n` of a 2D stream (a `[points, h, w]` dataset) or of a Lima detector (its files). */
  async frame(scan: FileScan, stream: FileStream, n: number): Promise<Frame> {
    const location = stream.location;
    if (!location) throw new ScanStreamUnreadable(scan.key, stream.name, stream.error ?? 'not saved');
    if ('lima' in location) {
      const at = limaFrameLocation(location.lima, n);
      return this.deps.hdf5.readFrame(at.filePath, at.dataPath ?? '', at.indexInFile);
    }
    if (stream.pointShape.length !== 2) throw new ScanStreamUnreadable(scan.key, stream.name, `holds no images (point shape [${stream.pointShape.join(', ')}])`);
    return this.deps.hdf5.readFrame(location.filePath, location.dataPath, n);
  }

  private async load(key: string): Promise<FileScan> {
    const match = FILE_KEY.exec(key);
    if (match) return this.fromFile(key, match[1]!, match[2]!);
    const record = this.deps.catalogue?.get(key);
    if (!record) throw new ScanNotFoundError(key);
    if (!record.file) throw new ScanNotSavedError(key, 'was not saved to a file');
    let nexus: NexusScan;
    try {
      nexus = await readNexusScan(this.deps.roots, this.deps.hdf5, record.file, record.entry ?? entryOf(record.number));
    } catch (error) {
      if (error instanceof PathNotAllowedError) throw new ScanNotSavedError(key, `its file ${record.file} is outside DATA_ROOTS`);
      if (error instanceof FileMissingError) throw new ScanNotSavedError(key, `its file ${record.file} is missing`);
      if (error instanceof DatasetMissingError) throw new ScanNotSavedError(key, `its file ${record.file} has no entry ${record.entry}`);
      throw error;
    }
    // The entry must still be this scan. Writers stamp their own start time (seconds apart from
    // scan_info's), so only a different title or a start far from the recorded one tells another scan.
    const apart = record.startTime && nexus.startTime ? Math.abs(Date.parse(record.startTime) - Date.parse(nexus.startTime)) : 0;
    if ((record.title && nexus.title && record.title !== nexus.title) || apart > SAME_SCAN_MS) {
      throw new ScanNotSavedError(key, `entry ${nexus.entry} of ${record.file} now holds another scan (${JSON.stringify(nexus.title)} started ${nexus.startTime}, not ${JSON.stringify(record.title)} started ${record.startTime})`);
    }
    return this.fromRecord(record, nexus);
  }

  private fromRecord(record: CatalogueRecord, nexus: NexusScan): FileScan {
    const recorded = record.document?.streams ?? [];
    const names = measurementNames(recorded.filter((s) => s.encoding?.type === 'numeric').map((s) => s.name));
    const byName = new Map(nexus.channels.map((c) => [c.name, c]));
    const streams: FileStream[] = [];
    for (const s of recorded) {
      const stream = this.recordedStream(s, record, nexus, byName, names);
      if (stream) streams.push(stream);
    }
    const info = { ...(record.document?.info ?? {}), end_time: nexus.endTime ?? record.endTime, end_reason: nexus.endReason ?? record.endReason };
    const length = Math.max(0, ...streams.filter((s) => s.pointShape.length === 0).map((s) => s.length));
    const summary = { ...summaryOfRecord(record), state: 'CLOSED' as const, endTime: nexus.endTime ?? record.endTime, endReason: nexus.endReason ?? record.endReason ?? null };
    summary.progress = { published: length || record.points, expected: record.expected };
    return { key: record.key, filePath: nexus.filePath, entry: nexus.entry, identity: record.document?.identity ?? {}, info, summary, streams, record };
  }

  private recordedStream(
    s: RecordedStream,
    record: CatalogueRecord,
    nexus: NexusScan,
    byName: Map<string, NexusScan['channels'][number]>,
    names: Map<string, string>,
  ): FileStream | null {
    const info = s.info ?? {};
    const unit = typeof info.unit === 'string' ? info.unit : null;
    if (info.plugin === 'lima' || info.format === 'lima_v1') {
      try {
        const lima = parseLimaInfo(info.lima_info);
        const shape = Array.isArray(info.shape) ? (info.shape as number[]) : [];
        // Frames acquired are not in the file: the scan's points, as catalogued, bound them.
        return { name: s.name, kind: 'lima', dtype: typeof info.dtype === 'string' ? info.dtype : null, pointShape: shape, length: record.points, unit, location: { lima }, error: lima.saving ? null : 'its frames were not saved' };
      } catch (error) {
        return { name: s.name, kind: 'lima', dtype: null, pointShape: [], length: 0, unit, location: null, error: (error as Error).message };
      }
    }
    if (s.encoding?.type !== 'numeric') return null;
    const recordedPath = typeof info.data_path === 'string' ? `/${info.data_path.replace(/^\/+/, '')}` : null;
    const candidates = [names.get(s.name), s.name, s.name.replace(/[:/]/g, '_'), s.name.slice(s.name.lastIndexOf(':') + 1)];
    const channel =
      (recordedPath ? nexus.channels.find((c) => c.dataPath === recordedPath || c.target === recordedPath) : undefined) ??
      candidates.map((n) => (n ? byName.get(n) : undefined)).find((c) => c !== undefined);
    if (!channel) {
      return { name: s.name, kind: 'array', dtype: null, pointShape: [], length: 0, unit, location: null, error: `not found in entry ${nexus.entry} of ${nexus.filePath}` };
    }
    return { name: s.name, kind: 'array', dtype: channel.dtype, pointShape: channel.shape.slice(1), length: channel.shape[0] ?? 0, unit: unit ?? channel.units, location: { filePath: nexus.filePath, dataPath: channel.dataPath }, error: null };
  }

  private async fromFile(key: string, filePath: string, entry: string): Promise<FileScan> {
    let nexus: NexusScan;
    try {
      nexus = await readNexusScan(this.deps.roots, this.deps.hdf5, filePath, entry);
    } catch (error) {
      if (error instanceof FileMissingError || error instanceof DatasetMissingError || error instanceof PathNotAllowedError) throw new ScanNotSavedError(key, (error as Error).message);
      throw error;
    }
    const streams: FileStream[] = nexus.channels.map((c) => ({
      name: c.name,
      kind: 'array',
      dtype: c.dtype,
      pointShape: c.shape.slice(1),
      length: c.shape[0] ?? 0,
      unit: c.units,
      location: { filePath, dataPath: c.dataPath },
      error: null,
    }));
    const number = Number(entry.split('.')[0]);
    const info = infoFromNexus(nexus, streams);
    const length = Math.max(0, ...streams.filter((s) => s.pointShape.length === 0).map((s) => s.length));
    const type = typeof info.type === 'string' ? info.type : null;
    const summary: ScanSummary = {
      key,
      historyId: '0-0',
      number,
      name: type ?? 'scan',
      session: null,
      title: nexus.title,
      type,
      state: 'CLOSED',
      startTime: nexus.startTime,
      endTime: nexus.endTime,
      endReason: nexus.endReason,
      progress: { published: length, expected: null },
    };
    return { key, filePath, entry, identity: { name: summary.name, number, path: filePath }, info, summary, streams, record: null };
  }
}

export class ScanStreamMissing extends ScanNotFoundError {
  constructor(scanKey: string, stream: string) {
    super(scanKey);
    this.message = `scan ${scanKey} has no stream ${stream} in its file`;
  }
}

/** A data problem (422), not a server failure: the stream is not where the file should hold it. */
export class ScanStreamUnreadable extends BlissdataError {
  constructor(scanKey: string, stream: string, reason: string) {
    super(`stream ${stream} of scan ${scanKey} cannot be read from its file: ${reason}`);
  }
}

/** measurement/ names Bliss gives channels: short names, in full (':' as '_') when two share one. */
function measurementNames(channels: readonly string[]): Map<string, string> {
  const short = (c: string) => c.slice(c.lastIndexOf(':') + 1);
  const count = new Map<string, number>();
  for (const c of channels) count.set(short(c), (count.get(short(c)) ?? 0) + 1);
  return new Map(channels.map((c) => [c, count.get(short(c))! > 1 ? c.replace(/[:/]/g, '_') : short(c).replace(/\//g, '_')]));
}

/**
 * A scan_info for a scan known only from its file: one device holding every channel, and the plots
 * the file names (its default plot first) as curve plots and the user's selection.
 */
function infoFromNexus(nexus: NexusScan, streams: readonly FileStream[]): Record<string, unknown> {
  const channels = Object.fromEntries(streams.map((s) => [s.name, { dim: s.pointShape.length, ...(s.unit ? { unit: s.unit } : {}) }]));
  const ordered = [...nexus.plots].sort((a, b) => Number(b.name === nexus.defaultPlot) - Number(a.name === nexus.defaultPlot));
  const scalar = new Set(streams.filter((s) => s.pointShape.length === 0).map((s) => s.name));
  const plots = ordered
    .filter((p) => scalar.has(p.signal))
    .map((p) => ({
      kind: 'curve-plot',
      name: p.name,
      items: [p.signal, ...p.auxiliary].filter((y) => scalar.has(y)).map((y) => ({ kind: 'curve', ...(p.axes[0] && scalar.has(p.axes[0]) ? { x: p.axes[0] } : {}), y })),
    }));
  const first = ordered[0];
  const type = nexus.title?.split(/\s+/)[0] || null;
  return {
    title: nexus.title,
    type,
    start_time: nexus.startTime,
    end_time: nexus.endTime,
    end_reason: nexus.endReason,
    npoints: Math.max(0, ...streams.filter((s) => s.pointShape.length === 0).map((s) => s.length)),
    filename: nexus.filePath,
    acquisition_chain: { [nexus.entry]: { top_master: 'measurement', devices: ['measurement'], scalars: [], spectra: [], images: [], master: {} } },
    devices: { measurement: { name: 'measurement', channels: streams.map((s) => s.name), triggered_devices: [] } },
    channels,
    ...(plots.length ? { plots } : {}),
    ...(first ? { display_extra: { plotselect: [first.signal, ...first.auxiliary] } } : {}),
  };
}
