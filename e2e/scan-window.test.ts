/**
 * A timescan longer than the page's raw window (shrunk for the test with `lanternWindowPoints`, see
 * lib/live-data/scan-window.ts): the kiosk says that the older points are shown as a min/max summary,
 * the drawn curve runs from the scan's first point to its last, and every summary bucket drawn is the
 * min and max of the published points it covers. The same window holds when the page's live frames come
 * as the server's prebuilt websocket packets (server/live/broadcast-frames.ts, one per viewer and flush; a
 * bench run once seemed to show the window ignored with them: the page it ran was a stale build).
 */
import { describe, expect, it } from 'vitest';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { DIODES, TIMER } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { publishedNumbers, startScan } from './scans';

const h = withHarness();
const SESSION = 'e2e_window';
const WINDOW = 2000;
const POINTS = 20_000;

/** Live flushes written to viewers by `path` ('prebuilt' or 'emit') since the server started. */
async function liveWrites(url: string, path: 'prebuilt' | 'emit'): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`lantern_live_writes_total{path="${path}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('raw window of a long timescan', () => {
  it('draws the older points from their min/max summary, says so, and covers the whole scan', async () => {
    const page = await h.page({ width: 1600, height: 900 });
    await page.addInitScript((w) => {
      (globalThis as { lanternWindowPoints?: number }).lanternWindowPoints = w;
    }, WINDOW);
    await page.goto(`/kiosk?session=${SESSION}&plot=curve&x=${encodeURIComponent(TIMER.elapsed)}&y=${encodeURIComponent(DIODES.diode1)}`);
    await page.getByText(`Waiting for the first scan of ${SESSION}`).waitFor();
    const run = startScan(h.store, 'timescan', { session: SESSION, rate: 5000, points: POINTS });
    const key = await run.key;
    await page.locator(`.kiosk__scan[data-scan-key="${key}"]`).waitFor({ timeout: 10_000 });
    const scan = await run.done;
    const x = publishedNumbers(scan, TIMER.elapsed);
    const y = publishedNumbers(scan, DIODES.diode1);
    expect([x.length, y.length]).toEqual([POINTS, POINTS]);

    const frame = page.locator('[data-plot-id="curve"] [role=figure]');
    const attrs = await eventually(
      async () => {
        const a = await frame.evaluate((el) => ({ extent: Number(el.getAttribute('data-extent')), held: Number(el.getAttribute('data-point-count')), summarized: Number(el.getAttribute('data-summarized') ?? 0) }));
        return a.extent === POINTS ? a : undefined;
      },
      60_000,
      'the curve standing for every point',
    );
    // Quarter steps of the window: 18 000 points summarised, the newest 2 000 held raw.
    expect(attrs).toEqual({ extent: POINTS, held: WINDOW, summarized: POINTS - WINDOW });
    const start = attrs.summarized;
    await expect
      .poll(() => page.locator('[aria-label="data notes"]').innerText(), { timeout: 10_000 })
      .toContain(`points 0–${(start - 1).toLocaleString('en-US')} shown as a min/max summary; fits use the raw points ${start.toLocaleString('en-US')}–${(POINTS - 1).toLocaleString('en-US')} (statistics and CSV come from the server over every point)`);
    await h.screenshot(page, 'scan-window-kiosk');

    const drawn = await page.evaluate(() => {
      const gd = document.querySelector('[data-plot-id="curve"] .js-plotly-plot') as unknown as { data: { x: ArrayLike<number>; y: ArrayLike<number> }[] };
      return { x: Array.from(gd.data[0]!.x), y: Array.from(gd.data[0]!.y) };
    });
    // The drawing runs from the scan's first point to its last.
    expect(drawn.x[0]).toBe(x[0]);
    expect(drawn.x[drawn.x.length - 1]).toBe(x[POINTS - 1]);
    // Then the window, raw: the last WINDOW drawn points are the published ones.
    const rawFrom = drawn.x.length - WINDOW;
    expect(drawn.x.slice(rawFrom)).toEqual(x.slice(start));
    expect(drawn.y.slice(rawFrom)).toEqual(y.slice(start));
    // Before it, pairs of (first x, last x) of each bucket with its min and max, in order, without holes.
    const firstAt = new Map<number, number>();
    const lastAt = new Map<number, number>();
    x.forEach((v, i) => {
      if (!firstAt.has(v)) firstAt.set(v, i);
      lastAt.set(v, i);
    });
    expect(rawFrom % 2).toBe(0);
    let next = 0;
    for (let k = 0; k < rawFrom / 2; k++) {
      const a = firstAt.get(drawn.x[2 * k]!);
      const b = lastAt.get(drawn.x[2 * k + 1]!);
      expect(a, `bucket ${k} starts at point ${next}`).toBe(next);
      expect(b).toBeGreaterThanOrEqual(a!);
      const part = y.slice(a, b! + 1);
      expect([drawn.y[2 * k]!, drawn.y[2 * k + 1]!].sort((p, q) => p - q)).toEqual([Math.min(...part), Math.max(...part)]);
      next = b! + 1;
    }
    expect(next).toBe(start);
    // Buckets of a few points each (a real summary, not the points themselves).
    expect(rawFrom / 2).toBeLessThan(start / 2);
  }, 120_000);

  it('keeps its window while its live frames come as prebuilt packets', async () => {
    const session = 'e2e_window_prebuilt';
    const window = 1000;
    const chunk = 500;
    const page = await h.page({ width: 1600, height: 900 });
    await page.addInitScript((w) => {
      (globalThis as { lanternWindowPoints?: number }).lanternWindowPoints = w;
    }, window);
    await page.goto(`/kiosk?session=${session}&plot=curve&x=${encodeURIComponent(TIMER.elapsed)}&y=${encodeURIComponent(DIODES.diode1)}`);
    await page.getByText(`Waiting for the first scan of ${session}`).waitFor();
    const info = {
      type: 'timescan',
      name: 'timescan',
      title: 'timescan 0.001',
      session_name: session,
      npoints: 0,
      start_time: new Date().toISOString(),
      channels: { [TIMER.elapsed]: { dim: 0, unit: 's', display_name: 'elapsed_time' }, [DIODES.diode1]: { dim: 0, display_name: 'diode1' } },
      devices: { timer: { channels: [TIMER.elapsed], triggered_devices: ['diode'] }, diode: { channels: [DIODES.diode1] } },
      acquisition_chain: { timer: { top_master: 'timer', devices: ['timer', 'diode'], scalars: [TIMER.elapsed, DIODES.diode1], spectra: [], images: [], master: { scalars: [TIMER.elapsed] } } },
    };
    const writer = await ScanWriter.create(h.store, { name: 'timescan', number: 1, data_policy: 'no_policy', session }, info);
    const xs = writer.declareStream(TIMER.elapsed, numericStreamDefinition('<f8', []));
    const ys = writer.declareStream(DIODES.diode1, numericStreamDefinition('<f8', []));
    await writer.prepare();
    await writer.start();
    const x: number[] = [];
    const y: number[] = [];
    const frame = page.locator('[data-plot-id="curve"] [role=figure]');
    const attrs = () => frame.evaluate((el) => ({ extent: Number(el.getAttribute('data-extent')), held: Number(el.getAttribute('data-point-count')), summarized: Number(el.getAttribute('data-summarized') ?? 0) }));
    /** Publishes `chunk` more points and waits until the page stands for all of them. */
    const publish = async () => {
      const from = x.length;
      const xc = Float64Array.from({ length: chunk }, (_, i) => (from + i) / 1000);
      const yc = Float64Array.from({ length: chunk }, (_, i) => Math.sin((from + i) / 37) * 100 + ((from + i) % 7));
      x.push(...xc);
      y.push(...yc);
      xs.send(xc);
      ys.send(yc);
      await writer.flush();
      return eventually(async () => ((await attrs()).extent === x.length ? true : undefined), 30_000, `the curve standing for ${x.length} points`);
    };
    await page.locator(`.kiosk__scan[data-scan-key="${writer.key}"]`).waitFor({ timeout: 10_000 });
    await publish();
    const prebuiltBefore = await liveWrites(h.url, 'prebuilt');
    const emittedBefore = await liveWrites(h.url, 'emit');
    // Past the window several times over. A page that had to be caught up from Redis (it joined late, or
    // lagged) rejoins the live room once it holds everything: more chunks until a flush went through it.
    while (x.length < 8 * window) await publish();
    for (let extra = 0; extra < 20 && (await liveWrites(h.url, 'prebuilt')) === prebuiltBefore; extra++) await publish();
    await writer.close();
    expect(await liveWrites(h.url, 'prebuilt')).toBeGreaterThan(prebuiltBefore);
    // A websocket page is never written the ordinary emits.
    expect(await liveWrites(h.url, 'emit')).toBe(emittedBefore);
    // Every total is a multiple of a quarter window: exactly the window held raw, the rest summarised.
    expect(await attrs()).toEqual({ extent: x.length, held: window, summarized: x.length - window });
    const drawn = await page.evaluate(() => {
      const gd = document.querySelector('[data-plot-id="curve"] .js-plotly-plot') as unknown as { data: { x: ArrayLike<number>; y: ArrayLike<number> }[] };
      return { x: Array.from(gd.data[0]!.x), y: Array.from(gd.data[0]!.y) };
    });
    // The raw window drawn is the newest published points, after the summary of the older ones.
    expect(drawn.x.slice(-window)).toEqual(x.slice(-window));
    expect(drawn.y.slice(-window)).toEqual(y.slice(-window));
    expect(drawn.x[0]).toBe(x[0]);
  }, 180_000);
});
