/**
 * The client-side store of one stream's points, outside React state (components read it through
 * `version`). Frames carry raw little-endian payloads at an index; they are copied byte for byte into a
 * preallocated typed array of the stream's dtype that grows by doubling, so a live scan at 10-60 Hz does
 * not reallocate per frame and a scalar stream of a million points costs 8 MB, not an array of objects.
 *
 * Frames may come in order, from a late-join catch-up (older indices after newer ones) or after a
 * reconnect resume (overlapping what is held). Writing past the end leaves a `missing` gap, NaN for
 * float types; `expired` ranges are gaps that will not fill. Integer types cannot hold NaN: their gaps
 * read as NaN through `toFloat64`/`value` and as null through `point` — never as zeros.
 *
 * A window (`window` points, see scan-window.ts) bounds what is held raw: once a write would pass
 * `windowStart + window`, the oldest quarter of the window is folded into a min/max summary
 * (point-summary.ts; scalar streams only) and the rest moved down in place, so a never-ending timescan
 * costs the window plus a few kilobytes. Indices stay scan point numbers: points below `windowStart`
 * are not held (`has` false, NaN) but still count as received (`contiguous`, the gap list).
 *
 * "Latest-only" mode (spectra and images while the plot shows only the last one) keeps a single point
 * and its index. Big images may arrive as a live preview (FLAG_PREVIEW: 2×2-binned, a smaller point
 * shape): the point is held as it came, its own shape in `pointShape`, and `latestPreview` says so.
 *
 * Assumes a little-endian host (every browser and Node platform Lantern runs on): payload bytes are
 * copied as they are. `<f2` is widened to float32; complex items are (re, im) pairs, plotted as
 * magnitude; 64-bit integers are held as BigInt64Array and read as numbers.
 */
import { parseDtype, type DType, type NumericArray } from '../blissdata/dtype';
import { decodeHalves } from '../blissdata/encoding/float16';
import { GapList, type Gap } from './gap-list';
import { PointSummary } from './point-summary';

export type { Gap, GapReason } from './gap-list';

export class StreamBufferError extends Error {
  override name = 'StreamBufferError';
}

export interface StreamBufferOptions {
  /** numpy dtype string of the frames (`<f8`, `|u1`...). */
  dtype: string;
  pointShape: readonly number[];
  latestOnly?: boolean;
  /** Points to preallocate in "all" mode (e.g. the scan's expected point count). */
  capacity?: number;
  /** Raw points held at most in "all" mode (older ones are summarised); unbounded when absent. */
  window?: number;
}

function product(shape: readonly number[]): number {
  let p = 1;
  for (const d of shape) p *= d;
  return p;
}

/** Above this many elements per point (4 MB of float64), grow by 1.5 instead of 2: images are big. */
const BIG_POINT = 1 << 19;

export class StreamBuffer {
  readonly dtype: DType;
  pointShape: readonly number[];
  /** Items per point (prod(pointShape)); a complex item is two elements. */
  itemsPerPoint: number;
  /** Typed-array elements per point: itemsPerPoint × dtype.elementsPerItem. */
  pointSize: number;
  /** Incremented on every change: plots redraw when it moved. */
  version = 0;
  /** Number of points known (last index written or declared expired, + 1). */
  length = 0;
  /** Highest index holding data, -1 before any. */
  latestIndex = -1;
  /** First point index held raw ("all" mode): storage slot 0 holds this point. */
  windowStart = 0;
  /** The latest point held is a binned live preview (FLAG_PREVIEW), not the full-resolution point. */
  latestPreview = false;
  private latestOnlyMode: boolean;
  private data: NumericArray;
  /** In points. */
  private capacityPoints: number;
  private readonly gapList = new GapList();
  private scratch: Float64Array | null = null;
  private windowPoints = Infinity;
  private pointSummary: PointSummary | null = null;

