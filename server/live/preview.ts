/**
 * Live previews of big images: a latest-only 2D numeric point larger than PREVIEW_MIN_POINT_BYTES is
 * sent 2×2-binned (mean of each 2×2 block) with FLAG_PREVIEW, a quarter of the bytes. The full frame
 * stays available from the frame route. Integer dtypes keep their dtype (the mean of a block lies
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
 * Mean of 2×2 blocks of an h×w image (C order). Odd edges average the pixels they have. The result has
 * the input's typed-array type: integers are rounded (half up), floats are not.
 */
export function bin2x2<T extends BinnableArray>(src: T, h: number, w: number): T {
  if (src.length < h * w) throw new RangeError(`image of ${src.length} elements cannot be ${h}×${w}`);
  const bh = Math.ceil(h / 2);
  const bw = Math.ceil(w / 2);
  const out = new (src.constructor as new (n: number) => T)(bh * bw);
  const round = !(src instanceof Float32Array || src instanceof Float64Array);
  for (let by = 0; by < bh; by++) {
    const y0 = 2 * by;
    const r0 = y0 * w;
    const twoRows = y0 + 1 < h;
    const r1 = r0 + w;
    const o = by * bw;
    for (let bx = 0; bx < bw; bx++) {
      const x0 = 2 * bx;
      const twoCols = x0 + 1 < w;
      let sum = src[r0 + x0]!;
      let n = 1;
      if (twoCols) {
        sum += src[r0 + x0 + 1]!;
        n++;
      }
      if (twoRows) {
        sum += src[r1 + x0]!;
        n++;
        if (twoCols) {
          sum += src[r1 + x0 + 1]!;
          n++;
        }
      }
      out[o + bx] = round ? Math.floor(sum / n + 0.5) : sum / n;
    }
  }
  return out;
}

/** Whether the latest point of this stream is sent as a preview. */
export function previewable(stream: DataStream): boolean {
  const encoding = stream.encoding;
  if (encoding?.type !== 'numeric' || isVariableShape(encoding.shape) || encoding.shape.length !== 2) return false;
  const dtype = parseDtype(encoding.dtype_str);
  if (dtype.complex || dtype.kind === 'c' || dtype.halfFloat || dtype.itemSize > 8 || dtype.arrayType === BigInt64Array || dtype.arrayType === BigUint64Array) return false;
  const bytes = encoding.shape.reduce((n, d) => n * d, 1) * dtype.itemSize;
  return bytes > PREVIEW_MIN_POINT_BYTES;
}

/** The preview frame of point `at` (held by one of `batches`), or null when the stream is not previewable. */
export function buildPreviewFrame(scanId: number, streamId: number, stream: DataStream, batches: readonly BatchEntry[], at: number, flags: number): Uint8Array | null {
  if (!previewable(stream)) return null;
  const batch = batches.find((b) => at >= b.index && at < b.index + b.count);
  if (!batch) return null;
  const decoded = stream.decode([batch]);
  if (decoded.type !== 'numeric' || decoded.pointShape.length !== 2) return null;
  const [h, w] = decoded.pointShape as [number, number];
  const per = h * w;
  const k = at - batch.index;
  const point = decoded.data.subarray(k * per, (k + 1) * per) as BinnableArray;
  const binned = bin2x2(point, h, w);
  // The stream's dtype, little endian: decoding swapped big-endian data into host (little-endian) order.
  const dtype = parseDtype(stream.encoding?.type === 'numeric' ? stream.encoding.dtype_str : '<f8').str;
  const wireDtype = dtype.startsWith('>') ? `<${dtype.slice(1)}` : dtype;
  const bytes = new Uint8Array(binned.buffer, binned.byteOffset, binned.byteLength);
  return encodeFrame({ flags: flags | FLAG_PREVIEW, scanId, streamId, index: at, count: 1, dtype: wireDtype, pointShape: [Math.ceil(h / 2), Math.ceil(w / 2)] }, [bytes]);
}
