/**
 * The scan routes of the REST API for scans no longer in Redis, answered from their HDF5 file with
 * `"source": "file"`: the scan, stream slices (json, csv, binary), level of detail and image frames,
 * in the same forms as for a scan in Redis. api.ts hands a request here when Redis says the scan does
 * not exist; `false` means this module does not know the scan either.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import { binFrame } from '../files/hdf5-reader';
import { reducePoints } from '../data/point-source';
import { lodParams, sendLod } from '../http/lod-response';
import { serveSlice, type SliceDeps } from '../http/slice-route';
import { filePointSource } from './file-point-source';
import type { FileScan, FileScans } from './file-scans';

type Query = Record<string, string | undefined>;
type Params = Record<string, string | undefined>;
type Handler = (res: ServerResponse, scan: FileScan, params: Params, query: Query) => Promise<void>;

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

export function createFileRoutes(files: FileScans, options: { png(data: ArrayLike<number | bigint>, shape: [number, number]): Uint8Array; slice: SliceDeps }) {
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

  // Slices and level of detail go through the same code as for a scan in Redis (server/http/).
  on('/api/scans/:key/streams/:name', async (res, scan, params, query) => {
    await serveSlice(res, filePointSource(files, scan, files.stream(scan, params.name!)), query as Record<string, string>, options.slice);
  });

  on('/api/scans/:key/streams/:name/lod', async (res, scan, params, query) => {
    const { from, to, buckets } = lodParams(query);
    sendLod(res, await reducePoints(filePointSource(files, scan, files.stream(scan, params.name!)), from, to, buckets), { 'x-source': 'file' });
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
