/**
 * GET /_next/static/...: the production build's hashed, immutable files (script chunks, CSS, fonts,
 * worker and wasm files) answered from memory, compressed once (compressed-asset.ts), in front of Next's
 * own handler, which gzips them again at every request. Files it does not hold (another build's, or
 * none) go on to Next unchanged, so its answers for those stay as they were.
 */
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { compressAsset, sendAsset, type CompressedAsset } from './compressed-asset';

const PREFIX = '/_next/static/';

/** What each extension is sent as, and whether it is worth compressing (woff2, png... already are). */
const TYPES: Record<string, [type: string, compressible: boolean]> = {
  '.js': ['text/javascript; charset=utf-8', true],
  '.mjs': ['text/javascript; charset=utf-8', true],
  '.css': ['text/css; charset=utf-8', true],
  '.json': ['application/json', true],
  '.map': ['application/json', true],
  '.txt': ['text/plain; charset=utf-8', true],
  '.svg': ['image/svg+xml', true],
  '.wasm': ['application/wasm', true],
  '.woff2': ['font/woff2', false],
  '.woff': ['font/woff', false],
  '.png': ['image/png', false],
  '.ico': ['image/x-icon', false],
};

/** Held in memory at most (a build's static files are a few MB); past it, Next answers as before. */
const MAX_CACHED_BYTES = 64 * 1024 * 1024;

export function createStaticAssetHandler(staticDir: string): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  const root = path.resolve(staticDir);
  const cache = new Map<string, Promise<CompressedAsset | null>>();
  let cachedBytes = 0;

  const load = async (file: string, ext: string): Promise<CompressedAsset | null> => {
    const info = await stat(file).catch(() => null);
    if (!info?.isFile() || cachedBytes + info.size > MAX_CACHED_BYTES) return null;
    cachedBytes += info.size;
    const [type, compressible] = TYPES[ext]!;
    return compressAsset(await readFile(file), type, compressible);
  };

  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const urlPath = req.url?.split('?')[0] ?? '';
    if (!urlPath.startsWith(PREFIX)) return false;
    let relative: string;
    try {
      relative = decodeURIComponent(urlPath.slice(PREFIX.length));
    } catch {
      return false; // malformed escapes: Next's own answer
    }
    const file = path.resolve(root, relative);
    const ext = path.extname(file).toLowerCase();
    if (!file.startsWith(root + path.sep) || !(ext in TYPES)) return false;
    let entry = cache.get(file);
    if (!entry) {
      entry = load(file, ext).catch(() => null);
      cache.set(file, entry);
      // A file missing now (a request for another build) is not remembered: the set of names is unbounded.
      void entry.then((asset) => {
        if (!asset) cache.delete(file);
      });
    }
    const asset = await entry;
    if (!asset) return false;
    sendAsset(req, res, asset);
    return true;
  };
}
