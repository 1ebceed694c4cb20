/**
 * Lima v1 stream plugin, pure part: parse `info.lima_info`, map a frame number to its file, and
 * decide whether that file is complete. Mirrors blissdata 2.x `lima/client.py` (LimaClient); the
 * Tango side (frames still in the server buffer) is not reachable from here.
 */
import { z } from 'zod';
import { BlissdataError, IndexNotYetThereError, IndexWontBeThereError } from './errors';

/** Saving parameters, present only when Lima saves frames to files. */
export interface LimaSaving {
  /** printf pattern with one integer conversion, e.g. `/data/scan0042/lima_simulator_%04d.h5`. */
  readonly filePath: string;
  /** HDF5 dataset inside each file; `null` for EDF/CBF. */
  readonly dataPath: string | null;
  /** Lowercased: `hdf5`, `edf`, `cbf`, … */
  readonly fileFormat: string;
  /** Number of the first file (1 for Dectris hardware saving, else 0). */
  readonly fileOffset: number;
  readonly framePerFile: number;
}

export interface LimaInfo {
  readonly protocolVersion: 1;
  /** The fields below are required by blissdata 2.x but unconfirmed for 1.x writers, hence nullable. */
  readonly serverUrl: string | null;
  readonly bufferMaxNumber: number | null;
  readonly acquisitionOffset: number | null;
  /** Frames per Lima acquisition; 0 means the whole scan is one acquisition. */
  readonly framePerAcquisition: number;
  /** `null` when frames are not saved (no `file_path`). */
  readonly saving: LimaSaving | null;
}

/** Latest status entry of a Lima stream; the stream index counts statuses, not frames. */
export interface LimaStatus {
  readonly lastIndex: number;
  readonly lastIndexSaved: number;
}

export interface LimaFrameLocation {
  readonly filePath: string;
  readonly dataPath: string | null;
  readonly fileFormat: string;
  /** Frame index inside the file's dataset. */
  readonly indexInFile: number;
  /** Number substituted into the `file_path` pattern (file_offset included). */
  readonly fileNumber: number;
  /** Acquisition of the scan this frame belongs to (0-based, not offset by acquisition_offset). */
  readonly acquisition: number;
  readonly fileInAcquisition: number;
}

export interface SavedFrameOptions {
  /**
   * The stream is sealed: Lima has stopped and closed its last file, so every frame up to
   * `last_index_saved` is readable. blissdata's rule alone never releases the last file of an
   * acquisition (it waits for a frame in the next file) and relies on the Tango server for it.
   */
  readonly sealed?: boolean;
}

/** `lima_info` missing, malformed, or of another protocol version. */
export class LimaInfoError extends BlissdataError {}

/** A Lima status entry without integer `last_index` / `last_index_saved`. */
export class LimaStatusError extends BlissdataError {}

/** Frames of this stream are not saved to files (no `file_path`), only the Tango server has them. */
export class LimaNotSavedError extends BlissdataError {
  constructor() {
    super('Lima frames of this stream are not saved to files (no file_path in lima_info)');
  }
}

/** Saved in a format Lantern cannot read (EDF, CBF, …). */
export class UnsupportedLimaFormatError extends BlissdataError {
  constructor(readonly fileFormat: string) {
    super(`unsupported Lima file format ${JSON.stringify(fileFormat)}: only hdf5 files can be read`);
  }
}

/** Frame number beyond `last_index`: not acquired yet (or never, once the stream is sealed). */
export class FrameNotAcquiredError extends IndexNotYetThereError {
  constructor(
    readonly frame: number,
    readonly available: number,
  ) {
    super(`frame ${frame} not acquired yet: ${available} frame(s) acquired so far`);
  }
}

/** Frame number beyond `last_index` of a sealed stream. */
export class FrameNeverAcquiredError extends IndexWontBeThereError {
  constructor(
    readonly frame: number,
    readonly available: number,
  ) {
    super(`frame ${frame} will not be acquired: the stream ended with ${available} frame(s)`);
  }
}

/** Acquired, but its file is not complete yet (still written by Lima). */
export class FrameNotSavedYetError extends BlissdataError {
  constructor(
    readonly frame: number,
    readonly lastReadable: number,
  ) {
    super(
      `frame ${frame} acquired but not saved yet: ` +
        (lastReadable < 0 ? 'no file is complete yet' : `complete files hold frames 0..${lastReadable}`),
    );
  }
}

const int = z.number().int();
const count = int.nonnegative();

// Keys of lima_info as blissdata 2.x writes them (LimaStream.make_definition); unknown keys are kept
// out of the parsed result but do not fail, since writers may add some.
const limaInfoSchema = z.object({
  protocol_version: z.literal(1),
  server_url: z.string().nullish(),
  buffer_max_number: int.nullish(),
  acquisition_offset: int.nullish(),
  frame_per_acquisition: count,
  file_path: z.string().nullish(),
  data_path: z.string().nullish(),
  file_format: z.string().nullish(),
  file_offset: count.nullish(),
  frame_per_file: int.positive().nullish(),
});

