/**
 * The scan routes of the REST API for scans no longer in Redis, answered from their HDF5 file with
 * `"source": "file"`: the scan, stream slices (json, csv, binary), level of detail and image frames,
 * in the same forms as for a scan in Redis. api.ts hands a request here when Redis says the scan does
 * not exist; `false` means this module does not know the scan either.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import Router from 'find-my-way';
import { reducePoints } from '../data/point-source';
import { frameRequest, sendFrame } from '../http/frame-response';
import { sendJson } from '../http/http-error';
import { lodParams, sendLod } from '../http/lod-response';
import { serveSlice, type SliceDeps } from '../http/slice-route';
import { filePointSource } from './file-point-source';
import type { FileScan, FileScans } from './file-scans';

type Query = Record<string, string | undefined>;
type Params = Record<string, string | undefined>;
type Handler = (res: ServerResponse, scan: FileScan, params: Params, query: Query) => Promise<void>;

const FROM_FILE = { 'x-source': 'file' };

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
    }, FROM_FILE);
  });

  // Slices and level of detail go through the same code as for a scan in Redis (server/http/).
  on('/api/scans/:key/streams/:name', async (res, scan, params, query) => {
    await serveSlice(res, filePointSource(files, scan, files.stream(scan, params.name!)), query as Record<string, string>, options.slice);
  });

  on('/api/scans/:key/streams/:name/lod', async (res, scan, params, query) => {
    const { from, to, buckets } = lodParams(query);
    sendLod(res, await reducePoints(filePointSource(files, scan, files.stream(scan, params.name!)), from, to, buckets), FROM_FILE);
  });

  on('/api/scans/:key/streams/:name/frames/:n', async (res, scan, params, query) => {
    const request = frameRequest(params.n, query);
    const stream = files.stream(scan, params.name!);
    sendFrame(res, await files.frame(scan, stream, request.n), request, options.png, FROM_FILE);
  });

  /**
   * Answers the request if it names a scan this module can reopen; false otherwise. Errors (bad
   * parameters included) are thrown, for the API's one error answer (api.ts).
   */
  return async function answerFromFile(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const found = router.find('GET', req.url ?? '/');
    if (!found || req.method !== 'GET') return false;
    const key = found.params.key!;
    if (!files.knows(key)) return false;
    const scan = await files.open(key);
    await (found.store as Handler)(res, scan, found.params, found.searchParams as Query);
    return true;
  };
}
