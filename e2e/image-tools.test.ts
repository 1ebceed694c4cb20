/**
 * Image tools as the user sees them: a ROI drawn by dragging, a profile placed by clicking, the scan's
 * Lima ROI drawn with its name, the histogram's display range; their values read from the page (tables,
 * labels) while frames arrive and once the scan is over, compared with values computed here from the
 * frames this test published.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { eventually, withHarness } from './harness';

const h = withHarness();
const STREAM = 'cam:image';
const H = 24;
const W = 32;
/** Frame n, row r, column c: not linear in r or c, so that sums, extremes and profiles tell pixels apart. */
const value = (n: number, r: number, c: number) => 100 * n + 3 * r + 0.5 * c + ((7 * r + 13 * c) % 11);
const frame = (n: number) => Float32Array.from({ length: H * W }, (_, i) => value(n, Math.floor(i / W), i % W));
/** The scan's Lima ROI counter (scan_info.rois): columns 4..9, rows 2..6. */
const LIMA_ROI = { x: 4, y: 2, width: 6, height: 5 };

async function openImageScan(session: string) {
  const info = {
    type: 'loopscan',
    name: 'loopscan',
    title: 'loopscan 6 0.1 cam',
    session_name: session,
    npoints: 6,
    start_time: new Date().toISOString(),
    channels: { 'timer:elapsed_time': { dim: 0, unit: 's' }, [STREAM]: { dim: 2 } },
    devices: { timer: { channels: ['timer:elapsed_time'], triggered_devices: ['cam'] }, cam: { channels: [STREAM] } },
    acquisition_chain: { timer: { top_master: 'timer', devices: ['timer', 'cam'], scalars: ['timer:elapsed_time'], spectra: [], images: [STREAM], master: { scalars: ['timer:elapsed_time'] } } },
    rois: { 'cam:roi_counters:spot': { kind: 'rect', ...LIMA_ROI } },
  };
  const writer = await ScanWriter.create(h.store, { name: 'loopscan', number: 1, data_policy: 'no_policy', session }, info);
  const timer = writer.declareStream('timer:elapsed_time', numericStreamDefinition('<f8', []));
  const cam = writer.declareStream(STREAM, numericStreamDefinition('<f4', [H, W]));
  await writer.prepare();
  await writer.start();
  const send = async (n: number) => {
    timer.send(Float64Array.of(n * 0.1));
    cam.send(frame(n));
    await writer.flush();
  };
  return { writer, send };
}

