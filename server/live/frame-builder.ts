/**
 * Turns Redis batches into wire frames. Fixed-shape little-endian payloads are forwarded as they came
 * from Redis (only concatenated); big-endian, float16 and variable-shape (msgpack) payloads are decoded
 * first, and json values travel as one JSON array.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { dtypeStrOfArray, parseDtype, type NumericArray } from '../../lib/blissdata/dtype';
import { isVariableShape } from '../../lib/blissdata/encoding';
import { PayloadDecodeError } from '../../lib/blissdata/errors';
import type { BatchEntry } from '../../lib/blissdata/stream-entries';
import { encodeFrame, FLAG_LATEST, frameChunks } from '../../lib/wire/frame';
import { buildPreviewFrame, previewable, PREVIEW_BIN } from './preview';

export const JSON_DTYPE = 'json';

function forwardable(stream: DataStream): boolean {
  const encoding = stream.encoding;
  if (encoding?.type !== 'numeric' || isVariableShape(encoding.shape)) return false;
  const dtype = parseDtype(encoding.dtype_str);
  return dtype.littleEndian && !dtype.halfFloat;
}

function pointBytes(stream: DataStream): number {
  const encoding = stream.encoding;
  if (encoding?.type !== 'numeric') return 0;
  return encoding.shape.reduce((n, d) => n * d, 1) * parseDtype(encoding.dtype_str).itemSize;
}

/**
 * Frames for points [from, to) held by `batches` (contiguous; the first may start before `from`), each
 * as chunks to concatenate (joinChunks): forwarded payloads stay the Redis reply's bytes, for a sender
 * that copies them once into its own message. One frame for fixed shapes; one per shape run for variable
 * shapes. A single latest point of a 2D image is sent binned `bin`×`bin` (default: 2×2 for big images,
 * see preview.ts) flagged FLAG_PREVIEW.
 */
export function buildFrameChunks(scanId: number, streamId: number, stream: DataStream, batches: readonly BatchEntry[], from: number, to: number, flags: number, bin?: number): Uint8Array[][] {
  if (!batches.length || to <= from) return [];
  const encoding = stream.encoding;
  if (encoding?.type === 'json') {
    const decoded = stream.decode(batches);
    if (decoded.type !== 'json') return [];
    const start = from - batches[0]!.index;
    const values = decoded.values.slice(start, start + (to - from));
    const payload = new TextEncoder().encode(JSON.stringify(values));
    return [frameChunks({ flags, scanId, streamId, index: from, count: values.length, dtype: JSON_DTYPE, pointShape: [] }, [payload])];
  }
  if (encoding?.type !== 'numeric') return [];
  if (flags & FLAG_LATEST && to - from === 1) {
    // A big latest-only image goes out as a binned preview (see preview.ts).
    const preview = buildPreviewFrame(scanId, streamId, stream, batches, from, flags, bin ?? (previewable(stream) ? PREVIEW_BIN : 1));
    if (preview) return [[preview]];
  }
  if (forwardable(stream)) {
    const size = pointBytes(stream);
    const payloads: Uint8Array[] = [];
    for (const batch of batches) {
      if (batch.payload.byteLength !== batch.count * size) {
        // Forwarded bytes are not decoded, so check here what decoding would have checked.
        throw new PayloadDecodeError(stream.key, batch.id, `payload is ${batch.payload.byteLength} bytes, expected ${batch.count * size} (${batch.count} points of shape [${encoding.shape.join(', ')}] as ${encoding.dtype_str})`);
      }
      const a = Math.max(from, batch.index);
      const b = Math.min(to, batch.index + batch.count);
      if (b <= a) continue;
      payloads.push(a === batch.index && b === batch.index + batch.count ? batch.payload : batch.payload.subarray((a - batch.index) * size, (b - batch.index) * size));
    }
    const dtype = parseDtype(encoding.dtype_str).str;
    return [frameChunks({ flags, scanId, streamId, index: from, count: to - from, dtype, pointShape: encoding.shape }, payloads)];
  }
  // Decode per batch: variable-shape batches may differ in shape.
  const frames: Uint8Array[][] = [];
  for (const batch of batches) {
    const a = Math.max(from, batch.index);
    const b = Math.min(to, batch.index + batch.count);
    if (b <= a) continue;
    const decoded = stream.decode([batch]);
    if (decoded.type !== 'numeric') continue;
    const perPoint = decoded.data.length / decoded.count;
    const view = decoded.data.subarray((a - batch.index) * perPoint, (b - batch.index) * perPoint);
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const dtype = parseDtype(encoding.dtype_str).complex ? (view instanceof Float32Array ? '<c8' : '<c16') : dtypeStrOfArray(view as NumericArray);
    frames.push(frameChunks({ flags, scanId, streamId, index: a, count: b - a, dtype, pointShape: decoded.pointShape }, [bytes]));
  }
  return frames;
}

/** Frame for decoded points read from a file (hdf5_fallback), flagged as such. */
export function buildArrayFrame(scanId: number, streamId: number, index: number, count: number, data: ArrayBufferView, pointShape: readonly number[], dtype: string, flags: number): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return encodeFrame({ flags, scanId, streamId, index, count, dtype, pointShape }, [bytes]);
}

export function streamPointBytes(stream: DataStream): number {
  return pointBytes(stream);
}
