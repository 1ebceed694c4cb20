/**
 * MCA tools in Chromium on the xrf scenario (an MCA publishing its calibration hint): ROI integrals as
 * the table shows them while points arrive and at the end, the energy axis from the hint and from a
 * calibration typed by the user, a ROI dragged on the spectrum, and all of it back from a share link.
 * Expected integrals are summed here from what the simulator published.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { XRF_CALIBRATION, XRF_STREAMS } from '../scripts/simulator/scenarios/xrf';
import { eventually, withHarness } from './harness';
import { publishedNumbers, startScan } from './scans';

const h = withHarness();
const SESSION = 'e2e_mca_tools';
const CHANNELS = 4096;

interface RoiCells {
  roi: string;
  start: number;
  stop: number;
  energy: string;
  sum: number;
  net: number;
}

async function roiTable(page: Page): Promise<RoiCells[]> {
  return page.locator('[aria-label="MCA ROIs"] tbody tr').evaluateAll((rows) =>
    rows.map((r) => {
      const cells = [...r.querySelectorAll('td')];
      return {
        roi: r.getAttribute('data-roi') ?? '',
        start: Number(r.getAttribute('data-start')),
        stop: Number(r.getAttribute('data-stop')),
        energy: cells[3]?.textContent ?? '',
        sum: cells[4]?.textContent === '—' ? NaN : Number(cells[4]?.textContent),
        net: cells[5]?.textContent === '—' ? NaN : Number(cells[5]?.textContent),
      };
    }),
  );
}

/** The x axis as plotly drew it for the MCA plot: title, range and tick labels. */
async function xAxis(page: Page) {
  return page.evaluate(() => {
    const gd = document.querySelector('[data-plot-kind="mca"] .js-plotly-plot') as (HTMLElement & { _fullLayout?: { xaxis?: { range?: number[]; title?: { text?: string } } } }) | null;
    const xa = gd?._fullLayout?.xaxis;
    if (!xa?.range) return undefined;
    const ticks = [...gd!.querySelectorAll('.xtick text')].map((t) => Number((t.textContent ?? '').replace(/−/g, '-').replace(/,/g, '')));
    return { title: xa.title?.text ?? '', range: [Number(xa.range[0]), Number(xa.range[1])] as [number, number], ticks };
  });
}

/** Σ over points and channels [start, stop) of the published spectra, and the net counts (minus the end-to-end line), per point summed. */
function expected(spectra: number[], points: number, start: number, stop: number): { sum: number; net: number } {
  const summed = new Float64Array(CHANNELS);
  for (let p = 0; p < points; p++) for (let c = 0; c < CHANNELS; c++) summed[c]! += spectra[p * CHANNELS + c]!;
  let sum = 0;
  for (let c = start; c < stop; c++) sum += summed[c]!;
  const n = stop - start;
  return { sum, net: sum - (n * (summed[start]! + summed[stop - 1]!)) / 2 };
}

