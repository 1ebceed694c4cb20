/** Every non-detector scenario, published into a private Redis and read back through Lantern's reader. */
import { describe, expect, it } from 'vitest';
import { ScanState } from '../../lib/blissdata/scan-document';
import { withRedis } from '../../testing/redis-fixture';
import {
  AMESH_PEAK,
  centroid,
  DIODE1_PEAK,
  DIODES,
  DSCAN_DEFAULTS,
  FAST_CHANNELS,
  FAST_PEAK,
  linspace,
  MONITOR,
  MONITOR_CHANNEL,
  runScenario,
  SARDANA_CT01_PEAK,
  SARDANA_STREAMS,
  ScanNumbering,
  SEQUENCE_CHILD_CENTRES,
  TIMER,
  type MeshParams,
  type SequenceParams,
  type StepScanParams,
} from './index';
import { loadScan, numbers, publishedNumeric, rawEntries, readJson, readNumeric, readStream, sameBytes, stateHistory } from './test-helpers';

const redis = withRedis();
const fast = { rate: 5000, seed: 7 };

describe('ascan', () => {
  it('publishes roby, timer, diodes and monitor point by point, read back exactly', async () => {
    const store = await redis.store();
    const announced: unknown[] = [];
    const sim = await runScenario(store, 'ascan', { ...fast, onScan: (s) => announced.push(s) });
    const params = sim.params as unknown as StepScanParams;
    expect(announced).toEqual([{ key: sim.key, scenario: 'ascan', number: sim.number, session: 'demo_session', streams: sim.streams }]);
    expect(sim.streams).toEqual(['axis:roby', TIMER.elapsed, TIMER.epoch, DIODES.diode1, DIODES.diode2, MONITOR_CHANNEL]);

    const scan = await loadScan(store, sim.key);
    expect(scan.state).toBe(ScanState.CLOSED);
    expect(await stateHistory(store, scan)).toEqual([0, 1, 2, 3, 4]);
    expect(scan.identity).toMatchObject({ name: 'ascan', number: sim.number, data_policy: 'ESRF', session: 'demo_session', path: null });
    expect(scan.info).toMatchObject({ type: 'ascan', title: 'ascan roby 0 2 40 0.1', npoints: 41, count_time: 0.1, end_reason: 'SUCCESS', scan_nb: sim.number });
    expect(scan.info.start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$/);
    expect(scan.info.end_time).toEqual(expect.any(String));
    const chain = (scan.info.acquisition_chain as Record<string, { top_master: string }>).axis;
    expect(chain?.top_master).toBe('axis');
    expect((scan.info.devices as Record<string, { triggered_devices?: string[] }>).timer?.triggered_devices).toEqual([DIODES.key, 'simulation_counter_controller']);
    expect((scan.info.channels as Record<string, unknown>)['axis:roby']).toMatchObject({ dim: 0, unit: 'mm', start: 0, stop: 2, points: 41, display_name: 'roby' });
    expect((scan.info.channels as Record<string, unknown>)[TIMER.elapsed]).toMatchObject({ unit: 's' });
    expect(scan.info.positioners).toMatchObject({ positioners_start: { roby: 0 }, positioners_end: { roby: 2 } });

    for (const name of sim.streams) {
      const read = await readStream(scan, name);
      expect(read.sealed).toBe(true);
      expect(read.count).toBe(41);
      expect(read.type === 'numeric' && sameBytes(read.data, publishedNumeric(sim.published, name))).toBe(true);
      // Point by point: one XADD per point, no `len` field.
      expect((await rawEntries(store, scan, name)).every((e) => !e.fields.includes('len'))).toBe(true);
    }
    const roby = numbers(await readNumeric(scan, 'axis:roby'));
    expect(roby).toEqual(params.positions);
    const diode1 = numbers(await readNumeric(scan, DIODES.diode1));
    expect(Math.abs(centroid(roby, diode1, DIODE1_PEAK.background) - DIODE1_PEAK.centre)).toBeLessThan(0.05);
    expect(roby[diode1.indexOf(Math.max(...diode1))]).toBeCloseTo(DIODE1_PEAK.centre, 0);
    const mon = numbers(await readNumeric(scan, MONITOR_CHANNEL));
    expect(Math.abs(mon.reduce((a, b) => a + b, 0) / mon.length - MONITOR.mean)).toBeLessThan(5 * MONITOR.noise);
    const elapsed = numbers(await readNumeric(scan, TIMER.elapsed));
    expect(elapsed.every((t, i) => i === 0 || t >= (elapsed[i - 1] ?? 0))).toBe(true);
  });

  it('numbers scans per session, after the highest already in Redis', async () => {
    const store = await redis.store();
    const a = await runScenario(store, 'ct', { session: 'numbering', rate: 1000 });
    const b = await runScenario(store, 'ct', { session: 'numbering', rate: 1000 });
    const other = await runScenario(store, 'ct', { session: 'elsewhere', rate: 1000 });
    expect(b.number).toBe(a.number + 1);
    expect(other.number).toBe(1);
    // A new process (fresh counter) continues after the existing scans.
    expect(await new ScanNumbering(store).next('numbering')).toBe(b.number + 1);
  });
});

