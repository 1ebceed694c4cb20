/**
 * Links keep working while the page writes its view into the address bar: a view change waits 150 ms
 * before it reaches the URL, and a navigation the user starts in between must not be undone by it.
 */
import { describe, expect, it } from 'vitest';
import { eventually, withHarness } from './harness';
import { pointCount, startScan } from './scans';

const h = withHarness();

describe('navigation', () => {
  it('a link clicked right after a view change still navigates, and the view change stays with the scan page', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_nav', rate: 2000 }).done;
    const page = await h.page();
    const scanPath = `/scans/${encodeURIComponent(done.key)}`;
    await page.goto(scanPath);
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 10_000, '41 points');
    await eventually(() => (new URL(page.url()).searchParams.get('plot') === 'curve' ? true : undefined), 5000, 'view written to the URL');

    // The list page's payload arrives slowly, so the view change is written while the navigation is pending.
    let held = 0;
    await page.route('**/*', async (route) => {
      const request = route.request();
      if (request.headers()['rsc'] === '1' && new URL(request.url()).pathname === '/') {
        held += 1;
        await new Promise((resolve) => setTimeout(resolve, 800));
      }
      await route.continue();
    });
    // Both in one task, as a quick user does within the 150 ms the view change waits.
    await page.evaluate(() => {
      (document.querySelector('section.chanpanel input[aria-label="y: diode2"]') as HTMLInputElement).click();
      (document.querySelector('a[aria-label="Lantern: scan list"]') as HTMLAnchorElement).click();
    });
    await page.waitForURL((u) => u.pathname === '/', { timeout: 15_000 });
    await page.locator(`tr[data-scan-key="${done.key}"]`).waitFor();
    expect(held).toBeGreaterThan(0);
    // Still on the list after the view's delayed write had its chance, and nothing of the scan's view leaked onto it.
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe('/');
    expect(new URL(page.url()).searchParams.get('plot')).toBeNull();

    // Back: the scan page again, with the URL it had.
    await page.goBack();
    await page.waitForURL((u) => u.pathname === scanPath);
    expect(new URL(page.url()).searchParams.get('plot')).toBe('curve');
  }, 60_000);
});
