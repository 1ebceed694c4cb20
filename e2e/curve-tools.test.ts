/**
 * The curve tools as a scientist uses them, the numbers on screen checked against values computed here:
 * fits (scipy's reference values, and the truth of published synthetic data), per-curve math, the
 * crosshair readout and move command, markers, and overlaid / subtracted scans; each in the share link.
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { DataStore } from '../lib/blissdata/data-store';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { DIODES, MONITOR_CHANNEL } from '../scripts/simulator/index';
import { eventually, ROOT, withHarness } from './harness';
import { publishedNumbers, startScan } from './scans';

const h = withHarness();
const scanUrl = (key: string, query = '') => `/scans/${encodeURIComponent(key)}${query}`;

interface Dataset {
  name: string;
  model: string;
  background: string;
  x: number[];
  y: number[];
  range?: [number, number];
  reference: { parameters: Record<string, number>; errors: Record<string, number> };
}

/** A step scan of `samx` against `det:y`, points published by the caller (`send(from, to)`). */
async function xyScan(store: DataStore, session: string, number: number, x: number[], y: number[]) {
  const channels = { 'axis:samx': { dim: 0, display_name: 'samx', decimals: 4 }, 'det:y': { dim: 0, display_name: 'y' } };
  const info = {
    type: 'ascan',
    name: 'ascan',
    title: `ascan samx ${x[0]} ${x[x.length - 1]} ${x.length - 1} 0.1`,
    scan_nb: number,
    session_name: session,
    npoints: x.length,
    start_time: new Date().toISOString(),
    channels,
    devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det'] }, det: { channels: ['det:y'] } },
    acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det'], scalars: ['axis:samx', 'det:y'], spectra: [], images: [], master: { scalars: ['axis:samx'] } } },
  };
  const writer = await ScanWriter.create(store, { name: 'ascan', number, data_policy: 'no_policy', session }, info);
  const sx = writer.declareStream('axis:samx', numericStreamDefinition('<f8', []));
  const sy = writer.declareStream('det:y', numericStreamDefinition('<f8', []));
  await writer.prepare();
  await writer.start();
  const send = async (from: number, to: number) => {
    sx.send(Float64Array.from(x.slice(from, to)));
    sy.send(Float64Array.from(y.slice(from, to)));
    await writer.flush();
  };
  return { key: writer.key, send, close: () => writer.close() };
}

/** `0.4208 ± 0.0018`, `(3.2009 ± 0.0021)e+5` → value and error. */
function parseWithError(text: string): { value: number; error: number } {
  const scaled = /^\((\S+) ± (\S+)\)e([+-]\d+)$/.exec(text.trim());
  if (scaled) return { value: Number(scaled[1]) * 10 ** Number(scaled[3]), error: Number(scaled[2]) * 10 ** Number(scaled[3]) };
  const plain = /^(\S+) ± (\S+)$/.exec(text.trim());
  if (!plain) throw new Error(`not "value ± error": ${text}`);
  return { value: Number(plain[1]), error: Number(plain[2]) };
}