  constructor(options: StreamBufferOptions) {
    this.dtype = parseDtype(options.dtype);
    this.pointShape = [...options.pointShape];
    this.itemsPerPoint = product(this.pointShape);
    this.pointSize = this.itemsPerPoint * this.dtype.elementsPerItem;
    this.latestOnlyMode = options.latestOnly === true;
    if (options.window !== undefined) this.windowPoints = Math.max(1, Math.floor(options.window));
    this.capacityPoints = this.latestOnlyMode ? 1 : Math.max(1, Math.min(this.windowPoints, Math.floor(options.capacity ?? 64)));
    this.data = new this.dtype.arrayType(this.capacityPoints * this.pointSize);
  }

  get latestOnly(): boolean {
    return this.latestOnlyMode;
  }

  /** Points the storage holds without growing. */
  get capacity(): number {
    return this.capacityPoints;
  }

  get gaps(): readonly Gap[] {
    return this.gapList.ranges;
  }

  /** Points from 0 held without a hole that may still fill (a `missing` gap); expired gaps do not count. */
  get contiguous(): number {
    return this.latestOnlyMode ? this.length : this.gapList.firstMissing(this.length);
  }

  /** Bytes held by the storage and the summary. */
  get byteLength(): number {
    return this.data.byteLength + (this.pointSummary?.byteLength ?? 0);
  }

  /** Raw points held at most (Infinity: unbounded). */
  get window(): number {
    return this.windowPoints;
  }

  /**
   * Min/max of the points below `windowStart` (scalar streams; null before any left the window or for
   * points of several items, which are dropped when they leave it).
   */
  get summary(): PointSummary | null {
    return this.latestOnlyMode ? null : this.pointSummary;
  }

  /** Bounds the raw points held; a smaller window than what is held moves the excess to the summary. */
  setWindow(points: number): void {
    points = Math.max(1, Math.floor(points));
    if (points === this.windowPoints) return;
    this.windowPoints = points;
    if (this.latestOnlyMode) return;
    if (this.length - this.windowStart > points) this.evictTo(this.length - points);
    if (this.capacityPoints > points) this.resize(points);
    this.version++;
  }

  /**
   * Moves every point below `index` out of the raw window (into the summary). The scan's buffers call
   * it to keep one window start for all their streams, so x and y of a curve cover the same points.
   */
  evictTo(index: number): void {
    if (this.latestOnlyMode || index <= this.windowStart) return;
    const held = Math.min(this.length, index);
    if (held > this.windowStart && this.itemsPerPoint === 1) {
      // toFloat64 masks the gaps of integer storage with NaN, which the summary skips.
      (this.pointSummary ??= new PointSummary()).add(this.windowStart, this.toFloat64(this.windowStart, held));
    }
    if (this.length > index) {
      const from = (index - this.windowStart) * this.pointSize;
      const to = (this.length - this.windowStart) * this.pointSize;
      this.data.copyWithin(0, from, to);
    }
    this.windowStart = index;
    this.version++;
  }

  private get floatStorage(): boolean {
    return this.data instanceof Float64Array || this.data instanceof Float32Array;
  }

