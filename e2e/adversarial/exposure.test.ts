/**
 * Exposure, in Chromium against the real server process: the pages work under Lantern's
 * Content-Security-Policy (plots and images drawn, no violation reported), a page of another origin
 * cannot open Lantern's socket.io, and the real start-up log never carries the Redis password.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../testing/redis-launcher';
import { eventually, ROOT, SERVER_COMMAND, withHarness } from '../harness';
import { pointCount, startScan } from '../scans';

const h = withHarness();

/** Records CSP violations and console errors of a page from its first script on. */
async function watched(): Promise<{ page: Page; violations(): Promise<string[]>; errors: string[] }> {
  const page = await h.page();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { page, errors, violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp) };
}

describe('exposure in the browser', () => {
  it('the scan list, a scan with its curve, an image scan and the kiosk render under the CSP, with no violation', async () => {
    const curve = await startScan(h.store, 'ascan', { session: 'e2e_csp', rate: 2000 }).done;
    const image = await startScan(h.store, 'image2d', { session: 'e2e_csp', points: 4, rate: 50 }).done;

    const list = await watched();
    const res = await list.page.goto('/');
    const headers = res!.headers();
    expect(headers['content-security-policy']).toMatch(/default-src 'self'.*frame-ancestors 'self'/);
    // Scripts: own files and Next's inline bootstrap with this response's nonce; no 'unsafe-inline'.
    const scriptSrc = /script-src ([^;]*)/.exec(headers['content-security-policy']!)![1]!;
    expect(scriptSrc).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}=='$/);
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1]!;
    const inline = await list.page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((el) => (el as HTMLScriptElement).nonce));
    expect(inline.length).toBeGreaterThan(0);
    expect(new Set(inline)).toEqual(new Set([nonce]));
    const again = (await list.page.request.get('/')).headers()['content-security-policy']!;
    expect(again).not.toContain(nonce);
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-powered-by']).toBeUndefined();
    await list.page.locator(`[data-scan-key="${curve.key}"]`).first().waitFor();

    const view = await watched();
    await view.page.goto(`/scans/${encodeURIComponent(curve.key)}`);
    await eventually(async () => ((await pointCount(view.page, 'curve')) === 41 ? true : undefined), 15_000, 'curve drawn');
    await view.page.locator('[data-plot-id="curve"] .main-svg').first().waitFor();

    const img = await watched();
    await img.page.goto(`/scans/${encodeURIComponent(image.key)}?plot=image`);
    await img.page.locator('section.plotslot[data-plot-kind="image"] [role=figure][data-render-ms]').waitFor({ timeout: 15_000 });

    const kiosk = await watched();
    await kiosk.page.goto('/kiosk?session=e2e_csp');
    await kiosk.page.locator('.kiosk__scan').waitFor({ timeout: 15_000 });

    // A script injected into the page (as an XSS would) does not run, and is reported.
    const injected = await view.page.evaluate(() => {
      const el = document.createElement('script');
      el.textContent = 'window.__injected = true';
      document.body.appendChild(el);
      return (window as unknown as { __injected?: boolean }).__injected ?? false;
    });
    expect(injected).toBe(false);
    await eventually(async () => ((await view.violations()).some((v) => v.startsWith('script-src')) ? true : undefined), 5000, 'the injected script reported');
    expect((await view.violations()).filter((v) => !v.startsWith('script-src'))).toEqual([]);
    view.errors.splice(0);
    await view.page.evaluate(() => (window as unknown as { __csp: string[] }).__csp.splice(0));

    for (const w of [list, view, img, kiosk]) {
      expect(await w.violations()).toEqual([]);
      expect(w.errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    }
    await h.screenshot(view.page, 'csp-scan-view');
  }, 90_000);

  it('a page served from another origin cannot open Lantern\'s socket.io; Lantern\'s own pages can', async () => {
    const foreign = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>other site</title>'));
    await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
    const lanternWs = `${h.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`;
    const open = (page: Page) =>
      page.evaluate(
        (url) =>
          new Promise<string>((resolve) => {
            const ws = new WebSocket(url);
            ws.onopen = () => resolve('open');
            ws.onerror = () => resolve('refused');
          }),
        lanternWs,
      );
    try {
      const page = await h.page();
      await page.goto(`http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`);
      expect(await open(page)).toBe('refused');
      const own = await h.page();
      await own.goto('/api/health');
      expect(await open(own)).toBe('open');
    } finally {
      foreign.close();
    }
  });

  it('the real start-up log has no Redis password, and Lantern\'s lines are JSON', async () => {
    const admin = new Redis(h.redis.url);
    await admin.call('ACL', 'SETUSER', 'lantern', 'reset', 'on', '>s3cret-pw', '~*', 'resetchannels', '-@all', '+@read', '+info', '+client|setname', '+command|info', '+json.get', '+json.mget');
    await admin.quit();
    const port = await freePort();
    const url = `redis://lantern:s3cret-pw@127.0.0.1:${h.redis.port}`;
    const child = spawn(SERVER_COMMAND[0], SERVER_COMMAND[1], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', REDIS_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status, () => 0)) === 200 ? true : undefined), 60_000, `server up:\n${output}`);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    // A bad setting next to the password: the configuration errors are printed redacted too.
    const bad = spawn(SERVER_COMMAND[0], SERVER_COMMAND[1], { cwd: ROOT, env: { ...process.env, REDIS_URL: 'http://lantern:s3cret-pw@x', PORT: 'x' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let badOutput = '';
    bad.stderr.on('data', (c: Buffer) => (badOutput += c.toString()));
    expect(await new Promise((r) => bad.once('exit', r))).toBe(2);
    expect(badOutput).toMatch(/configuration: REDIS_URL: must start with redis:\/\/ or rediss:\/\/ \(got "http:\/\/lantern:\*\*\*@x"\)/);

    const lines = output.split('\n').filter(Boolean);
    expect(lines.some((l) => /Lantern is listening/.test(l))).toBe(true);
    expect(output).not.toContain('s3cret-pw');
    expect(output).toContain('redis://lantern:***@127.0.0.1');
    // Lantern's lines are JSON; Next.js prints a few plain lines of its own at start-up ("✓ Running next.config.mjs").
    for (const line of lines.filter((l) => !/^\s*[✓▲⚠○]/.test(l))) expect(() => JSON.parse(line), line).not.toThrow();
  }, 90_000);
});