/** The fit parameter table as the user reads it. */
async function fitTable(page: Page): Promise<Record<string, { value: number; error: number }>> {
  const rows = await page.locator('[aria-label="fit parameters"] tr').evaluateAll((trs) => trs.map((tr) => [tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']));
  return Object.fromEntries(rows.map(([name, text]) => [name, parseWithError(text!)]));
}

async function fitSummary(page: Page): Promise<string> {
  return (await page.locator('[aria-label="fit parameters"]').locator('xpath=preceding-sibling::div[1]').textContent()) ?? '';
}

/**
 * Each shown parameter agrees with scipy's to within a tenth of scipy's standard error (the display rounds
 * to the error's second digit, a twentieth of it at most), and the shown error with scipy's to 10 %.
 */
function expectScipy(shown: Record<string, { value: number; error: number }>, ref: Dataset['reference']): void {
  for (const [name, value] of Object.entries(ref.parameters)) {
    const sigma = ref.errors[name]!;
    expect(shown[name], `parameter ${name}`).toBeDefined();
    expect(Math.abs(shown[name]!.value - value), `${name}: ${shown[name]!.value} vs scipy ${value} ± ${sigma}`).toBeLessThanOrEqual(0.1 * sigma);
    expect(Math.abs(shown[name]!.error - sigma) / sigma, `${name} error: ${shown[name]!.error} vs scipy ${sigma}`).toBeLessThanOrEqual(0.1);
  }
}

/** Moves over the plot at fraction fx of its width until the crosshair readout names every pattern. */
async function crosshairAt(page: Page, fx: number, fy = 0.5): Promise<string> {
  const area = page.locator('section.plotslot .nsewdrag').first();
  return eventually(async () => {
    const box = await area.boundingBox();
    if (!box) return undefined;
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    const out = (await page.locator('output[aria-label="crosshair"]').textContent()) ?? '';
    return /·/.test(out) ? out : undefined;
  }, 15_000, 'crosshair readout');
}

/** `samx 0.51 · y 12.3 · #2 y 11.0` → x and the value of each label. */
function parseReadout(text: string): { x: number; values: Record<string, number> } {
  const [head, ...rest] = text.split('·').map((t) => t.trim());
  const x = Number(head!.split(/\s+/).pop());
  const values: Record<string, number> = {};
  for (const part of rest) {
    const i = part.lastIndexOf(' ');
    values[part.slice(0, i)] = part.slice(i + 1) === '—' ? NaN : Number(part.slice(i + 1));
  }
  return { x, values };
}

/** y at x by linear interpolation of (xs, ys), xs ascending. */
function lerpAt(xs: number[], ys: number[], x: number): number {
  for (let i = 0; i + 1 < xs.length; i++) if (xs[i]! <= x && x <= xs[i + 1]!) return ys[i]! + ((ys[i + 1]! - ys[i]!) * (x - xs[i]!)) / (xs[i + 1]! - xs[i]!);
  return NaN;
}

/** 6 significant digits shown for x and y: y differs by the slope times x's rounding, plus y's own. */
function readoutTolerance(xs: number[], ys: number[], x: number): number {
  const i = Math.max(0, xs.findIndex((v) => v > x) - 1);
  const slope = Math.abs((ys[i + 1]! - ys[i]!) / (xs[i + 1]! - xs[i]!));
  return slope * Math.abs(x) * 1e-5 + Math.abs(lerpAt(xs, ys, x)) * 1e-5 + 1e-12;
}

const fixtures = JSON.parse(await readFile(path.join(ROOT, 'lib/analysis/fixtures/fit-reference.json'), 'utf8')) as { datasets: Dataset[] };
const byName = (name: string) => fixtures.datasets.find((d) => d.name === name)!;

describe('curve tools', () => {
  it('fits every model as scipy does, on a region typed in, with the result as text; the fit is in the share link', async () => {
    const session = 'e2e_fits';
    const picks = ['gaussian on a constant', 'lorentzian on a constant, Poisson counts', 'pseudo-voigt on a slope', 'falling edge (knife) on a slope', 'linear', 'gaussian on a constant, fit on a range beside a second peak'];
    const page = await h.page();
    let n = 0;
    for (const name of picks) {
      const d = byName(name);
      const scan = await xyScan(h.store, session, ++n, d.x, d.y);
      await scan.send(0, d.x.length);
      await scan.close();
      await page.goto(scanUrl(scan.key));
      await page.getByText('Fit', { exact: true }).click();
      await page.getByLabel('fit model').selectOption(d.model);
      if (d.model !== 'linear') await page.getByLabel('fit background').selectOption(d.background);
      if (d.range) {
        await page.getByLabel('fit from').fill(String(d.range[0]));
        await page.getByLabel('fit to').fill(String(d.range[1]));
        await page.getByLabel('fit to').press('Enter');
      }
      const points = d.range ? d.x.filter((v) => v >= d.range![0] && v <= d.range![1]).length : d.x.length;
      // The summary names what was fitted: not an earlier fit while the choices were being made.
      const wanted = [`${d.model} fit of y`, `${d.model === 'linear' ? 'linear' : d.background} background`, `${points} points`];
      await eventually(async () => {
        const summary = await fitSummary(page);
        return wanted.every((w) => summary.includes(w)) ? true : undefined;
      }, 30_000, `${name}: ${wanted.join(', ')}`);
      expectScipy(await fitTable(page), d.reference);
      // The same numbers as text to copy.
      const text = (await page.locator('pre[aria-label="fit as text"]').textContent()) ?? '';
      expect(text).toContain(`${points} points`);
      for (const p of Object.keys(d.reference.parameters)) expect(text).toMatch(new RegExp(`^${p}\\s+= `, 'm'));
      const inLink = [d.model, d.model === 'linear' ? 'constant' : d.background, ...(d.range ?? [])].join(',');
      await eventually(() => (new URL(page.url()).searchParams.get('fit') === inLink ? true : undefined), 5000, `fit=${inLink} in the URL`);
    }
    // The share link reopens the last fit, region included.
    const other = await h.page();
    await other.goto(page.url());
    await eventually(async () => ((await other.locator('[aria-label="fit parameters"] tr').count()) > 0 ? true : undefined), 30_000, 'fit from the link');
    expectScipy(await fitTable(other), byName(picks[picks.length - 1]!).reference);
  }, 240_000);

  it('refits live as points arrive, and copies the fit as text', async () => {
    const d = byName('gaussian on a constant');
    const scan = await xyScan(h.store, 'e2e_fit_live', 1, d.x, d.y);
    await scan.send(0, 60);
    const context = await h.context();
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    await page.goto(scanUrl(scan.key, '?fit=gaussian,constant'));
    await eventually(async () => ((await fitSummary(page)).includes('60 points') ? true : undefined), 30_000, 'fit over the first 60 points');
    await scan.send(60, d.x.length);
    await eventually(async () => ((await fitSummary(page)).includes(`${d.x.length} points`) ? true : undefined), 30_000, 'refit over every point');
    expectScipy(await fitTable(page), d.reference);
    await scan.close();
    await page.getByRole('button', { name: 'copy fit as text' }).click();
    const copied = await eventually(async () => {
      const t = await page.evaluate(() => navigator.clipboard.readText());
      return t.includes('position') ? t : undefined;
    }, 10_000, 'fit copied');
    expect(copied).toBe(await page.locator('pre[aria-label="fit as text"]').textContent());
  }, 120_000);

  it('fits a demo scan to its true peak within the noise, and saves the screenshot for the README', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_fit_demo', rate: 200 }).done;
    const { diode1: peak, positions } = done.params as unknown as { diode1: { centre: number; sigma: number; height: number; background: number; noise: number }; positions: number[] };
    const page = await h.page({ width: 1200, height: 1000 });
    await page.goto(scanUrl(done.key, '?fit=gaussian,constant'));
    await eventually(async () => ((await fitSummary(page)).includes(`${positions.length} points`) ? true : undefined), 30_000, 'fit of diode1');
    const shown = await fitTable(page);
    // Truth ± 5 σ, σ from the Fisher information of the published positions and the known noise.
    const truth = { height: peak.height, position: peak.centre, fwhm: 2 * Math.sqrt(2 * Math.LN2) * peak.sigma, constant: peak.background };
    const sigma = crameRao(positions, truth, peak.noise);
    for (const [name, value] of Object.entries(truth)) {
      expect(Math.abs(shown[name]!.value - value), `${name} ${shown[name]!.value} vs ${value} ± ${sigma[name]}`).toBeLessThanOrEqual(5 * sigma[name]!);
      // The error shown is the spread expected from the noise (within a factor of 2: it is estimated from 41 residuals).
      expect(shown[name]!.error / sigma[name]!).toBeGreaterThan(0.5);
      expect(shown[name]!.error / sigma[name]!).toBeLessThan(2);
    }
    const file = await h.screenshot(page, 'curve-fit');
    // A region dragged across the plot: the fit over the points inside it, the region in the link.
    await page.getByRole('button', { name: 'select on plot' }).click();
    const box = (await page.locator('section.plotslot .nsewdrag').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.55, { steps: 8 });
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.6, { steps: 8 });
    await page.mouse.up();
    const from = Number(await eventually(async () => (await page.getByLabel('fit from').inputValue()) || undefined, 10_000, 'region from the drag'));
    const to = Number(await page.getByLabel('fit to').inputValue());
    expect(from).toBeLessThan(to);
    const inside = positions.filter((x) => x >= from && x <= to).length;
    expect(inside).toBeGreaterThan(5);
    expect(inside).toBeLessThan(positions.length);
    await eventually(async () => ((await fitSummary(page)).includes(`${inside} points`) ? true : undefined), 30_000, `fit over the ${inside} points dragged across`);
    await eventually(() => (new URL(page.url()).searchParams.get('fit') === `gaussian,constant,${from},${to}` ? true : undefined), 5000, 'region in the URL');
    // The README's picture, taken again on demand (not at every run: it is a tracked file).
    if (process.env.LANTERN_UPDATE_SCREENSHOTS === '1') {
      await mkdir(path.join(ROOT, 'docs/screenshots'), { recursive: true });
      await copyFile(file, path.join(ROOT, 'docs/screenshots/fit.png'));
    }
  }, 120_000);

  it('computes math per curve, says what is wrong with a bad expression, and keeps it in the link', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_math', rate: 200 }).done;
    const d1 = publishedNumbers(done, DIODES.diode1);
    const d2 = publishedNumbers(done, DIODES.diode2);
    const mon = publishedNumbers(done, MONITOR_CHANNEL);
    const page = await h.page();
    await page.goto(scanUrl(done.key, `?y=${encodeURIComponent(`${DIODES.diode1},${DIODES.diode2}`)}`));
    await page.getByText('Math', { exact: true }).click();
    await page.getByLabel('expression for diode1').fill('log(diode1 / mon)');
    await page.getByLabel('expression for diode1').press('Enter');
    await page.getByLabel('negative diode2').check();
    const maxOf = async (label: string) =>
      eventually(async () => {
        const row = page.locator('[aria-label="curve statistics"] tbody tr', { hasText: label }).first();
        if (!(await row.count())) return undefined;
        return Number((await row.locator('td').nth(2).textContent())?.trim());
      }, 20_000, `statistics of ${label}`);
    const logRatio = d1.map((v, i) => Math.log(v / mon[i]!));
    const expectFive = (shown: number, value: number) => expect(Math.abs(shown - value)).toBeLessThanOrEqual(Math.abs(value) * 1e-4);
    expectFive(await maxOf('log(diode1 / mon)'), Math.max(...logRatio));
    expectFive(await maxOf('-diode2'), Math.max(...d2.map((v) => -v)));
    expect(await page.getByLabel('math of diode1').textContent()).toBe('log(diode1 / mon)');
    // The link carries each curve's math: a new page shows the same.
    // (The URL follows the view a moment later.)
    const link = await eventually(() => (new URL(page.url()).searchParams.get(`m.${DIODES.diode2}`) === 'neg=1' ? page.url() : undefined), 5000, 'math in the URL');
    expect(new URL(link).searchParams.get(`m.${DIODES.diode1}`)).toBe('e=log%28diode1+%2F+mon%29');
    const other = await h.page();
    await other.goto(link);
    await other.locator('[aria-label="curve statistics"] tbody tr', { hasText: '-diode2' }).waitFor();
    // A bad expression: a clear error where it was typed; the other curve is still drawn.
    await page.getByLabel('expression for diode1').fill('diode1 / nothing');
    await page.getByLabel('expression for diode1').press('Enter');
    const alert = page.getByRole('alert').filter({ hasText: 'nothing' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/diode1: .*nothing.*\(at character 10\)/);
    expectFive(await maxOf('-diode2'), Math.max(...d2.map((v) => -v)));
  }, 120_000);

  it('reads y of each curve at the crosshair, pins it, copies the move command, places and removes markers', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_crosshair', rate: 200 }).done;
    const xs = publishedNumbers(done, 'axis:roby');
    const d1 = publishedNumbers(done, DIODES.diode1);
    const page = await h.page();
    await page.goto(scanUrl(done.key));
    const text = await crosshairAt(page, 0.37);
    const { x, values } = parseReadout(text);
    expect(text.startsWith('roby ')).toBe(true);
    expect(Math.abs(values.diode1! - lerpAt(xs, d1, x))).toBeLessThanOrEqual(readoutTolerance(xs, d1, x));
    // Pinned by a click: it stays when the mouse leaves, and offers the Bliss command for that position.
    const area = (await page.locator('section.plotslot .nsewdrag').first().boundingBox())!;
    await page.mouse.click(area.x + area.width * 0.37, area.y + area.height * 0.5);
    await page.getByText('pinned', { exact: true }).waitFor();
    await page.mouse.move(5, 5);
    const pinned = parseReadout((await page.locator('output[aria-label="crosshair"]').textContent()) ?? '');
    const command = (await page.getByLabel('move command').textContent()) ?? '';
    // roby's scan_info decimals: 3.
    expect(command).toBe(`mv roby ${pinned.x.toFixed(3)}`);
    expect(Math.abs(pinned.values.diode1! - lerpAt(xs, d1, pinned.x))).toBeLessThanOrEqual(readoutTolerance(xs, d1, pinned.x));
    // Markers: one typed, one at the pinned crosshair; in the link; removed again.
    await page.getByText('Markers', { exact: true }).click();
    await page.getByLabel('vertical marker at').fill('0.75');
    await page.getByLabel('vertical marker at').press('Enter');
    await page.getByRole('button', { name: /^mark y / }).click();
    const markers = page.locator('[aria-label="markers"] li');
    await eventually(async () => ((await markers.count()) === 2 ? true : undefined), 10_000, 'two markers');
    expect(await markers.nth(0).textContent()).toBe('roby = 0.75×');
    await eventually(() => (new URL(page.url()).searchParams.get('vm') === '0.75' && new URL(page.url()).searchParams.get('hm') !== null ? true : undefined), 5000, 'markers in the URL');
    const shapes = async () => page.evaluate(() => ((document.querySelector('section.plotslot .js-plotly-plot') as unknown as { layout?: { shapes?: { x0: unknown }[] } })?.layout?.shapes ?? []).map((s) => s.x0));
    await eventually(async () => ((await shapes()).includes(0.75) ? true : undefined), 10_000, 'marker drawn');
    await page.getByRole('button', { name: 'remove marker roby = 0.75' }).click();
    await eventually(async () => ((await markers.count()) === 1 && !(await shapes()).includes(0.75) ? true : undefined), 10_000, 'marker removed');
  }, 120_000);

  it('overlays the previous scans of the same kind with a legend naming them, and draws differences to a reference scan', async () => {
    const session = 'e2e_compare';
    const runs = [];
    for (const seed of [11, 12, 13]) runs.push(await startScan(h.store, 'ascan', { session, rate: 200, seed }).done);
    const [first, second, third] = runs as [(typeof runs)[0], (typeof runs)[0], (typeof runs)[0]];
    const page = await h.page();
    await page.goto(scanUrl(third.key, '?ov=3'));
    const legend = page.locator('[aria-label="overlay legend"] li');
    await eventually(async () => ((await legend.count()) === 3 ? true : undefined), 30_000, 'legend of this scan and two overlays');
    const labels = await legend.allTextContents();
    const numbers = await Promise.all([first, second].map(async (s) => (await (await fetch(`${h.url}/api/scans/${encodeURIComponent(s.key)}`)).json()).info.scan_nb as number));
    expect(labels).toEqual(['diode1', `#${numbers[1]} diode1`, `#${numbers[0]} diode1`]);
    // Each overlay its own colour.
    const colours = await page.evaluate(() => ((document.querySelector('section.plotslot .js-plotly-plot') as unknown as { data?: { line?: { color?: string } }[] })?.data ?? []).map((t) => t.line?.color));
    expect(new Set(colours).size).toBeGreaterThanOrEqual(3);
    // Difference to the scan before: each curve minus it, read at the crosshair.
    await page.getByLabel('reference scan').selectOption({ label: `#${numbers[1]}` });
    await eventually(async () => ((await legend.allTextContents()).includes(`diode1 − #${numbers[1]}`) ? true : undefined), 20_000, 'difference legend');
    await eventually(() => (new URL(page.url()).searchParams.get('ref') === second.key ? true : undefined), 5000, 'reference in the URL');
    const xs = publishedNumbers(third, 'axis:roby');
    const y3 = publishedNumbers(third, DIODES.diode1);
    const y2 = publishedNumbers(second, DIODES.diode1);
    const y1 = publishedNumbers(first, DIODES.diode1);
    const { x, values } = parseReadout(await crosshairAt(page, 0.52));
    const diff3 = xs.map((_, i) => y3[i]! - lerpAt(publishedNumbers(second, 'axis:roby'), y2, xs[i]!));
    expect(Math.abs(values[`diode1 − #${numbers[1]}`]! - lerpAt(xs, diff3, x))).toBeLessThanOrEqual(readoutTolerance(xs, diff3, x) + 1e-9);
    const diff1 = xs.map((_, i) => y1[i]! - y2[i]!);
    expect(Math.abs(values[`#${numbers[0]} diode1 − #${numbers[1]}`]! - lerpAt(xs, diff1, x))).toBeLessThanOrEqual(readoutTolerance(xs, diff1, x) + 1e-9);
    // Any scan of the session picked from the list (here on the first scan's page, the third one over it).
    const firstPage = await h.page();
    await firstPage.goto(scanUrl(first.key));
    await firstPage.getByText('Compare scans', { exact: true }).click();
    const thirdNumber = (await (await fetch(`${h.url}/api/scans/${encodeURIComponent(third.key)}`)).json()).info.scan_nb as number;
    await eventually(async () => ((await firstPage.getByLabel('scan to overlay').locator('option').allTextContents()).some((t) => t.startsWith(`#${thirdNumber} `)) ? true : undefined), 20_000, 'scans to pick');
    await firstPage.getByLabel('scan to overlay').selectOption({ value: third.key });
    await firstPage.getByRole('button', { name: 'overlay', exact: true }).click();
    await eventually(async () => ((await firstPage.locator('[aria-label="overlay legend"] li').allTextContents()).includes(`#${thirdNumber} diode1`) ? true : undefined), 30_000, 'picked scan in the legend');
    await eventually(() => (new URL(firstPage.url()).searchParams.get('ovk') === third.key ? true : undefined), 5000, 'picked scan in the URL');
    // The link restores overlays and reference.
    const other = await h.page();
    await other.goto(page.url());
    await eventually(async () => ((await other.locator('[aria-label="overlay legend"] li').allTextContents()).includes(`#${numbers[0]} diode1 − #${numbers[1]}`) ? true : undefined), 30_000, 'overlays from the link');
  }, 180_000);
});

