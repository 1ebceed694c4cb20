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
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM_ARGS, clientDrops, heapMb, newPage, scanUrl, screenshot, startProfile, type BenchWindow } from '../browser-page';
import type { BenchContext, ScenarioResult } from '../context';

/** Every field this scenario reports (bench/cli.ts lists them in BENCH_JSON). */
export const BROWSER_FIELDS = [
  'first_paint_1m_ms',
  'first_paint_1m_all_points_ms',
  'live_update_hz',
  'live_longest_task_ms',
  'image_2048_fps',
  'image_2048_latency_p95_ms',
  'fast_scan_busy_pct',
  'fast_scan_input_latency_p95_ms',
  'wan_first_paint_ms',
  'wan_live_update_hz',
  'wan_image_fps',
  'wan_image_behind_max_ms',
  'kiosk_heap_growth_pct',
  'browser_heap_mb',
];
import { ensureBuild, NextServer } from '../next-server';
import { SlowLink } from '../slow-link';
import { perUnit, stageCpu } from '../stage-cpu';
import { fastScan } from './browser-fast-scan';
import { kiosk } from './browser-kiosk';
import { median, percentile, round, sleep } from '../stats';

/**
 * Two times per repeat: the curve drawn over its whole extent (every one of the N points represented,
 * from the server's min/max summary while the raw points are still on their way), and the curve drawn
 * from all N raw points held by the page.
 */
export async function firstPaint(ctx: BenchContext, browser: Browser, base: string, key: string, points: number, repeats: number, notes: string[], label = 'first paint', waitAllPoints = true, server: NextServer | null = null) {
  const complete: number[] = [];
  const allPoints: number[] = [];
  let heap: { total: number; v8: number; buffers: number } | null = null;
  let lodUrls: string[] = [];
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
      // BENCH_PROFILE_REPEAT=1 profiles a warm repeat (the first one also pays for cold caches).
      const stopProfile = r === Number(process.env.BENCH_PROFILE_REPEAT ?? 0) ? await startProfile(ctx, page) : null;
      await page.goto(scanUrl(base, key), { waitUntil: 'commit' });
      complete.push(await paintOf(page, 'data-extent'));
      // Over a slow link the raw points take far longer than the figure (28 MB at 10 Mbit/s): not waited for.
      if (waitAllPoints) allPoints.push(await paintOf(page, 'data-point-count'));
      await stopProfile?.(`browser_${label.replace(/\W+/g, '_')}_1m`);
      if (r === 0) {
        await screenshot(ctx, page, 'first-paint-1m');
        heap = await heapMb(page);
        notes.push(`${label} timeline (ms from navigation): ${await curveTimeline(page)}`);
        notes.push(`${label} scripts: ${await scriptsLoaded(page)}`);
        lodUrls = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => /\/streams\/[^/]+\/lod\?/.test(n)));
      } else {
        notes.push(`${label} #${r + 1} marks: ${await lanternMarks(page)}; ${await lodRequests(page)}`);
      }
    } catch (error) {
      await screenshot(ctx, page, `first-paint-1m-failed-${r}`);
      const marks = await page.evaluate(() => (window as unknown as BenchWindow).__bench?.marks.slice(-5)).catch(() => []);
      notes.push(`${label} #${r + 1}: ${(error as Error).message.split('\n')[0]}; last marks ${JSON.stringify(marks)}`);
    } finally {
      await context.close();
    }
    ctx.log(`  ${label} #${r + 1}: whole curve ${round(complete[r] ?? Number.NaN)} ms, all raw points ${round(allPoints[r] ?? Number.NaN)} ms`);
  }
  if (server && lodUrls.length) notes.push(`${label}: ${await lodRouteCost(server, lodUrls)}`);
  return { ms: complete.length ? median(complete) : null, allPointsMs: allPoints.length ? median(allPoints) : null, heap };
}

/**
 * The level-of-detail route's own cost, asked again outside any page load (nothing else runs on the
 * server then): server CPU per request from /proc, which the machine's load hardly moves, unlike the
 * page's wall-clock timeline. The page's own requests have warmed whatever the server keeps.
 */