  /**
   * Writes `count` points starting at `index` from raw little-endian bytes, with the frame's point shape
   * (see adoptShape for shape changes). `preview`: the frame is a binned live preview (latest-only).
   * @throws StreamBufferError on a bad index or a payload shorter than the points it announces
   */
  write(index: number, count: number, payload: Uint8Array, pointShape?: readonly number[], preview = false): void {
    if (!Number.isInteger(index) || index < 0) throw new StreamBufferError(`bad frame index ${index}`);
    if (count <= 0) return;
    if (this.latestOnlyMode && index + count - 1 < this.latestIndex) {
      // An older frame (catch-up) must not replace the newest, nor change the shape held.
      this.length = Math.max(this.length, index + count);
      this.version++;
      return;
    }
    if (preview && !this.latestOnlyMode) this.setLatestOnly(true);
    if (pointShape) this.adoptShape(pointShape);
    const wireItem = this.dtype.halfFloat ? 2 : this.data.BYTES_PER_ELEMENT;
    const pointBytes = this.pointSize * wireItem;
    if (payload.byteLength < count * pointBytes) {
      throw new StreamBufferError(`frame of ${count} points needs ${count * pointBytes} bytes, has ${payload.byteLength}`);
    }
    const end = index + count;
    if (this.latestOnlyMode) {
      // Only the newest point matters; an older frame (catch-up) must not replace it.
      this.copyIn(0, payload.subarray((count - 1) * pointBytes, count * pointBytes), 1);
      this.latestIndex = end - 1;
      this.latestPreview = preview;
      this.length = Math.max(this.length, end);
      this.version++;
      return;
    }
    this.makeRoom(end);
    this.reserve(end);
    if (index > this.length) this.openGap(this.length, index, 'missing');
    // A late frame (catch-up, resume) below the window goes to the summary only.
    const below = Math.min(count, this.windowStart - index);
    if (below > 0) this.summarizePayload(index, payload.subarray(0, below * pointBytes), below);
    const skip = Math.max(0, below);
    if (skip < count) this.copyIn(index + skip - this.windowStart, payload.subarray(skip * pointBytes, count * pointBytes), count - skip);
    this.latestPreview = false;
    this.gapList.remove(index, end);
    this.length = Math.max(this.length, end);
    this.latestIndex = Math.max(this.latestIndex, end - 1);
    this.version++;
  }

  /**
   * Points [from, to) are gone for good (`scan:expired`). Those not held become `expired` gaps; points
   * already held are kept (they are still right).
   */
  markExpired(from: number, to: number): void {
    from = Math.max(0, Math.floor(from));
    to = Math.floor(to);
    if (to <= from) return;
    if (this.latestOnlyMode) {
      this.length = Math.max(this.length, to);
      this.version++;
      return;
    }
    this.gapList.expire(from, Math.min(to, this.length));
    if (to > this.length) {
      this.makeRoom(to);
      this.reserve(to);
      if (from > this.length) this.openGap(this.length, from, 'missing');
      this.openGap(Math.max(from, this.length), to, 'expired');
      this.length = to;
    }
    this.version++;
  }

  /**
   * Switches between keeping every point and keeping only the latest. Leaving latest-only starts empty:
   * the server resends from the start, and pre-filling up to the latest index of an image stream could
   * reserve gigabytes before any of it arrives.
   */
  setLatestOnly(latestOnly: boolean): void {
    if (latestOnly === this.latestOnlyMode) return;
    if (latestOnly) {
      const keep = this.point(this.latestIndex);
      const data = new this.dtype.arrayType(this.pointSize);
      if (keep) (data as Float64Array).set(keep as Float64Array);
      else this.latestIndex = -1;
      this.data = data;
      this.capacityPoints = 1;
      this.gapList.clear();
    } else {
      this.capacityPoints = Math.min(64, this.windowPoints);
      this.data = new this.dtype.arrayType(this.capacityPoints * this.pointSize);
      this.gapList.clear();
      this.length = 0;
      this.latestIndex = -1;
      this.latestPreview = false;
    }
    this.latestOnlyMode = latestOnly;
    this.windowStart = 0;
    this.pointSummary = null;
    this.scratch = null;
    this.version++;
  }

  /** Forgets every point. */
  clear(): void {
    this.length = 0;
    this.windowStart = 0;
    this.pointSummary = null;
    this.latestIndex = -1;
    this.latestPreview = false;
    this.gapList.clear();
    this.version++;
  }

  /** Whether point i holds data. */
  has(i: number): boolean {
    if (this.latestOnlyMode) return i === this.latestIndex && i >= 0;
    return i >= this.windowStart && i < this.length && this.gapList.at(i) === undefined;
  }

  /**
   * View of point i's elements (C order; complex as re, im pairs), or null when not held. A view into
   * the storage: valid until the next write; copy it to keep it.
   */
  point(i: number): NumericArray | null {
    if (!this.has(i)) return null;
    const at = this.latestOnlyMode ? 0 : (i - this.windowStart) * this.pointSize;
    return this.data.subarray(at, at + this.pointSize);
  }