describe('MCA ROIs and energy axis', () => {
  it('integrates ROIs live and at the end, on the hinted energy axis, with dragged ROIs and a user calibration, all in the link', async () => {
    // The page follows the session's newest scan and is there before the first point: it sees the scan live.
    const page = await h.page();
    await page.goto(`/scans/latest?session=${SESSION}&plot=mca&reduce=sum&rois=${encodeURIComponent('600-700,Cu:790-820')}`);
    await page.getByText(`No scan yet in session ${SESSION}`).waitFor({ timeout: 30_000 });
    const run = startScan(h.store, 'xrf', { session: SESSION, points: 30, rate: 4 });
    const table = page.locator('[aria-label="MCA ROIs"]');
    await table.waitFor({ timeout: 30_000 });

    // Live: the sum over the points received so far grows while the scan runs.
    const seen: number[] = [];
    const done = await (async () => {
      const finished = run.done.then((d) => d);
      let over = false;
      void finished.then(() => (over = true));
      while (!over) {
        const rows = await roiTable(page);
        if (rows[0] && Number.isFinite(rows[0].sum)) seen.push(rows[0].sum);
        await new Promise((r) => setTimeout(r, 150));
      }
      return finished;
    })();
    const spectra = publishedNumbers(done, XRF_STREAMS.spectrum);
    const points = spectra.length / CHANNELS;
    expect(points).toBe(30);
    const final = expected(spectra, points, 600, 700);
    const cu = expected(spectra, points, 790, 820);
    const rows = await eventually(async () => {
      const r = await roiTable(page);
      return r.length === 2 && r[0]!.sum === final.sum && r[1]!.sum === cu.sum ? r : undefined;
    }, 20_000, `ROI sums ${final.sum} and ${cu.sum}`);
    expect(seen.some((v) => v < final.sum), `sums seen while live: ${seen.join(' ')}`).toBe(true);
    expect(rows[0]).toMatchObject({ roi: 'roi1', start: 600, stop: 700 });
    expect(rows[0]!.net).toBeCloseTo(final.net, 6);
    expect(rows[1]).toMatchObject({ roi: 'Cu', start: 790, stop: 820 });
    expect(rows[1]!.net).toBeCloseTo(cu.net, 6);

    // The scan's hint (10 eV per channel) gives an energy axis: title, range and ticks in keV.
    const hinted = await eventually(async () => {
      const a = await xAxis(page);
      return a?.title === 'energy [keV]' && a.ticks.length > 2 ? a : undefined;
    }, 10_000, 'energy axis');
    const lastEnergy = XRF_CALIBRATION.a + XRF_CALIBRATION.b * (CHANNELS - 1);
    expect(hinted.range[0]).toBeGreaterThanOrEqual(XRF_CALIBRATION.a - 1);
    expect(hinted.range[1]).toBeGreaterThan(lastEnergy - 1);
    expect(hinted.range[1]).toBeLessThan(lastEnergy + 3);
    expect(hinted.ticks.every((t) => Number.isFinite(t) && t >= hinted.range[0] && t <= hinted.range[1])).toBe(true);
    expect(rows[0]!.energy).toBe(`${600 * XRF_CALIBRATION.b}–${699 * XRF_CALIBRATION.b}`);

    // A ROI dragged across 8.5..8.8 keV: the channels whose centres lie there, integrated as above.
    await page.getByRole('button', { name: 'select ROI' }).click();
    const px = await page.evaluate(
      ([e0, e1]) => {
        const gd = document.querySelector('[data-plot-kind="mca"] .js-plotly-plot') as HTMLElement & { _fullLayout: { xaxis: { _offset: number; l2p(v: number): number }; yaxis: { _offset: number; _length: number } } };
        const { xaxis, yaxis } = gd._fullLayout;
        const box = gd.getBoundingClientRect();
        return { x0: box.left + xaxis._offset + xaxis.l2p(e0!), x1: box.left + xaxis._offset + xaxis.l2p(e1!), y: box.top + yaxis._offset + yaxis._length / 2 };
      },
      [8.5, 8.8],
    );
    await page.mouse.move(px.x0, px.y);
    await page.mouse.down();
    await page.mouse.move((px.x0 + px.x1) / 2, px.y, { steps: 4 });
    await page.mouse.move(px.x1, px.y, { steps: 4 });
    await page.mouse.up();
    const dragged = await eventually(async () => (await roiTable(page))[2], 10_000, 'dragged ROI row');
    // One pixel is ~3 channels here: the bounds are those of the drag, within a pixel.
    expect(Math.abs(dragged.start - 850)).toBeLessThanOrEqual(4);
    expect(Math.abs(dragged.stop - 881)).toBeLessThanOrEqual(4);
    expect(dragged.sum).toBe(expected(spectra, points, dragged.start, dragged.stop).sum);
    await eventually(() => (new URL(page.url()).searchParams.get('rois')?.includes(`${dragged.start}-${dragged.stop}`) ? true : undefined), 5000, 'dragged ROI in the URL');

    // A calibration typed by the user replaces the hint: E = 1 + 0.02 ch.
    await page.getByLabel('calibration a').fill('1');
    await page.getByLabel('calibration b').fill('0.02');
    await page.getByLabel('Energy calibration').getByRole('button', { name: 'apply' }).click();
    const user = await eventually(async () => {
      const a = await xAxis(page);
      return a && a.range[1] > 60 ? a : undefined;
    }, 10_000, 'user energy axis');
    expect(user.range[1]).toBeGreaterThan(1 + 0.02 * (CHANNELS - 1) - 1);
    expect(user.range[1]).toBeLessThan(1 + 0.02 * (CHANNELS - 1) + 5);
    await eventually(() => (new URL(page.url()).searchParams.get('calib') === '1,0.02,keV' ? true : undefined), 5000, 'calibration in the URL');
    expect((await roiTable(page))[0]!.energy).toBe(`${1 + 0.02 * 600}–${1 + 0.02 * 699}`);

    // The copied link reopens the same ROIs, integrals and calibration elsewhere.
    await page.getByRole('button', { name: 'Copy link' }).click();
    const link = await eventually(async () => (await page.locator('[data-copied-link]').getAttribute('data-copied-link')) || undefined, 5000, 'copied link');
    const other = await h.page();
    await other.goto(link);
    // The sum over the scan grows as the new page receives the points: wait for all of them.
    const back = await eventually(async () => {
      const r = await roiTable(other);
      return r.length === 3 && r[0]!.sum === final.sum ? r : undefined;
    }, 20_000, `ROIs from the link, roi1 = ${final.sum}`);
    expect(back.map((r) => [r.roi, r.start, r.stop, r.sum])).toEqual([
      ['roi1', 600, 700, final.sum],
      ['Cu', 790, 820, cu.sum],
      ['roi3', dragged.start, dragged.stop, dragged.sum],
    ]);
    const reopened = await eventually(async () => {
      const a = await xAxis(other);
      return a && a.range[1] > 60 ? a : undefined;
    }, 10_000, 'energy axis from the link');
    expect(reopened.title).toBe('energy [keV]');
  }, 120_000);
});
