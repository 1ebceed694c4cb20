import { describe, expect, it } from 'vitest';
import { sardanaInfo, workedExampleInfo } from '../plot-model/test-fixtures';
import {
  channelDisplayName,
  effectiveDisplayExtra,
  expectedPoints,
  isInfiniteScan,
  isTimeChannel,
  normalizeScanInfo,
  progressFraction,
  progressPlan,
  scanCategory,
  sequenceScanCount,
  timeKind,
} from './scan-info';

describe('normalizeScanInfo', () => {
  it('reads the worked example without warnings and keeps every key', () => {
    const raw = workedExampleInfo();
    const { info, warnings } = normalizeScanInfo(raw);
    expect(warnings).toEqual([]);
    expect(Object.keys(info).sort()).toEqual(Object.keys(raw).sort());
    expect(info.type).toBe('ascan');
    expect(info.npoints).toBe(3);
    expect(info.acquisition_chain.axis?.top_master).toBe('axis');
    expect(info.acquisition_chain.axis?.master?.scalars).toEqual(['axis:roby']);
    expect(info.devices.timer?.triggered_devices).toEqual(['diodes', 'mca1', 'lima_simulator']);
    expect(info.channels['axis:roby']).toEqual({ device: 'axis', dim: 0, display_name: 'roby', unit: 'mm', decimals: 3, start: 0, stop: 1, points: 3 });
    expect(info.plots).toEqual([{ kind: 'curve-plot', items: [{ kind: 'curve', x: 'axis:roby' }] }]);
    expect(info.display_extra).toEqual({ plotselect: ['simulation_diode_sampling_controller:diode1'], plotselect_time: 1735722000 });
    // Unknown keys are kept verbatim.
    expect(info.data_writer).toBe('nexus');
    expect(info.filename).toBe('/data/id00/sample1_0001.h5');
  });

  it('keeps Sardana extras (snapshot, datadesc, nexuswriter) untouched', () => {
    const { info, warnings } = normalizeScanInfo(sardanaInfo());
    expect(warnings).toEqual([]);
    expect(info.datadesc).toEqual(sardanaInfo().datadesc);
    expect(info.nexuswriter).toEqual(sardanaInfo().nexuswriter);
    expect(info.plots?.[0]).toEqual({ kind: 'curve-plot', items: [] });
    expect(info.acquisition_chain.axis?.master).toEqual({});
  });

  it('maps hyphenated legacy keys to the underscore form', () => {
    const { info, warnings } = normalizeScanInfo({
      'is-scan-sequence': true,
      'sequence-info': { 'scan-count': 4 },
      'data-dim': 2,
      channels: {
        a: { 'axis-points': 10, 'axis-kind': 'backnforth', 'axis-id': 0, 'axis-points-hint': 12, 'display-name': 'A' },
        b: { 'axes-points': 5, 'axes-kind': 'forth', axis_id: 1 },
      },
      _display_extra: { 'displayed-channels': ['a'] },
    });
    expect(warnings).toEqual([]);
    expect(info.is_scan_sequence).toBe(true);
    expect(info.sequence_info).toEqual({ scan_count: 4 });
    expect(info.data_dim).toBe(2);
    expect(info.channels.a).toEqual({ axis_points: 10, axis_kind: 'backnforth', axis_id: 0, axis_points_hint: 12, display_name: 'A' });
    expect(info.channels.b).toEqual({ axis_points: 5, axis_kind: 'forth', axis_id: 1 });
    expect(info._display_extra).toEqual({ displayed_channels: ['a'] });
    expect('is-scan-sequence' in info).toBe(false);
  });

  it('prefers the underscore key when both spellings are present', () => {
    const { info, warnings } = normalizeScanInfo({ channels: { a: { 'axis-points': 3, axis_points: 4 } } });
    expect(info.channels.a?.axis_points).toBe(4);
    expect(warnings).toEqual(['channels["a"]: both "axis-points" and "axis_points" are set; "axis_points" is used']);
  });

  it('maps BLISS 1.4 fast/slow axis kinds to an axis id', () => {
    const { info, warnings } = normalizeScanInfo({ channels: { x: { axis_kind: 'fast-backnforth' }, y: { axis_kind: 'slow', axis_id: 3 } } });
    expect(info.channels.x).toEqual({ axis_kind: 'backnforth', axis_id: 0 });
    expect(info.channels.y).toEqual({ axis_kind: 'forth', axis_id: 1 });
    expect(warnings).toEqual(['channels["y"]: axis_kind "slow" implies axis_id 1; axis_id 3 ignored']);
  });

  it('copies device top-level xaxis_* into metadata', () => {
    const { info } = normalizeScanInfo({
      devices: {
        a: { name: 'a', xaxis_channel: 'a:x', metadata: { other: 1 } },
        b: { name: 'b', xaxis_array: [1, 2], metadata: { xaxis_array: [3, 4] } },
      },
    });
    expect(info.devices.a?.metadata).toEqual({ other: 1, xaxis_channel: 'a:x' });
    expect(info.devices.a?.xaxis_channel).toBe('a:x');
    expect(info.devices.b?.metadata).toEqual({ xaxis_array: [3, 4] });
  });

  it('reads channel metadata from the 2020 "requests" key', () => {
    const { info, warnings } = normalizeScanInfo({ requests: { a: { dim: 1 } } });
    expect(info.channels).toEqual({ a: { dim: 1 } });
    expect(warnings).toEqual(['channel metadata read from the legacy "requests" key']);
  });

  it('uses devices[0] when a chain has no top_master', () => {
    const { info, warnings } = normalizeScanInfo({ acquisition_chain: { c: { devices: ['t', 'd'] }, e: {} } });
    expect(info.acquisition_chain.c?.top_master).toBe('t');
    expect(info.acquisition_chain.e?.top_master).toBeUndefined();
    expect(warnings).toEqual([
      'acquisition_chain["c"]: has no top_master; using the first of its devices, "t" (Flint would skip the scan)',
      'acquisition_chain["e"]: has no top_master and no devices; nothing of it can be displayed',
    ]);
  });

  it('skips bad parts with a warning', () => {
    const { info, warnings } = normalizeScanInfo({
      npoints: 'ten',
      scan_nb: '12',
      title: 5,
      is_scan_sequence: 1,
      channels: { good: { dim: '1', points: 2.7, unit: 3, axis_kind: 'sideways' }, bad: 'nope', neg: { dim: -1 } },
      devices: { d: { channels: ['a', 7], triggered_devices: 'x', metadata: [] } },
      acquisition_chain: [],
      plots: [
        'x',
        { kind: 'curve-plot', name: 3, items: [{ kind: 'scatter', x: 'a' }, { kind: 'curve', x: 1, y: 'b', y_axis: 'up' }, null] },
        { kind: 'scatter-plot', items: 'none' },
        { kind: 'image-plot' },
      ],
      display_extra: { displayed_channels: ['a', 1], plotselect: 'a', plotselect_time: 'soon' },
    });
    expect(info.npoints).toBeUndefined();
    expect(info.scan_nb).toBe(12);
    expect(info.title).toBeUndefined();
    expect(info.is_scan_sequence).toBe(true);
    expect(info.channels).toEqual({ good: { dim: 1, points: 2 }, neg: {} });
    expect(info.devices).toEqual({ d: { name: 'd', channels: ['a'] } });
    expect(info.acquisition_chain).toEqual({});
    expect(info.plots).toEqual([
      { kind: 'curve-plot', items: [{ kind: 'curve', y: 'b' }] },
      { kind: 'scatter-plot', items: [] },
      { kind: 'unsupported', originalKind: 'image-plot' },
    ]);
    expect(info.display_extra).toEqual({});
    expect(warnings).toEqual([
      'channels["good"].unit: expected a string, found number 3; ignored',
      'channels["good"].axis_kind: unknown axis kind string "sideways"; ignored',
      'channels["bad"]: expected an object, found string "nope"; channel skipped',
      'channels["neg"].dim: negative dim -1; ignored',
      'devices["d"]: has no name; its key is used',
      'devices["d"].channels[1]: expected a name, found number 7; skipped',
      'devices["d"].triggered_devices: expected a list of names, found string "x"; ignored',
      'devices["d"].metadata: expected an object, found a list; ignored',
      'acquisition_chain: expected an object, found a list; ignored',
      'title: expected a string, found number 5; ignored',
      'npoints: expected a number, found string "ten"; ignored',
      'is_scan_sequence: expected a boolean, found number 1; read as true',
      'plots[0]: plot description is not an object; skipped',
      'plots[1].name: expected a string, found number 3; ignored',
      'plots[1].items[0]: item kind string "scatter" is not supported here (Flint ignores it); skipped',
      'plots[1].items[1].x: expected a string, found number 1; ignored',
      'plots[1].items[1].y_axis: expected "left" or "right"; ignored',
      'plots[1].items[2]: expected an object, found null; skipped',
      'plots[2].items: expected a list, found string "none"; ignored',
      'display_extra.displayed_channels: must only contain strings; ignored',
      'display_extra.plotselect: is not a list; ignored',
      'display_extra.plotselect_time: expected a number, found string "soon"; ignored',
    ]);
  });

  it('never throws on JSON-valid input', () => {
    const odd: unknown[] = [
      null,
      42,
      'text',
      [],
      [{}],
      { channels: null, devices: null, acquisition_chain: null, plots: null, display_extra: null },
      { channels: [1], devices: 'x', acquisition_chain: { a: null, b: [], c: { top_master: 1, master: 2 } } },
      { sequence_info: 3, plots: [{ kind: null, items: [[]] }], _display_extra: [] },
      { __proto__: { polluted: true }, constructor: 1, toString: 'x', channels: { __proto__: { dim: 1 } } },
    ];
    for (const raw of odd) {
      const parsed = typeof raw === 'object' && raw !== null ? JSON.parse(JSON.stringify(raw)) : raw;
      expect(() => normalizeScanInfo(parsed)).not.toThrow();
      const { info } = normalizeScanInfo(parsed);
      expect(info.channels).toBeTypeOf('object');
      expect(info.devices).toBeTypeOf('object');
      expect(info.acquisition_chain).toBeTypeOf('object');
    }
    // A `__proto__` key read from JSON stays data and never becomes a prototype.
    const { info } = normalizeScanInfo(JSON.parse('{"__proto__": {"polluted": true}, "constructor": 1}'));
    expect(Object.getPrototypeOf(info)).toBe(Object.prototype);
    expect((info as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(info, '__proto__')).toBe(true);
    expect(info.constructor).toBe(1);
    // Names of channels and devices are never looked up on Object.prototype.
    const named = normalizeScanInfo(
      JSON.parse('{"channels": {"__proto__": {"dim": 1}}, "devices": {"d": {"name": "d", "channels": ["constructor", "__proto__"]}}}'),
    ).info;
    expect(named.channels.__proto__).toEqual({ dim: 1 });
    expect(named.channels.constructor).toBeUndefined();
    expect(named.devices.toString).toBeUndefined();
  });
});

describe('display_extra', () => {
  it('falls back to _display_extra only when display_extra is absent', () => {
    const legacy = normalizeScanInfo({ _display_extra: { plotselect: ['a'] } }).info;
    expect(effectiveDisplayExtra(legacy)).toEqual({ extra: { plotselect: ['a'] }, source: '_display_extra' });
    const both = normalizeScanInfo({ _display_extra: { plotselect: ['a'] }, display_extra: { plotselect: ['b'] } }).info;
    expect(effectiveDisplayExtra(both)).toEqual({ extra: { plotselect: ['b'] }, source: 'display_extra' });
    expect(effectiveDisplayExtra(normalizeScanInfo({}).info)).toEqual({ extra: undefined, source: null });
  });
});

describe('channel helpers', () => {
  const { info } = normalizeScanInfo(workedExampleInfo());

  it('names channels by display_name, else by short name', () => {
    expect(channelDisplayName(info, 'simulation_diode_sampling_controller:diode1')).toBe('diode1');
    expect(channelDisplayName(info, 'unknown:device:counter')).toBe('counter');
    expect(channelDisplayName(info, '#Pt No')).toBe('#Pt No');
  });

  it('recognises time bases as Flint (unit "s"), and by name when the unit is unknown', () => {
    expect(isTimeChannel(info, 'timer:elapsed_time')).toBe(true);
    expect(timeKind(info, 'timer:epoch')).toBe('epoch');
    expect(timeKind(info, 'timer:elapsed_time')).toBe('elapsed');
    expect(isTimeChannel(info, 'axis:roby')).toBe(false);
    expect(isTimeChannel(info, 'simulation_diode_sampling_controller:diode1')).toBe(false);
    expect(isTimeChannel(undefined, 'timer:elapsed_time')).toBe(true);
    expect(isTimeChannel(undefined, 'dt')).toBe(true);
    expect(isTimeChannel(undefined, 'dt', 'mm')).toBe(false);
    expect(timeKind(undefined, 'exposure', 's')).toBe('time');
  });
});

describe('progress', () => {
  it('takes channel points, else npoints; 0 is infinite', () => {
    const { info } = normalizeScanInfo(workedExampleInfo());
    expect(expectedPoints(info, 'axis:roby')).toBe(3);
    expect(expectedPoints(info)).toBe(3);
    const loop = normalizeScanInfo({ type: 'loopscan', npoints: 0, channels: { a: {} } }).info;
    expect(expectedPoints(loop, 'a')).toBe(0);
    expect(isInfiniteScan(loop)).toBe(true);
    expect(expectedPoints(normalizeScanInfo({ npoints1: 4, npoints2: 5 }).info)).toBe(20);
    expect(expectedPoints(normalizeScanInfo({}).info)).toBeNull();
  });

  it('counts sub-scans for a sequence', () => {
    const { info } = normalizeScanInfo({ is_scan_sequence: true, sequence_info: { scan_count: 5 }, npoints: 100 });
    expect(sequenceScanCount(info)).toBe(5);
    expect(expectedPoints(info)).toBe(5);
    const plan = progressPlan(info);
    expect(plan).toEqual({ scanCount: 5, channels: [], infiniteChannel: null, npoints: null });
    expect(progressFraction(plan, { pointsOf: () => undefined, subScansDone: 2, finished: false })).toBeCloseTo(0.4);
  });

  it('averages one channel per distinct points value, as Flint', () => {
    const { info } = normalizeScanInfo({ channels: { a: { points: 10 }, b: { points: 10 }, c: { points: 4 } } });
    const plan = progressPlan(info);
    expect(plan.channels).toEqual([
      { channel: 'a', points: 10 },
      { channel: 'c', points: 4 },
    ]);
    const counts: Record<string, number> = { a: 5, c: 4 };
    expect(progressFraction(plan, { pointsOf: (n) => counts[n], finished: false })).toBeCloseTo(0.75);
  });

  it('reports 0, ½, 1 for an infinite scan', () => {
    const { info } = normalizeScanInfo({ type: 'timescan', channels: { t: {} } });
    const plan = progressPlan(info);
    expect(plan.infiniteChannel).toBe('t');
    expect(progressFraction(plan, { pointsOf: () => 0, finished: false })).toBe(0);
    expect(progressFraction(plan, { pointsOf: () => 7, finished: false })).toBe(0.5);
    expect(progressFraction(plan, { pointsOf: () => 7, finished: true })).toBe(1);
  });

  it('falls back to npoints when no channel declares points', () => {
    const plan = progressPlan(normalizeScanInfo({ npoints: 8 }).info);
    expect(plan.npoints).toBe(8);
    expect(progressFraction(plan, { pointsOf: () => undefined, anyPoints: 2, finished: false })).toBe(0.25);
    expect(progressFraction(progressPlan(normalizeScanInfo({}).info), { pointsOf: () => 1, finished: false })).toBeNull();
  });
});

describe('scanCategory', () => {
  it('follows Flint categories', () => {
    expect(scanCategory(normalizeScanInfo({ type: 'ct' }).info)).toBe('point');
    expect(scanCategory(normalizeScanInfo({ type: 'd2scan' }).info)).toBe('nscan');
    expect(scanCategory(normalizeScanInfo({ type: 'amesh' }).info)).toBe('mesh');
    expect(scanCategory(normalizeScanInfo({ type: 'mymacro' }).info)).toBe('unknown');
  });
});
