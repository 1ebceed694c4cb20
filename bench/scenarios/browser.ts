/**
 * browser (and the browser half of memory): headless Chromium (playwright-core, /usr/bin/chromium)
 * on Lantern's real pages, served by the full server as deployed (`tsx server/main.ts`, production
 * build), through the plots' test hooks: `role=figure` + `aria-label` ("curve plot: ...", "image plot:
 * ..."), `data-point-count` (points the plot holds, set when it draws) and `data-frame-index` (image
 * shown). An init script records every change of those attributes and every long task
 * (PerformanceObserver `longtask`) with page timestamps, which start at navigation.
 *
 * - first_paint_1m_ms: a finished 1 000 000-point scan (simulator `fast`: fscan, 5 channels), from
 *   navigation to the frame painted after the curve plot first drew the whole curve (`data-extent`: all
 *   1 000 000 points represented, through the server's min/max level of detail, which is also how the
 *   page draws a curve it holds: two buckets per pixel). Also first_paint_1m_all_points_ms: until
 *   the plot holds all 1 000 000 raw points and has drawn from them. Fresh browser context per repeat;
 *   median.
 * - browser_heap_mb: that page's JS heap (V8 used size + ArrayBuffer backing stores, after a GC).
 * - live_update_hz / live_longest_task_ms: a 10 kHz fscan running; curve redraws per second and the
 *   longest main-thread task over a window of the run.
 * - image_2048_fps: 2048x2048 uint16 frames published at 20 fps; distinct frames displayed per second.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BenchContext, ScenarioResult } from '../context';
import { ensureBuild, NextServer } from '../next-server';
import { median, round, sleep } from '../stats';

const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const VIEWPORT = { width: 1600, height: 1000 };

interface Mark {
  t: number;
  label: string;
  attr: string;
  value: string | null;
}

interface BenchWindow {
  __bench: { marks: Mark[]; longtasks: { start: number; duration: number }[]; paintAfter(label: string, count: string): void; paints: Record<string, number> };
}

/** Runs in the page before its own scripts. */
function instrument(): void {
  const bench: BenchWindow['__bench'] = {
    marks: [],
    longtasks: [],
    paints: {},
    paintAfter() {},
  };
  (window as unknown as BenchWindow).__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // longtask not supported: live_longest_task_ms stays null.
  }
  const observer = new MutationObserver((records) => {
    const t = performance.now();
    for (const r of records) {
      const el = r.target as Element;
      const label = el.getAttribute('aria-label') ?? '';
      const value = el.getAttribute(r.attributeName!);
      bench.marks.push({ t, label, attr: r.attributeName!, value });
      // First time a curve holds all points: time the next painted frame (a task queued from the
      // animation frame callback runs after that frame's paint).
      if ((r.attributeName === 'data-point-count' || r.attributeName === 'data-extent') && label.startsWith('curve plot') && value !== null) {
        const key = `${r.attributeName}|${label}|${value}`;
        if (!(key in bench.paints)) {
          bench.paints[key] = -1;
          requestAnimationFrame(() => setTimeout(() => (bench.paints[key] = performance.now()), 0));
        }
      }
    }
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-point-count', 'data-extent', 'data-frame-index'] });
}

/**
 * With `--cpu-prof DIR`: a V8 CPU profile of the page (DIR/<label>.cpuprofile, see profile-summary.ts)
 * and a Chromium performance trace (DIR/<label>.trace.json, see trace-summary.ts) over a window.
 */
async function startProfile(ctx: BenchContext, page: Page): Promise<((label: string) => Promise<void>) | null> {
  if (!ctx.cpuProfileDir) return null;
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async (label) => {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
    writeFileSync(path.join(ctx.cpuProfileDir!, `${label}.cpuprofile`), JSON.stringify(profile));
    await cdp.detach();
    writeFileSync(path.join(ctx.cpuProfileDir!, `${label}.trace.json`), await browser.stopTracing());
  };
}

async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  return { context, page };
}

/** lantern_client_drops_total from the server's /metrics: times a client exceeded its send budget. */
async function clientDrops(server: NextServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let sum = 0;
  for (const m of text.matchAll(/^lantern_client_drops_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)/gm)) sum += Number(m[1]);
  return sum;
}

const scanUrl = (base: string, key: string) => `${base}/scans/${encodeURIComponent(key)}`;

async function screenshot(ctx: BenchContext, page: Page, name: string): Promise<void> {
  const dir = process.env.BENCH_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) }).catch((e: Error) => ctx.log(`  screenshot ${name}: ${e.message}`));
}

/** JS heap: V8 used size plus ArrayBuffer backing stores (typed arrays live there), after a GC. */
async function heapMb(page: Page): Promise<{ total: number; v8: number; buffers: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  await cdp.detach();
  const v8 = usage.usedSize / 2 ** 20;
  const buffers = (usage.backingStorageSize ?? 0) / 2 ** 20;
  return { total: v8 + buffers, v8, buffers };
}

