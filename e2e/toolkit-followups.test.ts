/**
 * What the toolkit's first version left out, each as a scientist uses it and checked against values
 * computed here: statistics markers each on its own (and in the link); the image toolbar on a 390 px
 * phone (every control inside the screen and clickable); image profiles of a given width, mean or sum;
 * a compared scan that is still running (live as it grows, then ended); the channel choice of a curve
 * plot in the grid; the colour bar's tick labels in the exported PNG.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { decode } from 'fast-png';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DataStore } from '../lib/blissdata/data-store';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { colormapLut } from '../lib/plot-math/colormap';
import { ARTIFACTS, eventually, withHarness } from './harness';

const h = withHarness();
const scanUrl = (key: string, query = '') => `/scans/${encodeURIComponent(key)}${query}`;

const H = 24;
const W = 32;
/** Frame n, row r, column c: not linear in r or c, so that profiles tell rows and columns apart. */
const pixel = (n: number, r: number, c: number) => 100 * n + 3 * r + 0.5 * c + ((7 * r + 13 * c) % 11);
const frame = (n: number) => Float32Array.from({ length: H * W }, (_, i) => pixel(n, Math.floor(i / W), i % W));

/**
 * A step scan of `axis:samx` against scalar channels `det:<name>` (and a `cam:image` when asked), as
 * Bliss publishes one; `send(from, to)` publishes points [from, to) of every channel.
 */
async function openScan(store: DataStore, o: { session: string; number: number; x: number[]; ys: Record<string, number[]>; image?: boolean }) {
  const scalars = ['axis:samx', ...Object.keys(o.ys).map((n) => `det:${n}`)];
  const channels: Record<string, unknown> = { 'axis:samx': { dim: 0, display_name: 'samx' } };
  for (const n of Object.keys(o.ys)) channels[`det:${n}`] = { dim: 0, display_name: n };
  if (o.image) channels['cam:image'] = { dim: 2 };
  const info = {
    type: 'ascan',
    name: 'ascan',
    title: `ascan samx ${o.x[0]} ${o.x[o.x.length - 1]} ${o.x.length - 1} 0.1`,
    scan_nb: o.number,
    session_name: o.session,
    npoints: o.x.length,
    start_time: new Date().toISOString(),
    channels,
    devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det', ...(o.image ? ['cam'] : [])] }, det: { channels: scalars.slice(1) }, ...(o.image ? { cam: { channels: ['cam:image'] } } : {}) },
    acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det', ...(o.image ? ['cam'] : [])], scalars, spectra: [], images: o.image ? ['cam:image'] : [], master: { scalars: ['axis:samx'] } } },
  };
  const writer = await ScanWriter.create(store, { name: 'ascan', number: o.number, data_policy: 'no_policy', session: o.session }, info);
  const streams = scalars.map((name) => writer.declareStream(name, numericStreamDefinition('<f8', [])));
  const cam = o.image ? writer.declareStream('cam:image', numericStreamDefinition('<f4', [H, W])) : null;
  await writer.prepare();
  await writer.start();
  const columns = [o.x, ...Object.values(o.ys)];
  const send = async (from: number, to: number) => {
    streams.forEach((s, i) => s.send(Float64Array.from(columns[i]!.slice(from, to))));
    if (cam) for (let n = from; n < to; n++) cam.send(frame(n));
    await writer.flush();
  };
  return { key: writer.key, send, close: () => writer.close() };
}

interface Figure {
  data: { name?: string; x: number[]; y: number[] }[];
  annotations: string[];
  shapes: { type: string; x0?: number; path?: string }[];
}

