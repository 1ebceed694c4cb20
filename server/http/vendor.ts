/**
 * GET /vendor/plotly-basic-<version>.min.js: plotly's dist bundle from node_modules, read and compressed
 * once, then answered from memory with an immutable cache header (compressed-asset.ts). Served here
 * rather than as a Next chunk so every page can preload it by a fixed URL.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PLOTLY_SCRIPT_PATH } from '../../lib/vendor/plotly-script';
import { compressAsset, sendAsset, type CompressedAsset } from './compressed-asset';

export function createVendorHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  let asset: Promise<CompressedAsset> | null = null;
  const load = async (): Promise<CompressedAsset> => {
    const file = createRequire(import.meta.url).resolve('plotly.js-basic-dist-min');
    return compressAsset(await readFile(file), 'text/javascript; charset=utf-8', true);
  };
  return async (req, res) => {
    const path = req.url?.split('?')[0];
    if (path !== PLOTLY_SCRIPT_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
    asset ??= load().catch((error: unknown) => {
      asset = null;
      throw new Error(`plotly.js bundle unavailable: ${(error as Error).message}`, { cause: error });
    });
    sendAsset(req, res, await asset);
    return true;
  };
}
