/**
 * Every view kind as a user sees it, with the numbers on screen checked against what the simulator
 * published: mesh (any colour channel), MCA (point slider, sum), sequences (sub-scans, progress, links
 * both ways), aborted scans, an unknown scan (404), and the plot toolbars (PNG export, no cloud upload).
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { scanSequenceDefinition } from '../lib/blissdata/writer/plugins';
import { ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { DIODES, MCA_STREAMS, MONITOR_CHANNEL } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { openScan, pointCount, publishedNumbers, startScan } from './scans';

const h = withHarness();
const scanUrl = (key: string, query = '') => `/scans/${encodeURIComponent(key)}${query}`;

/** The y values plotly draws in the plot's first trace. */
async function traceY(page: Page, plotId: string): Promise<number[]> {
  return page.evaluate((id) => {
    const gd = document.querySelector(`[data-plot-id="${id}"] .js-plotly-plot`) as (HTMLElement & { data?: { y?: ArrayLike<number> }[] }) | null;
    return Array.from(gd?.data?.[0]?.y ?? [], Number);
  }, plotId);
}

/** Moves the mouse over the plot area at fractions (fx, fy) of its box, until the readout says something. */
async function readoutAt(page: Page, fx: number, fy: number, pattern: RegExp): Promise<string> {
  const slot = page.locator('section.plotslot').first();
  const area = slot.locator('.nsewdrag').first();
  return eventually(async () => {
    const box = await area.boundingBox();
    if (!box) return undefined;
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
    const t = await slot.evaluate((el) => [...el.querySelectorAll('[aria-live="off"]')].map((n) => n.textContent ?? '').join(' ').trim());
    return pattern.test(t) ? t : undefined;
  }, 10_000, `readout matching ${pattern}`);
}