/** 1σ of each parameter of a gaussian + constant fit: sqrt of the diagonal of noise² (JᵀJ)⁻¹ at the truth. */
function crameRao(xs: number[], p: { height: number; position: number; fwhm: number; constant: number }, noise: number): Record<string, number> {
  const s = p.fwhm / (2 * Math.sqrt(2 * Math.LN2));
  const rows = xs.map((x) => {
    const g = Math.exp(-((x - p.position) ** 2) / (2 * s * s));
    return [g, (p.height * g * (x - p.position)) / (s * s), ((p.height * g * (x - p.position) ** 2) / s ** 3) / (2 * Math.sqrt(2 * Math.LN2)), 1];
  });
  const k = 4;
  const a = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => rows.reduce((sum, r) => sum + r[i]! * r[j]!, 0)));
  const inv = invert(a);
  const names = ['height', 'position', 'fwhm', 'constant'];
  return Object.fromEntries(names.map((name, i) => [name, noise * Math.sqrt(inv[i]![i]!)]));
}

/** Gauss-Jordan inverse of a small symmetric positive matrix. */
function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const d = a[c]![c]!;
    for (let j = 0; j < 2 * n; j++) a[c]![j] = a[c]![j]! / d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let j = 0; j < 2 * n; j++) a[r]![j] = a[r]![j]! - f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}
