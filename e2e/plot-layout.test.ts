/**
 * Several plots at once, positioners and export, in Chromium on the xrf scenario (one scan with a
 * curve, an MCA and an image): the grid rearranged by buttons and by drag, kept by a reload of its
 * link, one column on a phone, used by the kiosk; the positioners table against the scan's own
 * scan_info and published motor positions; PNGs of a plot and of the layout (decoded here: sizes and
 * the plots' colours where the plots are); the CSV of the curve's channels against the published data.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIODES } from '../scripts/simulator/index';
import { ARTIFACTS, ROOT, eventually, withHarness } from './harness';
import { publishTrimmedScan, publishedNumbers, startScan } from './scans';

const h = withHarness();
const SESSION = 'e2e_layout';

async function cells(page: Page): Promise<{ id: string; kind: string }[]> {
  return page.locator('[aria-label="Plot layout"] [data-layout-cell]').evaluateAll((els) =>
    els.map((e) => ({ id: e.getAttribute('data-layout-cell') ?? '', kind: e.querySelector(':scope > section[data-plot-kind]')?.getAttribute('data-plot-kind') ?? '' })),
  );
}

/** Every cell's plot drawn: plotly figures laid out, the image's pixels rendered. */
async function drawn(page: Page): Promise<true | undefined> {
  return page.evaluate(() => {
    const all = [...document.querySelectorAll('[data-layout-cell]')];
    const ok = all.length > 0 && all.every((c) => {
      const gd = c.querySelector('.js-plotly-plot') as (HTMLElement & { _fullLayout?: unknown }) | null;
      return gd?._fullLayout && !/Waiting for data|Loading plot/.test(c.textContent ?? '');
    });
    return ok && document.querySelector('[data-layout-cell] [data-render-ms]') ? true : undefined;
  });
}

async function download(page: Page, click: () => Promise<void>): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), click()]);
  return readFile((await d.path())!);
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Pixels of a decoded RGBA PNG inside `r` (output pixels) that `match`. */
function count(png: ReturnType<typeof decode>, r: Rect, match: (red: number, green: number, blue: number) => boolean): number {
  let n = 0;
  const channels = png.channels;
  for (let y = Math.max(0, Math.floor(r.y)); y < Math.min(png.height, r.y + r.height); y++) {
    for (let x = Math.max(0, Math.floor(r.x)); x < Math.min(png.width, r.x + r.width); x++) {
      const i = (y * png.width + x) * channels;
      if (match(png.data[i]!, png.data[i + 1]!, png.data[i + 2]!)) n++;
    }
  }
  return n;
}

const curveBlue = (r: number, g: number, b: number) => Math.abs(r - 31) < 40 && Math.abs(g - 111) < 40 && Math.abs(b - 209) < 40;
/** Colormap pixels: saturated, unlike the white page, grey grid lines and black text. */
const colourful = (r: number, g: number, b: number) => Math.max(r, g, b) - Math.min(r, g, b) > 60;

