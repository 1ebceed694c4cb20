/**
 * A copied link reopens the whole page in another browser, for every view kind: the curve's two y
 * axes (scales, zoom), markers and statistics; an image zoomed top-down, its colormap, scaling and
 * frame; the MCA point of a plot that is not the one in front; a mesh's colour channel and zoom.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { curveStats } from '../lib/plot-math/curve-stats';
import { DIODES, MONITOR_CHANNEL } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { pointCount, publishedNumbers, startScan } from './scans';

const h = withHarness();
const scanUrl = (key: string, query = '') => `/scans/${encodeURIComponent(key)}${query}`;

interface Axis {
  type: string;
  range: [number, number];
  ticks: string[];
}

/** What plotly draws for an axis of a plot: its type, range (plotly units) and tick labels. */
async function axis(page: Page, plotId: string, name: 'xaxis' | 'yaxis' | 'yaxis2'): Promise<Axis | undefined> {
  return page.evaluate(
    ([id, n]) => {
      const gd = document.querySelector(`[data-plot-id="${id}"] .js-plotly-plot`) as (HTMLElement & { _fullLayout?: Record<string, { type?: string; range?: number[] }> }) | null;
      const a = gd?._fullLayout?.[n!];
      if (!a?.range) return undefined;
      const cls = n === 'yaxis2' ? 'y2tick' : n === 'yaxis' ? 'ytick' : 'xtick';
      const ticks = [...(gd!.querySelectorAll(`.${cls} text`) as NodeListOf<SVGTextElement>)].map((t) => t.textContent ?? '');
      return { type: a.type ?? '', range: [Number(a.range[0]), Number(a.range[1])] as [number, number], ticks };
    },
    [plotId, name] as const,
  );
}

async function copiedLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Copy link' }).click();
  return eventually(async () => (await page.locator('[data-copied-link]').getAttribute('data-copied-link')) || undefined, 5000, 'copied link');
}

/** plotly's tick labels as numbers ("10⁴" and "1k"-free since exponents are powers). */
function tickValue(text: string): number {
  const sup = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  const t = text.replace(/−/g, '-').replace(/,/g, '');
  const pow = /^(?:([\d.]+)×)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.exec(t);
  if (pow) {
    const e = Number([...pow[2]!].map((c) => (c === '⁻' ? '-' : String(sup.indexOf(c)))).join(''));
    return Number(pow[1] ?? 1) * 10 ** e;
  }
  return Number(t);
}