const statusSchema = z.object({ last_index: int.min(-1), last_index_saved: int.min(-1) });

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Validates a stream's `info.lima_info`. Saving is on iff `file_path` is a string, as in blissdata. */
export function parseLimaInfo(raw: unknown): LimaInfo {
  if (typeof raw !== 'object' || raw === null) throw new LimaInfoError(`invalid lima_info: expected an object, got ${JSON.stringify(raw)}`);
  // Checked first: another version has other keys, and the version is the useful message then.
  const version = (raw as Record<string, unknown>).protocol_version;
  if (version !== 1) throw new LimaInfoError(`unsupported lima protocol_version ${JSON.stringify(version)}: only version 1 is supported`);
  const parsed = limaInfoSchema.safeParse(raw);
  if (!parsed.success) throw new LimaInfoError(`invalid lima_info: ${describeIssues(parsed.error)}`, { cause: parsed.error });
  const v = parsed.data;
  let saving: LimaSaving | null = null;
  if (typeof v.file_path === 'string') {
    const { file_format: format, file_offset: offset, frame_per_file: perFile } = v;
    // blissdata would fail with a KeyError on any of these: a half-described saving is unusable.
    if (format == null || offset == null || perFile == null) {
      const missing = (['file_format', 'file_offset', 'frame_per_file'] as const).filter((k) => v[k] == null);
      throw new LimaInfoError(`invalid lima_info: file_path is set but ${missing.join(', ')} missing`);
    }
    if (format.toLowerCase() === 'hdf5' && !v.data_path) throw new LimaInfoError('invalid lima_info: hdf5 saving without data_path');
    checkFilePattern(v.file_path);
    saving = { filePath: v.file_path, dataPath: v.data_path ?? null, fileFormat: format.toLowerCase(), fileOffset: offset, framePerFile: perFile };
  }
  return {
    protocolVersion: 1,
    serverUrl: v.server_url ?? null,
    bufferMaxNumber: v.buffer_max_number ?? null,
    acquisitionOffset: v.acquisition_offset ?? null,
    framePerAcquisition: v.frame_per_acquisition,
    saving,
  };
}

/** Validates one JSON status entry (`{"last_index": 7, "last_index_saved": 5}`). */
export function parseLimaStatus(raw: unknown): LimaStatus {
  const parsed = statusSchema.safeParse(raw);
  if (!parsed.success) throw new LimaStatusError(`invalid Lima status: ${describeIssues(parsed.error)}`, { cause: parsed.error });
  return { lastIndex: parsed.data.last_index, lastIndexSaved: parsed.data.last_index_saved };
}

/**
 * What a reader knows after seeing `next`: upstream `LimaClient.update` keeps the maximum of each
 * index ever seen, so a later status with lower values (a late or reordered event) never moves back.
 */
export function mergeLimaStatus(previous: LimaStatus | null | undefined, next: LimaStatus): LimaStatus {
  if (!previous) return next;
  return { lastIndex: Math.max(previous.lastIndex, next.lastIndex), lastIndexSaved: Math.max(previous.lastIndexSaved, next.lastIndexSaved) };
}

/** The merged status of several status entries in stream order (see mergeLimaStatus). */
export function mergeLimaStatuses(values: readonly unknown[]): LimaStatus | null {
  let status: LimaStatus | null = null;
  for (const value of values) status = mergeLimaStatus(status, parseLimaStatus(value));
  return status;
}

/** Number of frames acquired so far. */
export function framesAvailable(status: LimaStatus): number {
  return status.lastIndex + 1;
}

// --- printf pattern -------------------------------------------------------------------------

