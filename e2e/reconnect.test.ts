/**
 * The link to the data breaks and comes back: a Lantern restart in the middle of a scan (the page
 * re-subscribes with the points it holds, so the data resume without gap or duplicate), and Redis
 * going away behind the server (shown as such, not as a finished scan).
 */
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { initDatabase } from '../lib/blissdata/writer/init-db';
import { eventually, withHarness } from './harness';
import { openScan, pointCount, startScan, tableColumn } from './scans';

const h = withHarness();

describe('reconnection', () => {
  it('a server restart in the middle of a scan: the data resume without gaps', async () => {
    // Published by hand so the outage falls mid-scan whatever the machine's load.
    const { writer, send, key } = await openScan(h.store, 'e2e_reconnect', 40);
    send(0, 10);
    await writer.flush();
    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(key)}`);
    await eventually(async () => ((await pointCount(page, 'curve')) === 10 ? true : undefined), 10_000, 'first 10 points');

    await h.server.stop();
    await page.locator('[data-connection="reconnecting"]').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('alert').filter({ hasText: 'Connection to Lantern lost' }).count()).toBe(1);
    send(10, 25); // while Lantern is down
    await writer.flush();
    // What was received stays on screen, frozen, not cleared.
    expect(await pointCount(page, 'curve')).toBe(10);
    await h.server.start();
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    send(25, 41);
    await writer.close();

    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 20_000, '41 points after the restart');
    await eventually(async () => ((await page.locator('.scanhead [data-end]').getAttribute('data-end')) === 'success' ? true : undefined), 10_000, 'finished');
    expect(await tableColumn(page, 'axis:samx')).toEqual(Array.from({ length: 41 }, (_, i) => i / 40));
    expect(await tableColumn(page, 'det:y')).toEqual(Array.from({ length: 41 }, (_, i) => 1000 + i));
    expect(await page.locator('[data-failed]').count()).toBe(0);
  }, 90_000);

  it('says when Redis is down behind the server, and recovers by itself', async () => {
    const page = await h.page();
    await page.goto('/');
    await page.locator('[data-connection="live"]').waitFor();
    await h.redis.halt();
    await page.locator('[data-connection="redis-down"]').waitFor({ timeout: 20_000 });
    await h.screenshot(page, 'redis-down');
    await h.redis.start();
    // A Redis without persistence comes back empty: initialise it as Bliss would.
    const admin = new Redis(h.redis.url);
    await initDatabase(admin);
    await admin.quit();
    await page.locator('[data-connection="live"]').waitFor({ timeout: 30_000 });
    // And new scans show up again.
    const scan = await startScan(h.store, 'ct', { session: 'e2e_reconnect', rate: 100 }).done;
    await page.locator(`tr[data-scan-key="${scan.key}"]`).waitFor({ timeout: 15_000 });
  }, 90_000);
});
