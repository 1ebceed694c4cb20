/**
 * The REST API (JSON): health, scans, a scan, stream slices (json, csv, binary), image frames
 * (raw, png) and Prometheus metrics. Path segments are URL-decoded (stream names hold `:`, `#`, spaces).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encode as encodePng } from 'fast-png';
import Router from 'find-my-way';
import type { DataStore } from '../../lib/blissdata/data-store';
import type { DataStream, DecodedPoints } from '../../lib/blissdata/data-stream';
import { dtypeStrOfArray, parseDtype, type NumericArray } from '../../lib/blissdata/dtype';
import {
  BlissdataError,
  IndexNoMoreThereError,
  IndexNotYetThereError,
  IndexWontBeThereError,
  ScanNotFoundError,
  StreamNotFoundError,
  UnsupportedStreamError,
} from '../../lib/blissdata/errors';
import { FrameNotSavedYetError, LimaNotSavedError, UnsupportedLimaFormatError } from '../../lib/blissdata/lima';
import { Scan } from '../../lib/blissdata/scan';
import { SCAN_STATE_NAMES } from '../../lib/blissdata/scan-document';
import { FileMissingError, PathNotAllowedError } from '../files/data-roots';
import { DatasetMissingError, IndexOutOfRangeError, NotHdf5Error, ReadTooLargeError, UnsupportedDatasetError, type Hdf5Reader } from '../files/hdf5-reader';
import type { LodReply, LodRequest } from '../../lib/wire/contract';
import type { ScanIndex } from '../live/scan-index';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { searchScans } from '../catalogue/search-route';
import { redisPointSource } from '../data/point-source';
import { SearchQueryError, type ScanCatalogue } from '../catalogue/types';
import { describe as describeDatabase, WAITING_FOR_INIT, type DatabaseState } from '../redis/database-watch';
import { mapRedisError } from '../redis/errors';
import { hdf5DiagnosticsSeq } from '../hdf5-diagnostics';
import { mapHdf5Error } from './hdf5-errors';
import { HttpError, intParam, sendError, sendJson } from './http-error';
import { frameRequest, sendFrame } from './frame-response';
import { DEFAULT_SLICE_MAX_BYTES, serveSlice } from './slice-route';
import { readImageFrame } from './image-frames';
import { registerScanCsvRoute } from './scan-csv';
import { registerStatsRoute } from './stats-route';
import { LodFirst } from './lod-first';
import { lodParams, sendLod } from './lod-response';

export interface ApiDeps {
  store: DataStore;
  /** Level of detail of a scalar stream; `client` (a socket id) has its catch-up held back meanwhile. */
  lod(request: LodRequest, client: string | undefined): Promise<LodReply>;
  index: ScanIndex;
  hdf5: Hdf5Reader;
  metrics: Metrics;
  logger: Logger;
  startedAt: number;
  /** The database as last probed (ready, waiting for blissdata, unreachable). */
  database(): DatabaseState;
  /** Longest wait for Redis in a request (the command connection's timeout), for messages. */
  redisTimeoutMs?: number;
  /** Largest stream slice, in bytes of decoded point data (LANTERN_SLICE_MAX_BYTES). */
  sliceMaxBytes?: number;
  /** The scan catalogue: /api/scans searches it (without it, only the scans in Redis are listed). */
  catalogue?: ScanCatalogue;
  /** Answers a scan route for a scan Redis no longer holds, from its file; false when none is known. */
  fromFile?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

/** Longest /api/health waits for Redis before answering 503. */
const HEALTH_TIMEOUT_MS = 2000;


function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof SearchQueryError) return 400;
  if (error instanceof ScanNotFoundError || error instanceof StreamNotFoundError || error instanceof FileMissingError || error instanceof DatasetMissingError) return 404;
  if (error instanceof PathNotAllowedError) return 403;
  // A frame that never will exist (beyond a sealed end, or beyond what its file holds) is a missing
  // resource: 416 is only for a Range header that cannot be satisfied, and none is involved here.
  if (error instanceof IndexOutOfRangeError || error instanceof IndexWontBeThereError) return 404;
  if (error instanceof FrameNotSavedYetError || error instanceof IndexNotYetThereError) return 409;
  if (error instanceof IndexNoMoreThereError) return 410;
  if (error instanceof UnsupportedStreamError || error instanceof UnsupportedLimaFormatError || error instanceof LimaNotSavedError) return 422;
  if (error instanceof BlissdataError) return 422;
  // A file Lantern cannot read (not HDF5, another layout, an unknown compression filter) is a data problem, not a server failure.
  if (error instanceof NotHdf5Error || error instanceof UnsupportedDatasetError) return 422;
  if (error instanceof ReadTooLargeError) return 413;
  return 500;
}

