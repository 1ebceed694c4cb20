/**
 * A scan expires from Redis: its shared link opens the same page from its saved NeXus file (with the
 * same curve, and a clear "saved file" notice), and the scan list's search still finds it.
 */
import { describe, expect, it } from 'vitest';
import type { DataStore } from '../lib/blissdata/data-store';
import { eventually, withHarness } from './harness';
import { pointCount, startScan } from './scans';

const h = withHarness();

/** What blissdata's TTL does at the end: the scan document and its streams leave Redis. */
async function expire(store: DataStore, key: string): Promise<void> {
  const doc = JSON.parse((await store.redis.call('JSON.GET', key)) as string) as { data_streams: Record<string, { pk: string }>; state_stream: { pk: string } };
  await store.redis.del(key, store.keys.streamKey(doc.state_stream.pk), ...Object.values(doc.data_streams).map((s) => store.keys.streamKey(s.pk)));
}

describe('scans gone from Redis', () => {
  it('open from their file through the same link, and are found by search', async () => {
    const done = await startScan(h.store, 'ascan', { session: 'e2e_saved', rate: 2000, dataDir: h.dataDir }).done;
    const link = `/scans/${encodeURIComponent(done.key)}`;
    const live = await h.page();
    await live.goto(link);
    await eventually(async () => ((await pointCount(live, 'curve')) === 41 ? true : undefined), 15_000, '41 live points');
    expect(await live.locator('[data-source="file"]').count()).toBe(0);
    // That page stays open: the scan is still followed for it when the link is opened again.
    // Catalogued (closed) before it leaves Redis.
    await eventually(async () => {
      const body = (await (await fetch(`${h.url}/api/scans?session=e2e_saved&search=1`)).json()) as { scans: { key: string; state: string }[] };
      return body.scans.some((s) => s.key === done.key && s.state === 'CLOSED') ? true : undefined;
    }, 10_000, 'catalogued');
    await expire(h.store, done.key);

    const page = await h.page();
    await page.goto(link);
    const notice = page.locator('[data-source="file"]');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/Saved file, not live data/);
    expect(await notice.textContent()).toContain(String(done.identity.path));
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 15_000, '41 points from the file');
    await h.screenshot(page, 'saved-file-scan');

    // The scan list's search reaches it, and says it now comes from its file.
    const search = await h.page();
    await search.goto(`/?q=${encodeURIComponent(String(done.info.title))}&session=e2e_saved`);
    const row = search.locator(`tr[data-scan-key="${done.key}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-source')).toBe('file');
    await row.getByRole('link').click();
    await page.waitForTimeout(0);
    await search.locator('[data-source="file"].banner').waitFor({ timeout: 15_000 });
    expect(search.url()).toContain(encodeURIComponent(done.key));
  }, 90_000);
});
