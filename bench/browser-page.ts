/**
 * What every browser scenario shares: Chromium's launch arguments and viewport, the page instrumentation
 * (test-hook attribute changes, long tasks, Event Timing, the paint after each image frame), profiles,
 * screenshots and heap readings. See bench/scenarios/browser.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BenchContext } from './context';
import type { NextServer } from './next-server';

export const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const VIEWPORT = { width: 1600, height: 1000 };

export interface Mark {
  t: number;
  label: string;
  attr: string;
  value: string | null;
}

export interface BenchWindow {
  __bench: {
    marks: Mark[];
    longtasks: { start: number; duration: number }[];
    paintAfter(label: string, count: string): void;
    paints: Record<string, number>;
    /** Image frames shown: index and the time of the frame painted after it was drawn. */
    framePaints: { index: number; t: number }[];
    /** Event Timing entries (input to next paint), 16 ms and longer. */
    events: { name: string; start: number; duration: number; interactionId: number }[];
  };
}

/** Runs in the page before its own scripts. */
export function instrument(): void {
  const bench: BenchWindow['__bench'] = {
    marks: [],
    longtasks: [],
    paints: {},
    paintAfter() {},
    framePaints: [],
    events: [],
  };
  (window as unknown as BenchWindow).__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // longtask not supported: live_longest_task_ms stays null.
  }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEventTiming & { interactionId?: number })[]) bench.events.push({ name: e.name, start: e.startTime, duration: e.duration, interactionId: e.interactionId ?? 0 });
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  } catch {
    // Event Timing not supported: input latency stays null.
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
      if (r.attributeName === 'data-frame-index' && label.startsWith('image plot') && value !== null && value !== '-1') {
        const index = Number(value);
        requestAnimationFrame(() => setTimeout(() => bench.framePaints.push({ index, t: performance.now() }), 0));
      }
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
export async function startProfile(ctx: BenchContext, page: Page): Promise<((label: string) => Promise<void>) | null> {
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

export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(instrument);
  const page = await context.newPage();
  return { context, page };
}

/** lantern_client_drops_total from the server's /metrics: times a client exceeded its send budget. */
export async function clientDrops(server: NextServer): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  let sum = 0;
  for (const m of text.matchAll(/^lantern_client_drops_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)/gm)) sum += Number(m[1]);
  return sum;
}

export const scanUrl = (base: string, key: string) => `${base}/scans/${encodeURIComponent(key)}`;

export async function screenshot(ctx: BenchContext, page: Page, name: string): Promise<void> {
  const dir = process.env.BENCH_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) }).catch((e: Error) => ctx.log(`  screenshot ${name}: ${e.message}`));
}

/** JS heap: V8 used size plus ArrayBuffer backing stores (typed arrays live there), after a GC. */
export async function heapMb(page: Page): Promise<{ total: number; v8: number; buffers: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  await cdp.detach();
  const v8 = usage.usedSize / 2 ** 20;
  const buffers = (usage.backingStorageSize ?? 0) / 2 ** 20;
  return { total: v8 + buffers, v8, buffers };
}