/**
 * Two times per repeat: the curve drawn over its whole extent (every one of the N points represented,
 * from the server's min/max summary while the raw points are still on their way), and the curve drawn
 * from all N raw points held by the page.
 */
async function firstPaint(ctx: BenchContext, browser: Browser, server: NextServer, key: string, points: number, repeats: number, notes: string[]) {
  const complete: number[] = [];
  const allPoints: number[] = [];
  let heap: { total: number; v8: number; buffers: number } | null = null;
  const paintOf = async (page: Page, attr: string) => {
    const handle = await page.waitForFunction(
      ([a, n]) => {
        const b = (window as unknown as BenchWindow).__bench;
        const entry = Object.entries(b.paints).find(([k, t]) => k.startsWith(`${a}|`) && k.endsWith(`|${n}`) && t >= 0);
        return entry ? entry[1] : null;
      },
      [attr, String(points)] as const,
      { timeout: 60_000, polling: 50 },
    );
    return (await handle.jsonValue()) as number;
  };
  for (let r = 0; r < repeats; r++) {
    const { context, page } = await newPage(browser);
    try {
      const stopProfile = r === 0 ? await startProfile(ctx, page) : null;
      await page.goto(scanUrl(server.url, key), { waitUntil: 'commit' });
      complete.push(await paintOf(page, 'data-extent'));
      allPoints.push(await paintOf(page, 'data-point-count'));
      await stopProfile?.('browser_first_paint_1m');
      if (r === 0) {
        await screenshot(ctx, page, 'first-paint-1m');
        heap = await heapMb(page);
        notes.push(`first paint timeline (ms from navigation): ${await curveTimeline(page)}`);
      }
    } catch (error) {
      await screenshot(ctx, page, `first-paint-1m-failed-${r}`);
      const marks = await page.evaluate(() => (window as unknown as BenchWindow).__bench?.marks.slice(-5)).catch(() => []);
      notes.push(`first paint #${r + 1}: ${(error as Error).message.split('\n')[0]}; last marks ${JSON.stringify(marks)}`);
    } finally {
      await context.close();
    }
    ctx.log(`  first paint #${r + 1}: whole curve ${round(complete[r] ?? Number.NaN)} ms, all raw points ${round(allPoints[r] ?? Number.NaN)} ms`);
  }
  return { ms: complete.length ? median(complete) : null, allPointsMs: allPoints.length ? median(allPoints) : null, heap };
}