describe('dscan', () => {
  it('scans relative to the current position and returns there', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'dscan', { ...fast, points: 11 });
    const scan = await loadScan(store, sim.key);
    const { position, relStart, relStop } = DSCAN_DEFAULTS;
    expect(scan.info).toMatchObject({ type: 'dscan', title: 'dscan roby -1 1 10 0.1', npoints: 11 });
    expect((scan.info.channels as Record<string, unknown>)['axis:roby']).toMatchObject({ start: position + relStart, stop: position + relStop });
    expect(numbers(await readNumeric(scan, 'axis:roby'))).toEqual(linspace(position + relStart, position + relStop, 11));
    expect(scan.info.positioners).toMatchObject({ positioners_start: { roby: position }, positioners_end: { roby: position } });
  });
});

describe('aborted', () => {
  it('closes half-way with USER_ABORT, without STOPPED', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'aborted', { ...fast, points: 10 });
    expect(sim.endReason).toBe('USER_ABORT');
    expect(sim.points).toBe(5);
    const scan = await loadScan(store, sim.key);
    expect(scan.info).toMatchObject({ end_reason: 'USER_ABORT', npoints: 10 });
    expect(await stateHistory(store, scan)).toEqual([0, 1, 2, 4]);
    for (const name of sim.streams) {
      const read = await readStream(scan, name);
      expect([read.sealed, read.count]).toEqual([true, 5]);
    }
  });
});

describe('amesh', () => {
  it('publishes a 25 x 20 grid, fast axis sampx, with a 2D peak where configured', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'amesh', { rate: 50_000, seed: 3 });
    const p = sim.params as unknown as MeshParams;
    expect([p.nx, p.ny, p.npoints]).toEqual([25, 20, 500]);
    const scan = await loadScan(store, sim.key);
    expect(scan.info).toMatchObject({ type: 'amesh', npoints: 500, data_dim: 2, npoints1: 25, npoints2: 20 });
    expect(scan.info.title).toBe('amesh sampx -1 1 24 sampy -1 1 19 0.05');
    const channels = scan.info.channels as Record<string, unknown>;
    expect(channels['axis:sampx']).toMatchObject({ axis_id: 0, axis_points: 25, axis_kind: 'forth', start: -1, stop: 1 });
    expect(channels['axis:sampy']).toMatchObject({ axis_id: 1, axis_points: 20, axis_kind: 'forth' });
    expect(scan.info.plots).toEqual([{ kind: 'scatter-plot', items: [{ kind: 'scatter', x: 'axis:sampx', y: 'axis:sampy', value: DIODES.diode1 }] }]);

    const xs = numbers(await readNumeric(scan, 'axis:sampx'));
    const ys = numbers(await readNumeric(scan, 'axis:sampy'));
    const v = numbers(await readNumeric(scan, DIODES.diode1));
    expect(xs).toHaveLength(500);
    expect(xs.slice(0, 25)).toEqual(p.xs);
    expect(new Set(ys.slice(0, 25))).toEqual(new Set([-1]));
    expect(ys[25]).toBeCloseTo(p.ys[1] ?? NaN);
    expect(Math.abs(centroid(xs, v, AMESH_PEAK.background + 30) - AMESH_PEAK.centre[0])).toBeLessThan(0.05);
    expect(Math.abs(centroid(ys, v, AMESH_PEAK.background + 30) - AMESH_PEAK.centre[1])).toBeLessThan(0.05);
  });
});

