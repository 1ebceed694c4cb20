/**
 * A phone in portrait (390 x 844): the list and a scan page fit the width (no sideways scrolling of
 * the page), the top bar's parts do not overlap, the list's state and progress are on screen, the
 * statistics table can be read whole and plotly's toolbar leaves the plot's own controls free.
 */
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { eventually, withHarness } from './harness';
import { pointCount, startScan } from './scans';

const h = withHarness();
const SESSION = 'e2e_phone';

async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (!b) throw new Error('not laid out');
  return b;
}

describe('390 px wide', () => {
  it('list and scan pages fit, nothing overlaps, the statistics are readable', async () => {
    const done = await startScan(h.store, 'ascan', { session: SESSION, rate: 2000 }).done;
    const page = await h.page({ width: 390, height: 844 });
    await page.goto(`/?session=${SESSION}`);
    const row = page.locator(`tr[data-scan-key="${done.key}"]`);
    await row.waitFor();
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    // State and progress of the row are within the screen.
    for (const cell of [row.locator('[data-end]'), row.locator('[role=progressbar]')]) {
      const b = await box(cell);
      expect(b.x + b.width).toBeLessThanOrEqual(390);
      expect(b.width).toBeGreaterThan(10);
    }
    const live = page.locator('.topbar').getByText('Live', { exact: true });
    for (const other of await page.locator('.topbar label, .topbar input, .topbar select, .topbar button').all()) {
      if (!(await other.isVisible())) continue;
      expect(overlap(await box(live), await box(other)), `${await other.evaluate((e) => e.outerHTML.slice(0, 80))} overlaps Live`).toBe(false);
    }
    await h.screenshot(page, 'list-390');

    await page.goto(`/scans/${encodeURIComponent(done.key)}`);
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 10_000, '41 points');
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    const crumbs = await box(page.locator('.crumbs'));
    expect(overlap(crumbs, await box(live))).toBe(false);
    // The statistics table: every column reachable (scrolls inside its box if wider than the screen).
    const stats = page.locator('[aria-label="curve statistics"]');
    await stats.locator('tbody tr').first().waitFor();
    const fit = await stats.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, overflow: getComputedStyle(el).overflowX }));
    expect(fit.scroll <= fit.client || fit.overflow === 'auto' || fit.overflow === 'scroll').toBe(true);
    const lastHeader = stats.locator('thead th').last();
    await lastHeader.scrollIntoViewIfNeeded();
    const lh = await box(lastHeader);
    expect(lh.x + lh.width).toBeLessThanOrEqual(391);
    // plotly's toolbar does not cover the plot's own controls.
    const modebar = page.locator('section.plotslot .modebar').first();
    await modebar.waitFor({ state: 'attached' });
    await page.locator('section.plotslot').first().hover();
    const mb = await box(modebar);
    for (const control of await page.locator('section.plotslot [class*=toolbar] button, section.plotslot [class*=toolbar] select').all()) {
      expect(overlap(mb, await box(control))).toBe(false);
    }
    await h.screenshot(page, 'scan-390', { fullPage: true });
  }, 60_000);
});
