/**
 * Immutable files answered from memory, compressed once (gzip and brotli) instead of per request: a
 * page load asks for ~16 script chunks plus plotly (2 MB), and compressing them on the fly cost the
 * server 10-50 ms of its one thread per chunk, serialised, while it was also pushing a scan's data
 * (docs/performance.md, first paint).
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export interface CompressedAsset {
  body: Buffer;
  /** Null when compressing does not pay (already compressed formats, tiny files). */
  gzip: Buffer | null;
  br: Buffer | null;
  etag: string;
  type: string;
}

/** Below this, a compressed copy saves less than its headers and the work. */
const MIN_COMPRESS_BYTES = 1024;

/**
 * Both encodings at once, off the event loop (zlib's thread pool). Brotli at quality 9: within 3 % of
 * quality 11's size on these files at a tenth of the time (plotly: 0.2 s against 2.9 s).
 */
export async function compressAsset(body: Buffer, type: string, compressible: boolean): Promise<CompressedAsset> {
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  if (!compressible || body.byteLength < MIN_COMPRESS_BYTES) return { body, gzip: null, br: null, etag, type };
  const [gz, br] = await Promise.all([
    gzipAsync(body, { level: 9 }),
    brotliAsync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }),
  ]);
  return { body, gzip: gz.byteLength < body.byteLength ? gz : null, br: br.byteLength < body.byteLength ? br : null, etag, type };
}

/** Whether the request's Accept-Encoding allows `coding` (a `q=0` refuses it). */
function accepts(header: string | string[] | undefined, coding: string): boolean {
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== coding) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    return q === undefined || Number(q) > 0;
  }
  return false;
}

/** 200 with the smallest encoding the client takes, or 304 when its copy is this one. */
export function sendAsset(req: IncomingMessage, res: ServerResponse, asset: CompressedAsset): void {
  const headers: Record<string, string | number> = {
    'content-type': asset.type,
    'cache-control': 'public, max-age=31536000, immutable',
    etag: asset.etag,
    vary: 'accept-encoding',
  };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers).end();
    return;
  }
  const encoding = asset.br && accepts(req.headers['accept-encoding'], 'br') ? 'br' : asset.gzip && accepts(req.headers['accept-encoding'], 'gzip') ? 'gzip' : null;
  const payload = encoding === 'br' ? asset.br! : encoding === 'gzip' ? asset.gzip! : asset.body;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = payload.byteLength;
  res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : payload);
}