describe('share links restore every view', () => {
  it('curve: both y axes with their own scale and zoom, markers, statistics', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_share_views', rate: 2000 }).done;
    const a = await h.page();
    // diode1 on the left, the monitor on the right on a log scale (toggled here), then zoomed there.
    await a.goto(scanUrl(done.key, `?plot=curve&y=${encodeURIComponent(DIODES.diode1)}&y2=${encodeURIComponent(MONITOR_CHANNEL)}`));
    await eventually(async () => ((await pointCount(a, 'curve')) === 41 ? true : undefined), 10_000, '41 points');
    await a.getByRole('button', { name: 'log y (right)' }).click();
    await eventually(() => (new URL(a.url()).searchParams.get('logy2') === '1' ? true : undefined), 5000, 'log y2 in the URL');
    await a.goto(`${a.url()}&zoom2=100,1000000`);
    await eventually(async () => ((await axis(a, 'curve', 'yaxis2'))?.range[1] === 6 ? true : undefined), 10_000, 'right axis zoomed in A');
    await a.getByRole('button', { name: 'markers' }).click();
    await eventually(() => (new URL(a.url()).searchParams.get('marks') === '1' ? true : undefined), 5000, 'URL updated');
    const link = await copiedLink(a);
    const q = new URL(link).searchParams;
    expect(q.get('logy2')).toBe('1');
    expect(q.get('logy')).toBeNull();
    expect(q.get('zoom2')).toBe('100,1000000');

    const b = await h.page();
    await b.goto(link);
    await eventually(async () => ((await pointCount(b, 'curve')) === 41 ? true : undefined), 10_000, '41 points in B');
    const right = await eventually(async () => {
      const ax = await axis(b, 'curve', 'yaxis2');
      return ax?.type === 'log' && ax.ticks.length > 1 ? ax : undefined;
    }, 10_000, 'right axis drawn');
    // Its zoom (plotly keeps log10 on log axes) and readable, increasing, distinct labels.
    expect(right.range[0]).toBeCloseTo(2, 6);
    expect(right.range[1]).toBeCloseTo(6, 6);
    const values = right.ticks.map(tickValue);
    expect(values.every(Number.isFinite), right.ticks.join(' ')).toBe(true);
    expect(new Set(values).size).toBe(values.length);
    expect([...values].sort((x, y) => x - y)).toEqual(values);
    expect(values[0]).toBeGreaterThanOrEqual(100);
    // The left axis stays linear.
    expect((await axis(b, 'curve', 'yaxis'))!.type).toBe('linear');
    expect(await b.getByRole('button', { name: 'markers' }).getAttribute('aria-pressed')).toBe('true');
    expect(await b.getByRole('button', { name: 'log y (right)' }).getAttribute('aria-pressed')).toBe('true');
    expect(await b.getByRole('button', { name: 'log y (left)' }).getAttribute('aria-pressed')).toBe('false');

    // Statistics: the table and the markers give what Bliss's algorithm gives on the published data.
    const x = publishedNumbers(done, 'axis:roby');
    const expected = curveStats(x, publishedNumbers(done, DIODES.diode1));
    const row = b.locator('[aria-label="curve statistics"] tbody tr').first();
    await expect.poll(() => row.getAttribute('data-covered')).toBe('41');
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    expect(Number(cells[1])).toBeCloseTo(expected.peak, 4);
    expect(Number(cells[4])).toBeCloseTo(expected.cen, 3);
    expect(Number(cells[6])).toBeCloseTo(expected.com, 3);
    expect(cells[7]).toBe('41');
    const notes = await b.locator('[data-plot-id="curve"] .annotation-text').allTextContents();
    expect(notes.some((t) => t.startsWith('peak ') && Math.abs(Number(t.slice(5)) - expected.peak) < 1e-3)).toBe(true);
    await h.screenshot(b, 'share-curve-two-axes');
    const small = await h.page({ width: 390, height: 844 });
    await small.goto(link);
    await eventually(async () => ((await pointCount(small, 'curve')) === 41 ? true : undefined), 10_000, 'small');
    await h.screenshot(small, 'share-curve-two-axes-390');
  }, 60_000);

  it('image: zoomed top-down, colormap, scaling, log and frame', async () => {
    const done = await startScan(h.store, 'image2d', { session: 'e2e_share_views', points: 6, rate: 200 }).done;
    const a = await h.page();
    await a.goto(scanUrl(done.key, '?plot=image'));
    const slot = a.locator('section.plotslot[data-plot-kind="image"]');
    const plotId = (await slot.getAttribute('data-plot-id'))!;
    await slot.locator('[role=figure][data-render-ms]').waitFor();
    await a.getByLabel('colormap').selectOption('gray');
    await slot.getByLabel('frame', { exact: true }).fill('2');
    await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === '2' ? true : undefined), 10_000, 'frame 2');
    // Zoom by dragging a box, as a user does.
    const box = (await slot.locator('.nsewdrag').first().boundingBox())!;
    await a.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.2);
    await a.mouse.down();
    await a.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 5 });
    await a.mouse.up();
    const zoomedA = await eventually(async () => {
      const y = await axis(a, plotId, 'yaxis');
      return new URL(a.url()).searchParams.get('zoom') && y ? y : undefined;
    }, 10_000, 'zoom in the URL');
    expect(zoomedA.range[0]).toBeGreaterThan(zoomedA.range[1]); // row 0 at the top
    const link = await copiedLink(a);

    const b = await h.page();
    await b.goto(link);
    const slotB = b.locator(`[data-plot-id="${plotId}"]`);
    await eventually(async () => ((await slotB.locator('[role=figure]').getAttribute('data-frame-index')) === '2' ? true : undefined), 10_000, 'frame 2 in B');
    const yB = await eventually(() => axis(b, plotId, 'yaxis'), 10_000, 'axes in B');
    expect(yB.range[0]).toBeCloseTo(zoomedA.range[0], 6);
    expect(yB.range[1]).toBeCloseTo(zoomedA.range[1], 6);
    const xA = (await axis(a, plotId, 'xaxis'))!;
    const xB = (await axis(b, plotId, 'xaxis'))!;
    expect(xB.range[0]).toBeCloseTo(xA.range[0], 6);
    expect(xB.range[1]).toBeCloseTo(xA.range[1], 6);
    expect(await b.getByLabel('colormap').inputValue()).toBe('gray');
    expect(await slotB.getByRole('button', { name: 'follow latest' }).getAttribute('aria-pressed')).toBe('false');
    await h.screenshot(b, 'share-image-zoomed');
  }, 60_000);

  it('MCA point and curve scale together: the plot not in front keeps its view', async () => {
    const done = await startScan(h.store, 'mca', { session: 'e2e_share_views', points: 8, rate: 2000 }).done;
    const a = await h.page();
    await a.goto(scanUrl(done.key, '?plot=mca'));
    const mca = a.locator('section.plotslot[data-plot-kind="mca"]');
    const mcaId = (await mca.getAttribute('data-plot-id'))!;
    await eventually(async () => ((await mca.locator('[role=figure]').getAttribute('data-frame-index')) === '7' ? true : undefined), 10_000, 'point 7');
    await mca.getByLabel('point', { exact: true }).fill('3');
    await eventually(async () => ((await mca.locator('[role=figure]').getAttribute('data-frame-index')) === '3' ? true : undefined), 10_000, 'point 3');
    // Then another plot in front, with a setting of its own.
    const curveTab = a.locator('[role=tab]').filter({ hasText: 'Curve' });
    await curveTab.click();
    await a.getByRole('button', { name: /^log y/ }).click();
    await eventually(() => (new URL(a.url()).searchParams.get('logy') === '1' ? true : undefined), 5000, 'URL updated');
    const link = await copiedLink(a);

    const b = await h.page();
    await b.goto(link);
    await eventually(async () => ((await axis(b, (await b.locator('[role=tab][aria-selected=true]').getAttribute('data-tab'))!, 'yaxis'))?.type === 'log' ? true : undefined), 10_000, 'curve log y in B');
    await b.locator(`[role=tab][data-tab="${mcaId}"]`).click();
    const mcaB = b.locator(`section.plotslot[data-plot-id="${mcaId}"]`);
    await eventually(async () => ((await mcaB.locator('[role=figure]').getAttribute('data-frame-index')) === '3' ? true : undefined), 10_000, 'point 3 in B');
    expect(await mcaB.getByText(/point 3 \(of 8: 0–7\)/).count()).toBe(1);
  }, 60_000);

  it('mesh: colour channel, colormap and zoom', async () => {
    const done = await startScan(h.store, 'amesh', { session: 'e2e_share_views', points: 30, rate: 2000 }).done;
    const a = await h.page();
    await a.goto(scanUrl(done.key, '?plot=scatter&zoom=-0.5,0.5,-0.25,0.75'));
    await a.getByLabel('value channel').selectOption({ label: 'diode2' });
    await a.getByLabel('colormap').selectOption('magma');
    await eventually(() => (new URL(a.url()).searchParams.get('cmap') === 'magma' ? true : undefined), 5000, 'URL updated');
    const link = await copiedLink(a);
    const b = await h.page();
    await b.goto(link);
    await b.getByLabel('value channel').waitFor();
    expect(await b.locator('[aria-label="value channel"] option:checked').textContent()).toBe('diode2');
    expect(await b.getByLabel('colormap').inputValue()).toBe('magma');
    const id = (await b.locator('section.plotslot').first().getAttribute('data-plot-id'))!;
    const x = await eventually(() => axis(b, id, 'xaxis'), 10_000, 'mesh axes');
    const y = (await axis(b, id, 'yaxis'))!;
    expect(x.range).toEqual([-0.5, 0.5]);
    expect(y.range).toEqual([-0.25, 0.75]);
    await h.screenshot(b, 'share-mesh');
  }, 60_000);
});
