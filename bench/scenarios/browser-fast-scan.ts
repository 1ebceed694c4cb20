/**
 * fast_scan_busy_pct / fast_scan_input_latency_p95_ms: a 1 000 000-point fscan (quick: 300 000) published
 * live at 20 kHz, watched from its start. Over the scan: the share of the page's main-thread time spent
 * in long tasks (PerformanceObserver `longtask`, tasks over 50 ms), and, for a user who clicks a toggle
 * (markers, log y), box-zooms and double-clicks (zoom back) about twice a second, the time from each input
 * to the next paint (Event Timing: an interaction's longest event entry; interactions with no entry took
 * under the API's 16 ms floor and count as 16 ms).
 */
import type { Browser, Page } from 'playwright-core';
import { newPage, scanUrl, screenshot, startProfile, type BenchWindow } from '../browser-page';
import type { BenchContext } from '../context';
import { percentile, round, sleep } from '../stats';

const CURVE = '[role=figure][aria-label^="curve plot"]';

/** One user action on the curve plot; returns false when its control is not there. */
async function interact(page: Page, step: number): Promise<boolean> {
  const kind = step % 4;
  if (kind === 0 || kind === 2) {
    const title = kind === 0 ? 'Mark peak, cen and com on the plot' : 'Logarithmic left y axis';
    const button = page.locator(`${CURVE} button[title="${title}"]`).first();
    if (!(await button.count())) return false;
    await button.click({ timeout: 15_000, force: true });
    return true;
  }
  const box = await page.locator(`${CURVE} .nsewdrag`).first().boundingBox();
  if (!box) return false;
  if (kind === 1) {
    // Box zoom over the middle third.
    await page.mouse.move(box.x + box.width / 3, box.y + box.height / 3);
    await page.mouse.down();
    await page.mouse.move(box.x + (2 * box.width) / 3, box.y + (2 * box.height) / 3, { steps: 4 });
    await page.mouse.up();
  } else await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  return true;
}

export async function fastScan(ctx: BenchContext, browser: Browser, base: string, notes: string[]) {
  const rate = 20_000;
  const points = ctx.quick ? 300_000 : 1_000_000;
  const { key } = await ctx.publisher.scenarioStart({ scenario: 'fast', points, rate });
  const { context, page } = await newPage(browser);
  try {
    await page.goto(scanUrl(base, key), { waitUntil: 'commit' });
    await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-point-count') ?? 0) > 0, CURVE, { timeout: 60_000 });
    const stopProfile = await startProfile(ctx, page);
    const t0 = await page.evaluate(() => performance.now());
    let done = false;
    const finished = ctx.publisher.scenarioWait(key).then(() => (done = true));
    let actions = 0;
    let skipped = 0;
    for (let step = 0; !done; step++) {
      if (await interact(page, step).catch(() => false)) actions++;
      else skipped++;
      await sleep(400);
    }
    await finished;
    const t1 = await page.evaluate(() => performance.now());
    await stopProfile?.('browser_fast_scan_20k');
    await screenshot(ctx, page, 'fast-scan-20k');
    const { longtasks, events, marks } = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    const draws = marks.filter((m) => m.t >= t0 && m.t < t1 && m.attr === 'data-point-count' && m.label.startsWith('curve plot')).length;
    let busy = 0;
    for (const l of longtasks) busy += Math.max(0, Math.min(l.start + l.duration, t1) - Math.max(l.start, t0));
    const byInteraction = new Map<number, number>();
    for (const e of events) if (e.interactionId > 0 && e.start >= t0 && e.start < t1) byInteraction.set(e.interactionId, Math.max(byInteraction.get(e.interactionId) ?? 0, e.duration));
    // Interactions: a click is one, a drag (pointerdown/up) one, a double click two.
    const expected = Math.round(actions * 1.25);
    const latencies = [...byInteraction.values()];
    while (latencies.length < expected) latencies.push(16);
    const busyPct = (100 * busy) / (t1 - t0);
    const p95 = latencies.length ? percentile(latencies, 95) : null;
    notes.push(
      `fast scan: ${points} points at ${rate / 1000} kHz watched live for ${round((t1 - t0) / 1000)} s; ${draws} curve draws (${round(draws / ((t1 - t0) / 1000))} per s); ${longtasks.filter((l) => l.start >= t0).length} long tasks, ${round(busyPct)} % of the time; ${actions} user actions (${skipped} not possible), ${byInteraction.size} interactions of 16 ms or more, input to next paint p50 ${round(percentile(latencies, 50))} ms, p95 ${p95 === null ? '?' : round(p95)} ms, max ${latencies.length ? round(Math.max(...latencies)) : '?'} ms`,
    );
    return { busyPct, inputP95: p95 };
  } catch (error) {
    await screenshot(ctx, page, 'fast-scan-20k-failed');
    await ctx.publisher.scenarioStop(key).catch(() => undefined);
    throw error;
  } finally {
    await context.close();
  }
}