async function lodRouteCost(server: NextServer, urls: readonly string[]): Promise<string> {
  const rounds = 5;
  const cpu0 = server.cpuSeconds();
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    for (const url of urls) {
      const res = await fetch(url.replace(/client=[^&]*&?/, ''));
      bytes += (await res.arrayBuffer()).byteLength;
    }
  }
  const requests = rounds * urls.length;
  const cpuMs = ((server.cpuSeconds() - cpu0) * 1000) / requests;
  const wallMs = (performance.now() - t0) / requests;
  return `LOD route alone, ${requests} requests (${urls.map((u) => decodeURIComponent(new URL(u).pathname.split('/').at(-2)!)).join(', ')}; ${new URL(urls[0]!).search}): server CPU ${round(cpuMs)} ms and ${round(wallMs)} ms wall per request, ${round(bytes / requests / 1024)} kB each`;
}

/** Lantern's performance marks of one page load, for the repeats after the first. */
async function lanternMarks(page: Page): Promise<string> {
  const marks = await page.evaluate(() => performance.getEntriesByType('mark').filter((m) => m.name.startsWith('lantern:')).map((m) => [m.name.slice(8), m.startTime] as const));
  return marks.map(([n, t]) => `${n} ${round(t)}`).join('; ');
}

/**
 * The JavaScript the page fetched before it subscribed (its first load) and after, compressed as sent
 * (gzip) and decoded: what the browser had to parse and run before the scan's data could be asked for.
 */
async function scriptsLoaded(page: Page): Promise<string> {
  const entries = await page.evaluate(() => {
    const subscribe = performance.getEntriesByName('lantern:subscribe', 'mark')[0]?.startTime ?? Infinity;
    return performance
      .getEntriesByType('resource')
      .filter((e) => /\.js(\?|$)/.test(e.name))
      .map((e) => {
        const r = e as PerformanceResourceTiming;
        return { name: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd, sent: r.encodedBodySize, size: r.decodedBodySize, first: r.startTime < subscribe };
      });
  });
  const kb = (n: number) => round(n / 1024);
  const group = (list: typeof entries) => `${list.length} files, ${kb(list.reduce((n, e) => n + e.sent, 0))} kB sent / ${kb(list.reduce((n, e) => n + e.size, 0))} kB decoded`;
  const first = entries.filter((e) => e.first);
  const vendor = first.filter((e) => e.name.startsWith('/vendor/'));
  const next = first.filter((e) => !e.name.startsWith('/vendor/'));
  const later = entries.filter((e) => !e.first);
  const largest = [...next].sort((a, b) => b.size - a.size).slice(0, 4).map((e) => `${e.name.split('/').at(-1)} ${kb(e.size)} kB`);
  return `before subscribe: app ${group(next)} (largest ${largest.join(', ')}), vendor ${group(vendor)}; after subscribe: ${group(later)} (${later.map((e) => `${e.name.split('/').at(-1)} ${kb(e.size)} kB at ${round(e.start)}`).join(', ')})`;
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
  return `DOMContentLoaded ${dcl === null ? 'n/a' : round(dcl)}; ${lantern.map(([n, t]) => `${n} ${round(t)}`).join('; ')}; ${await lodRequests(page)}; curve drawn over (points) ${drawn.join(', ')}; raw points held ${held.join(', ')}`;
}

