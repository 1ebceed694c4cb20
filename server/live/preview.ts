/**
 * Live previews of big images: a latest-only 2D numeric point larger than PREVIEW_MIN_POINT_BYTES is
 * sent 2×2-binned (mean of each 2×2 block) with FLAG_PREVIEW, a quarter of the bytes, or binned more
 * for a client whose screen or link takes less (see latest-pacing.ts). The full frame stays available
 * from the frame route. Integer dtypes keep their dtype (the mean of a block lies
 * between its smallest and largest value, so it always fits; rounded half up), floats keep theirs.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { parseDtype, type NumericArray } from '../../lib/blissdata/dtype';
import { isVariableShape } from '../../lib/blissdata/encoding';
import type { BatchEntry } from '../../lib/blissdata/stream-entries';
import { encodeFrame, FLAG_PREVIEW } from '../../lib/wire/frame';

export const PREVIEW_MIN_POINT_BYTES = 2 * 1024 * 1024;
export const PREVIEW_BIN = 2;

type BinnableArray = Exclude<NumericArray, BigInt64Array | BigUint64Array>;

/**
 * Mean of n×n blocks of an h×w image (C order). Edges that do not fill a block average the pixels they
 * have. The result has the input's typed-array type: integers are rounded (half up), floats are not.
 */
export function binImage<T extends BinnableArray>(src: T, h: number, w: number, n: number): T {
  if (src.length < h * w) throw new RangeError(`image of ${src.length} elements cannot be ${h}×${w}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`binning must be a positive integer, got ${n}`);
  const bh = Math.ceil(h / n);
  const bw = Math.ceil(w / n);
  const out = new (src.constructor as new (n: number) => T)(bh * bw);
  const round = !(src instanceof Float32Array || src instanceof Float64Array);
  // Row sums per output column, one block row at a time (reads the source once, in order).
  const sums = new Float64Array(bw);
  for (let by = 0; by < bh; by++) {
    sums.fill(0);
    const y0 = by * n;
    const rows = Math.min(n, h - y0);
    for (let y = y0; y < y0 + rows; y++) {
      const r = y * w;
      for (let bx = 0, x = 0; bx < bw; bx++) {
        const end = Math.min(x + n, w);
        let s = 0;
        for (; x < end; x++) s += src[r + x]!;
        sums[bx]! += s;
      }
    }
    const o = by * bw;
    for (let bx = 0; bx < bw; bx++) {
      const count = rows * (Math.min((bx + 1) * n, w) - bx * n);
      out[o + bx] = round ? Math.floor(sums[bx]! / count + 0.5) : sums[bx]! / count;
    }
  }
  return out;
}

/** Mean of 2×2 blocks (see binImage). */
export function bin2x2<T extends BinnableArray>(src: T, h: number, w: number): T {
  return binImage(src, h, w, 2);
}

/** A fixed-shape 2D real numeric stream: its points can be binned. */
export function binnable(stream: DataStream): boolean {
  const encoding = stream.encoding;
  if (encoding?.type !== 'numeric' || isVariableShape(encoding.shape) || encoding.shape.length !== 2) return false;
  const dtype = parseDtype(encoding.dtype_str);
  return !(dtype.complex || dtype.kind === 'c' || dtype.halfFloat || dtype.itemSize > 8 || dtype.arrayType === BigInt64Array || dtype.arrayType === BigUint64Array);
}

/** Whether the latest point of this stream is sent as a preview to a client that said nothing of its screen. */
export function previewable(stream: DataStream): boolean {
  if (!binnable(stream)) return false;
  const encoding = stream.encoding as { shape: number[]; dtype_str: string };
  const bytes = encoding.shape.reduce((n, d) => n * d, 1) * parseDtype(encoding.dtype_str).itemSize;
  return bytes > PREVIEW_MIN_POINT_BYTES;
}

/**
 * The preview frame of point `at` (held by one of `batches`), binned `bin`×`bin`; null when the stream is
 * not a 2D numeric one or `bin` is 1 (the full frame then goes as it is).
 */
export function buildPreviewFrame(scanId: number, streamId: number, stream: DataStream, batches: readonly BatchEntry[], at: number, flags: number, bin = PREVIEW_BIN): Uint8Array | null {
  if (bin <= 1 || !binnable(stream)) return null;
  const batch = batches.find((b) => at >= b.index && at < b.index + b.count);
  if (!batch) return null;
  const decoded = stream.decode([batch]);
  if (decoded.type !== 'numeric' || decoded.pointShape.length !== 2) return null;
  const [h, w] = decoded.pointShape as [number, number];
  const per = h * w;
  const k = at - batch.index;
  const point = decoded.data.subarray(k * per, (k + 1) * per) as BinnableArray;
  const binned = binImage(point, h, w, bin);
  // The stream's dtype, little endian: decoding swapped big-endian data into host (little-endian) order.
  const dtype = parseDtype(stream.encoding?.type === 'numeric' ? stream.encoding.dtype_str : '<f8').str;
  const wireDtype = dtype.startsWith('>') ? `<${dtype.slice(1)}` : dtype;
  const bytes = new Uint8Array(binned.buffer, binned.byteOffset, binned.byteLength);
  return encodeFrame({ flags: flags | FLAG_PREVIEW, scanId, streamId, index: at, count: 1, dtype: wireDtype, pointShape: [Math.ceil(h / bin), Math.ceil(w / bin)] }, [bytes]);
}
