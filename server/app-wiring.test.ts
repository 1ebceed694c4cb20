/**
 * The parts createApplication builds and hands to each other (server/app.ts): the scan index and the
 * live service share one tail, the live service takes history ids from the index, the metrics read both.
 */
import { describe, expect, it } from 'vitest';
import { SCAN_HISTORY_KEY } from '../lib/blissdata/keys';
import { ScanWriter, numericStreamDefinition } from '../lib/blissdata/writer/scan-writer';
import type { ScanSummary } from '../lib/wire/contract';
import { until, withLantern } from './testing/lantern-fixture';

const lantern = withLantern();

/** One sample of a metric without labels, as /metrics shows it. */
function sample(text: string, name: string): number {
  const line = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  if (!line) throw new Error(`${name} not in /metrics`);
  return Number(line[1]);
}

const metrics = async () => (await fetch(`${lantern.url}/metrics`)).text();

describe('application wiring', () => {
  it('a followed scan carries the history id the scan index read from _SCAN_HISTORY_; metrics count what the parts do', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const writer = await ScanWriter.create(store, { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'wiring' }, { title: 'ascan roby 0 1 3 0.1', npoints: 3 });
    const out = writer.declareStream('diode1', numericStreamDefinition('<f8', []));
    await writer.prepare();
    await writer.start();
    const history = await lantern.redis.client().xrange(SCAN_HISTORY_KEY, '-', '+');
    const historyId = history.find(([, fields]) => fields[fields.indexOf('key') + 1] === writer.key)?.[0];
    expect(historyId).toMatch(/^\d+-\d+$/);

    let listed: ScanSummary | undefined;
    await until(() => {
      void fetch(`${lantern.url}/api/scans`).then(async (r) => (listed = ((await r.json()) as { scans: ScanSummary[] }).scans.find((s) => s.key === writer.key)));
      return listed !== undefined;
    }, 20_000, 'scan listed');
    expect(listed!.historyId).toBe(historyId);

    const before = await metrics();
    expect(sample(before, 'lantern_followed_scans')).toBe(0);
    const client = await lantern.client();
    const snapshot = await client.subscribe(writer.key);
    expect(snapshot.summary.historyId).toBe(historyId);
    out.send(Float64Array.from([1, 2, 3]));
    await writer.stop();
    await writer.close();
    await until(() => client.values(writer.key, 'diode1').length === 3, 20_000, 'points received');

    const after = await metrics();
    expect(sample(after, 'lantern_followed_scans')).toBe(1);
    expect(sample(after, 'lantern_clients')).toBe(1);
    // The shared tail's XREADs are some of those Redis counted (the scan list blocks with its own).
    const info = await lantern.redis.client().info('commandstats');
    const redisXreads = Number(/cmdstat_xread:calls=(\d+)/.exec(info)?.[1]);
    const xreads = sample(after, 'lantern_xread_calls_total');
    expect(xreads).toBeGreaterThan(sample(before, 'lantern_xread_calls_total'));
    expect(xreads).toBeLessThanOrEqual(redisXreads);
    expect(sample(after, 'lantern_redis_reconnects_total')).toBe(0);
  });

  it('publishes counts since start as counters and readings as gauges, with no per-client series', async () => {
    const text = await metrics();
    const types = new Map([...text.matchAll(/^# TYPE (lantern_\w+) (\w+)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(types.get('lantern_redis_reconnects_total')).toBe('counter');
    expect(types.get('lantern_xread_calls_total')).toBe('counter');
    expect(types.get('lantern_client_drops_total')).toBe('counter');
    expect(types.get('lantern_points_in_total')).toBe('counter');
    expect(types.get('lantern_clients')).toBe('gauge');
    expect(types.get('lantern_followed_scans')).toBe('gauge');
    expect(types.get('lantern_tailed_streams')).toBe('gauge');
    expect(text).not.toMatch(/client="/);
  });
});
