/** A copied link opened in another browser (fresh context, no shared storage) shows the same view. */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIODES } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { pointCount, startScan } from './scans';

const h = withHarness();

/** The x range plotly actually draws (data units, linear axis). */
async function drawnXRange(page: Page, plotId: string): Promise<[number, number] | undefined> {
  return page.evaluate((id) => {
    const gd = document.querySelector(`[data-plot-id="${id}"] .js-plotly-plot`) as (HTMLElement & { _fullLayout?: { xaxis?: { range?: [number, number] } } }) | null;
    const range = gd?._fullLayout?.xaxis?.range;
    return range ? [Number(range[0]), Number(range[1])] : undefined;
  }, plotId);
}

async function copiedLink(page: Page): Promise<string> {
  const button = page.getByRole('button', { name: 'Copy link' });
  await button.click();
  return eventually(async () => (await page.locator('[data-copied-link]').getAttribute('data-copied-link')) || undefined, 5000, 'copied link');
}

describe('shared links', () => {
  it('carry the curve channels and zoom to another browser', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_share', rate: 2000 }).done;
    const a = await h.page();
    await a.goto(`/scans/${encodeURIComponent(done.key)}?zoom=0.5,1.5,0,700`);
    await eventually(async () => ((await pointCount(a, 'curve')) === 41 ? true : undefined), 10_000, '41 points');
    // Pick diode2 instead of diode1 in the channel panel, and the point index as x.
    const panel = a.locator('section.chanpanel');
    await panel.getByLabel('y: diode2', { exact: true }).check();
    await panel.getByLabel('y: diode1', { exact: true }).uncheck();
    await panel.getByLabel('x: point index', { exact: true }).check();
    await panel.getByLabel('x: roby', { exact: true }).check();
    await eventually(() => (a.url().includes('y=') ? true : undefined), 5000, 'URL updated');
    const link = await copiedLink(a);
    const query = new URL(link).searchParams;
    expect(query.get('y')).toBe(DIODES.diode2);
    expect(query.get('x')).toBe('axis:roby');
    expect(query.get('zoom')).toBe('0.5,1.5,0,700');
    expect(query.get('plot')).toBe('curve');

    const b = await h.page();
    await b.goto(link);
    await eventually(async () => ((await pointCount(b, 'curve')) === 41 ? true : undefined), 10_000, '41 points in B');
    const panelB = b.locator('section.chanpanel');
    expect(await panelB.getByLabel('y: diode2', { exact: true }).isChecked()).toBe(true);
    expect(await panelB.getByLabel('y: diode1', { exact: true }).isChecked()).toBe(false);
    expect(await panelB.getByLabel('x: roby', { exact: true }).isChecked()).toBe(true);
    // The plot itself draws the zoomed window, not just the URL.
    const range = await eventually(() => drawnXRange(b, 'curve'), 10_000, 'plot drawn');
    expect(range[0]).toBeCloseTo(0.5, 6);
    expect(range[1]).toBeCloseTo(1.5, 6);
    expect(await b.getByRole('figure').first().getAttribute('aria-label')).toMatch(/diode2/);
    await h.screenshot(b, 'shared-link-curve');
  }, 60_000);

  it('carry the image colormap to another browser', async () => {
    const done = await startScan(h.store, 'image2d', { session: 'e2e_share', points: 6, rate: 200 }).done;
    const a = await h.page();
    await a.goto(`/scans/${encodeURIComponent(done.key)}?plot=image`);
    const slot = a.locator('section.plotslot[data-plot-kind="image"]');
    await slot.waitFor();
    const plotId = await slot.getAttribute('data-plot-id');
    await a.getByLabel('colormap').selectOption('magma');
    await eventually(() => (a.url().includes('cmap=magma') ? true : undefined), 5000, 'URL updated');
    const link = await copiedLink(a);
    expect(new URL(link).searchParams.get('plot')).toBe(plotId);

    const b = await h.page();
    await b.goto(link);
    await b.locator(`[data-plot-id="${plotId}"]`).waitFor();
    expect(await b.getByLabel('colormap').inputValue()).toBe('magma');
    expect(await b.locator('[role=tab][aria-selected=true]').getAttribute('data-tab')).toBe(plotId);
  }, 60_000);

  it('remembers a curve selection for the next scan of the same kind', async () => {
    // timescan: no display_extra. (The simulator's ascan carries a plotselect stamped with its own
    // creation time, which by Flint's rule always beats an earlier user edit.)
    const first = await startScan(h.store, 'timescan', { session: 'e2e_memory', points: 20, rate: 2000 }).done;
    const context = await h.context();
    const a = await context.newPage();
    await a.goto(`/scans/${encodeURIComponent(first.key)}`);
    const panel = a.locator('section.chanpanel');
    await panel.getByLabel('y: diode2', { exact: true }).check();
    await panel.getByLabel('y: diode1', { exact: true }).uncheck();
    await eventually(() => (new URL(a.url()).searchParams.get('y') === DIODES.diode2 ? true : undefined), 5000, 'selection applied');
    // Same browser (same storage), a new scan of the same kind, opened without view parameters.
    const second = await startScan(h.store, 'timescan', { session: 'e2e_memory', points: 20, rate: 2000 }).done;
    const b = await context.newPage();
    await b.goto(`/scans/${encodeURIComponent(second.key)}`);
    const panelB = b.locator('section.chanpanel');
    await panelB.waitFor();
    await eventually(async () => ((await panelB.getByLabel('y: diode2', { exact: true }).isChecked()) ? true : undefined), 5000, 'diode2 remembered');
    expect(await panelB.getByLabel('y: diode1', { exact: true }).isChecked()).toBe(false);
    await eventually(() => (new URL(b.url()).searchParams.get('y') === DIODES.diode2 ? true : undefined), 5000, 'URL shows the remembered selection');
    // Another browser has no memory of it: the scan's own selection.
    const c = await h.page();
    await c.goto(`/scans/${encodeURIComponent(second.key)}`);
    await c.locator('section.chanpanel').waitFor();
    expect(await c.locator('section.chanpanel').getByLabel('y: diode1', { exact: true }).isChecked()).toBe(true);
  }, 60_000);
});