/** Each level-of-detail request of the page: sent, first byte, last byte, and the server's own time (Server-Timing). */
async function lodRequests(page: Page): Promise<string> {
  const lods = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => /\/streams\/[^/]+\/lod\?/.test(e.name))
      .map((e) => ({ stream: decodeURIComponent(new URL(e.name).pathname.split('/').at(-2)!), start: e.startTime, first: e.responseStart, end: e.responseEnd, server: e.serverTiming.find((t) => t.name === 'lod')?.duration ?? null })),
  );
  const others = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => (e.initiatorType === 'fetch' || e.initiatorType === 'xmlhttprequest') && !/\/lod\?/.test(e.name))
      .map((e) => ({ path: new URL(e.name).pathname.replace(/^\/api\/scans\/[^/]+/, '…').slice(0, 60), start: e.startTime, end: e.responseEnd })),
  );
  return [
    ...lods.map((l) => `lod ${l.stream} sent ${round(l.start)} first byte ${round(l.first)} done ${round(l.end)} (server ${l.server === null ? '?' : round(l.server)} ms)`),
    // Other requests of the page meanwhile (statistics, overlays, catalogue...): what could run ahead of the LOD.
    ...others.map((o) => `${o.path} ${round(o.start)}-${round(o.end)}`),
  ].join('; ');
}

