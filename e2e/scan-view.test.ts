/**
 * The scan view (`/scans/[key]`): live growth checked against what the writer sent, a finished scan in
 * full, a known gaussian's statistics, and a corrupt stream that breaks only itself.
 */
import { describe, expect, it } from 'vitest';
import { DIODE1_PEAK, DIODES, MONITOR_CHANNEL } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { closeTo, pointCount, publishCorruptScan, publishedNumbers, publishTrimmedScan, startScan, tableColumn } from './scans';

const h = withHarness();

function scanUrl(key: string, query = ''): string {
  return `/scans/${encodeURIComponent(key)}${query}`;
}

describe('scan view', () => {
  it('a scan opened while running grows to every point, with the values the writer sent', async () => {
    // Slow enough (about 10 s) to be seen running even on a loaded machine.
    const scan = startScan(h.store, 'ascan', { session: 'e2e_view', rate: 4 });
    const key = await scan.key;
    const page = await h.page();
    await page.goto(scanUrl(key));
    const curve = page.locator('[data-plot-id="curve"]');
    await curve.waitFor();
    // Seen while running: some points, not all yet.
    const early = await eventually(async () => {
      const n = await pointCount(page, 'curve');
      return n > 0 ? n : undefined;
    }, 10_000, 'first points');
    expect(early).toBeLessThan(41);
    expect(await page.locator('.scanhead [data-end]').getAttribute('data-end')).toBe('running');
    await h.screenshot(page, 'scan-view-running');

    const done = await scan.done;
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 15_000, '41 points');
    await eventually(async () => ((await page.locator('.scanhead [data-end]').getAttribute('data-end')) === 'success' ? true : undefined), 10_000, 'finished');

    for (const stream of ['axis:roby', DIODES.diode1, DIODES.diode2, MONITOR_CHANNEL]) {
      const shown = await tableColumn(page, stream);
      const sent = publishedNumbers(done, stream);
      expect(shown, stream).toHaveLength(41);
      const wrong = shown.map((v, i) => [i, v, sent[i]] as const).filter(([, v, s]) => !closeTo(v, s!));
      expect(wrong, stream).toEqual([]);
    }
    expect(await page.locator('.datatable__table').getAttribute('data-rows')).toBe('41');
    await h.screenshot(page, 'scan-view', { fullPage: true });
  }, 60_000);

  it('a scan opened after its end shows all of it', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_view', rate: 2000 }).done;
    const page = await h.page();
    await page.goto(scanUrl(done.key));
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 10_000, '41 points');
    expect(await page.locator('.scanhead [data-end]').getAttribute('data-end')).toBe('success');
    expect(await page.locator('.scanhead [role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
    const roby = await tableColumn(page, 'axis:roby');
    expect(roby).toHaveLength(41);
    expect(roby.every((v, i) => closeTo(v, publishedNumbers(done, 'axis:roby')[i]!))).toBe(true);
    // The scan_info tree is there, closed until asked.
    await page.locator('.infopanel > summary').click();
    await page.getByRole('button', { name: /acquisition_chain/ }).waitFor();
  }, 60_000);

  it('an aborted scan is marked as such and keeps the points it had', async () => {
    const done = await startScan(h.store, 'aborted', { session: 'e2e_view', rate: 2000 }).done;
    const page = await h.page();
    await page.goto(scanUrl(done.key));
    await page.locator('.endnote--aborted').waitFor();
    expect(await page.locator('.scanhead [data-end]').textContent()).toContain('Aborted');
    expect(await page.locator('.endreason').textContent()).toBe('USER_ABORT');
    await eventually(async () => ((await pointCount(page, 'curve')) === done.points ? true : undefined), 10_000, `${done.points} points`);
    expect(done.points).toBeLessThan(41);
    await h.screenshot(page, 'scan-view-aborted');
  }, 60_000);

  it('the statistics of a known gaussian match its centre', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_view', rate: 2000 }).done;
    const page = await h.page();
    await page.goto(scanUrl(done.key, `?plot=curve&x=axis:roby&y=${encodeURIComponent(DIODES.diode1)}`));
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 10_000, '41 points');
    // The curve plot shows Bliss's statistics (peak, cen, fwhm, com) of each curve, one row per curve.
    const cen = await eventually(async () => {
      const value = await page.evaluate(() => {
        const table = document.querySelector('[data-plot-id="curve"] [aria-label="curve statistics"] table');
        if (!table) return null;
        const col = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent?.trim() === 'cen');
        const row = [...table.querySelectorAll('tbody tr')].find((tr) => tr.textContent?.includes('diode1'));
        // Statistics are computed in their own throttled task: read them once they cover all 41 points.
        if (row?.getAttribute('data-points') !== '41') return null;
        const text = row?.children[col]?.textContent?.trim();
        return text === undefined || text === '—' ? null : Number(text);
      });
      return value === null ? undefined : value;
    }, 10_000, 'cen statistic of diode1');
    expect(Math.abs(cen - DIODE1_PEAK.centre)).toBeLessThan(0.05);
    await h.screenshot(page, 'scan-view-gaussian');
  }, 60_000);

  it('a corrupt stream shows its error while the other plots and channels keep working', async () => {
    const { key, good } = await publishCorruptScan(h.store, { session: 'e2e_view', number: 900 });
    const page = await h.page();
    await page.goto(scanUrl(key));
    const alert = page.locator('[data-stream-error="det:bad"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/payload is 12 bytes, expected 16/);
    // The good stream is whole, in the table and in the plot.
    await eventually(async () => {
      const shown = await tableColumn(page, 'det:good');
      return shown.length === good.length && shown.every((v, i) => v === good[i]) ? true : undefined;
    }, 10_000, 'good data');
    expect(await page.locator('[data-failed]').count()).toBe(0);
    const plots = page.locator('[data-plot-id]');
    expect(await plots.count()).toBeGreaterThan(0);
    await h.screenshot(page, 'scan-view-corrupt');
  }, 60_000);

  it('points expired from Redis are noted and shown as gaps, never as zeros', async () => {
    const { key } = await publishTrimmedScan(h.store, { session: 'e2e_view', number: 901 });
    const page = await h.page();
    await page.goto(scanUrl(key));
    const note = page.locator('[data-expired="det:x"]');
    await note.waitFor();
    expect(await note.textContent()).toContain('points 0–49');
    // 100 rows in two pages: the first (rows 0-49) is all gap, the last holds 51..100.
    await page.getByRole('button', { name: 'First page' }).click();
    const first = await tableColumn(page, 'det:x');
    expect(first).toHaveLength(50);
    expect(first.every(Number.isNaN)).toBe(true);
    expect((await tableColumn(page, 'axis:samx')).every((v) => !Number.isNaN(v))).toBe(true);
    await page.getByRole('button', { name: 'Last page' }).click();
    expect(await tableColumn(page, 'det:x')).toEqual(Array.from({ length: 50 }, (_, k) => 51 + k));
    // The curve holds only the points that exist.
    expect(await pointCount(page, 'curve')).toBe(50);
    await h.screenshot(page, 'scan-view-expired', { fullPage: true });
  }, 60_000);
});