describe('several plots, positioners, export', () => {
  it('arranges curve, MCA and image in a grid kept by the link, exports them, lists the positioners', async () => {
    const done = await startScan(h.store, 'xrf', { session: SESSION, points: 11, rate: 50 }).done;
    const page = await h.page({ width: 1500, height: 1000 });
    await page.goto(`/scans/${encodeURIComponent(done.key)}`);

    // Positioners: the scan's own start/end values; roby ends where its last point was published.
    const table = page.locator('table[aria-label="Positioners"]');
    await table.waitFor({ timeout: 30_000 });
    const positioners = done.info.positioners as Record<string, Record<string, number>>;
    const roby = publishedNumbers(done, 'axis:roby');
    expect(positioners.positioners_end!.roby).toBe(roby[roby.length - 1]);
    const shown = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-motor'), ...[...r.querySelectorAll('td')].map((c) => c.getAttribute('title') ?? c.textContent)]));
    expect(shown.map((r) => r[0])).toEqual(Object.keys(positioners.positioners_start!));
    for (const row of shown) {
      const name = row[0]!;
      const start = positioners.positioners_start![name]!;
      const end = positioners.positioners_end![name]!;
      expect([Number(row[1]), Number(row[2]), Number(row[3]), row[4]]).toEqual([start, end, end - start, (positioners.positioners_units as unknown as Record<string, string>)[name]]);
    }
    expect(shown.find((r) => r[0] === 'roby')!.slice(1, 4).map(Number)).toEqual([0, roby[roby.length - 1], roby[roby.length - 1]! - 0]);

    // Several plots: every plot of the scan, the one in front first.
    await page.getByRole('button', { name: 'Several plots' }).click();
    await eventually(async () => ((await cells(page)).length === 3 ? true : undefined), 15_000, 'three cells');
    expect((await cells(page)).map((c) => c.kind)).toEqual(['curve', 'mca', 'image']);
    await page.getByLabel('Columns').selectOption('3');
    // Image to the front with its buttons, then dragged onto the MCA (they swap), then the MCA moved later.
    const imageLabel = await page.locator('[data-layout-cell] > section[data-plot-kind="image"]').first().evaluate((e) => e.closest('[data-layout-cell]')!.getAttribute('data-layout-title'));
    await page.getByRole('button', { name: `Move ${imageLabel} earlier` }).click();
    await page.getByRole('button', { name: `Move ${imageLabel} earlier` }).click();
    expect((await cells(page)).map((c) => c.kind)).toEqual(['image', 'curve', 'mca']);
    const handle = page.locator('[data-layout-cell]').first().locator('[draggable=true]');
    await handle.dragTo(page.locator('[data-layout-cell]').nth(2));
    await eventually(async () => ((await cells(page)).map((c) => c.kind).join() === 'mca,curve,image' ? true : undefined), 5000, 'swapped by drag');
    const mcaLabel = await page.locator('[data-layout-cell]').first().getAttribute('data-layout-title');
    await page.getByRole('button', { name: `Move ${mcaLabel} later` }).click();
    const order = await cells(page);
    expect(order.map((c) => c.kind)).toEqual(['curve', 'mca', 'image']);
    const wanted = order.map((c) => c.id.replace(/[\\,]/g, (x) => `\\${x}`)).join(',');
    await eventually(() => (new URL(page.url()).searchParams.get('layout') === wanted ? true : undefined), 5000, `layout=${wanted} in the URL`);
    expect(new URL(page.url()).searchParams.get('cols')).toBe('3');

    // A reload of the link gives the same grid (here with two ROIs on the MCA, another plot's view in the link).
    const mcaId = order[1]!.id;
    await page.goto(`${page.url()}&v.${encodeURIComponent(mcaId)}=${encodeURIComponent('rois=630-651,Cu Ka:790-820')}`);
    await eventually(async () => ((await cells(page)).map((c) => c.id).join('|') === order.map((c) => c.id).join('|') ? true : undefined), 20_000, 'grid after reload');
    expect(await page.locator('[aria-label="Plot layout"]').getAttribute('data-columns')).toBe('3');
    await eventually(() => drawn(page), 30_000, 'plots drawn');
    const three = await page.locator('[data-layout-cell]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(new Set(three.map(Math.round)).size).toBe(1);
    await eventually(async () => ((await page.locator('[aria-label="MCA ROIs"] tbody tr[data-roi="Cu Ka"] td').nth(4).textContent()) !== '—' ? true : undefined), 15_000, 'ROI sums');
    // The README's picture: kept with every run's artifacts, written over the tracked file only on demand.
    const shot = path.join(ARTIFACTS, 'layout.png');
    await page.locator('.plotarea').screenshot({ path: shot });
    if (process.env.LANTERN_UPDATE_SCREENSHOTS === '1') await copyFile(shot, path.join(ROOT, 'docs', 'screenshots', 'layout.png'));

    // PNG of the whole layout: the grid's size at 2x, each plot's colours where its cell is.
    const grid = (await page.locator('[aria-label="Plot layout"]').boundingBox())!;
    const boxes = await page.locator('[data-layout-cell] .js-plotly-plot').evaluateAll((els) => els.map((e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }));
    // Long tasks while the layout is exported (reported, not asserted: timing belongs to the benchmark).
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    const layoutFile = await download(page, () => page.getByRole('button', { name: 'PNG of the layout' }).click());
    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    console.log(`layout PNG export: long tasks ${longTasks.map((d) => d.toFixed(0)).join(', ') || 'none'} ms`);
    await writeFile(path.join(ARTIFACTS, 'layout-export.png'), layoutFile);
    const layoutPng = decode(layoutFile);
    expect(Math.abs(layoutPng.width - grid.width * 2)).toBeLessThanOrEqual(2);
    expect(Math.abs(layoutPng.height - grid.height * 2)).toBeLessThanOrEqual(2);
    const inPng = (b: Rect): Rect => ({ x: (b.x - grid.x) * 2, y: (b.y - grid.y) * 2, width: b.width * 2, height: b.height * 2 });
    expect(count(layoutPng, inPng(boxes[0]!), curveBlue), 'curve drawn in its cell').toBeGreaterThan(200);
    expect(count(layoutPng, inPng(boxes[1]!), curveBlue), 'spectrum drawn in its cell').toBeGreaterThan(200);
    expect(count(layoutPng, inPng(boxes[2]!), colourful), 'image drawn in its cell').toBeGreaterThan(2000);
    expect(count(layoutPng, inPng(boxes[0]!), colourful), 'no image pixels in the curve cell').toBeLessThan(count(layoutPng, inPng(boxes[2]!), colourful) / 10);

    // PNG of one plot: its figure's size at 2x, the curve in it.
    const curveCell = page.locator('[data-layout-cell]').first();
    const curvePng = decode(await download(page, () => curveCell.getByRole('button', { name: 'PNG', exact: true }).click()));
    expect([curvePng.width, curvePng.height]).toEqual([Math.round(boxes[0]!.width * 2), Math.round(boxes[0]!.height * 2)]);
    expect(count(curvePng, { x: 0, y: 0, width: curvePng.width, height: curvePng.height }, curveBlue)).toBeGreaterThan(200);

    // CSV of the curve's channels (x roby, y diode1 as the scan's plotselect says), as published.
    const csv = (await download(page, () => curveCell.getByRole('button', { name: 'CSV', exact: true }).click())).toString('utf8').trimEnd().split(/\r?\n/);
    expect(csv[0]).toBe(`index,axis:roby,${DIODES.diode1}`);
    const diode = publishedNumbers(done, DIODES.diode1);
    expect(csv).toHaveLength(roby.length + 1);
    csv.slice(1).forEach((line, i) => expect(line.split(',').map(Number)).toEqual([i, roby[i], diode[i]]));
    await expect.poll(() => curveCell.locator('.plotexport__status').textContent()).toContain(`${roby.length} rows`);

    // A phone shows the same grid in one column.
    const phone = await h.page({ width: 390, height: 844 });
    await phone.goto(page.url());
    await eventually(async () => ((await cells(phone)).length === 3 ? true : undefined), 20_000, 'grid on the phone');
    const xs = await phone.locator('[data-layout-cell]').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
    expect(new Set(xs).size).toBe(1);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

    // The kiosk shows the layout it is given, by plot kinds, for the session's newest scan.
    const kiosk = await h.page();
    await kiosk.goto(`/kiosk?session=${SESSION}&layout=image,curve,mca&cols=3`);
    await eventually(async () => {
      const kinds = await kiosk.locator('[aria-label="Plot layout"] [data-layout-cell] > section[data-plot-kind]').evaluateAll((els) => els.map((e) => e.getAttribute('data-plot-kind')));
      return kinds.slice(0, 3).join() === 'image,curve,mca' && kinds.length === 3 ? true : undefined;
    }, 30_000, 'kiosk layout');
  }, 180_000);

  it('writes the CSV of channels trimmed from Redis on the server, with the trimmed points empty, and says so', async () => {
    const { key } = await publishTrimmedScan(h.store, { session: `${SESSION}_trim`, number: 7 });
    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(key)}?plot=curve&x=axis%3Asamx&y=det%3Ax`);
    const area = page.locator('.plotarea__bar');
    await eventually(async () => (Number(await page.locator('[data-plot-id="curve"]').getAttribute('data-point-count')) > 0 ? true : undefined), 20_000, 'curve drawn');
    const csv = (await download(page, () => area.getByRole('button', { name: 'CSV', exact: true }).click())).toString('utf8').trimEnd().split(/\r?\n/);
    expect(await area.getByRole('status').textContent()).toMatch(/^CSV from the server \(det:x: the page does not hold all 100 points/);
    expect(csv[0]).toBe('index,axis:samx,det:x');
    expect(csv).toHaveLength(101);
    // Points 0-49 of det:x are gone from Redis and in no file: empty, never 0; the rest as published.
    csv.slice(1).forEach((line, i) => expect(line).toBe(`${i},${i / 99},${i < 50 ? '' : 1 + i}`));
  }, 60_000);
});
