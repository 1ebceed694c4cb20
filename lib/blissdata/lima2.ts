/**
 * Lima2 stream plugin, pure part, as upstream `blissdata_lima2` defines it (`Lima2Stream`,
 * PROTOCOL_VERSION 2): `info` holds `plugin: "lima2"`, `dtype`, `shape` (of one frame),
 * `protocol_version`, `acq_uuid`, `source_name`, `conductor_hostname`, `conductor_port` and
 * `master_file` (`[file path, dataset path]`, or null when the frames are not saved). The stream itself
 * is numeric `uint32`: each entry is the number of contiguous frames the Lima2 backend holds, so the
 * last value is the stream's frame count. Frames travel through the Lima2 servers, which a web server
 * cannot reach; upstream reads them from the master file once the stream is sealed, and so does Lantern.
 * The older form (`format: "lima_v2"`, json, `lima_info` with `server_urls`) is not supported.
 */
import { z } from 'zod';
import { BlissdataError, IndexNotYetThereError, IndexWontBeThereError } from './errors';

export interface Lima2Info {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly acqUuid: string;
  readonly sourceName: string;
  readonly conductor: { readonly hostname: string; readonly port: number };
  /** Where the frames are saved (an HDF5 file and dataset, often a virtual dataset); null if not saved. */
  readonly masterFile: { readonly filePath: string; readonly dataPath: string } | null;
}

export class Lima2InfoError extends BlissdataError {}

/** The frames of this Lima2 stream are not saved (no `master_file`): only the Lima2 servers have them. */
export class Lima2NotSavedError extends BlissdataError {}

export const LIMA2_PROTOCOL_VERSION = 2;

const schema = z.object({
  protocol_version: z.literal(LIMA2_PROTOCOL_VERSION),
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
  acq_uuid: z.union([z.string(), z.number()]).transform(String),
  source_name: z.string(),
  conductor_hostname: z.string(),
  conductor_port: z.coerce.number().int(),
  master_file: z.tuple([z.string(), z.string()]).nullable(),
});

/** True when `info` is the current Lima2 layout (not the older `lima_info` one). */
export function isLima2Info(info: Record<string, unknown> | null | undefined): boolean {
  return info?.protocol_version !== undefined && info.lima_info === undefined;
}

/** Validates a Lima2 stream's `info` (upstream Lima2Stream.__init__ refuses another protocol_version). */
export function parseLima2Info(info: Record<string, unknown>): Lima2Info {
  if (info.protocol_version !== LIMA2_PROTOCOL_VERSION) {
    throw new Lima2InfoError(`Lima2 protocol version mismatch (expected ${LIMA2_PROTOCOL_VERSION}, got ${JSON.stringify(info.protocol_version)})`);
  }
  const parsed = schema.safeParse(info);
  if (!parsed.success) {
    throw new Lima2InfoError(`invalid Lima2 stream info: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`, { cause: parsed.error });
  }
  const v = parsed.data;
  return {
    dtype: v.dtype,
    shape: v.shape,
    acqUuid: v.acq_uuid,
    sourceName: v.source_name,
    conductor: { hostname: v.conductor_hostname, port: v.conductor_port },
    masterFile: v.master_file ? { filePath: v.master_file[0], dataPath: v.master_file[1] } : null,
  };
}

/** Frames readable from the master file: all of them once sealed and saved, none before (as upstream). */
export function lima2SavedFrames(info: Lima2Info, frames: number, sealed: boolean): number {
  return sealed && info.masterFile ? frames : 0;
}

/**
 * Where frame `n` is read from.
 * @throws Lima2NotSavedError when the frames are not saved; IndexNotYetThereError while the acquisition
 *         runs (only the Lima2 servers have them then); IndexWontBeThereError beyond the end
 */
export function lima2FrameLocation(info: Lima2Info, n: number, frames: number, sealed: boolean): { filePath: string; dataPath: string; index: number } {
  if (!info.masterFile) throw new Lima2NotSavedError(`frames of Lima2 source ${info.sourceName} are not saved (no master_file): only the Lima2 servers have them`);
  if (!sealed) {
    throw new IndexNotYetThereError(`frame ${n} of Lima2 source ${info.sourceName} is read from ${info.masterFile.filePath} once the acquisition has ended; meanwhile only the Lima2 servers have it`);
  }
  if (n >= frames) throw new IndexWontBeThereError(`frame ${n} of Lima2 source ${info.sourceName} will not be acquired: the acquisition ended with ${frames} frames`);
  return { ...info.masterFile, index: n };
}