// One conversion as Python's `%` operator parses it: flags, width, precision, length modifier, type.
const CONVERSION = /%([-+ #0]*)(\d*)(?:\.(\d*))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** Checks the pattern holds exactly one integer conversion (Python would fail at read time). */
function checkFilePattern(pattern: string): void {
  formatFilePath(pattern, 0);
}

/**
 * Python's `pattern % n` for the patterns Lima produces (`%04d`, `%d`, `%05d`, …): exactly one
 * integer conversion among d/i/u, plus `%%` escapes. Flags `-`, `0`, `+`, space and a precision
 * are honoured like Python does.
 */
export function formatFilePath(pattern: string, n: number): string {
  let used = 0;
  const out = pattern.replace(CONVERSION, (match, flags: string, width: string, precision: string | undefined, type: string) => {
    if (type === '%') {
      if (match !== '%%') throw new LimaInfoError(`invalid file_path pattern ${JSON.stringify(pattern)}: bad "%%" escape`);
      return '%';
    }
    if (!'diu'.includes(type)) {
      throw new LimaInfoError(`unsupported conversion ${JSON.stringify(match)} in file_path ${JSON.stringify(pattern)}: expected an integer one like %04d`);
    }
    used += 1;
    let digits = String(Math.abs(n));
    if (precision !== undefined) digits = digits.padStart(Number(precision || 0), '0');
    const sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
    const w = Number(width || 0);
    if (flags.includes('-')) return (sign + digits).padEnd(w, ' ');
    // As in Python, '0' pads between the sign and the digits, and is ignored when left-justified.
    if (flags.includes('0')) return sign + digits.padStart(w - sign.length, '0');
    return (sign + digits).padStart(w, ' ');
  });
  // A lone '%' that matched no conversion is also an error in Python.
  const stray = pattern.replace(CONVERSION, '').includes('%');
  if (used !== 1 || stray) {
    throw new LimaInfoError(`invalid file_path pattern ${JSON.stringify(pattern)}: expected exactly one integer conversion like %04d, found ${used}`);
  }
  return out;
}

// --- frame arithmetic ---------------------------------------------------------------------

/** Python's divmod (floor division): blissdata relies on it for index -1 ("nothing saved"). */
function divmod(a: number, b: number): [number, number] {
  const q = Math.floor(a / b);
  return [q, a - q * b];
}

/** blissdata `_decompose_frame_id`: a divisor of 0 means "everything in one". */
function decompose(info: LimaInfo, saving: LimaSaving, frame: number): [acq: number, fileInAcq: number, frameInFile: number] {
  const [acq, frameInAcq] = info.framePerAcquisition === 0 ? [0, frame] : divmod(frame, info.framePerAcquisition);
  const [fileInAcq, frameInFile] = divmod(frameInAcq, saving.framePerFile);
  return [acq, fileInAcq, frameInFile];
}

function requireSaving(info: LimaInfo): LimaSaving {
  if (!info.saving) throw new LimaNotSavedError();
  return info.saving;
}

function checkFrameNumber(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`invalid frame number ${n}: expected an integer >= 0`);
}

/**
 * Where frame `n` is (or will be) saved. Says nothing about whether it is there yet: see
 * {@link savedFrameLocation}.
 */
export function limaFrameLocation(info: LimaInfo, n: number): LimaFrameLocation {
  const saving = requireSaving(info);
  checkFrameNumber(n);
  const [acquisition, fileInAcquisition, indexInFile] = decompose(info, saving, n);
  // With frame_per_acquisition 0, acquisition is always 0, so files_per_acq (0 too) does not matter.
  const filesPerAcquisition = Math.ceil(info.framePerAcquisition / saving.framePerFile);
  const fileNumber = acquisition * filesPerAcquisition + fileInAcquisition + saving.fileOffset;
  return {
    filePath: formatFilePath(saving.filePath, fileNumber),
    dataPath: saving.dataPath,
    fileFormat: saving.fileFormat,
    indexInFile,
    fileNumber,
    acquisition,
    fileInAcquisition,
  };
}

/**
 * Last frame that sits in a closed file, by blissdata's rule (`_last_readable_index`): Lima is
 * assumed to close a file once a frame is saved into the next one, so the file holding
 * `last_index_saved` is still open. `sealed` releases it (see {@link SavedFrameOptions}).
 * Returns -1 or less when nothing is readable, or when frames are not saved.
 */
export function lastReadableIndex(info: LimaInfo, status: LimaStatus, options: SavedFrameOptions = {}): number {
  if (!info.saving) return -1;
  if (options.sealed) return status.lastIndexSaved;
  const [acq, fileInAcq] = decompose(info, info.saving, status.lastIndexSaved);
  return acq * info.framePerAcquisition + fileInAcq * info.saving.framePerFile - 1;
}

/** True when frame `n` can be read from a complete file now. */
export function isFrameSaved(info: LimaInfo, status: LimaStatus, n: number, options: SavedFrameOptions = {}): boolean {
  checkFrameNumber(n);
  return info.saving !== null && n <= status.lastIndex && n <= lastReadableIndex(info, status, options);
}

/**
 * Location of frame `n` if it is readable from a complete HDF5 file now; otherwise throws, most
 * permanent reason first: {@link LimaNotSavedError}, {@link UnsupportedLimaFormatError},
 * {@link FrameNeverAcquiredError} (sealed), {@link FrameNotAcquiredError}, {@link FrameNotSavedYetError}.
 */
export function savedFrameLocation(info: LimaInfo, status: LimaStatus, n: number, options: SavedFrameOptions = {}): LimaFrameLocation {
  const saving = requireSaving(info);
  checkFrameNumber(n);
  if (saving.fileFormat !== 'hdf5' || saving.dataPath === null) throw new UnsupportedLimaFormatError(saving.fileFormat);
  const available = framesAvailable(status);
  if (n >= available) throw options.sealed ? new FrameNeverAcquiredError(n, available) : new FrameNotAcquiredError(n, available);
  const lastReadable = lastReadableIndex(info, status, options);
  if (n > lastReadable) throw new FrameNotSavedYetError(n, lastReadable);
  return limaFrameLocation(info, n);
}
