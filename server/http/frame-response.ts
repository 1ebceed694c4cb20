/**
 * The image frame route's parameters and answer, the same for a scan in Redis (api.ts) and for one
 * answered from its file (catalogue/file-routes.ts): raw little-endian pixels with dtype and shape
 * headers, or a grayscale PNG; optionally binned.
 */
import type { ServerResponse } from 'node:http';
import { binFrame, type Frame } from '../files/hdf5-reader';
import { HttpError, intParam } from './http-error';

export interface FrameRequest {
  n: number;
  bin: number;
  format: 'raw' | 'png';
}

/** Checked before any read: a bad parameter is refused whether the frame exists or not. */
export function frameRequest(n: string | undefined, query: Record<string, string | undefined>): FrameRequest {
  const index = intParam(n, 'frame', 0);
  if (index < 0) throw new HttpError('BadRequest', 'frame index must be >= 0');
  const bin = intParam(query.bin, 'bin', 1);
  if (bin < 1 || bin > 64) throw new HttpError('BadRequest', 'bin must be between 1 and 64');
  const format = query.format ?? 'raw';
  if (format !== 'raw' && format !== 'png') throw new HttpError('BadRequest', `format must be raw or png, got ${JSON.stringify(format)}`);
  return { n: index, bin, format };
}

export function sendFrame(
  res: ServerResponse,
  read: Frame,
  request: FrameRequest,
  png: (data: ArrayLike<number | bigint>, shape: [number, number]) => Uint8Array,
  headers: Record<string, string> = {},
): void {
  const frame = request.bin > 1 ? binFrame(read, request.bin) : read;
  if (request.format === 'raw') {
    const data = frame.data;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-dtype': frame.dtype, 'x-shape': frame.shape.join(','), 'x-frame': String(request.n), ...headers });
    res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  } else {
    res.writeHead(200, { 'content-type': 'image/png', 'x-frame': String(request.n), ...headers });
    res.end(png(frame.data, frame.shape));
  }
}