/** Scan.load, with a key holding something else than a JSON document (a stream, a string) as not found. */
async function loadScan(store: DataStore, key: string): Promise<Scan> {
  try {
    return await Scan.load(store, key);
  } catch (error) {
    // JSON.GET on another type: WRONGTYPE (RedisJSON 2.x) or "Existing key has wrong Redis type" (1.x, the stand-in).
    if (error instanceof Error && error.name === 'ReplyError' && /WRONGTYPE|wrong Redis type/i.test(error.message)) throw new ScanNotFoundError(key);
    throw error;
  }
}

async function loadStream(store: DataStore, key: string, name: string): Promise<{ scan: Scan; stream: DataStream }> {
  const scan = await loadScan(store, key);
  const stream = scan.streams.get(name);
  if (!stream) throw new StreamNotFoundError(key, name);
  return { scan, stream };
}

export function createApiRouter(deps: ApiDeps) {
  const router = Router({ ignoreTrailingSlash: true, maxParamLength: 2000 });
  type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, query: Record<string, string>) => Promise<void>;
  const routes: [string, Handler][] = [];
  const get = (path: string, handler: Handler) => routes.push([path, handler]);
  // One per router: the statistics route waits for level-of-detail replies in progress (lod-first.ts).
  const lodFirst = new LodFirst();

  get('/api/health', async (_req, res) => {
    const redis = deps.store.redis;
    const started = performance.now();
    const probe = async () => {
      const version = await redis.get('_PROTOCOL_VERSION_');
      const found: string[] = [];
      try {
        const info = (await redis.call('COMMAND', 'INFO', 'JSON.GET', 'FT.SEARCH')) as unknown[];
        if (info[0]) found.push('ReJSON');
        if (info[1]) found.push('search');
      } catch {
        // COMMAND INFO refused (an ACL without +command|info): Redis is reachable, probe RedisJSON itself.
        if (await redis.call('JSON.GET', '_PROTOCOL_VERSION_:json-probe').then(() => true, () => false)) found.push('ReJSON');
      }
      return { version, found };
    };
    let reachable = false;
    let protocolVersion: string | null = null;
    let modules: string[] = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      // The command connection queues commands while Redis is away (they wait for the reconnection):
      // answer 503 at once then, and never wait more than a few seconds.
      if (redis.status !== 'ready') throw new Error(`redis connection ${redis.status}`);
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('redis health probe timed out')), HEALTH_TIMEOUT_MS);
      });
      ({ version: protocolVersion, found: modules } = await Promise.race([probe(), timeout]));
      reachable = true;
    } catch {
      reachable = false;
    } finally {
      clearTimeout(timer);
    }
    const ok = reachable && protocolVersion === '1' && modules.includes('ReJSON');
    // What this probe found first; the watcher's last finding says more (stalled, lost, other version).
    const watched = describeDatabase(deps.database());
    const problem = ok
      ? null
      : !reachable
        ? (watched ?? 'Redis does not answer')
        : protocolVersion === null
          ? `${WAITING_FOR_INIT} (_PROTOCOL_VERSION_ is missing)`
          : (watched ?? `not a usable blissdata database (protocol version ${protocolVersion}, modules: ${modules.join(', ') || 'none'})`);
    sendJson(res, ok ? 200 : 503, {
      ok,
      ...(problem ? { problem } : {}),
      redis: { reachable, latencyMs: Number((performance.now() - started).toFixed(2)), protocolVersion, modules },
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
    });
  });

  get('/api/scans', async (_req, res, _params, query) => {
    // `before` pages the scans in Redis by history id (the older interface); anything else searches the catalogue.
    if (deps.catalogue && query.before === undefined) return sendJson(res, 200, await searchScans({ catalogue: deps.catalogue, store: deps.store, live: (k) => deps.index.get(k) }, query));
    const limit = intParam(query.limit, 'limit', 100);
    if (limit < 1 || limit > 10_000) throw new HttpError('BadRequest', 'limit must be between 1 and 10000');
    if (query.before !== undefined && !/^\d+-\d+$/.test(query.before)) throw new HttpError('BadRequest', 'before must be a history id like 1700000000000-0');
    sendJson(res, 200, { scans: deps.index.list({ session: query.session || undefined, limit, before: query.before }) });
  });

  get('/api/scans/:key', async (_req, res, params) => {
    const scan = await loadScan(deps.store, params.key!);
    const streams = await Promise.all(
      [...scan.streams.values()].map(async (s) => {
        const encoding = s.encoding;
        const length = s.error ? { length: 0, sealed: false } : await s.length().catch(() => ({ length: 0, sealed: false }));
        return {
          name: s.name,
          kind: s.kind,
          plugin: s.resolved.plugin ?? null,
          dtype: encoding?.type === 'numeric' ? encoding.dtype_str : null,
          shape: encoding?.type === 'numeric' ? encoding.shape : null,
          length: length.length,
          sealed: length.sealed,
          firstAvailable: s.error ? null : await s.firstAvailableIndex().catch(() => null),
          unit: typeof s.info.unit === 'string' ? s.info.unit : (scanChannelUnit(scan, s.name) ?? null),
          error: s.error ?? null,
        };
      }),
    );
    sendJson(res, 200, { key: scan.key, source: 'redis', identity: scan.identity, state: SCAN_STATE_NAMES[scan.state], info: scan.info, streams });
  });

  get('/api/scans/:key/streams/:name', async (_req, res, params, query) => {
    const { stream } = await loadStream(deps.store, params.key!, params.name!);
    await serveSlice(res, redisPointSource(stream, deps.hdf5), query, { logger: deps.logger, maxBytes: deps.sliceMaxBytes ?? DEFAULT_SLICE_MAX_BYTES });
  });

  get('/api/scans/:key/streams/:name/lod', async (_req, res, params, query) => {
    const t0 = performance.now();
    const reply = await lodFirst.reply(() => deps.lod({ key: params.key!, stream: params.name!, ...lodParams(query) }, query.client));
    // The time the server took, readable by the page (Resource Timing) apart from the network and its own delays.
    sendLod(res, reply, { 'server-timing': `lod;dur=${(performance.now() - t0).toFixed(1)}` });
  });

  get('/api/scans/:key/streams/:name/frames/:n', async (_req, res, params, query) => {
    const request = frameRequest(params.n, query);
    const { stream } = await loadStream(deps.store, params.key!, params.name!);
    sendFrame(res, await readImageFrame(stream, request.n, deps.hdf5), request, pngOf);
  });

  registerStatsRoute(get, { ...deps, lodFirst });
  registerScanCsvRoute(get, deps);

  get('/metrics', async (_req, res) => {
    res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
    res.end(await deps.metrics.registry.metrics());
  });

  for (const [path, handler] of routes) router.on('GET', path, () => undefined, handler);

  /** Handles the request when it is an API route; returns false to let Next answer it. */
  return async function handleApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = req.url ?? '/';
    if (!url.startsWith('/api/') && !url.startsWith('/metrics')) return false;
    const path = url.split('?')[0]!;
    // The whole URL: find-my-way splits the query string off itself and parses it into searchParams.
    const found = router.find((req.method ?? 'GET') as 'GET', url);
    if (!found) {
      if (url.startsWith('/api/')) sendError(res, new HttpError(req.method === 'GET' ? 'NoRoute' : 'MethodNotAllowed', `no route ${req.method} ${path}`));
      return url.startsWith('/api/');
    }
    const handler = found.store as Handler;
    const hdf5Before = hdf5DiagnosticsSeq();
    try {
      await handler(req, res, found.params, found.searchParams);
    } catch (caught) {
      let error = caught;
      // Gone from Redis: from the scan's file, when the catalogue (or a file key) says where it is.
      if (deps.fromFile && caught instanceof ScanNotFoundError && !res.headersSent) {
        try {
          if (await deps.fromFile(req, res)) return true;
        } catch (fileError) {
          error = fileError;
        }
      }
      const mapped = mapRedisError(error, deps.redisTimeoutMs ?? 0) ?? mapHdf5Error(error, statusOf(error), hdf5Before);
      const status = mapped?.status ?? statusOf(error);
      if (status >= 500) deps.logger.error({ err: (error as Error).message, type: mapped?.type, url }, 'API request failed');
      // lastReadable: the newest frame a viewer following a Lima scan can show instead (issue 10).
      const extra = error instanceof FrameNotSavedYetError ? { lastReadable: error.lastReadable } : {};
      if (!res.headersSent) sendJson(res, status, { error: mapped?.message ?? (error as Error).message, type: mapped?.type ?? (error as Error).name, ...extra });
      else res.destroy();
    }
    return true;
  };
}

function scanChannelUnit(scan: Scan, name: string): string | undefined {
  const channels = scan.info.channels as Record<string, { unit?: unknown }> | undefined;
  const unit = channels?.[name]?.unit;
  return typeof unit === 'string' ? unit : undefined;
}

/** Grayscale PNG, min/max scaled: 16-bit for integer frames, 8-bit otherwise. */
export function pngOf(data: ArrayLike<number | bigint>, [height, width]: [number, number]): Uint8Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? 65535 / (max - min) : 0;
  const out = new Uint16Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = Math.round((Number(data[i]) - min) * scale);
  return encodePng({ width, height, data: out, depth: 16, channels: 1 });
}
