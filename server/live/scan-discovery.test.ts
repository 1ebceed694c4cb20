/**
 * Scans still in Redis but no longer in `_SCAN_HISTORY_` (upstream `redis_engine/store.py` creates each
 * scan with `XADD _SCAN_HISTORY_ MAXLEN ~ 2048`, so older creations are trimmed while the scans live on
 * for days) are found by a SCAN of the scan key pattern, listed by creation time among the others;
 * deleted ones (TTL <= 10 s, upstream's deletion rule) are not. The walk stays light on a big keyspace.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { SCAN_HISTORY_KEY } from '../../lib/blissdata/keys';
import type { ScanSummary } from '../../lib/wire/contract';
import { withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createScans(count: number, session: string): Promise<string[]> {
  const store = await lantern.redis.store();
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const writer = await ScanWriter.create(store, { name: 'ct', number: i + 1, data_policy: 'no_policy', session }, {});
    await writer.close();
    keys.push(writer.key);
    // Distinct creation milliseconds, so that the expected order is unambiguous.
    await sleep(2);
  }
  return keys;
}

/** The scan list of the scans in Redis (GET /api/scans searches the catalogue, which keeps deleted scans). */
async function listed(session: string): Promise<string[]> {
  const { scans } = (await (await fetch(`${lantern.url}/api/scans?session=${session}&limit=1000&before=9999999999999-0`)).json()) as { scans: ScanSummary[] };
  return scans.map((s) => s.key);
}

describe('scans older than the scan history', () => {
  it('are found at start and listed by creation time; deleted ones are not', async () => {
    const keys = await createScans(12, 'old');
    const redis = lantern.redis.client();
    // The history only remembers the last 3; one of the forgotten scans is being deleted.
    await redis.xtrim(SCAN_HISTORY_KEY, 'MAXLEN', 3);
    await redis.expire(keys[1]!, 8);
    await lantern.restart();
    await lantern.app.index.discovery.idle();
    expect(await listed('old')).toEqual(keys.filter((_, i) => i !== 1).reverse());
  });

  it('are found again when the history skipped some, and a big keyspace does not block', async () => {
    const redis = lantern.redis.client();
    const filler = redis.pipeline();
    for (let i = 0; i < 60_000; i++) filler.set(`esrf:scan:filler${i}`, 'x');
    for (let i = 0; i < 20_000; i++) filler.set(`other:key:${i}`, 'x');
    await filler.exec();
    const cursor = lantern.app.index.list({ limit: 1 })[0]!.historyId;
    // Created and trimmed out of the history behind Lantern's back (as while Redis was unreachable).
    const keys = await createScans(3, 'gap');
    await redis.xtrim(SCAN_HISTORY_KEY, 'MAXLEN', 0);
    const late = await createScans(1, 'gap');
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    await lantern.app.index.discovery.checkGap(cursor);
    await lantern.app.index.discovery.idle();
    delay.disable();
    console.log(`keyspace walk over 80 000 keys: ${(performance.now() - started).toFixed(0)} ms, event-loop delay max ${(delay.max / 1e6).toFixed(0)} ms`);
    for (let i = 0; i < 100 && (await listed('gap')).length < 4; i++) await sleep(50);
    expect(await listed('gap')).toEqual([...keys, ...late].reverse());
    expect(delay.max / 1e6).toBeLessThan(1000);
  });
});