describe('views', () => {
  it('mesh: every scalar channel can colour it; the cell readout gives the published value', async () => {
    const done = await startScan(h.store, 'amesh', { session: 'e2e_views', points: 30, rate: 2000 }).done;
    const { nx, ny } = done.params as { nx: number; ny: number };
    const page = await h.page();
    await page.goto(scanUrl(done.key, '?plot=scatter'));
    const select = page.getByLabel('value channel');
    await select.waitFor();
    const options = await select.locator('option').allTextContents();
    // Hinted diode1 first, then the other counters recorded by the scan (they were not offered).
    expect(options[0]).toBe('diode1');
    expect(options).toEqual(expect.arrayContaining(['diode2', 'mon']));
    expect(options).not.toContain('sampx');
    await select.selectOption({ label: 'diode2' });
    await eventually(() => (new URL(page.url()).searchParams.get('value') === DIODES.diode2 ? true : undefined), 5000, 'value in the URL');
    expect(await page.locator('section.plotslot [role=figure]').first().getAttribute('aria-label')).toMatch(/diode2/);
    // Bottom-left cell: point 0 (sampx -1, sampy -1).
    const text = await readoutAt(page, 0.5 / nx, 1 - 0.5 / ny, /sampx -1\s+sampy -1\s/);
    const value = Number(/diode2 (\S+)/.exec(text)![1]);
    expect(value).toBeCloseTo(publishedNumbers(done, DIODES.diode2)[0]!, 3);
    // Normalised by the monitor, as curves can be.
    await page.getByLabel('normalise by monitor').selectOption({ label: 'mon' });
    const ntext = await readoutAt(page, 0.5 / nx, 1 - 0.5 / ny, /diode2 \/ mon /);
    const nvalue = Number(/diode2 \/ mon (\S+)/.exec(ntext)![1]);
    expect(nvalue).toBeCloseTo(publishedNumbers(done, DIODES.diode2)[0]! / publishedNumbers(done, MONITOR_CHANNEL)[0]!, 5);
    await h.screenshot(page, 'mesh-finished');
    const small = await h.page({ width: 390, height: 844 });
    await small.goto(page.url());
    await small.getByLabel('value channel').waitFor();
    await h.screenshot(small, 'mesh-finished-390');
  }, 60_000);

  it('MCA: the point slider shows that point, the sum is the sum over the scan', async () => {
    const done = await startScan(h.store, 'mca', { session: 'e2e_views', points: 8, rate: 2000 }).done;
    const data = done.published[MCA_STREAMS.spectrum];
    if (data?.type !== 'numeric') throw new Error('no spectra published');
    const flat = Array.from(data.data as ArrayLike<number>, Number);
    const channels = flat.length / 8;
    const page = await h.page();
    await page.goto(scanUrl(done.key, '?plot=mca'));
    const slot = page.locator('section.plotslot[data-plot-kind="mca"]');
    await slot.waitFor();
    const plotId = (await slot.getAttribute('data-plot-id'))!;
    await eventually(async () => ((await pointCount(page, plotId)) === 8 ? true : undefined), 10_000, '8 spectra');
    // Following: the newest point, 7.
    await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === '7' ? true : undefined), 10_000, 'point 7');
    await slot.getByLabel('point', { exact: true }).fill('3');
    await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === '3' ? true : undefined), 10_000, 'point 3');
    expect(await slot.getByText(/point 3 \(of 8: 0–7\)/).count()).toBe(1);
    const y3 = await eventually(async () => {
      const y = await traceY(page, plotId);
      return y.length === channels && y[100] === flat[3 * channels + 100] ? y : undefined;
    }, 10_000, 'spectrum of point 3 drawn');
    expect(y3).toEqual(flat.slice(3 * channels, 4 * channels));
    await h.screenshot(page, 'mca-point3');
    await slot.getByLabel('spectrum reduction').selectOption('sum');
    const sum = Array.from({ length: channels }, (_, c) => flat.reduce((a, _v, i) => (i % channels === c ? a + flat[i]! : a), 0));
    await eventually(async () => {
      const y = await traceY(page, plotId);
      return y.length === channels && y.every((v, i) => Math.abs(v - sum[i]!) <= 1e-9 * Math.max(1, sum[i]!)) ? true : undefined;
    }, 10_000, 'sum over the scan drawn');
    await h.screenshot(page, 'mca-sum');
    const small = await h.page({ width: 390, height: 844 });
    await small.goto(page.url());
    await small.locator('section.plotslot[data-plot-kind="mca"]').waitFor();
    await h.screenshot(small, 'mca-sum-390');
  }, 60_000);

  it('sequence: lists its sub-scans live with progress and links; each sub-scan links back; the list counts sub-scans', async () => {
    // Driven step by step (sub-scans started, fed and closed here), so nothing depends on timing.
    const session = 'e2e_sequence';
    const parent = await ScanWriter.create(
      h.store,
      { name: 'sequence_of_scans', number: 1, data_policy: 'no_policy', session },
      { type: 'sequence_of_scans', name: 'sequence_of_scans', title: 'sequence_of_scans', session_name: session, npoints: 0, start_time: new Date().toISOString(), is_scan_sequence: true, sequence_info: { scan_count: 3 } },
    );
    const subscans = parent.declareStream('SUBSCANS', scanSequenceDefinition());
    await parent.prepare();
    await parent.start();
    const key = parent.key;
    const child = async (n: number) => {
      const c = await openScan(h.store, session, 11, { number: n, group: key });
      subscans.sendJson({ key: c.key, scan_number: n });
      await parent.flush();
      return c;
    };
    const page = await h.page();
    await page.goto(scanUrl(key));
    const list = await h.page();
    await list.goto(`/?session=${session}`);
    const rows = page.locator('section.sequencepanel tbody tr[data-scan-key]');

    // One sub-scan done, the second at 4 of 12 points.
    const first = await child(2);
    first.send(0, 12);
    await first.writer.close();
    const second = await child(3);
    second.send(0, 4);
    await second.writer.flush();
    await eventually(async () => ((await rows.count()) === 2 ? true : undefined), 15_000, 'two sub-scans listed');
    await eventually(async () => ((await rows.nth(1).locator('[data-end]').getAttribute('data-end')) === 'running' && (await rows.nth(1).textContent())?.includes('4 / 12') ? true : undefined), 15_000, 'second sub-scan running at 4 / 12');
    expect(await rows.nth(0).locator('[data-end]').getAttribute('data-end')).toBe('success');
    expect(await page.locator('.scanhead [data-end]').getAttribute('data-end')).toBe('running');
    expect(await page.locator('.scanhead__progress-text').textContent()).toMatch(/\(1 \/ 3 sub-scans done\)/);
    expect(Number(await page.locator('.scanhead [role=progressbar]').getAttribute('aria-valuenow'))).toBeCloseTo((100 * (1 + 4 / 12)) / 3, 1);
    expect(await page.locator('section.sequencepanel').textContent()).toMatch(/1 more sub-scan announced, not started yet/);
    expect(await page.getByText('nothing to plot').count()).toBe(0);
    expect(await page.getByText('No scalar channel to tabulate').count()).toBe(0);
    await h.screenshot(page, 'sequence-live');
    // The list, live: the sequence counts its sub-scans, not its (empty) streams.
    await eventually(async () => ((await list.locator(`tr[data-scan-key="${key}"] .scanrow__progress`).textContent())?.includes('1 / 3 scans') ? true : undefined), 10_000, 'list progress 1 / 3 scans');
    await h.screenshot(list, 'sequence-list-live');

    second.send(4, 12);
    await second.writer.close();
    const third = await child(4);
    third.send(0, 12);
    await third.writer.close();
    await parent.close();
    const childKeys = [first.key, second.key, third.key];
    await eventually(async () => ((await page.locator('section.sequencepanel [data-end="success"]').count()) === 3 ? true : undefined), 15_000, 'three sub-scans finished');
    await expect.poll(() => page.locator('.scanhead__progress-text').textContent(), { timeout: 10_000 }).toMatch(/100 %.*3 \/ 3 sub-scans done/);
    expect(await page.locator('.scanhead [role=progressbar]').getAttribute('aria-valuenow')).toBe('100');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-scan-key')))).toEqual(childKeys);
    await h.screenshot(page, 'sequence-finished');
    await eventually(async () => ((await list.locator(`tr[data-scan-key="${key}"] .scanrow__progress`).textContent())?.includes('3 / 3 scans') ? true : undefined), 10_000, 'list progress 3 / 3 scans');
    expect(await list.locator(`tr[data-scan-key="${key}"] [role=progressbar]`).getAttribute('aria-valuenow')).toBe('100');
    const small = await h.page({ width: 390, height: 844 });
    await small.goto(scanUrl(key));
    await small.locator('section.sequencepanel tbody tr[data-scan-key]').first().waitFor();
    // On a phone too, each sub-scan's state is shown.
    expect(await small.locator('section.sequencepanel tbody tr[data-scan-key] [data-end="success"]').first().isVisible()).toBe(true);
    await h.screenshot(small, 'sequence-finished-390');

    // Sub-scan -> its sequence.
    await rows.first().getByRole('link').click();
    await page.waitForURL((u) => u.pathname.includes(encodeURIComponent(childKeys[0]!)));
    const back = page.getByTestId('parent-sequence').getByRole('link');
    await expect.poll(() => back.textContent(), { timeout: 10_000 }).toMatch(/#1 sequence_of_scans/);
    await back.click();
    await page.waitForURL((u) => u.pathname.endsWith(encodeURIComponent(key)));
    await rows.first().waitFor();
  }, 90_000);

  it('aborted scan: marked aborted, its points and no more, progress not full', async () => {
    const done = await startScan(h.store, 'aborted', { session: 'e2e_views', rate: 2000 }).done;
    const sent = publishedNumbers(done, DIODES.diode1).length;
    expect(sent).toBeLessThan(41);
    const page = await h.page();
    await page.goto(scanUrl(done.key));
    await eventually(async () => ((await pointCount(page, 'curve')) === sent ? true : undefined), 10_000, `${sent} points`);
    expect(await page.locator('.scanhead [data-end]').getAttribute('data-end')).toBe('aborted');
    expect(await page.locator('.endnote--aborted').textContent()).toMatch(/Aborted by the user/);
    expect(await page.locator('.endreason').textContent()).toBe('USER_ABORT');
    expect(Number(await page.locator('.scanhead [role=progressbar]').getAttribute('aria-valuenow'))).toBeCloseTo((100 * sent) / 41, 0);
    expect(await page.locator('.datatable__table').getAttribute('data-rows')).toBe(String(sent));
    await h.screenshot(page, 'aborted-finished');
    const small = await h.page({ width: 390, height: 844 });
    await small.goto(scanUrl(done.key));
    await eventually(async () => ((await pointCount(small, 'curve')) === sent ? true : undefined), 10_000, 'small');
    await h.screenshot(small, 'aborted-finished-390');
  }, 60_000);

  it('unknown scan: HTTP 404 and a page saying so', async () => {
    const res = await fetch(`${h.url}/scans/${encodeURIComponent('esrf:scan:01NOTASCAN')}`);
    expect(res.status).toBe(404);
    const page = await h.page();
    const reply = await page.goto(scanUrl('esrf:scan:01NOTASCAN'));
    expect(reply?.status()).toBe(404);
    await page.getByRole('heading', { name: 'Not found' }).waitFor();
    expect(await page.getByRole('link', { name: 'Back to the scan list' }).count()).toBe(1);
  }, 30_000);

  it('plot toolbars: PNG export of curves and images, no third-party cloud button anywhere', async () => {
    const ascan = await startScan(h.store, 'ascan', { session: 'e2e_views', rate: 2000 }).done;
    const image = await startScan(h.store, 'image2d', { session: 'e2e_views', points: 3, rate: 50 }).done;
    const page = await h.page();
    for (const [key, kind] of [
      [ascan.key, 'curve'],
      [image.key, 'image'],
    ] as const) {
      await page.goto(scanUrl(key, `?plot=${kind}`));
      const slot = page.locator(`section.plotslot[data-plot-kind="${kind}"]`);
      await slot.locator('.modebar').waitFor({ state: 'attached' });
      const titles = await slot.locator('.modebar-btn').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-title') ?? ''));
      expect(titles.filter((t) => /cloud|share|chart studio/i.test(t))).toEqual([]);
      expect(titles.some((t) => /png/i.test(t)), titles.join(', ')).toBe(true);
      expect(await page.getByText(/Plotly Cloud/).count()).toBe(0);
      if (kind === 'image') {
        await slot.locator('[role=figure][data-render-ms]').waitFor();
        const download = page.waitForEvent('download');
        await slot.hover();
        await slot.locator('.modebar-btn[data-title="Download plot as a PNG"]').click();
        const file = await (await download).path();
        const png = await readFile(file);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        // The pixels are in it, not only the axes: many distinct colours.
        expect(png.length).toBeGreaterThan(10_000);
      }
    }
  }, 60_000);
});
