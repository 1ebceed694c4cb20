/**
 * Which plugin handles a data stream, resolved from its `info` as blissdata 2.x does (section 7 of the
 * protocol notes). An unknown plugin marks only that stream unusable; the scan still loads.
 */
import type { Encoding } from './encoding';
import { isLima2Info, parseLima2Info } from './lima2';

export type StreamKind = 'array' | 'json' | 'lima' | 'lima2' | 'scan_sequence' | 'hdf5_fallback' | 'broken';

export interface ResolvedKind {
  kind: StreamKind;
  /** For file-backed streams (hdf5_fallback, or the 1.x legacy form): where trimmed points can be read. */
  file?: { filePath: string; dataPath: string };
  /** Why the stream cannot be used (kind `broken`, or the older `lima2` form which is not supported). */
  error?: string;
  /** The `info.plugin` named by the stream, also when Lantern does not know it. */
  plugin?: string;
}

const KNOWN_PLUGINS = new Set(['lima', 'lima2', 'scan_sequence', 'hdf5_fallback']);
const FORMAT_TO_KIND: Record<string, StreamKind> = { lima_v1: 'lima', lima_v2: 'lima2', subscan: 'scan_sequence' };

export const LIMA2_UNSUPPORTED =
  'this older Lima2 stream form (lima_info with server_urls) is not supported: its frames are only reachable through the Lima2 servers';

function plainKind(encoding: Encoding | null): StreamKind {
  return encoding?.type === 'json' ? 'json' : 'array';
}

export function resolveStreamKind(options: {
  encoding: Encoding | null;
  info: Record<string, unknown> | null;
  /** `scan_info.save` */
  scanSaved: boolean;
  /** Identity `path`: the scan file, for 1.x file-backed streams. */
  scanPath: string | null | undefined;
}): ResolvedKind {
  const { encoding, info, scanSaved, scanPath } = options;
  const plugin = info?.plugin;
  if (plugin !== undefined && plugin !== null) {
    if (typeof plugin !== 'string' || !KNOWN_PLUGINS.has(plugin)) {
      // Upstream: an unknown plugin makes only that stream unusable; the scan and its other streams load.
      return {
        kind: 'broken',
        error: `stream plugin ${JSON.stringify(plugin)} is not supported by Lantern: this stream cannot be shown, the rest of the scan can`,
        ...(typeof plugin === 'string' ? { plugin } : {}),
      };
    }
    if (plugin === 'lima2') {
      if (!isLima2Info(info)) return { kind: 'lima2', error: LIMA2_UNSUPPORTED, plugin };
      try {
        parseLima2Info(info!);
      } catch (error) {
        return { kind: 'lima2', error: (error as Error).message, plugin };
      }
      if (encoding?.type !== 'numeric') return { kind: 'lima2', error: 'Lima2 stream without numeric encoding', plugin };
      return { kind: 'lima2', plugin };
    }
    if (plugin === 'hdf5_fallback') {
      const filePath = info?.file_path;
      const dataPath = info?.data_path;
      if (typeof filePath !== 'string' || typeof dataPath !== 'string') {
        return { kind: 'broken', error: 'hdf5_fallback stream without file_path/data_path' };
      }
      // Upstream Hdf5BackedStream wraps any encoding; only numeric points can be read back from the file.
      if (encoding === null) return { kind: 'broken', error: 'hdf5_fallback stream has no encoding' };
      return { kind: 'hdf5_fallback', file: { filePath, dataPath }, plugin };
    }
    return { kind: plugin as StreamKind, plugin };
  }
  if (encoding?.type === 'json' && typeof info?.format === 'string') {
    const kind = FORMAT_TO_KIND[info.format];
    if (kind === 'lima2') return { kind, error: LIMA2_UNSUPPORTED };
    if (kind) return { kind };
  }
  // Upstream `_wrap_event_stream`: a non-json stream without plugin whose info has data_path, in a scan
  // whose info.save is truthy, is file-backed with the scan's identity path as its file.
  if (scanSaved && typeof info?.data_path === 'string' && typeof scanPath === 'string' && encoding?.type === 'numeric') {
    return { kind: 'hdf5_fallback', file: { filePath: scanPath, dataPath: info.data_path } };
  }
  if (encoding === null) return { kind: 'broken', error: 'stream has no encoding' };
  return { kind: plainKind(encoding) };
}
