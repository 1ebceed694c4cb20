/** plotly's bundle served by Lantern itself: preloadable by a fixed, versioned URL, cached for good. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { PLOTLY_SCRIPT_PATH } from '../../lib/vendor/plotly-script';
import { withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();
const bundle = readFileSync(createRequire(import.meta.url).resolve('plotly.js-basic-dist-min'));

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${lantern.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('vendored plotly', () => {
  it('serves the installed bundle under its version, gzipped when asked, immutable, with 304 on revalidation', async () => {
    // The URL names the version of the bundle actually installed (its banner), so caches never mix versions.
    const installed = /plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)/.exec(bundle.subarray(0, 200).toString())?.[1];
    expect(installed).toMatch(/^\d+\.\d+\.\d+$/);
    expect(PLOTLY_SCRIPT_PATH).toBe(`/vendor/plotly-basic-${installed}.min.js`);
    const plain = await get(PLOTLY_SCRIPT_PATH);
    expect(plain.status).toBe(200);
    expect(plain.body.equals(bundle)).toBe(true);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');

    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const zipped = await get(PLOTLY_SCRIPT_PATH, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.byteLength).toBeLessThan(bundle.byteLength / 2);
    expect(gunzipSync(zipped.body).equals(bundle)).toBe(true);
    // Brotli where accepted (Chromium asks for it on plain HTTP too): smaller again.
    const br = await get(PLOTLY_SCRIPT_PATH, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.body.byteLength).toBeLessThan(zipped.body.byteLength);
    expect(brotliDecompressSync(br.body).equals(bundle)).toBe(true);

    const again = await get(PLOTLY_SCRIPT_PATH, { 'if-none-match': String(plain.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
  });

  it('answers nothing for another version (the API-only server then says 404)', async () => {
    expect((await get('/vendor/plotly-basic-0.0.1.min.js')).status).toBe(404);
  });
});
