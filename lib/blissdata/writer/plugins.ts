/** Stream definitions and helpers for the Lima (v1) and scan-sequence plugins, as Bliss 2.x writes them. */
import type { Redis } from 'ioredis';
import { dtypeStrFromName } from '../dtype';
import type { StreamDefinition, StreamWriter } from './stream-writer';

export interface LimaSavingInput {
  /** printf pattern with one integer, e.g. `/data/scan0042/lima_simulator_%04d.h5` */
  filePath: string;
  dataPath: string | null;
  fileFormat: 'hdf5' | 'edf' | 'cbf';
  fileOffset: number;
  framesPerFile: number;
}

export interface LimaStreamInput {
  /** numpy name, e.g. `uint16` */
  dtype: string;
  /** [height, width] */
  shape: [number, number];
  serverUrl: string;
  bufferMaxNumber: number;
  /** 0 means a single acquisition. */
  framesPerAcquisition: number;
  acquisitionOffset: number;
  saving?: LimaSavingInput;
}

export function limaStreamDefinition(input: LimaStreamInput): StreamDefinition {
  dtypeStrFromName(input.dtype); // validates the name
  const limaInfo: Record<string, unknown> = {
    protocol_version: 1,
    server_url: input.serverUrl,
    buffer_max_number: input.bufferMaxNumber,
    frame_per_acquisition: input.framesPerAcquisition,
    acquisition_offset: input.acquisitionOffset,
  };
  if (input.saving) {
    Object.assign(limaInfo, {
      file_path: input.saving.filePath,
      data_path: input.saving.dataPath,
      file_format: input.saving.fileFormat,
      file_offset: input.saving.fileOffset,
      // The writer API says frames_per_file; blissdata stores it as frame_per_file.
      frame_per_file: input.saving.framesPerFile,
    });
  }
  return {
    encoding: { type: 'json' },
    info: { format: 'lima_v1', plugin: 'lima', dtype: input.dtype, shape: input.shape, lima_info: limaInfo },
  };
}

export interface Lima2StreamInput {
  sourceName: string;
  conductorHostname: string;
  conductorPort: number;
  acqUuid: string;
  /** `[file path, dataset path]` of the saved frames, or null. */
  masterFile: [string, string] | null;
  /** numpy name of the frames' dtype, e.g. `uint16`. */
  dtype: string;
  shape: number[];
}

/**
 * Upstream blissdata_lima2 `Lima2Stream.make_definition`: numeric uint32 (each entry: frames the Lima2
 * backend holds), the Lima2 description in `info`.
 */
export function lima2StreamDefinition(input: Lima2StreamInput): StreamDefinition {
  dtypeStrFromName(input.dtype);
  return {
    encoding: { type: 'numeric', dtype_str: '<u4', shape: [] },
    info: {
      plugin: 'lima2',
      dtype: input.dtype,
      shape: input.shape,
      protocol_version: 2,
      acq_uuid: input.acqUuid,
      source_name: input.sourceName,
      conductor_hostname: input.conductorHostname,
      conductor_port: input.conductorPort,
      master_file: input.masterFile,
    },
  };
}

/** Lima prepare: `SETNX <url> -1; INCR <url>` in one MULTI; the result is the acquisition offset. */
export async function nextLimaAcquisition(redis: Redis, serverUrl: string): Promise<number> {
  const results = await redis.multi().setnx(serverUrl, -1).incr(serverUrl).exec();
  const incr = results?.[1];
  if (!incr || incr[0]) throw incr?.[0] ?? new Error('Lima acquisition counter transaction aborted');
  return Number(incr[1]);
}

/** One Lima progress event (the stream index counts these, not frames). */
export function sendLimaStatus(stream: StreamWriter, lastIndex: number, lastIndexSaved: number): void {
  stream.sendJson({ last_index: lastIndex, last_index_saved: lastIndexSaved });
}

/** The `SUBSCANS` stream of a scan sequence. */
export function scanSequenceDefinition(): StreamDefinition {
  return { encoding: { type: 'json' }, info: { plugin: 'scan_sequence', format: 'subscan' } };
}

export function sendSubscan(stream: StreamWriter, childKey: string, scanNumber: number): void {
  stream.sendJson({ key: childKey, scan_number: scanNumber });
}