/** What plotly was given to draw in the first plot of `kind` under `scope`: traces, annotation texts, shapes. */
async function figure(scope: Page | Locator, kind: string): Promise<Figure | null> {
  return scope.locator(`section.plotslot[data-plot-kind="${kind}"] .js-plotly-plot`).first().evaluate((el) => {
    const gd = el as unknown as { data?: { name?: string; x: ArrayLike<number>; y: ArrayLike<number> }[]; layout?: { annotations?: { text?: string }[]; shapes?: { type: string; x0?: number; path?: string }[] } };
    if (!gd.data) return null;
    return {
      data: gd.data.map((t) => ({ name: t.name, x: Array.from(t.x ?? [], Number), y: Array.from(t.y ?? [], Number) })),
      annotations: (gd.layout?.annotations ?? []).map((a) => a.text ?? ''),
      shapes: (gd.layout?.shapes ?? []).map((s) => ({ type: s.type, x0: s.x0, path: s.path })),
    };
  });
}

/** Bliss's peak, cen (centre of the FWHM, half level (min + max) / 2, crossings interpolated) and com ("visual": y - min as weights), for one peak. */
function blissStats(x: number[], y: number[]) {
  let top = 0;
  for (let i = 1; i < y.length; i++) if (y[i]! > y[top]!) top = i;
  const min = Math.min(...y);
  const half = (min + y[top]!) / 2;
  let l = top;
  while (l > 0 && y[l - 1]! > half) l--;
  let r = top;
  while (r < y.length - 1 && y[r + 1]! > half) r++;
  const cross = (i: number, j: number) => x[i]! + ((half - y[i]!) * (x[j]! - x[i]!)) / (y[j]! - y[i]!);
  const left = cross(l - 1, l);
  const right = cross(r, r + 1);
  const w = y.map((v) => v - min);
  const com = w.reduce((s, v, i) => s + v * x[i]!, 0) / w.reduce((s, v) => s + v, 0);
  return { peak: x[top]!, cen: (left + right) / 2, com };
}

/** `cen 0.9712` → the marked statistic and where. */
function marked(annotations: string[]): Record<string, number> {
  return Object.fromEntries(annotations.map((t) => /^(peak|cen|com) (\S+)$/.exec(t)).filter((m): m is RegExpExecArray => m !== null).map((m) => [m[1]!, Number(m[2])]));
}

/** Same to the 4 significant digits the markers' labels show. */
const near4 = (shown: number, expected: number) => Math.abs(shown - expected) <= 5e-4 * Math.max(1, Math.abs(expected));

