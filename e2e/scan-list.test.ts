/** The scan list (`/`): live rows, end reasons, filters, keyboard navigation. */
import { describe, expect, it } from 'vitest';
import { eventually, withHarness } from './harness';
import { startScan } from './scans';

const h = withHarness();

describe('scan list', () => {
  it('shows a new scan the moment it is created, then its progress and end', async () => {
    const page = await h.page();
    await page.goto('/');
    await page.getByText(/No scans yet/).waitFor();
    await page.locator('[data-connection="live"]').waitFor();

    const scan = startScan(h.store, 'ascan', { session: 'e2e_list', rate: 8 });
    const key = await scan.key;
    const row = page.locator(`tr[data-scan-key="${key}"]`);
    // Still running when it shows up: the list does not wait for the end.
    await row.waitFor({ timeout: 5000 });
    expect(await row.locator('[data-end]').getAttribute('data-end')).toBe('running');
    await expect.poll(() => row.locator('[role=progressbar]').getAttribute('aria-valuenow'), { timeout: 10_000 }).not.toBeNull();
    await h.screenshot(page, 'scan-list-running');

    const done = await scan.done;
    await eventually(async () => ((await row.locator('[data-end]').getAttribute('data-end')) === 'success' ? true : undefined), 10_000, 'row finished');
    expect(await row.locator('.scanrow__number').textContent()).toBe(String(done.number));
    expect(await row.locator('.scanrow__title').textContent()).toContain('ascan roby 0 2 40 0.1');
    expect(await row.locator('.scanrow__session').textContent()).toBe('e2e_list');
  }, 60_000);

  it('marks aborted scans, filters by session and search, and opens a scan from the keyboard', async () => {
    const aborted = startScan(h.store, 'aborted', { session: 'e2e_other', rate: 200 });
    const abortedScan = await aborted.done;
    const other = await startScan(h.store, 'ct', { session: 'e2e_list', rate: 200 }).done;

    const page = await h.page();
    await page.goto('/');
    const abortedRow = page.locator(`tr[data-scan-key="${abortedScan.key}"]`);
    await abortedRow.waitFor();
    expect(await abortedRow.getAttribute('class')).toContain('scanrow--aborted');
    expect(await abortedRow.locator('[data-end]').textContent()).toContain('Aborted');

    // Session filter: only e2e_list rows, and the choice is in the URL.
    await page.getByLabel('Session').selectOption('e2e_list');
    await abortedRow.waitFor({ state: 'detached' });
    await page.locator(`tr[data-scan-key="${other.key}"]`).waitFor();
    expect(page.url()).toContain('session=e2e_list');
    const sessions = await page.locator('tbody .scanrow__session').allTextContents();
    expect(sessions.length).toBeGreaterThan(0);
    expect(new Set(sessions)).toEqual(new Set(['e2e_list']));

    // Search by title text.
    await page.getByLabel('Search scans').fill('ct ');
    await eventually(async () => ((await page.locator('tbody tr').count()) === 1 ? true : undefined), 5000, 'one row');
    await page.getByLabel('Search scans').fill('');
    await h.screenshot(page, 'scan-list');

    // Keyboard: from the search box down into the rows, Enter opens the selected scan.
    await page.getByLabel('Search scans').press('ArrowDown');
    const firstKey = await page.locator('tbody tr').nth(0).getAttribute('data-scan-key');
    const secondKey = await page.locator('tbody tr').nth(1).getAttribute('data-scan-key');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-scan-key'))).toBe(firstKey);
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-scan-key'))).toBe(secondKey);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === `/scans/${encodeURIComponent(secondKey!)}`);
    await page.locator('.scanhead__title').waitFor();
  }, 60_000);
});