describe('timescan', () => {
  it('runs open-ended (npoints 0) until aborted, then closes with USER_ABORT', async () => {
    const store = await redis.store();
    const controller = new AbortController();
    const running = runScenario(store, 'timescan', { rate: 100, signal: controller.signal, onScan: () => setTimeout(() => controller.abort(), 300) });
    const sim = await running;
    expect(sim.endReason).toBe('USER_ABORT');
    expect(sim.points).toBeGreaterThan(5);
    const scan = await loadScan(store, sim.key);
    expect(scan.info).toMatchObject({ type: 'timescan', npoints: 0, title: 'timescan 0.1', end_reason: 'USER_ABORT' });
    expect((scan.info.acquisition_chain as Record<string, unknown>).timer).toMatchObject({ top_master: 'timer' });
    expect((scan.info.channels as Record<string, Record<string, unknown>>)[TIMER.elapsed]?.points).toBeUndefined();
    for (const name of sim.streams) expect((await readStream(scan, name)).count).toBe(sim.points);
  });

  it('ends by itself after --points', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'timescan', { rate: 1000, points: 4 });
    expect([sim.endReason, sim.points]).toEqual(['SUCCESS', 4]);
    expect((await loadScan(store, sim.key)).info).toMatchObject({ npoints: 4 });
  });
});

describe('ct', () => {
  it('counts once: type ct, npoints 1, one point per channel', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'ct', { rate: 1000 });
    const scan = await loadScan(store, sim.key);
    expect(scan.info).toMatchObject({ type: 'ct', npoints: 1, title: 'ct 0.1', end_reason: 'SUCCESS' });
    expect(scan.info.plots).toBeUndefined();
    for (const name of sim.streams) expect((await readStream(scan, name)).count).toBe(1);
  });
});

describe('fast', () => {
  it('publishes 100 000 points per channel in batches, read back exactly', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'fast', { points: 100_000, rate: 1e7, seed: 11 });
    expect(sim.points).toBe(100_000);
    const scan = await loadScan(store, sim.key);
    expect(scan.info).toMatchObject({ type: 'fscan', npoints: 100_000 });
    expect(scan.doc.data_streams[FAST_CHANNELS.diode]?.encoding).toEqual({ type: 'numeric', dtype_str: '<u4', shape: [] });
    for (const name of Object.values(FAST_CHANNELS)) {
      const read = await readStream(scan, name);
      expect(read.count).toBe(100_000);
      expect(read.type === 'numeric' && sameBytes(read.data, publishedNumeric(sim.published, name))).toBe(true);
    }
    const entries = await rawEntries(store, scan, FAST_CHANNELS.diode);
    expect(entries).toHaveLength(100);
    expect(entries.every((e) => e.fields.includes('len'))).toBe(true);
    const x = numbers(await readNumeric(scan, FAST_CHANNELS.position));
    const y = numbers(await readNumeric(scan, FAST_CHANNELS.diode));
    expect(Math.abs(centroid(x, y, FAST_PEAK.background + 50) - FAST_PEAK.centre)).toBeLessThan(0.05);
  });
});

