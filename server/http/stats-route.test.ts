/** Whole-stream curve statistics: real Redis, scans written with the blissdata writer, figures checked against curveStats on the same values. */
import { describe, expect, it } from 'vitest';
import { numericStreamDefinition, ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { curveStats } from '../../lib/plot-math/curve-stats';
import { withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();

const statsPath = (key: string, name: string, query = '') => `/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(name)}/stats${query}`;

async function stats(path: string, status = 200): Promise<Record<string, any>> {
  const res = await fetch(`${lantern.url}${path}`);
  const text = await res.text();
  expect(res.status, text).toBe(status);
  return JSON.parse(text) as Record<string, any>;
}

/** A gaussian on a slope, like a diode over a peak, with a monitor. */
function curve(n: number) {
  const x = Float64Array.from({ length: n }, (_, i) => (10 * i) / (n - 1));
  const y = Float64Array.from(x, (v) => 50 + 1000 * Math.exp(-((v - 6.364) ** 2) / 0.5) + 3 * v);
  const mon = Float64Array.from(x, (_, i) => 1000 + (i % 7));
  return { x, y, mon };
}

async function publish(points: number, close: boolean, batch = 10_000) {
  const store = await lantern.redis.store();
  const writer = await ScanWriter.create(store, { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'stats' }, { title: 'ascan', type: 'ascan', npoints: points });
  const xs = writer.declareStream('axis:roby', numericStreamDefinition('<f8', []));
  const ys = writer.declareStream('diode', numericStreamDefinition('<f8', []));
  const ms = writer.declareStream('mon', numericStreamDefinition('<f8', []));
  const spectrum = writer.declareStream('mca', numericStreamDefinition('<u4', [4]));
  await writer.prepare();
  await writer.start();
  const { x, y, mon } = curve(points);
  const send = async (from: number, to: number) => {
    for (let a = from; a < to; a += batch) {
      const b = Math.min(to, a + batch);
      xs.send(x.subarray(a, b));
      ys.send(y.subarray(a, b));
      ms.send(mon.subarray(a, b));
    }
    spectrum.send(new Uint32Array(4));
    await writer.flush();
  };
  return { writer, send, x, y, mon, close: () => writer.close() };
}

describe('whole-stream statistics', () => {
  it('covers every point of a 200 000-point scan, with the page algorithm, against x and divided by a monitor', async () => {
    const n = 200_000;
    const scan = await publish(n, true);
    await scan.send(0, n);
    await scan.close();
    const reply = await stats(statsPath(scan.writer.key, 'diode', '?x=axis%3Aroby'));
    const expected = curveStats(scan.x, scan.y);
    expect(reply).toMatchObject({ y: 'diode', x: 'axis:roby', monitor: null, points: n, sealed: true, expired: null });
    expect(reply.stats.count).toBe(n);
    for (const k of ['peak', 'cen', 'fwhm', 'com'] as const) expect(reply.stats[k]).toBeCloseTo(expected[k], 9);
    expect(reply.stats.com).toBeGreaterThan(5);
    expect(reply.stats.max.y).toBe(expected.max.y);
    expect(reply.stats.min.y).toBe(expected.min.y);

    const norm = await stats(statsPath(scan.writer.key, 'diode', '?x=axis%3Aroby&monitor=mon'));
    const ny = Float64Array.from(scan.y, (v, i) => v / scan.mon[i]!);
    expect(norm.stats.com).toBeCloseTo(curveStats(scan.x, ny).com, 9);
    expect(norm.stats.max.y).toBeCloseTo(curveStats(scan.x, ny).max.y, 12);

    // Against the point index when no x is given.
    const byIndex = await stats(statsPath(scan.writer.key, 'diode'));
    expect(byIndex.stats.peak).toBe(expected.max.index);
  }, 60_000);

  it('follows a growing scan: more points published, new figures', async () => {
    const scan = await publish(1000, false, 100);
    await scan.send(0, 400);
    const first = await stats(statsPath(scan.writer.key, 'diode', '?x=axis%3Aroby'));
    expect(first).toMatchObject({ points: 400, sealed: false });
    expect(first.stats.com).toBeCloseTo(curveStats(scan.x.subarray(0, 400), scan.y.subarray(0, 400)).com, 9);
    await scan.send(400, 1000);
    await scan.close();
    const second = await stats(statsPath(scan.writer.key, 'diode', '?x=axis%3Aroby'));
    expect(second).toMatchObject({ points: 1000, sealed: true });
    expect(second.stats.com).toBeCloseTo(curveStats(scan.x, scan.y).com, 9);
  }, 30_000);

  it('says why it cannot: unknown scan or stream 404, a spectrum 422', async () => {
    const scan = await publish(10, false);
    await scan.send(0, 10);
    expect((await stats(statsPath('esrf:scan:nope', 'diode'), 404)).error).toMatch(/nope/);
    expect((await stats(statsPath(scan.writer.key, 'nothing'), 404)).error).toMatch(/nothing/);
    expect((await stats(statsPath(scan.writer.key, 'diode', '?x=nothing'), 404)).error).toMatch(/nothing/);
    expect((await stats(statsPath(scan.writer.key, 'mca'), 422)).error).toMatch(/scalar/);
  }, 30_000);
});
