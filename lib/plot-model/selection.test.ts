import { describe, expect, it } from 'vitest';
import { normalizeScanInfo } from '../blissdata/scan-info';
import { createPlotModels, keepsUserCurveSelection, listCurveCandidates, plotSelectionKey } from './index';
import { sardanaInfo, sardanaStreams, timerScanInfo, workedExampleInfo, workedExampleStreams } from './test-fixtures';

const norm = (raw: Record<string, unknown>) => normalizeScanInfo(raw).info;

describe('plotSelectionKey (Flint isSame: same type, same channels)', () => {
  it('is equal for two scans of the same kind', () => {
    const a = workedExampleInfo();
    const b = workedExampleInfo();
    b.title = 'ascan roby 5 6 20 0.5';
    b.npoints = 21;
    b.display_extra = { plotselect: ['simulation_diode_sampling_controller:diode2'] };
    expect(plotSelectionKey(norm(a))).toBe(plotSelectionKey(norm(b)));
  });

  it('differs with the scan type or the channels', () => {
    const a = workedExampleInfo();
    const d = workedExampleInfo();
    d.type = 'dscan';
    const fewer = workedExampleInfo();
    (fewer.devices as Record<string, { channels: string[] }>).diodes?.channels.pop();
    expect(plotSelectionKey(norm(a))).not.toBe(plotSelectionKey(norm(d)));
    expect(plotSelectionKey(norm(a))).not.toBe(plotSelectionKey(norm(fewer)));
  });

  it('encodes the type and the ordered channels', () => {
    expect(JSON.parse(plotSelectionKey(norm(timerScanInfo('ct', 1))))).toEqual([
      'ct',
      ['timer:elapsed_time', 'timer:epoch', 'diodes:diode1', 'diodes:diode2'],
    ]);
  });

  it('tells Sardana scans apart by their columns even though Flint reaches none', () => {
    const other = sardanaInfo();
    (other.channels as Record<string, unknown>).ct04 = { device: 'counters', dim: 0 };
    expect(plotSelectionKey(norm(sardanaInfo()))).not.toBe(plotSelectionKey(norm(other)));
    expect(JSON.parse(plotSelectionKey(norm(sardanaInfo())))[1]).toEqual(['#Pt No', 'mot01', 'ct01', 'ct02', 'ct03', 'dt']);
  });

  it('is what createPlotModels reports', () => {
    const info = norm(workedExampleInfo());
    expect(createPlotModels(info, workedExampleStreams()).selectionKey).toBe(plotSelectionKey(info));
  });
});

describe('keepsUserCurveSelection (Flint resolveCurvePlotUpdate)', () => {
  it('keeps an edit newer than the scan plotselect', () => {
    const next = norm(workedExampleInfo()); // plotselect_time 1735722000
    expect(keepsUserCurveSelection(next, 1735722001)).toBe(true);
    expect(keepsUserCurveSelection(next, 1735721999)).toBe(false);
    expect(keepsUserCurveSelection(next, null)).toBe(false);
  });

  it('keeps an edit when the scan has no plotselect time, and never against displayed_channels', () => {
    expect(keepsUserCurveSelection(norm(timerScanInfo('ascan', 3)), 1)).toBe(true);
    const forced = workedExampleInfo();
    forced.display_extra = { displayed_channels: ['simulation_diode_sampling_controller:diode2'] };
    expect(keepsUserCurveSelection(norm(forced), Number.MAX_SAFE_INTEGER)).toBe(false);
  });
});

describe('listCurveCandidates', () => {
  it('lists every usable scalar with labels and units', () => {
    const setup = createPlotModels(norm(workedExampleInfo()), workedExampleStreams());
    const candidates = listCurveCandidates(setup);
    expect(candidates.map((c) => c.name)).toEqual([
      'axis:roby',
      'timer:elapsed_time',
      'timer:epoch',
      'simulation_diode_sampling_controller:diode1',
      'simulation_diode_sampling_controller:diode2',
    ]);
    expect(candidates[0]).toEqual({
      name: 'axis:roby',
      displayName: 'roby',
      unit: 'mm',
      device: 'axis',
      chain: 'axis',
      isMaster: true,
      isTime: false,
      timeKind: null,
      present: true,
      described: true,
    });
    expect(candidates[2]).toMatchObject({ isTime: true, timeKind: 'epoch', unit: 's' });
    expect(candidates[3]).toMatchObject({ displayName: 'diode1', device: 'simulation_diode_sampling_controller', isMaster: false });
  });

  it('marks Sardana columns as not described by the chain', () => {
    const candidates = listCurveCandidates(createPlotModels(norm(sardanaInfo()), sardanaStreams()));
    expect(candidates).toHaveLength(6);
    expect(candidates.every((c) => c.present && !c.described)).toBe(true);
  });

  it('marks channels whose stream has not appeared', () => {
    const setup = createPlotModels(norm(timerScanInfo('loopscan', 3)), [{ name: 'timer:epoch', kind: 'array', ndim: 0 }]);
    expect(listCurveCandidates(setup).map((c) => [c.name, c.present])).toEqual([
      ['timer:elapsed_time', false],
      ['timer:epoch', true],
      ['diodes:diode1', false],
      ['diodes:diode2', false],
    ]);
  });
});
