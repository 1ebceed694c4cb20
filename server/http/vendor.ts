/**
 * GET /vendor/plotly-basic-<version>.min.js: plotly's dist bundle from node_modules, read and gzipped
 * once, then answered from memory with an immutable cache header. Served here rather than as a Next
 * chunk so every page can preload it by a fixed URL, and so a server busy pushing data spends no CPU
 * compressing 1.2 MB per page load.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { PLOTLY_SCRIPT_PATH } from '../../lib/vendor/plotly-script';

const gzipAsync = promisify(gzip);

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
}

export function createVendorHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  let asset: Promise<Asset> | null = null;
  const load = async (): Promise<Asset> => {
    const file = createRequire(import.meta.url).resolve('plotly.js-basic-dist-min');
    const body = await readFile(file);
    const gzipped = await gzipAsync(body, { level: 9 });
    return { body, gzipped, etag: `"${PLOTLY_SCRIPT_PATH.split('/').pop()}-${body.byteLength}"` };
  };
  return async (req, res) => {
    const path = req.url?.split('?')[0];
    if (path !== PLOTLY_SCRIPT_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    asset ??= load().catch((error: unknown) => {
      asset = null;
      throw new Error(`plotly.js bundle unavailable: ${(error as Error).message}`, { cause: error });
    });
    const { body, gzipped, etag } = await asset;
    const headers: Record<string, string | number> = {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
      vary: 'accept-encoding',
    };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers).end();
      return true;
    }
    const useGzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const payload = useGzip ? gzipped : body;
    if (useGzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = payload.byteLength;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : payload);
    return true;
  };
}
