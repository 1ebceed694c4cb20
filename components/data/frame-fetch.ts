/**
 * Image frames and point slices from the REST API, decoded into typed arrays, plus the "latest wins"
 * fetch discipline for live images: at most one request in flight; while it runs, later wishes
 * overwrite each other and only the newest is fetched next (never a queue of stale frames).
 *
 * Raw frames: `GET /api/scans/{key}/streams/{name}/frames/{n}?format=raw` → bytes, `X-Dtype` (`<u2`),
 * `X-Shape` (`h,w`). Slices: `GET /api/scans/{key}/streams/{name}?from=&to=&format=binary` → bytes,
 * `X-Dtype`, `X-Shape` (`count,...pointShape`), `X-From`, `X-Expired` (`a,b` or empty). Errors are JSON
 * `{error, type}` with a status; `type` (else the status) gives the FrameError's kind (lib/client/errors).
 */
import { parseDtype, type NumericArray } from '@/lib/blissdata/dtype';
import { decodeHalves } from '@/lib/blissdata/encoding/float16';
import { readProblem, type ReadProblem } from '@/lib/client/errors';

/** What went wrong, mapped from the server's error type in lib/client/errors (one vocabulary, server to plot). */
export type FrameErrorKind = ReadProblem;

export class FrameError extends Error {
  override name = 'FrameError';
  constructor(
    message: string,
    readonly kind: FrameErrorKind,
    readonly status: number | null,
    /** For a Lima frame not saved yet: the newest frame in a complete file (-1 none), from the server. */
    readonly lastReadable: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Decodes little- or big-endian raw bytes of numpy dtype `dtype` into a typed array (zero-copy when
 * the bytes are aligned and in host order). float16 is widened to float32, 64-bit integers stay
 * BigInt64Array/BigUint64Array, complex becomes magnitudes (Float64Array), bool becomes Uint8Array.
 * @throws FrameError when the byte count does not match `count` items
 */
export function decodeRaw(bytes: ArrayBuffer | Uint8Array, dtypeStr: string, count: number): NumericArray {
  let dtype;
  try {
    dtype = parseDtype(dtypeStr);
  } catch {
    throw new FrameError(`unsupported dtype ${JSON.stringify(dtypeStr)}`, 'unsupported', null);
  }
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const need = count * dtype.itemSize;
  if (u8.byteLength < need) throw new FrameError(`expected ${need} bytes of ${dtype.str} for ${count} values, got ${u8.byteLength}`, 'server', null);
  if (dtype.halfFloat) return decodeHalves(u8, count, dtype.littleEndian);
  const elementSize = dtype.itemSize / dtype.elementsPerItem;
  const elements = count * dtype.elementsPerItem;
  const hostOrder = dtype.littleEndian === isLittleEndianHost();
  let src = u8.subarray(0, need);
  if (!hostOrder && elementSize > 1) {
    const swapped = new Uint8Array(need);
    for (let i = 0; i < need; i += elementSize) for (let b = 0; b < elementSize; b++) swapped[i + b] = src[i + elementSize - 1 - b]!;
    src = swapped;
  } else if (src.byteOffset % elementSize !== 0) {
    src = src.slice();
  }
  const arr = new dtype.arrayType(src.buffer, src.byteOffset, elements);
  if (!dtype.complex) return arr;
  const c = arr as Float32Array | Float64Array;
  const mag = new Float64Array(count);
  for (let i = 0; i < count; i++) mag[i] = Math.hypot(c[2 * i]!, c[2 * i + 1]!);
  return mag;
}

function isLittleEndianHost(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

export function parseShape(header: string | null): number[] {
  if (!header) return [];
  const dims = header.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) throw new FrameError(`bad X-Shape ${JSON.stringify(header)}`, 'server', null);
  return dims;
}

export interface DecodedFrame {
  index: number;
  width: number;
  height: number;
  /** Layers of a stacked (c, h, w) frame; 1 for plain images. */
  layers: number;
  dtype: string;
  data: NumericArray;
}

/** Error text from a JSON `{error}` body, else the status text. */
async function errorOf(response: Response, what: string): Promise<FrameError> {
  let message = `${what}: HTTP ${response.status}`;
  let lastReadable: number | null = null;
  let type: string | null = null;
  try {
    const body = (await response.json()) as { error?: unknown; type?: unknown; lastReadable?: unknown };
    if (typeof body.error === 'string' && body.error) message = body.error;
    if (typeof body.type === 'string') type = body.type;
    if (typeof body.lastReadable === 'number' && Number.isSafeInteger(body.lastReadable)) lastReadable = body.lastReadable;
  } catch {
    // not JSON: keep the status line
  }
  return new FrameError(message, readProblem(response.status, type), response.status, lastReadable);
}

/** Decodes a raw frame response body with its headers. */
export function decodeFrameBody(bytes: ArrayBuffer, dtype: string | null, shapeHeader: string | null, index: number): DecodedFrame {
  if (!dtype) throw new FrameError('frame response without X-Dtype', 'server', null);
  const shape = parseShape(shapeHeader);
  if (shape.length < 2 || shape.length > 3) throw new FrameError(`frame of shape [${shape.join(', ')}] is not an image`, 'unsupported', null);
  const height = shape[shape.length - 2]!;
  const width = shape[shape.length - 1]!;
  const layers = shape.length === 3 ? shape[0]! : 1;
  const data = decodeRaw(bytes, dtype, width * height * layers);
  return { index, width, height, layers, dtype, data };
}

/** GET a raw frame. */
export async function fetchFrame(url: string, index: number, signal?: AbortSignal): Promise<DecodedFrame> {
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: 'no-store' });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new FrameError(`frame ${index}: network error (${e instanceof Error ? e.message : String(e)})`, 'network', null);
  }
  if (!response.ok) throw await errorOf(response, `frame ${index}`);
  const bytes = await response.arrayBuffer();
  return decodeFrameBody(bytes, response.headers.get('x-dtype'), response.headers.get('x-shape'), index);
}