/** Statistics of columns [c0, c1) × rows [r0, r1) of frame n, computed pixel by pixel. */
function stats(n: number, c0: number, r0: number, c1: number, r1: number) {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = r0; r < r1; r++) {
    for (let c = c0; c < c1; c++) {
      const v = Math.fround(value(n, r, c));
      sum += v;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  const count = (c1 - c0) * (r1 - r0);
  return { count, sum, mean: sum / count, min, max };
}

/** Equal to the 6 significant digits the tables show. */
function near(shown: number, expected: number): boolean {
  return Math.abs(shown - expected) <= 1e-5 * Math.max(1, Math.abs(expected));
}

/** Equal to the 5 significant digits labels show. */
function near5(shown: number, expected: number): boolean {
  return Math.abs(shown - expected) <= 1e-4 * Math.max(1, Math.abs(expected));
}

/** A table's body as numbers (first column kept as text), with the frame it is of. */
async function readTable(table: Locator): Promise<{ frame: number; rows: (string | number)[][] }> {
  return table.evaluate((el) => ({
    frame: Number(el.getAttribute('data-frame-index')),
    rows: [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(0, 6).map((td, i) => (i === 0 ? (td.textContent ?? '') : Number(td.textContent)))),
  }));
}

async function roiRow(page: Page, name: string, n: number) {
  const table = page.getByRole('table', { name: 'ROI statistics' });
  return eventually(async () => {
    if (!(await table.count())) return undefined;
    const t = await readTable(table);
    if (t.frame !== n) return undefined;
    return t.rows.find((r) => r[0] === name);
  }, 15_000, `ROI ${name} of frame ${n}`);
}

function expectStats(row: (string | number)[], s: ReturnType<typeof stats>) {
  const [, count, sum, mean, min, max] = row as [string, number, number, number, number, number];
  expect(count).toBe(s.count);
  expect(near(sum, s.sum), `sum ${sum} vs ${s.sum}`).toBe(true);
  expect(near(mean, s.mean), `mean ${mean} vs ${s.mean}`).toBe(true);
  expect(near(min, s.min)).toBe(true);
  expect(near(max, s.max)).toBe(true);
}

async function profileValues(page: Page, n: number): Promise<number[]> {
  const table = page.getByRole('table', { name: 'profile values' });
  return eventually(async () => {
    // The values are listed once their fold is opened.
    const details = page.locator('section[aria-label="image profile"] details');
    if ((await details.count()) && !(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
    if (!(await table.count())) return undefined;
    const t = await table.evaluate((el) => ({ frame: Number(el.getAttribute('data-frame-index')), values: [...el.querySelectorAll('tbody tr td:nth-child(2)')].map((td) => Number(td.textContent)) }));
    return t.frame === n ? t.values : undefined;
  }, 15_000, `profile of frame ${n}`);
}

/**
 * Screen point at fraction (f, f) of pixel (col, row) (0.5: its centre), from the plot area plotly lays
 * out (no zoom). The layout may still settle: aimed again until the cursor readout names that pixel.
 */
async function pixelPoint(page: Page, col: number, row: number, f = 0.5) {
  const slot = page.locator('section.plotslot[data-plot-kind="image"]');
  const area = slot.locator('.nsewdrag').first();
  return eventually(async () => {
    const box = await area.boundingBox();
    if (!box) return undefined;
    const point = { x: box.x + ((col + f) / W) * box.width, y: box.y + ((row + f) / H) * box.height };
    await page.mouse.move(point.x, point.y);
    const text = await slot.evaluate((el) => [...el.querySelectorAll('[aria-live="off"]')].map((n) => n.textContent ?? '').join(' '));
    return new RegExp(`x ${col}\\s+y ${row}\\b`).test(text) ? point : undefined;
  }, 10_000, `pixel (${col}, ${row}) under the cursor`);
}

async function drawnFrame(page: Page, n: number) {
  const figure = page.locator('section.plotslot[data-plot-kind="image"] [role=figure]');
  await eventually(async () => ((await figure.getAttribute('data-frame-index')) === String(n) ? true : undefined), 15_000, `frame ${n} drawn`);
}

describe('image tools', () => {
  it('ROI drawn by dragging, row profile by clicking, Lima ROI by name: live and finished, in the share link', async () => {
    const scan = await openImageScan('e2e_image_tools');
    for (let n = 0; n < 3; n++) await scan.send(n);
    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(scan.writer.key)}?plot=image`);
    await drawnFrame(page, 2);

    // The scan's Lima ROI: outlined with its name on the image, its statistics in the table.
    await eventually(async () => ((await page.locator('section.plotslot .annotation-text', { hasText: 'spot' }).count()) > 0 ? true : undefined), 10_000, 'Lima ROI name drawn');
    expectStats(await roiRow(page, 'spot (Lima)', 2), stats(2, 4, 2, 10, 7));

    // A ROI dragged from inside pixel (2, 3) to inside pixel (9, 8), over their centres: columns 2..9, rows 3..8.
    await page.getByRole('button', { name: '▭ ROI' }).click();
    const a = await pixelPoint(page, 2, 3, 0.25);
    const b = await pixelPoint(page, 9, 8, 0.75);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    await page.mouse.up();
    expectStats(await roiRow(page, 'roi 1', 2), stats(2, 2, 3, 10, 9));
    await eventually(() => (new URL(page.url()).searchParams.get('iroi') === '2,3,10,9' ? true : undefined), 10_000, 'ROI in the share link');

    // A horizontal profile: click on row 5.
    await page.getByRole('button', { name: '↔ profile' }).click();
    const p = await pixelPoint(page, 11, 5);
    await page.mouse.click(p.x, p.y);
    const row5 = (n: number) => Array.from({ length: W }, (_, c) => Math.fround(value(n, 5, c)));
    const shown = await profileValues(page, 2);
    expect(shown).toHaveLength(W);
    shown.forEach((v, c) => expect(near(v, row5(2)[c]!), `column ${c}: ${v} vs ${row5(2)[c]}`).toBe(true));
    await eventually(() => (new URL(page.url()).searchParams.get('prof') === 'h,5' ? true : undefined), 10_000, 'profile in the share link');
    await h.screenshot(page, 'image-tools-live');

    // Live: new frames, the tools follow.
    await scan.send(3);
    await scan.send(4);
    await drawnFrame(page, 4);
    expectStats(await roiRow(page, 'roi 1', 4), stats(4, 2, 3, 10, 9));
    expectStats(await roiRow(page, 'spot (Lima)', 4), stats(4, 4, 2, 10, 7));
    (await profileValues(page, 4)).forEach((v, c) => expect(near(v, row5(4)[c]!)).toBe(true));

    // Finished; the ROI removed: the Lima one stays.
    await scan.send(5);
    await scan.writer.close();
    await drawnFrame(page, 5);
    expectStats(await roiRow(page, 'roi 1', 5), stats(5, 2, 3, 10, 9));
    // A vertical profile: click on column 7.
    await page.getByRole('button', { name: '↕ profile' }).click();
    const q = await pixelPoint(page, 7, 12);
    await page.mouse.click(q.x, q.y);
    await eventually(() => (new URL(page.url()).searchParams.get('prof') === 'v,7' ? true : undefined), 10_000, 'vertical profile in the share link');
    const column = await profileValues(page, 5);
    expect(column).toHaveLength(H);
    column.forEach((v, r) => expect(near(v, Math.fround(value(5, r, 7))), `row ${r}: ${v}`).toBe(true));
    await page.getByRole('button', { name: 'remove roi 1' }).click();
    await eventually(async () => {
      const t = await readTable(page.getByRole('table', { name: 'ROI statistics' }));
      return t.rows.length === 1 && t.rows[0]![0] === 'spot (Lima)' ? true : undefined;
    }, 10_000, 'ROI removed');
    await eventually(() => (new URL(page.url()).searchParams.get('iroi') === null ? true : undefined), 10_000, 'ROI out of the share link');
  }, 120_000);

  it('a shared link opens a free line profile, a ROI and a display range; the histogram sets the range', async () => {
    const scan = await openImageScan('e2e_image_tools_link');
    for (let n = 0; n < 4; n++) await scan.send(n);
    await scan.writer.close();
    const page = await h.page();
    // A diagonal from pixel centre (row 0, col 0) to (row 6, col 8): 10 pixels long, 11 samples.
    await page.goto(`/scans/${encodeURIComponent(scan.writer.key)}?plot=image&prof=line,0,0,6,8&iroi=1,1,5,4&crange=100,300`);
    await drawnFrame(page, 3);
    const bilinear = (n: number, r: number, c: number) => {
      const r0 = Math.floor(r);
      const c0 = Math.floor(c);
      const fr = r - r0;
      const fc = c - c0;
      const px = (rr: number, cc: number) => Math.fround(value(n, Math.min(rr, H - 1), Math.min(cc, W - 1)));
      return px(r0, c0) * (1 - fr) * (1 - fc) + px(r0 + 1, c0) * fr * (1 - fc) + px(r0, c0 + 1) * (1 - fr) * fc + px(r0 + 1, c0 + 1) * fr * fc;
    };
    const line = await profileValues(page, 3);
    expect(line).toHaveLength(11);
    line.forEach((v, i) => expect(near(v, bilinear(3, 0.6 * i, 0.8 * i)), `sample ${i}: ${v} vs ${bilinear(3, 0.6 * i, 0.8 * i)}`).toBe(true));
    expectStats(await roiRow(page, 'roi 1', 3), stats(3, 1, 1, 5, 4));

    // The display range from the link, on the colour bar and in the histogram's bounds.
    const colourBar = page.locator('section.plotslot [role=img][aria-label^="colour scale"]');
    await eventually(async () => ((await colourBar.getAttribute('aria-label')) === 'colour scale 100 to 300' ? true : undefined), 10_000, 'range from the link');
    expect(await page.getByLabel('display min').inputValue()).toBe('100');
    // The histogram counts every pixel of the frame, from its smallest value to its largest.
    const all = stats(3, 0, 0, W, H);
    const histogram = page.getByTestId('colour-histogram');
    const label = await eventually(async () => {
      const l = await histogram.getAttribute('aria-label');
      return l && l.startsWith('histogram of') ? l : undefined;
    }, 10_000, 'histogram');
    const m = /histogram of (\d+) pixel values, (\S+) to (\S+)/.exec(label)!;
    expect(Number(m[1])).toBe(W * H);
    expect(near5(Number(m[2]), all.min)).toBe(true);
    expect(near5(Number(m[3]), all.max)).toBe(true);

    // A bound typed in, then the max handle dragged to the left: the range narrows, colour bar and link follow.
    await page.getByLabel('display min').fill('150');
    await page.getByLabel('display min').press('Enter');
    await eventually(async () => ((await colourBar.getAttribute('aria-label')) === 'colour scale 150 to 300' ? true : undefined), 10_000, 'typed min');
    await eventually(() => (new URL(page.url()).searchParams.get('crange') === '150,300' ? true : undefined), 10_000, 'range in the link');
    const maxHandle = await eventually(async () => (await histogram.locator('[data-handle="max"]').boundingBox()) ?? undefined, 10_000, 'max handle');
    const box = (await histogram.boundingBox())!;
    await page.mouse.move(maxHandle.x + maxHandle.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(maxHandle.x - 30, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    const dragged = await eventually(async () => {
      const text = await colourBar.getAttribute('aria-label');
      const r = /colour scale (\S+) to (\S+)/.exec(text ?? '');
      return r && Number(r[1]) === 150 && Number(r[2]) < 300 ? Number(r[2]) : undefined;
    }, 10_000, 'range dragged');
    expect(dragged).toBeGreaterThan(150);
    expect(near5(Number(await page.getByLabel('display max').inputValue()), dragged)).toBe(true);
    await h.screenshot(page, 'image-tools-link');
    const phone = await h.page({ width: 390, height: 844 });
    await phone.goto(page.url());
    await drawnFrame(phone, 3);
    // plotly may redraw the image (replacing its drag layer) while the phone page settles: aim again then.
    const inView = (locator: Locator, what: string) =>
      eventually(async () => (await locator.scrollIntoViewIfNeeded({ timeout: 2000 }), true), 15_000, what);
    await inView(phone.locator('section.plotslot[data-plot-kind="image"] .nsewdrag').first(), 'image in view on a phone');
    await h.screenshot(phone, 'image-tools-390');
    await inView(phone.getByRole('table', { name: 'ROI statistics' }), 'ROI table in view on a phone');
    await h.screenshot(phone, 'image-tools-390-tables');

    // Back to the autoscale: min / max of the frame.
    await page.getByRole('button', { name: 'auto', exact: true }).click();
    await eventually(async () => {
      const r = /colour scale (\S+) to (\S+)/.exec((await colourBar.getAttribute('aria-label')) ?? '');
      return r && near5(Number(r[1]), all.min) && near5(Number(r[2]), all.max) ? true : undefined;
    }, 10_000, 'autoscale again');
    await eventually(() => (new URL(page.url()).searchParams.get('crange') === null ? true : undefined), 10_000, 'range out of the link');
  }, 120_000);
});