describe('sequence', () => {
  it('announces three child ascans in SUBSCANS; children carry group = parent key', async () => {
    const store = await redis.store();
    const announced: { key: string; number: number }[] = [];
    const sim = await runScenario(store, 'sequence', { rate: 2000, points: 21, onScan: (s) => announced.push(s) });
    const p = sim.params as unknown as SequenceParams;
    const parent = await loadScan(store, sim.key);
    expect(parent.info).toMatchObject({ is_scan_sequence: true, sequence_info: { scan_count: 3 }, end_reason: 'SUCCESS' });
    expect(parent.streams.get('SUBSCANS')?.kind).toBe('scan_sequence');
    const subscans = (await readJson(parent, 'SUBSCANS')) as { key: string; scan_number: number }[];
    expect(subscans.map((s) => s.key)).toEqual(sim.children.map((c) => c.key));
    expect(subscans.map((s) => s.scan_number)).toEqual([sim.number + 1, sim.number + 2, sim.number + 3]);
    expect(p.childKeys).toEqual(subscans.map((s) => s.key));
    expect(announced.map((a) => a.key)).toEqual([sim.key, ...p.childKeys]);
    for (const [k, entry] of subscans.entries()) {
      const child = await loadScan(store, entry.key);
      expect(child.info).toMatchObject({ group: sim.key, type: 'ascan', end_reason: 'SUCCESS', scan_nb: entry.scan_number });
      const roby = numbers(await readNumeric(child, 'axis:roby'));
      const diode1 = numbers(await readNumeric(child, DIODES.diode1));
      expect(Math.abs(centroid(roby, diode1, DIODE1_PEAK.background) - (SEQUENCE_CHILD_CENTRES[k] ?? NaN))).toBeLessThan(0.08);
    }
  });
});

describe('sardana', () => {
  it('uses the recorder layout: label-named streams, one point per XADD, no_policy identity', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'sardana', { rate: 2000, points: 11, session: 'sardana_session' });
    const scan = await loadScan(store, sim.key);
    expect(scan.identity).toMatchObject({ name: 'ascan', data_policy: 'no_policy', session: 'sardana_session' });
    expect((scan.identity as Record<string, unknown>).beamline).toBe('BL99');
    expect([...scan.streams.keys()]).toEqual([...SARDANA_STREAMS]);
    expect(scan.info).toMatchObject({
      title: 'ascan mot01 0 10 10 0.1',
      display_extra: { plotselect: [] },
      acquisition_chain: { axis: { top_master: 'timer', devices: ['timer', 'counters', 'axis'] } },
    });
    expect(scan.info.plots).toEqual([
      { kind: 'curve-plot' },
      { kind: 'curve-plot', name: 'ct01', items: [{ kind: 'curve', x: 'mot01', y: 'ct01' }] },
      { kind: 'curve-plot', name: 'ct02', items: [{ kind: 'curve', x: '#Pt No', y: 'ct02' }] },
    ]);
    expect((scan.info.devices as Record<string, { channels: string[] }>).counters?.channels).toEqual(['ct01', 'ct02']);
    expect(scan.info.snapshot).toEqual(expect.any(Object));
    expect(Object.keys(scan.info.datadesc as object)).toEqual([...SARDANA_STREAMS]);
    expect(scan.doc.data_streams['#Pt No']).toMatchObject({ encoding: { type: 'numeric', dtype_str: '<i8', shape: [] }, info: { unit: '' } });

    for (const name of SARDANA_STREAMS) {
      const entries = await rawEntries(store, scan, name);
      expect(entries.map((e) => e.id)).toEqual(Array.from({ length: 11 }, (_, i) => `${i}-1`));
      expect(entries.every((e) => e.fields.join() === 'payload')).toBe(true);
    }
    expect(Array.from(await readNumeric(scan, '#Pt No') as BigInt64Array)).toEqual(Array.from({ length: 11 }, (_, i) => BigInt(i)));
    const mot = numbers(await readNumeric(scan, 'mot01'));
    const ct01 = numbers(await readNumeric(scan, 'ct01'));
    expect(mot).toEqual(linspace(0, 10, 11));
    expect(mot[ct01.indexOf(Math.max(...ct01))]).toBe(SARDANA_CT01_PEAK.centre);
  });
});