export interface DecodedSlice {
  from: number;
  count: number;
  pointShape: number[];
  data: NumericArray;
  /** Range reported expired by the server, or null. */
  expired: [number, number] | null;
}

export function decodeSliceBody(bytes: ArrayBuffer, headers: { get(name: string): string | null }): DecodedSlice {
  const dtype = headers.get('x-dtype');
  if (!dtype) throw new FrameError('slice response without X-Dtype', 'server', null);
  const shape = parseShape(headers.get('x-shape'));
  const count = shape[0] ?? 0;
  const pointShape = shape.slice(1);
  const per = pointShape.reduce((a, b) => a * b, 1);
  const from = Number(headers.get('x-from') ?? '0');
  const exp = (headers.get('x-expired') ?? '').split(',').filter((s) => s !== '').map(Number);
  return {
    from: Number.isFinite(from) ? from : 0,
    count,
    pointShape,
    data: decodeRaw(bytes, dtype, count * per),
    expired: exp.length === 2 && exp.every(Number.isFinite) ? [exp[0]!, exp[1]!] : null,
  };
}

/**
 * URL of the slice route for a stream, derived from the frame URL the page gives (so any base path the
 * app is served under is kept): `.../streams/{name}/frames/{n}?…` → `.../streams/{name}?from&to&format=binary`.
 */
export function sliceUrl(frameUrl: string, from: number, to: number): string {
  const q = frameUrl.indexOf('?');
  const path = q >= 0 ? frameUrl.slice(0, q) : frameUrl;
  const base = path.replace(/\/frames\/[^/]*$/, '');
  return `${base}?from=${from}&to=${to}&format=binary`;
}

/** GET points [from, to) of a stream as binary. */
export async function fetchSlice(url: string, signal?: AbortSignal): Promise<DecodedSlice> {
  let response: Response;
  try {
    response = await fetch(url, { signal, cache: 'no-store' });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new FrameError(`network error (${e instanceof Error ? e.message : String(e)})`, 'network', null);
  }
  if (!response.ok) throw await errorOf(response, 'slice');
  return decodeSliceBody(await response.arrayBuffer(), response.headers);
}

/**
 * "Latest wins" loader: `want(key)` starts a load when idle; while one runs, the newest wish replaces
 * any earlier pending one and is loaded once the current one ends. Results of a load whose key is no
 * longer wanted are still delivered (they are newer than what is shown) unless `dispose` was called.
 */
export class LatestLoader<K, T> {
  private inFlight: { key: K; controller: AbortController } | null = null;
  private pending: { key: K } | null = null;
  private disposed = false;
  /** Key of the last load started (the newest requested), for callers that want to skip repeats. */
  lastStarted: K | undefined;

  constructor(
    private readonly load: (key: K, signal: AbortSignal) => Promise<T>,
    private readonly onDone: (key: K, result: { ok: true; value: T } | { ok: false; error: unknown }) => void,
    private readonly same: (a: K, b: K) => boolean = Object.is,
  ) {}

  get busy(): boolean {
    return this.inFlight !== null;
  }

  want(key: K): void {
    if (this.disposed) return;
    if (this.inFlight) {
      if (this.same(this.inFlight.key, key)) this.pending = null;
      else this.pending = { key };
      return;
    }
    this.start(key);
  }

  private start(key: K): void {
    const controller = new AbortController();
    this.inFlight = { key, controller };
    this.lastStarted = key;
    this.load(key, controller.signal).then(
      (value) => this.finish(key, { ok: true, value }),
      (error: unknown) => this.finish(key, { ok: false, error }),
    );
  }

  private finish(key: K, result: { ok: true; value: T } | { ok: false; error: unknown }): void {
    this.inFlight = null;
    if (this.disposed) return;
    this.onDone(key, result);
    const next = this.pending;
    this.pending = null;
    if (next && !this.same(next.key, key)) this.start(next.key);
  }

  dispose(): void {
    this.disposed = true;
    this.inFlight?.controller.abort();
    this.inFlight = null;
    this.pending = null;
  }
}
