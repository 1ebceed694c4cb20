/**
 * kiosk_heap_growth_pct: a kiosk page (`/kiosk?session=...`) following back-to-back scans, accelerated:
 * short step scans, then a never-ending timescan at 5 kHz (a week of a 10 Hz timescan is 6 M points),
 * then short scans again. The heap (V8 used + ArrayBuffers, after a forced GC) is read once the kiosk
 * has followed the timescan for a while (the baseline), after four times as long on it, and after the
 * last scans; the figure is the larger of the two later readings over the baseline, in per cent.
 */
import type { Browser, Page } from 'playwright-core';
import { heapMb, newPage, screenshot } from '../browser-page';
import type { BenchContext } from '../context';
import { round, sleep } from '../stats';

const SESSION = 'bench_kiosk';

async function shortScans(ctx: BenchContext, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { key } = await ctx.publisher.scenarioStart({ scenario: 'ascan', points: 40, rate: 400, session: SESSION });
    await ctx.publisher.scenarioWait(key);
  }
}

/** Until the kiosk shows the timescan with points drawn (a generous wait). */
async function followsTimescan(page: Page): Promise<void> {
  await page.waitForFunction(() => /timescan/.test(document.body.innerText) && !!document.querySelector('[role=figure][aria-label^="curve plot"][data-point-count]:not([data-point-count="0"])'), null, { timeout: 60_000, polling: 200 });
}

export async function kiosk(ctx: BenchContext, browser: Browser, base: string, notes: string[]) {
  const rate = 5000;
  const followS = ctx.quick ? 4 : 12;
  const scans = ctx.quick ? 20 : 150;
  const { context, page } = await newPage(browser);
  let timescan: string | null = null;
  try {
    await page.goto(`${base}/kiosk?session=${SESSION}`, { waitUntil: 'commit' });
    await shortScans(ctx, 5);
    timescan = (await ctx.publisher.scenarioStart({ scenario: 'timescan', rate, session: SESSION })).key;
    await followsTimescan(page);
    await sleep(followS * 1000);
    const h0 = await heapMb(page);
    await sleep(3 * followS * 1000);
    const h1 = await heapMb(page);
    const held = await page.evaluate(() => document.querySelector('[role=figure][aria-label^="curve plot"]')?.getAttribute('data-point-count'));
    await screenshot(ctx, page, 'kiosk-timescan');
    await ctx.publisher.scenarioStop(timescan);
    timescan = null;
    const t0 = performance.now();
    await shortScans(ctx, scans);
    const scansS = (performance.now() - t0) / 1000;
    await sleep(1000);
    const h2 = await heapMb(page);
    await screenshot(ctx, page, 'kiosk-after');
    const growth = (100 * (Math.max(h1.total, h2.total) - h0.total)) / h0.total;
    notes.push(
      `kiosk: heap ${round(h0.total)} MB (${round(h0.v8)} V8 + ${round(h0.buffers)} buffers) after ${followS} s of a ${rate / 1000} kHz timescan, ${round(h1.total)} MB (${round(h1.v8)} + ${round(h1.buffers)}) after ${4 * followS} s (curve holding ${held ?? '?'} points), ${round(h2.total)} MB (${round(h2.v8)} + ${round(h2.buffers)}) after ${scans} more scans in ${round(scansS)} s`,
    );
    return growth;
  } catch (error) {
    await screenshot(ctx, page, 'kiosk-failed');
    throw error;
  } finally {
    if (timescan) await ctx.publisher.scenarioStop(timescan).catch(() => undefined);
    await context.close();
  }
}
