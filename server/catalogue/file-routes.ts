/**
 * The scan routes of the REST API for scans no longer in Redis, answered from their HDF5 file with
 * `"source": "file"`: the scan, stream slices (json, csv, binary), level of detail and image frames,
 * in the same forms as for a scan in Redis. api.ts hands a request here when Redis says the scan does
 * not exist; `false` means this module does not know the scan either.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import { binFrame } from '../files/hdf5-reader';
import { MinMaxReducer } from '../../lib/plot-math/lod';
import type { FileScan, FileScans, FileStream } from './file-scans';

type Query = Record<string, string | undefined>;
type Params = Record<string, string | undefined>;
type Handler = (res: ServerResponse, scan: FileScan, params: Params, query: Query) => Promise<void>;

/** Largest slice answered at once, in bytes of point data (as for Redis scans). */
const MAX_SLICE_BYTES = 64 * 1024 * 1024;
/** Points read from the file per step of a level of detail. */
const LOD_CHUNK = 1 << 20;

const ITEM_BYTES: Record<string, number> = { '1': 1, '2': 2, '4': 4, '8': 8, '16': 16 };

class BadRequest extends Error {}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-source': 'file' });
  res.end(text);
}

function intParam(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new BadRequest(`${name} must be an integer, got ${JSON.stringify(value)}`);
  return Number(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function pointBytes(stream: FileStream): number {
  const item = ITEM_BYTES[(stream.dtype ?? '<f8').replace(/^[<>|=][a-z]/, '')] ?? 8;
  return Math.max(1, stream.pointShape.reduce((n, d) => n * d, item));
}

/** One element per point: numbers, or nested arrays for spectra and images. */
function nested(data: ArrayLike<number | bigint>, count: number, shape: readonly number[]): unknown[] {
  const at = (i: number) => Number(data[i]);
  const per = shape.reduce((n, d) => n * d, 1);
  const nest = (offset: number, dims: readonly number[]): unknown => {
    if (dims.length === 0) return at(offset);
    const [d, ...rest] = dims;
    const step = rest.reduce((n, x) => n * x, 1);
    return Array.from({ length: d! }, (_, k) => nest(offset + k * step, rest));
  };
  return Array.from({ length: count }, (_, p) => (shape.length === 0 ? at(p) : nest(p * per, shape)));
}

export function createFileRoutes(files: FileScans, options: { png(data: ArrayLike<number | bigint>, shape: [number, number]): Uint8Array }) {
  const router = Router({ ignoreTrailingSlash: true, maxParamLength: 2000 });
  const on = (path: string, handler: Handler) => router.on('GET', path, () => undefined, handler);

  on('/api/scans/:key', async (res, scan) => {
    sendJson(res, 200, {
      key: scan.key,
      source: 'file',
      file: { path: scan.filePath, entry: scan.entry },
      identity: scan.identity,
      state: 'CLOSED',
      summary: scan.summary,
      info: scan.info,
      streams: scan.streams.map((s) => ({
        name: s.name,
        kind: s.kind,
        dtype: s.dtype,
        shape: s.pointShape,
        length: s.length,
        sealed: true,
        firstAvailable: 0,
        unit: s.unit,
        error: s.error,
      })),
    });
  });

  on('/api/scans/:key/streams/:name', async (res, scan, params, query) => {
    const stream = files.stream(scan, params.name!);
    const from = Math.max(0, intParam(query.from, 'from', 0));
    const to = Math.max(from, Math.min(stream.length, intParam(query.to, 'to', stream.length)));
    if ((to - from) * pointBytes(stream) > MAX_SLICE_BYTES) {
      throw new BadRequest(`range too large: at most ${Math.floor(MAX_SLICE_BYTES / pointBytes(stream))} points of ${stream.name} per request`);
    }
    const format = query.format ?? 'json';
    if (!['json', 'csv', 'binary'].includes(format)) throw new BadRequest(`format must be json, csv or binary, got ${JSON.stringify(format)}`);
    const first = Math.min(from, to);
    const points = await files.points(scan, stream, first, to);
    const count = to - first;
    const range = count ? [first, to] : null;
    if (format === 'json') {
      sendJson(res, 200, { from: first, to, dtype: points.dtype, shape: stream.pointShape, data: nested(points.data, count, stream.pointShape), expired: null, fromFile: range, source: 'file' });
    } else if (format === 'csv') {
      const rows = nested(points.data, count, stream.pointShape).map((v, i) => `${first + i},${Array.isArray(v) ? v.flat(Infinity).join(',') : String(v)}`);
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'x-expired': '', 'x-from-file': range ? range.join(',') : '', 'x-source': 'file' });
      res.end(`index,${csvField(stream.name)}\n${rows.join('\n')}\n`);
    } else {
      const data = points.data;
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'x-dtype': points.dtype,
        'x-shape': [count, ...stream.pointShape].join(','),
        'x-from': String(first),
        'x-expired': '',
        'x-from-file': range ? range.join(',') : '',
        'x-source': 'file',
      });
      res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    }
  });

  on('/api/scans/:key/streams/:name/lod', async (res, scan, params, query) => {
    const stream = files.stream(scan, params.name!);
    const from = intParam(query.from, 'from', 0);
    const to = intParam(query.to, 'to', Number.MAX_SAFE_INTEGER);
    const buckets = intParam(query.buckets, 'buckets', 1000);
    if (from < 0 || to < from) throw new BadRequest(`need 0 <= from <= to, got from=${from} to=${to}`);
    if (buckets < 1 || buckets > 100_000) throw new BadRequest(`buckets must be between 1 and 100000, got ${buckets}`);
    if (stream.pointShape.length !== 0) throw new BadRequest(`level of detail needs a scalar stream; ${stream.name} is not`);
    const end = Math.max(from, Math.min(to, stream.length));
    const reducer = new MinMaxReducer(from, end, buckets);
    // Chunk by chunk: a long stream never sits in memory whole.
    for (let at = from; at < end; at += LOD_CHUNK) {
      const points = await files.points(scan, stream, at, Math.min(end, at + LOD_CHUNK));
      const data = points.data instanceof BigInt64Array || points.data instanceof BigUint64Array ? Float64Array.from(points.data, Number) : points.data;
      reducer.add(data, at);
    }
    const data = reducer.data;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-from': String(from), 'x-to': String(end), 'x-source': 'file', 'access-control-expose-headers': 'x-from, x-to, x-expired' });
    res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });

  on('/api/scans/:key/streams/:name/frames/:n', async (res, scan, params, query) => {
    const stream = files.stream(scan, params.name!);
    const n = intParam(params.n, 'frame', 0);
    if (n < 0) throw new BadRequest('frame index must be >= 0');
    const bin = intParam(query.bin, 'bin', 1);
    if (bin < 1 || bin > 64) throw new BadRequest('bin must be between 1 and 64');
    const format = query.format ?? 'raw';
    if (format !== 'raw' && format !== 'png') throw new BadRequest(`format must be raw or png, got ${JSON.stringify(format)}`);
    let frame = await files.frame(scan, stream, n);
    if (bin > 1) frame = binFrame(frame, bin);
    if (format === 'raw') {
      const data = frame.data;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-dtype': frame.dtype, 'x-shape': frame.shape.join(','), 'x-frame': String(n), 'x-source': 'file' });
      res.end(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    } else {
      res.writeHead(200, { 'content-type': 'image/png', 'x-frame': String(n), 'x-source': 'file' });
      res.end(options.png(frame.data, frame.shape));
    }
  });

  /**
   * Answers the request if it names a scan this module can reopen; false otherwise. Errors reading
   * the file are thrown, for the API's usual error answer; bad parameters are answered 400 here.
   */
  return async function answerFromFile(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const found = router.find('GET', req.url ?? '/');
    if (!found || req.method !== 'GET') return false;
    const key = found.params.key!;
    if (!files.knows(key)) return false;
    const scan = await files.open(key);
    try {
      await (found.store as Handler)(res, scan, found.params, found.searchParams as Query);
    } catch (error) {
      if (!(error instanceof BadRequest)) throw error;
      sendJson(res, 400, { error: error.message, type: 'BadRequest' });
    }
    return true;
  };
}
