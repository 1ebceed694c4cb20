/** A flush sends one frame per stream, however many XREAD rounds brought its points (bench: latency, fanout). */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { withLantern, until } from '../testing/lantern-fixture';

// A long flush interval, so many XREAD rounds (one point each) fall into one flush.
const lantern = withLantern({ env: { LANTERN_FLUSH_MS: '250' } });

describe('flush coalescing', () => {
  it('sends the points of many XREAD rounds as one frame per stream per flush', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const writer = await ScanWriter.create(store, { name: 'loopscan', number: 1, data_policy: 'no_policy', session: 'test' }, { title: 'loopscan', npoints: 40 });
    const [out] = [writer.declareStream('x', numericStreamDefinition('<f8', []))];
    await writer.prepare();
    await writer.start();
    const client = await lantern.client();
    await client.subscribe(writer.key);
    await until(() => lantern.app.live.tailedCount > 0);
    const framesBefore = client.frames;
    const t0 = performance.now();
    // One point per XADD, 5 ms apart: ~40 XREAD rounds within about one flush interval.
    for (let i = 0; i < 40; i++) {
      out!.send(new Float64Array([i]));
      await out!.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
    const flushes = Math.ceil((performance.now() - t0) / 250) + 1;
    await until(() => client.values(writer.key, 'x').length === 40);
    expect(client.values(writer.key, 'x')).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(client.problems).toEqual([]);
    // At most one frame per flush while publishing (one more for the last points), not one per round (40).
    expect(client.frames - framesBefore).toBeLessThanOrEqual(flushes + 1);
    expect(client.frames - framesBefore).toBeLessThan(20);
    await writer.close();
  });
});