export async function liveUpdates(ctx: BenchContext, browser: Browser, base: string, seconds: number, notes: string[], label = 'live') {
  const rate = 10_000;
  // Long enough to still run after a slow page load on a loaded machine; stopped once measured.
  const { key } = await ctx.publisher.scenarioStart({ scenario: 'fast', points: rate * (seconds + 30), rate });
  const { context, page } = await newPage(browser);
  try {
    await page.goto(scanUrl(base, key), { waitUntil: 'commit' });
    await page.waitForSelector('[role=figure][aria-label^="curve plot"][data-point-count]', { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[role=figure][aria-label^="curve plot"]')?.getAttribute('data-point-count') ?? 0) > 0, null, { timeout: 30_000 });
    await sleep(500);
    const stopProfile = await startProfile(ctx, page);
    const t0 = await page.evaluate(() => performance.now());
    await sleep(seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    await stopProfile?.(`browser_${label}_10k`);
    await screenshot(ctx, page, `${label}-10k`);
    const { marks, longtasks } = await page.evaluate(() => (window as unknown as BenchWindow).__bench);
    const draws = marks.filter((m) => m.t >= t0 && m.t < t1 && m.attr === 'data-point-count' && m.label.startsWith('curve plot'));
    const tasks = longtasks.filter((l) => l.start + l.duration >= t0 && l.start < t1);
    const counts = draws.map((d) => Number(d.value));
    const fromServer = await page.evaluate(() => document.querySelector('[role=figure][aria-label^="curve plot"]')?.getAttribute('data-lod-source'));
    notes.push(`${label}: 10 kHz fscan, ${draws.length} curve draws in ${round((t1 - t0) / 1000)} s, points held ${counts[0] ?? '?'} -> ${counts.at(-1) ?? '?'} (last drawn from ${fromServer ?? '?'}), ${tasks.length} long tasks`);
    return { hz: draws.length / ((t1 - t0) / 1000), longest: tasks.length ? Math.max(...tasks.map((l) => l.duration)) : 0 };
  } catch (error) {
    await screenshot(ctx, page, `${label}-10k-failed`);
    throw error;
  } finally {
    await context.close();
    await ctx.publisher.scenarioStop(key);
  }
}

/**
 * 2048x2048 <u2 frames published at 20 fps: distinct frames shown per second, and for each frame shown
 * the time from its publication (in Redis) to the frame painted after the page drew it.
 */
export async function images(ctx: BenchContext, browser: Browser, server: NextServer, base: string, seconds: number, notes: string[], label = 'image') {
  const fps = 20;
  const { keys } = await ctx.publisher.createScans({ count: 1, streams: 1, name: 'image_2048', npoints: fps * (seconds + 3), image: { dtype: '<u2', shape: [2048, 2048] } });
  const key = keys[0]!;
  const { context, page } = await newPage(browser);
  // BENCH_RASTER=canvas: the image drawn on the 2D canvas path instead of WebGL (to compare both).
  const raster = process.env.BENCH_RASTER;
  if (raster) await context.addInitScript((v) => localStorage.setItem('lantern:raster', v), raster);
  try {
    await page.goto(scanUrl(base, key), { waitUntil: 'commit' });
    await page.waitForSelector('[role=figure][aria-label^="image plot"]', { timeout: 60_000 });
    const drops0 = await clientDrops(server);
    const publishing = ctx.publisher.publishImages({ key, frames: fps * (seconds + 3), fps });
    // Let the first frames arrive, then count over the window.
    await sleep(1500);
    const stopProfile = await startProfile(ctx, page);
    const meter = stageCpu({ server: server.pid, publisher: ctx.publisher.pid, redis: ctx.redis.pid });
    const cpu0 = meter.read();
    const t0 = await page.evaluate(() => performance.now());
    await sleep(seconds * 1000);
    const t1 = await page.evaluate(() => performance.now());
    const cpu1 = meter.read();
    await stopProfile?.(`browser_${label}_2048`);
    await screenshot(ctx, page, `${label}-2048`);
    const published = await publishing;
    const drops = (await clientDrops(server)) - drops0;
    const { marks, framePaints, origin } = await page.evaluate(() => ({ ...(window as unknown as BenchWindow).__bench, origin: performance.timeOrigin }));
    const shown = new Set(marks.filter((m) => m.t >= t0 && m.t < t1 && m.attr === 'data-frame-index' && m.label.startsWith('image plot') && m.value !== '-1').map((m) => m.value));
    const latencies = framePaints.filter((p) => p.t >= t0 && p.t < t1 && published.stamps[p.index] !== undefined).map((p) => origin + p.t - published.stamps[p.index]!);
    const [renderMs, preview, drawnBy] = await page.evaluate(() => {
      const el = document.querySelector('[role=figure][aria-label^="image plot"]');
      return [el?.getAttribute('data-render-ms'), el?.getAttribute('data-preview'), document.querySelector('[data-raster]')?.getAttribute('data-raster')];
    });
    const publishedFps = published.frames / ((published.t1 - published.t0) / 1000);
    const origin0 = origin + t0;
    const origin1 = origin + t1;
    const publishedInWindow = published.stamps.filter((s) => s !== undefined && s >= origin0 && s < origin1).length;
    notes.push(`${label}: CPU ms per frame shown (${shown.size}) over the window: ${perUnit(cpu0, cpu1, shown.size)}; per frame published in it (${publishedInWindow}): ${perUnit(cpu0, cpu1, publishedInWindow)}`);
    const p95 = latencies.length ? percentile(latencies, 95) : null;
    const worst = latencies.length ? Math.max(...latencies) : null;
    notes.push(
      `${label}: 2048x2048 <u2 asked at ${fps} fps, published at ${round(publishedFps)} fps (late by up to ${round(published.lateMs)} ms), ${shown.size} distinct frames shown in ${round((t1 - t0) / 1000)} s (preview ${preview || 'none: full frames'}); published -> painted p50 ${latencies.length ? round(percentile(latencies, 50)) : '?'} ms, p95 ${p95 === null ? '?' : round(p95)} ms, max ${worst === null ? '?' : round(worst)} ms; last render ${renderMs ?? '?'} ms (${drawnBy ?? '?'}); the server dropped the client from live to catch-up ${drops} times (send budget)`,
    );
    return { fps: shown.size / ((t1 - t0) / 1000), latencyP95: p95, latencyMax: worst };
  } catch (error) {
    await screenshot(ctx, page, `${label}-2048-failed`);
    throw error;
  } finally {
    await context.close();
    await ctx.publisher.close(keys);
    await ctx.publisher.delete(keys);
  }
}

/** The WAN link of the issue: 10 Mbit/s each way, 100 ms round trip (bench/slow-link.ts). */
const WAN = { bitsPerSecond: 10e6, rttMs: 100 };

export async function browserScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const notes: string[] = [];
  const fields: ScenarioResult['fields'] = Object.fromEntries(BROWSER_FIELDS.map((f) => [f, null]));
  let build;
  try {
    build = await ensureBuild({ force: ctx.rebuild, log: ctx.log });
  } catch (error) {
    notes.push(`no browser figures: the web UI did not build (${(error as Error).message.split('\n').slice(0, 3).join(' ')})`);
    return { fields, notes };
  }
  notes.push(`web UI build ${build.id} of ${build.builtAt}${build.buildSeconds ? ` (built now in ${round(build.buildSeconds)} s)` : ''}`);
  const { chromium } = await import('playwright-core');
  // With --cpu-prof the server profiles its whole life (written when it stops): run one part at a time
  // (BENCH_BROWSER_PARTS) to read one figure's profile.
  const server = await NextServer.start(ctx.redis.url, ctx.cpuProfileDir ? { cpuProfile: ctx.cpuProfileDir } : {});
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const wan = await SlowLink.start(server.port, WAN);
  // Each part on its own: one that fails leaves its fields null with the reason, the others still run.
  // BENCH_BROWSER_PARTS=image,fast scan runs only those (while working on one figure).
  const only = process.env.BENCH_BROWSER_PARTS?.split(',').map((p) => p.trim());
  const part = async (name: string, run: () => Promise<void>) => {
    if (only && !only.includes(name)) return;
    try {
      await run();
    } catch (error) {
      notes.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  try {
    const points = 1_000_000;
    const { key } = await ctx.publisher.scenarioStart({ scenario: 'fast', points, rate: 1e9 });
    await ctx.publisher.scenarioWait(key);
    await part('first paint', async () => {
      const paint = await firstPaint(ctx, browser, server.url, key, points, ctx.quick ? 2 : 5, notes, 'first paint', true, server);
      fields.first_paint_1m_ms = paint.ms === null ? null : round(paint.ms);
      fields.first_paint_1m_all_points_ms = paint.allPointsMs === null ? null : round(paint.allPointsMs);
      if (paint.heap) {
        fields.browser_heap_mb = round(paint.heap.total);
        notes.push(`heap with the 1M-point view: ${round(paint.heap.v8)} MB V8 + ${round(paint.heap.buffers)} MB array buffers`);
      }
    });
    await part('live', async () => {
      const live = await liveUpdates(ctx, browser, server.url, ctx.quick ? 3 : 8, notes);
      fields.live_update_hz = round(live.hz);
      fields.live_longest_task_ms = round(live.longest);
    });
    await part('image', async () => {
      const image = await images(ctx, browser, server, server.url, ctx.quick ? 3 : 8, notes);
      fields.image_2048_fps = round(image.fps);
      fields.image_2048_latency_p95_ms = image.latencyP95 === null ? null : round(image.latencyP95);
    });
    await part('fast scan', async () => {
      const fast = await fastScan(ctx, browser, server.url, notes);
      fields.fast_scan_busy_pct = round(fast.busyPct);
      fields.fast_scan_input_latency_p95_ms = fast.inputP95 === null ? null : round(fast.inputP95);
    });
    await part('wan first paint', async () => {
      const paint = await firstPaint(ctx, browser, wan.url, key, points, ctx.quick ? 1 : 3, notes, 'wan first paint', false);
      fields.wan_first_paint_ms = paint.ms === null ? null : round(paint.ms);
    });
    await part('wan live', async () => {
      fields.wan_live_update_hz = round((await liveUpdates(ctx, browser, wan.url, ctx.quick ? 4 : 8, notes, 'wan_live')).hz);
    });
    await part('wan image', async () => {
      const image = await images(ctx, browser, server, wan.url, ctx.quick ? 4 : 8, notes, 'wan_image');
      fields.wan_image_fps = round(image.fps);
      fields.wan_image_behind_max_ms = image.latencyMax === null ? null : round(image.latencyMax);
    });
    notes.push(`wan: ${WAN.bitsPerSecond / 1e6} Mbit/s, ${WAN.rttMs} ms round trip through a TCP proxy (HTTP and websocket alike); ${round(wan.downBytes / 2 ** 20)} MB carried to the browser`);
    await part('kiosk', async () => {
      fields.kiosk_heap_growth_pct = round(await kiosk(ctx, browser, server.url, notes));
    });
  } finally {
    await wan.stop();
    await browser.close();
    await server.stop();
  }
  return { fields, notes };
}
