/**
 * GET /api/scans/:key/streams/:name/stats[?x=<stream>&monitor=<stream>] — curve statistics (peak, cen,
 * fwhm, com, min, max) over every point of the stream, as the page computes them, shared by all viewers.
 * Errors go through the API's handler (404 unknown scan or stream, 422 not a scalar stream).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataStore } from '../../lib/blissdata/data-store';
import { ScanNotFoundError } from '../../lib/blissdata/errors';
import { Scan } from '../../lib/blissdata/scan';
import type { Hdf5Reader } from '../files/hdf5-reader';
import { StreamStatsCache } from '../live/stream-stats';
import type { LodFirst } from './lod-first';

type Handler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string | undefined>, query: Record<string, string>) => Promise<void>;

export function registerStatsRoute(get: (path: string, handler: Handler) => void, deps: { store: DataStore; hdf5?: Hdf5Reader; lodFirst?: LodFirst }): void {
  const cache = new StreamStatsCache(deps.hdf5 ?? null);
  get('/api/scans/:key/streams/:name/stats', async (_req, res, params, query) => {
    const scan = await Scan.load(deps.store, params.key!).catch((error: unknown) => {
      // A key holding something else than a scan document (a stream, a string) is no scan.
      if (error instanceof Error && error.name === 'ReplyError' && /WRONGTYPE|wrong Redis type/i.test(error.message)) throw new ScanNotFoundError(params.key!);
      throw error;
    });
    await deps.lodFirst?.idle();
    const reply = await cache.get(scan, params.name!, query.x || null, query.monitor || null);
    // NaN (no finite pair) is not JSON: sent as null.
    const text = JSON.stringify(reply, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(text);
  });
}