describe('toolkit follow-ups', () => {
  it('marks peak, cen and com each on its own, from the panel, the toolbar and the link', async () => {
    const x = Array.from({ length: 41 }, (_, i) => i * 0.05);
    // A peak with a shoulder on its right: peak, cen and com fall apart.
    const y = x.map((v) => 100 * Math.exp(-((v - 0.93) ** 2) / (2 * 0.12 ** 2)) + 30 * Math.exp(-((v - 1.35) ** 2) / (2 * 0.1 ** 2)) + 5);
    const expected = blissStats(x, y);
    expect(Math.min(Math.abs(expected.peak - expected.cen), Math.abs(expected.cen - expected.com), Math.abs(expected.peak - expected.com))).toBeGreaterThan(0.005);
    const scan = await openScan(h.store, { session: 'e2e_followups_marks', number: 1, x, ys: { y } });
    await scan.send(0, x.length);
    await scan.close();

    const page = await h.page();
    await page.goto(scanUrl(scan.key, '?marks=cen'));
    const shown = async (names: string[]) =>
      eventually(async () => {
        const f = await figure(page, 'curve');
        const m = f ? marked(f.annotations) : {};
        return Object.keys(m).sort().join() === [...names].sort().join() && f!.data[0]?.x.length === x.length ? { m, f: f! } : undefined;
      }, 15_000, `markers ${names.join(', ') || 'none'}`);
    const check = async (names: ('peak' | 'cen' | 'com')[]) => {
      const { m, f } = await shown(names);
      for (const n of names) {
        expect(near4(m[n]!, expected[n]), `${n} ${m[n]} vs ${expected[n]}`).toBe(true);
        // Its line is drawn there (to the label's 4 digits: Bliss's cen special-cases what this one does not).
        expect(f.shapes.some((s) => s.type === 'line' && near4(s.x0 ?? NaN, expected[n])), `${n} line at ${expected[n]}: ${JSON.stringify(f.shapes)}`).toBe(true);
      }
      expect(f.shapes.filter((s) => s.type === 'line')).toHaveLength(names.length);
      for (const n of ['peak', 'cen', 'com'] as const) expect(await page.getByRole('button', { name: `${n} marker` }).getAttribute('aria-pressed')).toBe(String(names.includes(n)));
    };
    // The link's `cen` alone: the Markers panel opens on it.
    await check(['cen']);
    expect(await page.getByRole('button', { name: 'markers', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'com marker' }).click();
    await check(['cen', 'com']);
    await eventually(() => (new URL(page.url()).searchParams.get('marks') === 'cen,com' ? true : undefined), 5000, 'marks=cen,com');
    await page.getByRole('button', { name: 'cen marker' }).click();
    await check(['com']);
    await eventually(() => (new URL(page.url()).searchParams.get('marks') === 'com' ? true : undefined), 5000, 'marks=com');
    // The toolbar's switch: off, then all three.
    await page.getByRole('button', { name: 'markers', exact: true }).click();
    await check([]);
    await eventually(() => (new URL(page.url()).searchParams.get('marks') === '0' ? true : undefined), 5000, 'marks=0');
    await page.getByRole('button', { name: 'markers', exact: true }).click();
    await check(['peak', 'cen', 'com']);
    await eventually(() => (new URL(page.url()).searchParams.get('marks') === '1' ? true : undefined), 5000, 'marks=1');
    await page.getByRole('button', { name: 'peak marker' }).click();
    await check(['cen', 'com']);

    // A link with two of them opens with those two.
    const other = await h.page();
    await other.goto(scanUrl(scan.key, '?marks=peak,com'));
    await eventually(async () => {
      const f = await figure(other, 'curve');
      const m = f ? marked(f.annotations) : {};
      return Object.keys(m).sort().join() === 'com,peak' && near4(m.peak!, expected.peak) && near4(m.com!, expected.com) ? true : undefined;
    }, 15_000, 'peak and com from the link');
    for (const [n, on] of [['peak', true], ['cen', false], ['com', true]] as const) expect(await other.getByRole('button', { name: `${n} marker` }).getAttribute('aria-pressed')).toBe(String(on));
  }, 90_000);

  it('keeps every image tool reachable on a 390 px phone: inside the screen, clickable, working', async () => {
    const x = Array.from({ length: 3 }, (_, i) => i);
    const scan = await openScan(h.store, { session: 'e2e_followups_phone', number: 1, x, ys: { y: x }, image: true });
    await scan.send(0, 3);
    await scan.close();
    const phone = await h.page({ width: 390, height: 844 });
    await phone.goto(scanUrl(scan.key, '?plot=image'));
    const slot = phone.locator('section.plotslot[data-plot-kind="image"]');
    await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === '2' ? true : undefined), 20_000, 'frame 2 drawn');
    await eventually(async () => ((await slot.getByTestId('colour-histogram').getAttribute('aria-label'))?.startsWith('histogram of') ? true : undefined), 10_000, 'histogram filled');
    const toolbar = slot.locator('[role=group][aria-label="image tool"]').locator('xpath=..');
    const controls = toolbar.locator('button, select, input, [data-testid="colour-histogram"]');
    const count = await controls.count();
    // The tool modes (5), colormap, scale, log, the histogram, its two bounds and auto.
    expect(count).toBeGreaterThanOrEqual(12);
    const frameBox = (await slot.boundingBox())!;
    const names: string[] = [];
    for (let i = 0; i < count; i++) {
      const c = controls.nth(i);
      const name = await c.evaluate((el) => el.getAttribute('aria-label') ?? el.textContent ?? el.tagName);
      names.push(name);
      const box = (await c.boundingBox())!;
      // Within the screen and within the plot's frame (which clips what overflows it).
      expect(box.x, `${name} left`).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, `${name} right`).toBeLessThanOrEqual(390);
      expect(box.x + box.width, `${name} right of the frame`).toBeLessThanOrEqual(frameBox.x + frameBox.width + 0.5);
      expect(box.width * box.height, `${name} size`).toBeGreaterThan(0);
      // Nothing else over it: a click there reaches it.
      await c.click({ trial: true, timeout: 5000 });
    }
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await h.screenshot(phone, 'image-toolbar-390');
    // They work: each tool mode taken by a tap, the colormap chosen, the log scale toggled.
    for (const label of ['↔ profile', '↕ profile', '╱ profile', '▭ ROI', 'zoom']) {
      await slot.getByRole('button', { name: label, exact: true }).click();
      expect(await slot.getByRole('button', { name: label, exact: true }).getAttribute('aria-pressed')).toBe('true');
    }
    await slot.getByLabel('colormap').selectOption('gray');
    await eventually(() => (new URL(phone.url()).searchParams.get('cmap') === 'gray' ? true : undefined), 5000, 'colormap from the phone');
    await slot.getByRole('button', { name: 'log', exact: true }).click();
    await eventually(() => (new URL(phone.url()).searchParams.get('log') === '1' ? true : undefined), 5000, 'log from the phone');
  }, 90_000);

  it('takes image profiles of a given width, mean or sum, as silx does, kept in the link', async () => {
    const x = Array.from({ length: 3 }, (_, i) => i);
    const scan = await openScan(h.store, { session: 'e2e_followups_profile', number: 1, x, ys: { y: x }, image: true });
    await scan.send(0, 3);
    await scan.close();
    const page = await h.page();
    await page.goto(scanUrl(scan.key, '?plot=image&prof=h,10'));
    const values = async (width: number, method: string) => {
      const table = page.getByRole('table', { name: 'profile values' });
      return eventually(async () => {
        const details = page.locator('section[aria-label="image profile"] details');
        if ((await details.count()) && !(await details.evaluate((d) => (d as HTMLDetailsElement).open))) await details.locator('summary').click();
        if (!(await table.count())) return undefined;
        const t = await table.evaluate((el) => ({
          frame: el.getAttribute('data-frame-index'),
          width: el.getAttribute('data-profile-width'),
          method: el.getAttribute('data-profile-method'),
          rows: [...el.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))),
        }));
        return t.frame === '2' && t.width === String(width) && t.method === method ? t.rows : undefined;
      }, 15_000, `profile ${method} of ${width} px`);
    };
    const px = (r: number, c: number) => Math.fround(pixel(2, r, c));
    const expectRows = (rows: number[][], expected: [number, number][]) => {
      expect(rows).toHaveLength(expected.length);
      rows.forEach(([pos, v], i) => {
        expect(pos).toBeCloseTo(expected[i]![0], 4);
        expect(Math.abs(v! - expected[i]![1]) <= 1e-5 * Math.max(1, Math.abs(expected[i]![1])), `sample ${i}: ${v} vs ${expected[i]![1]}`).toBe(true);
      });
    };
    // One pixel wide: row 10 itself.
    expectRows(await values(1, 'mean'), Array.from({ length: W }, (_, c) => [c, px(10, c)]));
    // Three rows (9, 10, 11) summed.
    await page.getByLabel('profile width').fill('3');
    await page.getByLabel('profile reduction').selectOption('sum');
    expectRows(await values(3, 'sum'), Array.from({ length: W }, (_, c) => [c, px(9, c) + px(10, c) + px(11, c)]));
    await eventually(() => {
      const q = new URL(page.url()).searchParams;
      return q.get('profw') === '3' && q.get('profm') === 'sum' ? true : undefined;
    }, 5000, 'width and sum in the link');
    // The band read is outlined on the image: rows 9 to 11 (edges 9 and 12).
    const band = (await figure(page, 'image'))!.shapes.find((s) => s.type === 'path' && s.path?.startsWith(`M 0,9 L ${W},9 L ${W},12`));
    expect(band, 'the profile band drawn').toBeDefined();
    // A bad width is said where it was typed, and changes nothing.
    await page.getByLabel('profile width').fill('0');
    await expect.poll(() => page.locator('section[aria-label="image profile"] [role=alert]').textContent()).toContain('profile width');
    expect(new URL(page.url()).searchParams.get('profw')).toBe('3');

    // From a link: a column, 5 wide, mean (columns 8 to 12), then a free line along row 4 from column 2
    // to 20, 3 wide: its parallel lines fall on rows 3, 4 and 5, exactly on pixels.
    await page.goto(scanUrl(scan.key, '?plot=image&prof=v,10&profw=5&profm=mean'));
    expectRows(await values(5, 'mean'), Array.from({ length: H }, (_, r) => [r, [8, 9, 10, 11, 12].reduce((s, c) => s + px(r, c), 0) / 5]));
    await page.goto(scanUrl(scan.key, '?plot=image&prof=line,4,2,4,20&profw=3'));
    expectRows(await values(3, 'mean'), Array.from({ length: 19 }, (_, i) => [i, (px(3, 2 + i) + px(4, 2 + i) + px(5, 2 + i)) / 3]));
  }, 90_000);

  it('keeps a compared scan that is still running live as it grows, then shows it ended', async () => {
    const session = 'e2e_followups_live';
    const x = Array.from({ length: 30 }, (_, i) => i / 29);
    const base = await openScan(h.store, { session, number: 1, x, ys: { y: x.map((v) => 10 * v) } });
    await base.send(0, x.length);
    await base.close();
    const yLive = x.map((v) => 5 + Math.sin(7 * v));
    const live = await openScan(h.store, { session, number: 2, x, ys: { y: yLive } });
    await live.send(0, 6);

    const page = await h.page();
    await page.goto(scanUrl(base.key, `?ovk=${encodeURIComponent(live.key)}`));
    const overlaid = page.locator('[aria-label="overlaid scans"] li');
    const overlayTrace = async () => (await figure(page, 'curve'))?.data.find((t) => t.name?.startsWith('#2 '));
    const follows = async (points: number, state: 'live' | 'ended') =>
      eventually(async () => {
        const item = overlaid.first();
        if (!(await item.count())) return undefined;
        const text = (await item.textContent()) ?? '';
        const trace = await overlayTrace();
        if (!text.includes(`${state}, ${points} points`) || trace?.x.length !== points) return undefined;
        return { text, trace };
      }, 20_000, `overlay ${state} with ${points} points`);

    let seen = await follows(6, 'live');
    expect(seen.trace.name).toBe('#2 y (live)');
    expect(await overlaid.first().getAttribute('data-state')).toBe('live');
    expect(seen.trace.x).toEqual(x.slice(0, 6));
    expect(seen.trace.y).toEqual(yLive.slice(0, 6));
    expect((await page.locator('[aria-label="overlay legend"] li').allTextContents())).toContain('#2 y (live)');
    // It grows while the page is open.
    await live.send(6, 17);
    seen = await follows(17, 'live');
    expect(seen.trace.y).toEqual(yLive.slice(0, 17));
    // It ends: the rest of it, then final.
    await live.send(17, 30);
    await live.close();
    seen = await follows(30, 'ended');
    expect(seen.trace.name).toBe('#2 y');
    expect(seen.trace.x).toEqual(x);
    expect(seen.trace.y).toEqual(yLive);
    expect(await overlaid.first().getAttribute('data-state')).toBe('final');
    // This scan's own curve is untouched.
    const own = (await figure(page, 'curve'))!.data.find((t) => t.name === 'y')!;
    expect(own.y).toEqual(x.map((v) => 10 * v));
  }, 90_000);

  it('gives each curve plot of the grid its own channel choice', async () => {
    const x = Array.from({ length: 12 }, (_, i) => 0.1 * i);
    const a = x.map((v) => v * v);
    const b = x.map((v) => 3 - v);
    const scan = await openScan(h.store, { session: 'e2e_followups_grid', number: 1, x, ys: { a, b }, image: true });
    await scan.send(0, x.length);
    await scan.close();
    const page = await h.page({ width: 1400, height: 1000 });
    await page.goto(scanUrl(scan.key));
    await page.getByRole('button', { name: 'Several plots' }).click();
    const cell = page.locator('[data-layout-cell]').filter({ has: page.locator('section.plotslot[data-plot-kind="curve"]') });
    await eventually(async () => ((await page.locator('[data-layout-cell]').count()) >= 2 ? true : undefined), 15_000, 'grid of the curve and the image');
    const curveId = (await cell.getAttribute('data-layout-cell'))!;
    const label = (await cell.getAttribute('data-layout-title'))!;
    const traces = async () => (await figure(cell, 'curve'))?.data.filter((t) => t.x.length === x.length) ?? [];
    await eventually(async () => ((await traces()).length > 0 ? true : undefined), 15_000, 'curve drawn in its cell');

    await cell.getByRole('button', { name: `Channels of ${label}` }).click();
    const panel = cell.getByRole('region', { name: 'Channels' });
    await panel.waitFor();
    // b on the left axis too, a taken off, x the point index.
    if (!(await panel.getByLabel('y: b', { exact: true }).isChecked())) await panel.getByLabel('y: b', { exact: true }).check();
    if (await panel.getByLabel('y: a', { exact: true }).isChecked()) await panel.getByLabel('y: a', { exact: true }).uncheck();
    await panel.getByLabel('x: point index').check();
    const drawn = await eventually(async () => {
      const t = await traces();
      return t.length === 1 && t[0]!.name === 'b' && t[0]!.x[1] === 1 ? t : undefined;
    }, 15_000, 'b against the point index');
    expect(drawn[0]!.x).toEqual(x.map((_, i) => i));
    expect(drawn[0]!.y).toEqual(b);
    await h.screenshot(page, 'grid-curve-channels');
    // The grid stays a grid, and the choice is that plot's, in the link.
    expect(await page.locator('[aria-label="Plot layout"] [data-layout-cell]').count()).toBeGreaterThanOrEqual(2);
    await eventually(() => {
      const q = new URL(page.url()).searchParams;
      const own = q.get('plot') === curveId ? q : new URLSearchParams(q.get(`v.${curveId}`) ?? '');
      return own.get('y') === 'det:b' && own.get('x') === '' ? true : undefined;
    }, 5000, 'the curve cell’s channels in the link');
    // Reopened from the link: the same curve in the grid.
    const again = await h.page({ width: 1400, height: 1000 });
    await again.goto(page.url());
    const cellAgain = again.locator(`[data-layout-cell="${curveId}"]`);
    const back = await eventually(async () => {
      const t = (await figure(cellAgain, 'curve'))?.data.filter((d) => d.x.length === x.length) ?? [];
      return t.length === 1 && t[0]!.name === 'b' ? t : undefined;
    }, 20_000, 'channels from the link');
    expect(back[0]!.y).toEqual(b);
  }, 90_000);

  it('puts the colour bar and its tick labels in the exported PNG', async () => {
    const x = Array.from({ length: 3 }, (_, i) => i);
    const scan = await openScan(h.store, { session: 'e2e_followups_png', number: 1, x, ys: { y: x }, image: true });
    await scan.send(0, 3);
    await scan.close();
    const page = await h.page({ width: 1400, height: 900 });
    await page.goto(scanUrl(scan.key, '?plot=image&cmap=viridis'));
    const slot = page.locator('section.plotslot[data-plot-kind="image"]');
    await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === '2' ? true : undefined), 20_000, 'frame 2 drawn');
    const bar = slot.locator('[role="img"][aria-label^="colour scale"]');
    await bar.waitFor();
    const layout = await slot.evaluate((el) => {
      const r = (e: Element) => {
        const b = e.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      };
      const bar = el.querySelector('[role="img"][aria-label^="colour scale"]')!;
      return {
        figure: r(el.querySelector('.js-plotly-plot')!),
        bar: r(bar),
        ramp: r(bar.querySelector('canvas')!),
        ticks: [...bar.querySelectorAll('span')].filter((s) => s.children.length === 0 && (s.textContent ?? '').trim()).map((s) => ({ text: s.textContent!, ...r(s) })),
      };
    });
    expect(layout.ticks.length).toBeGreaterThanOrEqual(2);
    const file = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.locator('.plotarea__bar').getByRole('button', { name: 'PNG', exact: true }).click()]).then(async ([d]) => readFile((await d.path())!));
    await writeFile(path.join(ARTIFACTS, 'image-export-colour-bar.png'), file);
    const png = decode(file);
    // The figure and the colour bar beside it, at 2x.
    const left = Math.min(layout.figure.x, layout.bar.x);
    const top = Math.min(layout.figure.y, layout.bar.y);
    const right = Math.max(layout.figure.x + layout.figure.width, layout.bar.x + layout.bar.width);
    const bottom = Math.max(layout.figure.y + layout.figure.height, layout.bar.y + layout.bar.height);
    expect(Math.abs(png.width - (right - left) * 2)).toBeLessThanOrEqual(2);
    expect(Math.abs(png.height - (bottom - top) * 2)).toBeLessThanOrEqual(2);
    const at = (px: number, py: number) => {
      const i = (Math.round(py) * png.width + Math.round(px)) * png.channels;
      return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    };
    const dark = (r: { x: number; y: number; width: number; height: number }) => {
      let n = 0;
      for (let py = Math.floor((r.y - top) * 2); py < Math.ceil((r.y + r.height - top) * 2); py++) {
        for (let px = Math.floor((r.x - left) * 2); px < Math.ceil((r.x + r.width - left) * 2); px++) {
          const [red, green, blue] = at(px, py);
          if (red! + green! + blue! < 3 * 110) n++;
        }
      }
      return n;
    };
    // Each tick label's ink where the page shows it; the white between two labels stays white.
    for (const t of layout.ticks) expect(dark(t), `tick ${t.text}`).toBeGreaterThan(15);
    const [first, second] = layout.ticks as [(typeof layout.ticks)[0], (typeof layout.ticks)[0]];
    const gap = { x: first.x, y: first.y + first.height + 2, width: first.width, height: Math.max(0, second.y - first.y - first.height - 4) };
    if (gap.height > 2) expect(dark(gap), 'between two labels').toBe(0);
    // The ramp's colours: viridis' top at the top, its bottom at the bottom (the LUT computed here).
    const lut = colormapLut('viridis');
    const rampX = (layout.ramp.x + layout.ramp.width / 2 - left) * 2;
    const close = (c: number[], k: number) => c.every((v, j) => Math.abs(v - lut[4 * k + j]!) <= 6);
    expect(close(at(rampX, (layout.ramp.y + 3 - top) * 2), 255), `top ${at(rampX, (layout.ramp.y + 3 - top) * 2)}`).toBe(true);
    expect(close(at(rampX, (layout.ramp.y + layout.ramp.height - 3 - top) * 2), 0), `bottom ${at(rampX, (layout.ramp.y + layout.ramp.height - 3 - top) * 2)}`).toBe(true);
  }, 90_000);
});
