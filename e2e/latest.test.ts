/** `/scans/latest?session=`: always the newest scan of the session, keeping the URL's view parameters. */
import { describe, expect, it } from 'vitest';
import { DIODES } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { startScan } from './scans';

const h = withHarness();
const SESSION = 'e2e_latest';

describe('latest scan', () => {
  it('switches to a new scan of the session and keeps the view parameters', async () => {
    const first = await startScan(h.store, 'ascan', { session: SESSION, rate: 2000 }).done;
    await startScan(h.store, 'ascan', { session: 'e2e_elsewhere', rate: 2000 }).done;
    const page = await h.page();
    await page.goto(`/scans/latest?session=${SESSION}&plot=curve&y=${encodeURIComponent(DIODES.diode2)}&logy=1`);
    await page.locator(`.scanhead__title`).getByText(`#${first.number}`).waitFor();

    const second = startScan(h.store, 'ascan', { session: SESSION, rate: 20 });
    const secondKey = await second.key;
    await eventually(async () => ((await page.locator('.scanhead__number').textContent()) === `#${first.number + 1}` ? true : undefined), 10_000, 'switched');
    await second.done;
    await eventually(async () => ((await page.locator('[data-plot-id="curve"]').getAttribute('data-point-count')) === '41' ? true : undefined), 10_000, '41 points');
    const panel = page.locator('section.chanpanel');
    expect(await panel.getByLabel('y: diode2', { exact: true }).isChecked()).toBe(true);
    expect(await panel.getByLabel('y: diode1', { exact: true }).isChecked()).toBe(false);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/scans/latest');
    expect(url.searchParams.get('session')).toBe(SESSION);
    expect(url.searchParams.get('logy')).toBe('1');
    expect(await page.getByRole('link', { name: 'Permalink' }).getAttribute('href')).toBe(`/scans/${encodeURIComponent(secondKey)}`);
  }, 60_000);
});
