/** The build's static files answered from memory, compressed once, and nothing outside their directory. */
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticAssetHandler } from './static-assets';

let dir: string;
let server: Server;
let base: string;
// A script that compresses well but not trivially, and a secret next to the static directory.
const script = Buffer.from(Array.from({ length: 4000 }, (_, i) => `export const v${i} = ${(i * 7919) % 1000};\n`).join(''));
const font = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lantern-static-'));
  mkdirSync(path.join(dir, 'static', 'chunks'), { recursive: true });
  writeFileSync(path.join(dir, 'static', 'chunks', 'app.js'), script);
  writeFileSync(path.join(dir, 'static', 'chunks', 'font.woff2'), font);
  writeFileSync(path.join(dir, 'secret.js'), 'the server-side build');
  const handler = createStaticAssetHandler(path.join(dir, 'static'));
  server = createServer((req, res) => {
    handler(req, res).then(
      (handled) => {
        if (!handled) res.writeHead(404, { 'x-fell-through': '1' }).end('next');
      },
      (e: unknown) => res.writeHead(500).end(String(e)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function get(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // The path is sent as written (no URL normalisation), as a hostile client would.
    const req = request(base, { path: rawPath, headers, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static assets from memory', () => {
  it('answers brotli, gzip or plain as the client accepts, each decoding to the file, immutable', async () => {
    const br = await get('/_next/static/chunks/app.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toBe('accept-encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.byteLength);
    expect(br.body.byteLength).toBeLessThan(script.byteLength / 3);
    expect(brotliDecompressSync(br.body).equals(script)).toBe(true);

    const gz = await get('/_next/static/chunks/app.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(script)).toBe(true);

    const plain = await get('/_next/static/chunks/app.js?dpl=x');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(script)).toBe(true);
    expect(plain.headers.etag).toBe(br.headers.etag);

    const again = await get('/_next/static/chunks/app.js', { 'if-none-match': String(plain.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);

    const head = await get('/_next/static/chunks/app.js', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(gz.body.byteLength);
    expect(head.body.byteLength).toBe(0);
  });

  it('sends already compressed formats as they are', async () => {
    const woff = await get('/_next/static/chunks/font.woff2', { 'accept-encoding': 'gzip, br' });
    expect(woff.headers['content-encoding']).toBeUndefined();
    expect(woff.headers['content-type']).toBe('font/woff2');
    expect(woff.body.equals(font)).toBe(true);
  });

  it('leaves everything outside the static directory, unknown kinds and missing files to Next', async () => {
    for (const p of ['/_next/static/../secret.js', '/_next/static/%2e%2e/secret.js', '/_next/static/chunks/..%2f..%2fsecret.js', '/_next/static/%E0%A4%A', '/_next/static/chunks/app.exe', '/_next/static/chunks/missing.js', '/_next/other/app.js']) {
      const res = await get(p);
      expect(res.status, p).toBe(404);
      expect(res.headers['x-fell-through'], p).toBe('1');
    }
    expect((await get('/_next/static/chunks/app.js', {}, 'POST')).headers['x-fell-through']).toBe('1');
  });

  it('does not remember a missing file: once the build writes it, it is served', async () => {
    expect((await get('/_next/static/chunks/late.js')).status).toBe(404);
    writeFileSync(path.join(dir, 'static', 'chunks', 'late.js'), 'late()');
    const res = await get('/_next/static/chunks/late.js');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('late()');
  });
});
