/**
 * kiosk_heap_growth_pct: a kiosk page (`/kiosk?session=...`) following back-to-back scans, accelerated:
 * short step scans, then a never-ending timescan (npoints 0) of four float64 streams published in
 * batches at 100 kHz (a week of a 10 Hz timescan is 6 M points), then short scans again. The timescan
 * runs until the page has followed more points than its raw window (lib/live-data/scan-window.ts), so
 * the readings are taken where an unbounded buffer would keep growing. The heap (V8 used + ArrayBuffers,
 * after a forced GC) is read after following it a while longer (the baseline), after four times as
 * long, and after the last scans; the figure is the larger of the two later readings over the baseline,
 * in per cent.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { scanWindowPoints } from '../../lib/live-data/scan-window';
import { heapMb, newPage, screenshot } from '../browser-page';
import type { BenchContext } from '../context';
import { round, sleep } from '../stats';

const SESSION = 'bench_kiosk';
const CURVE = '[role=figure][aria-label^="curve plot"]';

async function shortScans(ctx: BenchContext, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { key } = await ctx.publisher.scenarioStart({ scenario: 'ascan', points: 40, rate: 400, session: SESSION });
    await ctx.publisher.scenarioWait(key);
  }
}

/** Until the kiosk shows the timescan with points drawn (a generous wait). */
async function followsTimescan(page: Page): Promise<void> {
  await page.waitForFunction((sel) => /timescan/.test(document.body.innerText) && !!document.querySelector(`${sel}[data-point-count]:not([data-point-count="0"])`), CURVE, { timeout: 60_000, polling: 200 });
}

/**
 * Until the page itself has taken in at least `points` points (held raw or summarised; not the server's
 * summary it draws while it is behind).
 */
async function followedPoints(page: Page, points: number, timeoutMs: number): Promise<void> {
  await page.waitForFunction(
    ([sel, n]) => {
      const el = document.querySelector(sel as string);
      return Number(el?.getAttribute('data-point-count') ?? 0) + Number(el?.getAttribute('data-summarized') ?? 0) >= (n as number);
    },
    [CURVE, points] as const,
    { timeout: timeoutMs, polling: 500 },
  );
}

async function curveAttrs(page: Page): Promise<Record<string, string | null>> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    return { held: el?.getAttribute('data-point-count') ?? null, extent: el?.getAttribute('data-extent') ?? null, summarized: el?.getAttribute('data-summarized') ?? null };
  }, CURVE);
}

async function heapSnapshot(page: Page, file: string): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const cdp = await page.context().newCDPSession(page);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', (e: { chunk: string }) => out.write(e.chunk));
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await cdp.detach();
  await new Promise((resolve) => out.end(resolve));
}

export async function kiosk(ctx: BenchContext, browser: Browser, base: string, notes: string[]) {
  const rate = 100_000;
  const batch = 2000;
  const streams = 4;
  // The page's window for this scan (four float64 streams), and a quarter more to be well past it. The
  // quick run shrinks the window to a quarter million points (`lanternWindowPoints`, the same code path):
  // on the shared two-core machine the page takes in 20-50 k points/s while the server also answers
  // statistics and summaries over millions, and the default window (2 M points) takes minutes to pass.
  const forced = ctx.quick ? 1 << 18 : null;
  const window = forced ?? scanWindowPoints(streams * 8);
  const fill = Math.ceil(window * 1.25);
  const followS = ctx.quick ? 4 : 12;
  const scans = ctx.quick ? 20 : 150;
  const { context, page } = await newPage(browser);
  let timescan: string | null = null;
  let publishing = false;
  let feeding: Promise<number> | null = null;
  try {
    if (forced !== null) {
      await page.addInitScript((w) => {
        (globalThis as { lanternWindowPoints?: number }).lanternWindowPoints = w;
      }, forced);
    }
    await page.goto(`${base}/kiosk?session=${SESSION}`, { waitUntil: 'commit' });
    await shortScans(ctx, 5);
    timescan = (await ctx.publisher.createScans({ count: 1, streams, name: 'timescan', npoints: 0, session: SESSION, plots: [{ kind: 'curve-plot', items: [{ kind: 'curve', x: 'bench:t', y: 'bench:ch01' }] }] })).keys[0]!;
    publishing = true;
    // A quarter of a second per call, so the feed stops soon after it is told to.
    feeding = (async () => {
      let published = 0;
      while (publishing) {
        await ctx.publisher.publish({ keys: [timescan!], points: rate / 4, batch, rate, indexValues: true });
        published += rate / 4;
      }
      return published;
    })();
    feeding.catch(() => undefined);
    await followsTimescan(page);
    const tf = performance.now();
    await followedPoints(page, fill, ctx.quick ? 120_000 : 400_000);
    const fillS = (performance.now() - tf) / 1000;
    await sleep(followS * 1000);
    const h0 = await heapMb(page);
    const a0 = await curveAttrs(page);
    await sleep(3 * followS * 1000);
    const h1 = await heapMb(page);
    const a1 = await curveAttrs(page);
    await screenshot(ctx, page, 'kiosk-timescan');
    publishing = false;
    const published = await feeding;
    feeding = null;
    await ctx.publisher.close([timescan]);
    timescan = null;
    const t0 = performance.now();
    await shortScans(ctx, scans);
    const scansS = (performance.now() - t0) / 1000;
    await sleep(1000);
    const h2 = await heapMb(page);
    await screenshot(ctx, page, 'kiosk-after');
    // BENCH_HEAP_SNAPSHOT=DIR: what still holds memory after the scans (open in Chromium's DevTools).
    if (process.env.BENCH_HEAP_SNAPSHOT) await heapSnapshot(page, path.join(process.env.BENCH_HEAP_SNAPSHOT, 'kiosk-after.heapsnapshot'));
    const growth = (100 * (Math.max(h1.total, h2.total) - h0.total)) / h0.total;
    const shown = (a: Record<string, string | null>) => `${a.extent ?? '?'} points (${a.held ?? '?'} raw, ${a.summarized ?? 'none'} summarised)`;
    notes.push(
      `kiosk: a ${rate / 1000} kHz timescan of ${streams} float64 streams passed the page's window of ${window} points${forced !== null ? ' (shrunk for the quick run)' : ''} in ${round(fillS)} s; heap ${round(h0.total)} MB (${round(h0.v8)} V8 + ${round(h0.buffers)} buffers) ${followS} s later, curve at ${shown(a0)}; ${round(h1.total)} MB (${round(h1.v8)} + ${round(h1.buffers)}) after ${3 * followS} s more, curve at ${shown(a1)}; ${published} points published; ${round(h2.total)} MB (${round(h2.v8)} + ${round(h2.buffers)}) after ${scans} more scans in ${round(scansS)} s`,
    );
    return growth;
  } catch (error) {
    await screenshot(ctx, page, 'kiosk-failed');
    throw error;
  } finally {
    publishing = false;
    if (feeding) await feeding.catch(() => undefined);
    if (timescan) await ctx.publisher.close([timescan]).catch(() => undefined);
    await context.close();
  }
}
