/** Data frames as every client receives them (lib/wire/frame.ts): bytes in, header and values out. */
import { parseDtype } from '../blissdata/dtype';
import { decodeFrame, type Frame } from '../wire/frame';

/** socket.io hands binary as ArrayBuffer in browsers and as Buffer (a Uint8Array) in Node. */
export function frameBytes(raw: ArrayBuffer | Uint8Array): Uint8Array {
  return raw instanceof Uint8Array ? raw : new Uint8Array(raw);
}

export function decodeDataFrame(raw: ArrayBuffer | Uint8Array): Frame {
  return decodeFrame(frameBytes(raw));
}

/** A frame's values as plain numbers (JSON frames parsed); for checks and tests, not for big data. */
export function frameValues(frame: Pick<Frame, 'dtype' | 'payload'>): number[] {
  if (frame.dtype === 'json') return JSON.parse(new TextDecoder().decode(frame.payload)) as number[];
  const d = parseDtype(frame.dtype);
  // A copy: the payload view may not sit on an aligned offset of its buffer.
  const copy = new Uint8Array(frame.payload.byteLength);
  copy.set(frame.payload);
  const array = new d.arrayType(copy.buffer, 0, copy.byteLength / d.arrayType.BYTES_PER_ELEMENT);
  return Array.from(array as ArrayLike<number | bigint>, Number);
}
