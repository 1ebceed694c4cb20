/**
 * Statistics of a long finished scan opened afterwards: never partial figures shown as final. The table
 * says over how many points they hold, and ends on the figures over every point (computed by the
 * server while the page does not hold the whole curve), equal to Bliss's algorithm on the data.
 */
import { describe, expect, it } from 'vitest';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { curveStats } from '../lib/plot-math/curve-stats';
import { eventually, withHarness } from './harness';

const h = withHarness();

describe('statistics of a long scan', () => {
  it('covers every point, and says so; partial figures are marked partial', async () => {
    const n = 600_000;
    const x = Float64Array.from({ length: n }, (_, i) => (10 * i) / (n - 1));
    const y = Float64Array.from(x, (v, i) => 20 + 5000 * Math.exp(-((v - 6.364) ** 2) / 0.08) + 40 * Math.sin(i));
    const info = {
      type: 'ascan',
      name: 'ascan',
      title: `ascan samx 0 10 ${n - 1} 0.001`,
      session_name: 'e2e_long',
      npoints: n,
      start_time: new Date().toISOString(),
      channels: { 'axis:samx': { dim: 0, unit: 'mm', display_name: 'samx' }, 'det:diode': { dim: 0, display_name: 'diode' } },
      devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det'] }, det: { channels: ['det:diode'] } },
      acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det'], scalars: ['axis:samx', 'det:diode'], spectra: [], images: [], master: { scalars: ['axis:samx'] } } },
    };
    const writer = await ScanWriter.create(h.store, { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'e2e_long' }, info);
    const xs = writer.declareStream('axis:samx', numericStreamDefinition('<f8', []));
    const ys = writer.declareStream('det:diode', numericStreamDefinition('<f8', []));
    await writer.prepare();
    await writer.start();
    for (let a = 0; a < n; a += 20_000) {
      xs.send(x.subarray(a, a + 20_000));
      ys.send(y.subarray(a, a + 20_000));
      await writer.flush();
    }
    await writer.close();
    const expected = curveStats(x, y);

    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(writer.key)}`);
    const row = page.locator('[aria-label="curve statistics"] tbody tr').first();
    const seen: string[] = [];
    const final = await eventually(
      async () => {
        const r = await row.evaluate((tr) => ({
          covered: Number(tr.getAttribute('data-covered')),
          total: Number(tr.getAttribute('data-total')),
          partialMarked: tr.lastElementChild?.className.includes('partial') ?? false,
          cells: [...tr.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim()),
        }));
        seen.push(`${r.covered}/${r.total}`);
        // Figures over part of the curve are labelled so, every time they are on screen.
        if (r.covered < r.total) expect(r.partialMarked, `${r.covered} of ${r.total} not marked partial`).toBe(true);
        return r.covered === n && r.total === n ? r : undefined;
      },
      60_000,
      'statistics over every point',
    );
    expect(final.cells[7]).toBe('600,000');
    expect(Number(final.cells[1])).toBeCloseTo(expected.peak, 3);
    expect(Number(final.cells[4])).toBeCloseTo(expected.cen, 3);
    expect(Number(final.cells[5])).toBeCloseTo(expected.fwhm, 3);
    expect(Number(final.cells[6])).toBeCloseTo(expected.com, 3);
    expect(Number(final.cells[2])).toBeCloseTo(expected.max.y, 0);
    // The REST API gives the same figures, computed once on the server for every viewer.
    const rest = (await (await fetch(`${h.url}/api/scans/${encodeURIComponent(writer.key)}/streams/det%3Adiode/stats?x=axis%3Asamx`)).json()) as { points: number; stats: { com: number; cen: number; peak: number } };
    expect(rest.points).toBe(n);
    expect(rest.stats.com).toBeCloseTo(expected.com, 9);
    expect(Number(final.cells[6])).toBeCloseTo(rest.stats.com, 3);
    await h.screenshot(page, 'long-scan-stats');
  }, 120_000);
});