  /** The newest point held (what a spectrum or image plot shows), or null. */
  get latest(): NumericArray | null {
    return this.point(this.latestIndex);
  }

  /** First item of point i as a number (magnitude for complex), NaN when not held. */
  value(i: number): number {
    if (!this.has(i)) return NaN;
    const at = this.latestOnlyMode ? 0 : (i - this.windowStart) * this.pointSize;
    const d = this.data;
    if (this.dtype.complex) {
      const re = d[at] as number;
      const im = d[at + 1] as number;
      return Math.sqrt(re * re + im * im);
    }
    const v = d[at]!;
    return typeof v === 'bigint' ? Number(v) : v;
  }

  /**
   * Points [from, to) as float64 for plotting (to clamped to length): itemsPerPoint values per point,
   * NaN for points not held (below `windowStart` too: read from there), magnitude for complex. One
   * conversion into a reused scratch array — or, for `<f8` real data inside the window, a view of the
   * storage itself. Either way valid until the next write or call.
   */
  toFloat64(from = 0, to = this.length): Float64Array {
    from = Math.max(0, Math.floor(from));
    to = Math.max(from, Math.min(Math.floor(to), this.length));
    const per = this.itemsPerPoint;
    const d = this.data;
    const ws = this.latestOnlyMode ? 0 : this.windowStart;
    if (!this.latestOnlyMode && from >= ws && d instanceof Float64Array && !this.dtype.complex) {
      return d.subarray((from - ws) * per, (to - ws) * per); // NaN already fills its gaps
    }
    const n = (to - from) * per;
    if (!this.scratch || this.scratch.length < n) this.scratch = new Float64Array(Math.max(n, 2 * (this.scratch?.length ?? 0)));
    const out = this.scratch.subarray(0, n);
    if (this.latestOnlyMode) {
      out.fill(NaN);
      if (this.latestIndex >= from && this.latestIndex < to) this.convert(0, 1, out, (this.latestIndex - from) * per);
      return out;
    }
    const held = Math.min(to, Math.max(from, ws));
    if (held > from) out.fill(NaN, 0, (held - from) * per);
    if (to > held) this.convert(held - ws, to - held, out, (held - from) * per);
    if (!this.floatStorage) {
      for (const g of this.gapList.ranges) {
        const a = Math.max(g.from, from);
        const b = Math.min(g.to, to);
        if (a < b) out.fill(NaN, (a - from) * per, (b - from) * per);
      }
    }
    return out;
  }

  /** Converts `count` stored points from slot `slot` into out[at..]. */
  private convert(slot: number, count: number, out: Float64Array, at: number): void {
    const d = this.data;
    const per = this.itemsPerPoint;
    if (this.dtype.complex) {
      const src = d as Float32Array | Float64Array;
      const base = slot * this.pointSize;
      for (let k = 0; k < count * per; k++) {
        const re = src[base + 2 * k]!;
        const im = src[base + 2 * k + 1]!;
        out[at + k] = Math.sqrt(re * re + im * im);
      }
    } else if (d instanceof BigInt64Array || d instanceof BigUint64Array) {
      const base = slot * per;
      for (let k = 0; k < count * per; k++) out[at + k] = Number(d[base + k]!);
    } else {
      out.set(d.subarray(slot * per, (slot + count) * per) as Float64Array, at);
    }
  }

  /** Byte copy (or float16 widening) of `count` points into storage slot `slot`. */
  private copyIn(slot: number, bytes: Uint8Array, count: number): void {
    const d = this.data;
    if (this.dtype.halfFloat) {
      (d as Float32Array).set(decodeHalves(bytes, count * this.pointSize, true), slot * this.pointSize);
      return;
    }
    const bpe = d.BYTES_PER_ELEMENT;
    new Uint8Array(d.buffer, d.byteOffset + slot * this.pointSize * bpe, count * this.pointSize * bpe).set(bytes);
  }

