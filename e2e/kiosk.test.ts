/**
 * The kiosk follows its session by itself: new scans replace the old, "waiting" in between, and it
 * survives a restart of the Lantern server without anyone touching it.
 */
import { describe, expect, it } from 'vitest';
import { DIODES } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { startScan } from './scans';

const h = withHarness();
const SESSION = 'e2e_kiosk';

describe('kiosk', () => {
  it('switches to each new scan by itself and survives a server restart', async () => {
    const page = await h.page({ width: 1920, height: 1080 });
    await page.goto(`/kiosk?session=${SESSION}&plot=curve&y=${encodeURIComponent(DIODES.diode2)}`);
    await page.getByText(`Waiting for the first scan of ${SESSION}`).waitFor();
    const current = page.locator('.kiosk__scan');

    const first = startScan(h.store, 'ascan', { session: SESSION, rate: 10 });
    const firstKey = await first.key;
    await page.locator(`.kiosk__scan[data-scan-key="${firstKey}"]`).waitFor({ timeout: 5000 });
    await page.locator('.kiosk__progress [role=progressbar]').waitFor();
    // The plot shows the channels of the kiosk's URL.
    await eventually(async () => ((await page.locator('[data-plot-id="curve"]').getAttribute('data-point-count')) !== '0' ? true : undefined), 10_000, 'points');
    expect(await page.locator('[data-plot-id="curve"] [role=figure]').getAttribute('aria-label')).toMatch(/diode2/);
    await h.screenshot(page, 'kiosk-running');
    await first.done;
    await page.getByText('Waiting for the next scan').waitFor({ timeout: 10_000 });
    await h.screenshot(page, 'kiosk-waiting');

    const second = startScan(h.store, 'ascan', { session: SESSION, rate: 200 });
    const secondKey = await second.key;
    await page.locator(`.kiosk__scan[data-scan-key="${secondKey}"]`).waitFor({ timeout: 5000 });
    await second.done;

    // Restart the server under the open page.
    const restarting = h.server.restart();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 15_000 });
    await restarting;
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });

    const third = startScan(h.store, 'ascan', { session: SESSION, rate: 50 });
    const thirdKey = await third.key;
    await page.locator(`.kiosk__scan[data-scan-key="${thirdKey}"]`).waitFor({ timeout: 10_000 });
    await third.done;
    await eventually(async () => ((await page.locator('[data-plot-id="curve"]').getAttribute('data-point-count')) === '41' ? true : undefined), 15_000, 'all points after restart');
    expect(await current.getAttribute('data-scan-key')).toBe(thirdKey);
    await page.getByText('Waiting for the next scan').waitFor({ timeout: 10_000 });
  }, 120_000);
});
