/**
 * Exposure: socket.io and state-changing requests from foreign origins are refused; every response
 * carries the security headers; the API is rate-limited per address; logs never carry credentials.
 */
import { Writable } from 'node:stream';
import { io as connect } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { WIRE_PROTOCOL } from '../../lib/wire/contract';
import { createLogger, redactSecrets } from '../logger';
import { withLantern } from '../testing/lantern-fixture';
import { controlViewer, report } from './support';

const lantern = withLantern({ env: { LANTERN_ALLOWED_ORIGINS: 'https://portal.example.org', LANTERN_HTTP_REQUESTS_PER_SECOND: '10' } });

function tryConnect(origin: string | undefined, transport: 'websocket' | 'polling'): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(lantern.url, { transports: [transport], auth: { protocol: WIRE_PROTOCOL }, reconnection: false, forceNew: true, extraHeaders: origin ? { origin } : {} });
    socket.once('connect', () => {
      socket.disconnect();
      resolve('connected');
    });
    socket.once('connect_error', (error: Error & { context?: { responseText?: string } }) => {
      socket.disconnect();
      resolve(`refused: ${error.message} ${error.context?.responseText ?? ''}`);
    });
  });
}

describe('exposure', () => {
  it('socket.io accepts its own origin, the allow-list and clients without Origin; refuses any other page', async () => {
    const own = new URL(lantern.url).origin;
    expect(await tryConnect(own, 'websocket')).toBe('connected');
    expect(await tryConnect('https://portal.example.org', 'websocket')).toBe('connected');
    expect(await tryConnect(undefined, 'websocket')).toBe('connected');
    expect(await tryConnect('http://evil.example', 'websocket')).toMatch(/^refused/);
    const polling = await tryConnect('http://evil.example', 'polling');
    expect(polling).toMatch(/^refused/);
    expect(polling).toMatch(/"code":4,"message":"origin .{0,2}http:\/\/evil.example.{0,2} is not allowed/);
  });

  it('state-changing requests from another origin get 403 naming the setting; reads stay open', async () => {
    const post = await fetch(`${lantern.url}/api/scans`, { method: 'POST', headers: { origin: 'http://evil.example' } });
    expect(post.status).toBe(403);
    expect(await post.json()).toEqual({ type: 'OriginNotAllowed', error: expect.stringMatching(/LANTERN_ALLOWED_ORIGINS/) });
    const own = await fetch(`${lantern.url}/api/scans`, { method: 'POST', headers: { origin: new URL(lantern.url).origin } });
    expect(own.status).toBe(405);
    expect((await fetch(`${lantern.url}/api/scans`, { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });

  it('every response carries the security headers, and no X-Powered-By', async () => {
    for (const path of ['/api/health', '/api/scans', '/api/nothing', '/metrics']) {
      const res = await fetch(`${lantern.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toContain("default-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'self'");
      expect(csp, path).toContain("object-src 'none'");
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('x-powered-by'), path).toBeNull();
      // Nothing to other sites, the page's own origin on its form POSTs (no-referrer would send Origin: null).
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
      await res.arrayBuffer();
    }
  });

  it('a flood of API requests from one address gets 429 with Retry-After; an unrelated viewer keeps every point', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const control = await controlViewer(lantern, store);
    const statuses: number[] = [];
    let refusal = '';
    let seconds = 0;
    const figures = await control.measure(async () => {
      const started = performance.now();
      // Batches of 50 at once: each exceeds the 10 per second allowed, however slow the machine.
      while (performance.now() - started < 1500) {
        const batch = await Promise.all(Array.from({ length: 50 }, () => fetch(`${lantern.url}/api/scans?limit=5`)));
        for (const res of batch) {
          statuses.push(res.status);
          if (res.status === 429 && !refusal) refusal = `${res.headers.get('retry-after')} ${await res.text()}`;
          else await res.arrayBuffer();
        }
      }
      seconds = (performance.now() - started) / 1000;
    });
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    // At most the rate in each one-second window the flood touched.
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(10 * (Math.ceil(seconds) + 1));
    expect(refusal).toMatch(/^1 .*at most 10 per second per address \(LANTERN_HTTP_REQUESTS_PER_SECOND\)/);
    report('API request flood', { requests: statuses.length, refused: statuses.filter((s) => s === 429).length, controlPointsPerSecond: figures.pointsPerSecond, lagP99Ms: figures.lagP99Ms });
  });

  it('frame-ancestors is configurable for a portal embedding the kiosk (then no X-Frame-Options)', async () => {
    await lantern.restart({ LANTERN_FRAME_ANCESTORS: "'self' https://portal.example.org" });
    const res = await fetch(`${lantern.url}/api/health`);
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://portal.example.org");
    expect(res.headers.get('x-frame-options')).toBeNull();
  });

  it('credentials never reach a log line, whatever field or message carries them', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info({ redis: 'redis://lantern:s3cret@db:6379', nested: { list: ['rediss://:s3cret@db'] } }, 'start');
    logger.warn({ err: new Error('cannot reach redis://lantern:s3cret@db:6379/0') }, 'failed');
    logger.error('message with redis://u:s3cret@h:1 in it');
    expect(lines).toHaveLength(3);
    expect(lines.join('')).not.toContain('s3cret');
    expect(lines[0]).toContain('redis://lantern:***@db:6379');
    expect(redactSecrets('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });
});