  /** Declares [from, to) a gap; float storage gets NaN there (integer storage keeps zeros, masked on read). */
  private openGap(from: number, to: number, reason: 'missing' | 'expired'): void {
    if (to <= from) return;
    const a = (Math.max(from, this.windowStart) - this.windowStart) * this.pointSize;
    const b = (to - this.windowStart) * this.pointSize;
    if (b > a) {
      if (this.floatStorage) (this.data as Float64Array).fill(NaN, a, b);
      else if (this.data instanceof BigInt64Array || this.data instanceof BigUint64Array) this.data.fill(0n, a, b);
      else this.data.fill(0, a, b);
    }
    this.gapList.set(from, to, reason);
  }

  /**
   * Before holding points up to `end`: when that passes the window, the window moves on to the next
   * multiple of a quarter of it (whole quarters: the summary is fed and the storage moved down once per
   * quarter, not per frame).
   */
  private makeRoom(end: number): void {
    const window = this.windowPoints;
    if (end - this.windowStart <= window) return;
    const step = Math.max(1, Math.floor(window / 4));
    this.evictTo(Math.ceil((end - window) / step) * step);
  }

  /** Folds `count` points of a raw payload that fall below the window into the summary. */
  private summarizePayload(index: number, bytes: Uint8Array, count: number): void {
    if (this.itemsPerPoint !== 1) return;
    // An aligned copy of the few late points (the payload's offset need not be a multiple of the item size).
    let values: NumericArray;
    if (this.dtype.halfFloat) values = decodeHalves(bytes, count * this.pointSize, true);
    else {
      values = new this.dtype.arrayType(count * this.pointSize);
      new Uint8Array(values.buffer).set(bytes.subarray(0, values.byteLength));
    }
    const out = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      if (this.dtype.complex) {
        const re = values[2 * k] as number;
        const im = values[2 * k + 1] as number;
        out[k] = Math.sqrt(re * re + im * im);
      } else out[k] = Number(values[k]!);
    }
    (this.pointSummary ??= new PointSummary()).add(index, out);
  }

  /** Makes room for points up to index `end` (exclusive; the window was moved first), keeping what is held. */
  private reserve(end: number): void {
    const slots = end - this.windowStart;
    if (slots <= this.capacityPoints) return;
    const grown = this.pointSize >= BIG_POINT ? Math.ceil(this.capacityPoints * 1.5) : this.capacityPoints * 2;
    this.resize(Math.min(this.windowPoints, Math.max(slots, grown)));
  }

  private resize(capacity: number): void {
    const data = new this.dtype.arrayType(capacity * this.pointSize);
    const held = Math.max(0, Math.min(capacity, this.length - this.windowStart));
    (data as Float64Array).set(this.data.subarray(0, held * this.pointSize) as Float64Array);
    this.data = data;
    this.capacityPoints = capacity;
  }

  /**
   * A variable-shape stream (-1 in its declared shape) changes point size between frames. Before any
   * point is held, or in latest-only mode, the new shape is simply adopted; with history held, one
   * array cannot hold points of two sizes, so the buffer falls back to latest-only (what a spectrum plot
   * shows anyway) rather than failing.
   */
  private adoptShape(shape: readonly number[]): void {
    if (shape.length === this.pointShape.length && shape.every((d, i) => d === this.pointShape[i])) return;
    const items = product(shape);
    if (items !== this.itemsPerPoint && !this.latestOnlyMode && this.length > 0) this.setLatestOnly(true);
    this.pointShape = [...shape];
    if (items === this.itemsPerPoint) return;
    this.itemsPerPoint = items;
    this.pointSize = items * this.dtype.elementsPerItem;
    this.data = new this.dtype.arrayType(this.capacityPoints * this.pointSize);
    this.latestIndex = -1;
    this.scratch = null;
  }
}