/** When the curve plot drew, and with how many points: where the first paint's time goes. */
async function curveTimeline(page: Page): Promise<string> {
  const [dcl, lantern, marks] = await page.evaluate(() => [
    (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd ?? null,
    performance.getEntriesByType('mark').filter((m) => m.name.startsWith('lantern:')).map((m) => [m.name.slice(8), m.startTime] as const),
    (window as unknown as BenchWindow).__bench.marks.filter((m) => m.label.startsWith('curve plot')),
  ] as const);
  const held = marks.filter((m) => m.attr === 'data-point-count').map((m) => `${round(m.t)}: ${m.value}`);
  const drawn = marks.filter((m) => m.attr === 'data-extent').map((m) => `${round(m.t)}: ${m.value}`);
  return `DOMContentLoaded ${dcl === null ? 'n/a' : round(dcl)}; ${lantern.map(([n, t]) => `${n} ${round(t)}`).join('; ')}; curve drawn over (points) ${drawn.join(', ')}; raw points held ${held.join(', ')}`;
}

async function liveUpdates(ctx: BenchContext, browser: Browser, server: NextServer, seconds: number, notes: string[]) {
  const rate = 10_000;
  const { key } = await ctx.publisher.scenarioStart({ scenario: 'fast', points: rate * (seconds + 4), rate });
  const { context, page } = await newPage(browser);
  try {
    await page.goto(scanUrl(server.url, key), { waitUntil: 'commit' });
    await page.waitForSelector('[role=figure][aria-label^="curve plot"][data-point-count]', { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[role=figure][aria-label^="curve plot"]')?.getAttribute('data-point-count') ?? 0) > 0, null, { timeout: 30_000 });
    await sleep(500);
    const stopProfile = await startProfile(ctx, page);
    const t0 = await page.evaluate(() => performance.now());
    await sleep(seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    await stopProfile?.('browser_live_10k');
    await screenshot(ctx, page, 'live-10k');
    const { marks, longtasks } = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    const draws = marks.filter((m) => m.t >= t0 && m.t < t1 && m.attr === 'data-point-count' && m.label.startsWith('curve plot'));
    const tasks = longtasks.filter((l) => l.start + l.duration >= t0 && l.start < t1);
    const counts = draws.map((d) => Number(d.value));
    const fromServer = await page.evaluate(() => document.querySelector('[role=figure][aria-label^="curve plot"]')?.getAttribute('data-lod-source'));
    notes.push(`live: 10 kHz fscan, ${draws.length} curve draws in ${round((t1 - t0) / 1000)} s, points held ${counts[0] ?? '?'} -> ${counts.at(-1) ?? '?'} (last drawn from ${fromServer ?? '?'}), ${tasks.length} long tasks`);
    return { hz: draws.length / ((t1 - t0) / 1000), longest: tasks.length ? Math.max(...tasks.map((l) => l.duration)) : 0 };
  } catch (error) {
    await screenshot(ctx, page, 'live-10k-failed');
    throw error;
  } finally {
    await context.close();
    await ctx.publisher.scenarioWait(key);
  }
}

async function images(ctx: BenchContext, browser: Browser, server: NextServer, seconds: number, notes: string[]) {
  const fps = 20;
  const { keys } = await ctx.publisher.createScans({ count: 1, streams: 1, name: 'image_2048', npoints: fps * (seconds + 3), image: { dtype: '<u2', shape: [2048, 2048] } });
  const key = keys[0]!;
  const { context, page } = await newPage(browser);
  try {
    await page.goto(scanUrl(server.url, key), { waitUntil: 'commit' });
    await page.waitForSelector('[role=figure][aria-label^="image plot"]', { timeout: 30_000 });
    const drops0 = await clientDrops(server);
    const publishing = ctx.publisher.publishImages({ key, frames: fps * (seconds + 3), fps });
    // Let the first frames arrive, then count over the window.
    await sleep(1500);
    const stopProfile = await startProfile(ctx, page);
    const t0 = await page.evaluate(() => performance.now());
    await sleep(seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    await stopProfile?.('browser_image_2048');
    await screenshot(ctx, page, 'image-2048');
    const published = await publishing;
    const drops = (await clientDrops(server)) - drops0;
    const { marks } = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    const shown = new Set(marks.filter((m) => m.t >= t0 && m.t < t1 && m.attr === 'data-frame-index' && m.label.startsWith('image plot') && m.value !== '-1').map((m) => m.value));
    const renderMs = await page.evaluate(() => document.querySelector('[role=figure][aria-label^="image plot"]')?.getAttribute('data-render-ms'));
    const publishedFps = published.frames / ((published.t1 - published.t0) / 1000);
    notes.push(`image: 2048x2048 <u2 asked at ${fps} fps, published at ${round(publishedFps)} fps (late by up to ${round(published.lateMs)} ms), ${shown.size} distinct frames shown in ${round((t1 - t0) / 1000)} s; last render ${renderMs ?? '?'} ms; the server dropped the client from live to catch-up ${drops} times (send budget)`);
    return shown.size / ((t1 - t0) / 1000);
  } catch (error) {
    await screenshot(ctx, page, 'image-2048-failed');
    throw error;
  } finally {
    await context.close();
    await ctx.publisher.close(keys);
    await ctx.publisher.delete(keys);
  }
}

export async function browserScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const notes: string[] = [];
  const fields: ScenarioResult['fields'] = { first_paint_1m_ms: null, first_paint_1m_all_points_ms: null, live_update_hz: null, live_longest_task_ms: null, image_2048_fps: null, browser_heap_mb: null };
  let build;
  try {
    build = await ensureBuild({ force: ctx.rebuild, log: ctx.log });
  } catch (error) {
    notes.push(`no browser figures: the web UI did not build (${(error as Error).message.split('\n').slice(0, 3).join(' ')})`);
    return { fields, notes };
  }
  notes.push(`web UI build ${build.id} of ${build.builtAt}${build.buildSeconds ? ` (built now in ${round(build.buildSeconds)} s)` : ''}`);
  const { chromium } = await import('playwright-core');
  const server = await NextServer.start(ctx.redis.url);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const points = 1_000_000;
    const { key } = await ctx.publisher.scenarioStart({ scenario: 'fast', points, rate: 1e9 });
    await ctx.publisher.scenarioWait(key);
    const paint = await firstPaint(ctx, browser, server, key, points, ctx.quick ? 2 : 5, notes);
    fields.first_paint_1m_ms = paint.ms === null ? null : round(paint.ms);
    fields.first_paint_1m_all_points_ms = paint.allPointsMs === null ? null : round(paint.allPointsMs);
    if (paint.heap) {
      fields.browser_heap_mb = round(paint.heap.total);
      notes.push(`heap with the 1M-point view: ${round(paint.heap.v8)} MB V8 + ${round(paint.heap.buffers)} MB array buffers`);
    }
    try {
      const live = await liveUpdates(ctx, browser, server, ctx.quick ? 3 : 8, notes);
      fields.live_update_hz = round(live.hz);
      fields.live_longest_task_ms = round(live.longest);
    } catch (error) {
      notes.push(`live: ${(error as Error).message.split('\n')[0]}`);
    }
    try {
      fields.image_2048_fps = round(await images(ctx, browser, server, ctx.quick ? 3 : 8, notes));
    } catch (error) {
      notes.push(`image: ${(error as Error).message.split('\n')[0]}`);
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  return { fields, notes };
}
