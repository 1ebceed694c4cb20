/**
 * Binary data frames (one per stream per flush): a small header, then the raw little-endian bytes of
 * `count` points as they came from Redis. The header is padded to 8 bytes so the client can view the
 * payload as a typed array without copying.
 *
 *   u8  version (FRAME_VERSION)     u8  flags (bit 0: latest-only, bit 1: from file, bit 2: preview)
 *   u16 header length in bytes      u32 scan subscription id
 *   u32 stream id (StreamMeta.id)   u32 point count
 *   f64 index of the first point
 *   u8  dtype length, dtype ASCII (`<f8`)   u8 ndim, u32 × ndim point shape
 *   zero padding to a multiple of 8, then the payload
 *
 * FLAG_PREVIEW (always with FLAG_LATEST): the point is a live preview of a big 2D image (over 2 MB a
 * point, server/live/preview.ts), the mean of 2×2 blocks of the full frame rounded to the stream's
 * dtype, with the preview's own smaller point shape in the header. The stream's StreamMeta keeps the
 * full shape: the binning factor is full shape / preview shape per axis. The full-resolution point is
 * fetched from the frame route on demand.
 */

export const FRAME_VERSION = 1;
export const FLAG_LATEST = 1;
export const FLAG_FROM_FILE = 2;
export const FLAG_PREVIEW = 4;

export interface FrameHeader {
  flags: number;
  scanId: number;
  streamId: number;
  index: number;
  count: number;
  /** numpy dtype string of the payload, always little endian or `|` (the server swaps big-endian data). */
  dtype: string;
  pointShape: readonly number[];
}

export interface Frame extends FrameHeader {
  /** The payload bytes (a view into the frame buffer). */
  payload: Uint8Array;
}

function headerLength(dtype: string, ndim: number): number {
  // 24 fixed bytes (version .. first index), then the dtype and shape fields.
  const raw = 24 + 1 + dtype.length + 1 + 4 * ndim;
  return Math.ceil(raw / 8) * 8;
}

/** A frame's header bytes (padding included): the frame is these followed by the payload bytes. */
export function encodeFrameHeader(header: FrameHeader): Uint8Array {
  const hl = headerLength(header.dtype, header.pointShape.length);
  const out = new Uint8Array(hl);
  const view = new DataView(out.buffer);
  view.setUint8(0, FRAME_VERSION);
  view.setUint8(1, header.flags);
  view.setUint16(2, hl, true);
  view.setUint32(4, header.scanId, true);
  view.setUint32(8, header.streamId, true);
  view.setUint32(12, header.count, true);
  view.setFloat64(16, header.index, true);
  let at = 24;
  view.setUint8(at++, header.dtype.length);
  for (let i = 0; i < header.dtype.length; i++) view.setUint8(at++, header.dtype.charCodeAt(i));
  view.setUint8(at++, header.pointShape.length);
  for (const d of header.pointShape) {
    view.setUint32(at, d, true);
    at += 4;
  }
  return out;
}

/**
 * A frame as the chunks whose concatenation it is (header, then payloads as they are): for senders that
 * copy them once into a bigger message anyway (server/live/broadcast-frames.ts).
 */
export function frameChunks(header: FrameHeader, payloads: readonly Uint8Array[]): Uint8Array[] {
  return [encodeFrameHeader(header), ...payloads];
}

/** Concatenates chunks into one frame. */
export function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Encodes a frame; `payloads` are concatenated (several Redis batches coalesced into one frame). */
export function encodeFrame(header: FrameHeader, payloads: readonly Uint8Array[]): Uint8Array {
  return joinChunks(frameChunks(header, payloads));
}

export class FrameDecodeError extends Error {}

export function decodeFrame(buffer: ArrayBuffer | Uint8Array): Frame {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.byteLength < 26) throw new FrameDecodeError(`frame of ${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(0);
  if (version !== FRAME_VERSION) throw new FrameDecodeError(`frame version ${version}, expected ${FRAME_VERSION}`);
  const hl = view.getUint16(2, true);
  if (hl > bytes.byteLength) throw new FrameDecodeError('frame header longer than the frame');
  let at = 24;
  const dtypeLength = view.getUint8(at++);
  let dtype = '';
  for (let i = 0; i < dtypeLength; i++) dtype += String.fromCharCode(view.getUint8(at++));
  const ndim = view.getUint8(at++);
  const pointShape: number[] = [];
  for (let i = 0; i < ndim; i++) {
    pointShape.push(view.getUint32(at, true));
    at += 4;
  }
  if (at > hl) throw new FrameDecodeError('frame header is truncated');
  return {
    flags: view.getUint8(1),
    scanId: view.getUint32(4, true),
    streamId: view.getUint32(8, true),
    count: view.getUint32(12, true),
    index: view.getFloat64(16, true),
    dtype,
    pointShape,
    payload: bytes.subarray(hl),
  };
}
