import { describe, expect, it } from 'vitest';
import { normalizeScanInfo } from '../blissdata/scan-info';
import { createPlotModels, type PlotModel, type PlotSetup, type StreamDescriptor } from './index';
import {
  ameshInfo,
  oldSardanaInfo,
  sardanaInfo,
  sardanaStreams,
  streamsOf,
  timerScanInfo,
  workedExampleInfo,
  workedExampleStreams,
} from './test-fixtures';

function setupOf(raw: Record<string, unknown>, streams: StreamDescriptor[] = streamsOf(raw)): PlotSetup {
  const { info } = normalizeScanInfo(raw);
  return createPlotModels(info, streams);
}

function plotOf<K extends PlotModel['kind']>(setup: PlotSetup, id: string, kind: K): Extract<PlotModel, { kind: K }> {
  const plot = setup.plots.find((p) => p.id === id);
  expect(plot, `plot ${id} in ${setup.plots.map((p) => p.id).join(', ')}`).toBeDefined();
  expect(plot?.kind).toBe(kind);
  return plot as Extract<PlotModel, { kind: K }>;
}

describe('worked example (protocol section 11)', () => {
  const setup = setupOf(workedExampleInfo(), workedExampleStreams());

  it('plots roby against diode1 (plotselect), then the MCA, then the Lima image', () => {
    expect(setup.plots.map((p) => p.id)).toEqual(['curve', 'mca:mca1', 'image:lima_simulator']);
    const curve = plotOf(setup, 'curve', 'curve');
    expect(curve.origin).toBe('scan_info');
    expect(curve.x).toBe('axis:roby');
    expect(curve.items).toEqual([{ x: 'axis:roby', y: 'simulation_diode_sampling_controller:diode1', yAxis: 'left' }]);
    expect(curve.selectionSource).toBe('plotselect');
  });

  it('groups the MCA spectra by detector', () => {
    const mca = plotOf(setup, 'mca:mca1', 'mca');
    expect(mca).toMatchObject({ device: 'mca1', deviceKey: 'mca1', origin: 'inferred', detectors: ['det0'] });
    expect(mca.items).toEqual([{ channel: 'mca1:spectrum_det0', detector: 'det0', stacked: false }]);
  });

  it("names the Lima default image after its device and reads it through Lima", () => {
    expect(plotOf(setup, 'image:lima_simulator', 'image')).toEqual({
      kind: 'image',
      id: 'image:lima_simulator',
      title: 'lima_simulator',
      origin: 'inferred',
      channel: 'lima_simulator:image',
      device: 'lima_simulator',
      isDefault: true,
      source: 'lima',
      stack: false,
    });
  });

  it('knows every channel, masters first, with no warning', () => {
    expect(setup.warnings).toEqual([]);
    expect(setup.channels.map((c) => [c.name, c.isMaster, c.isTime])).toEqual([
      ['axis:roby', true, false],
      ['timer:elapsed_time', true, true],
      ['timer:epoch', true, true],
      ['simulation_diode_sampling_controller:diode1', false, false],
      ['simulation_diode_sampling_controller:diode2', false, false],
      ['mca1:spectrum_det0', false, false],
      ['lima_simulator:image', false, false],
    ]);
    expect(setup.channels[0]).toMatchObject({ displayName: 'roby', unit: 'mm', chain: 'axis', stream: 'hdf5_fallback', origin: 'chain' });
  });

  it('without plots, infers the same curve (first master on x, first counter on y)', () => {
    const raw = workedExampleInfo();
    delete raw.plots;
    delete raw.display_extra;
    const inferred = setupOf(raw, workedExampleStreams());
    expect(inferred.plots.map((p) => p.id)).toEqual(['curve', 'mca:mca1', 'image:lima_simulator']);
    const curve = plotOf(inferred, 'curve', 'curve');
    expect(curve).toMatchObject({ origin: 'inferred', selectionSource: 'inferred', x: 'axis:roby' });
    expect(curve.items).toEqual([{ x: 'axis:roby', y: 'simulation_diode_sampling_controller:diode1', yAxis: 'left' }]);
  });

  it('lets displayed_channels win over plotselect', () => {
    const raw = workedExampleInfo();
    raw.display_extra = {
      displayed_channels: ['simulation_diode_sampling_controller:diode2', 'not:there'],
      plotselect: ['simulation_diode_sampling_controller:diode1'],
    };
    const s = setupOf(raw, workedExampleStreams());
    expect(plotOf(s, 'curve', 'curve').items).toEqual([{ x: 'axis:roby', y: 'simulation_diode_sampling_controller:diode2', yAxis: 'left' }]);
    expect(plotOf(s, 'curve', 'curve').selectionSource).toBe('displayed_channels');
    expect(s.warnings).toContain('display_extra.displayed_channels: "not:there" is not a channel of the scan; skipped');
  });
});

describe('plots: []', () => {
  it('infers no curve but still the MCA and image plots', () => {
    const raw = workedExampleInfo();
    raw.plots = [];
    delete raw.display_extra;
    const setup = setupOf(raw, workedExampleStreams());
    expect(setup.plots.map((p) => p.id)).toEqual(['mca:mca1', 'image:lima_simulator']);
  });

  it('reads a non-list plots as empty, as Flint', () => {
    const raw = workedExampleInfo();
    raw.plots = null;
    const setup = setupOf(raw, workedExampleStreams());
    expect(setup.plots.map((p) => p.kind)).toEqual(['mca', 'image']);
  });

  it('skips kinds Flint does not accept, with a warning', () => {
    const raw = workedExampleInfo();
    raw.plots = [{ kind: 'image-plot', name: 'img' }, { kind: 'table-plot', name: 'all' }];
    const setup = setupOf(raw, workedExampleStreams());
    expect(setup.plots.map((p) => p.id)).toEqual(['table:all', 'mca:mca1', 'image:lima_simulator']);
    expect(plotOf(setup, 'table:all', 'table').channels).toHaveLength(5);
    expect(setup.warnings.some((w) => w.startsWith('plots[0]: kind "image-plot" is not one Flint accepts'))).toBe(true);
  });
});

describe('amesh', () => {
  it('gives a regular-grid scatter with the fast axis and sizes from the axis hints', () => {
    const setup = setupOf(ameshInfo());
    expect(setup.plots.map((p) => p.id)).toEqual(['scatter']);
    const scatter = plotOf(setup, 'scatter', 'scatter');
    expect(scatter).toMatchObject({ x: 'axis:robx', y: 'axis:roby', value: 'diodes:diode1', values: ['diodes:diode1'], origin: 'scan_info' });
    expect(scatter.grid).toEqual({
      kind: 'regular',
      xPoints: 5,
      yPoints: 3,
      shape: [3, 5],
      fastAxis: 'x',
      order: 'row',
      xKind: 'forth',
      yKind: 'forth',
      xRange: [0, 1],
      yRange: [0, 2],
      stepChannels: [],
    });
  });

  it('without plots, infers the scatter first and a curve against time', () => {
    const setup = setupOf(ameshInfo({ plots: false }));
    expect(setup.plots.map((p) => p.id)).toEqual(['scatter', 'curve']);
    const scatter = plotOf(setup, 'scatter', 'scatter');
    expect(scatter).toMatchObject({ origin: 'inferred', x: 'axis:robx', y: 'axis:roby', value: 'diodes:diode1' });
    expect(scatter.grid.kind).toBe('regular');
    const curve = plotOf(setup, 'curve', 'curve');
    expect(curve.x).toBe('timer:elapsed_time');
    expect(curve.items).toEqual([
      { x: 'timer:elapsed_time', y: 'diodes:diode1', yAxis: 'left' },
      { x: 'timer:elapsed_time', y: 'axis:robx', yAxis: 'right' },
      { x: 'timer:elapsed_time', y: 'axis:roby', yAxis: 'right' },
      { x: 'timer:elapsed_time', y: 'timer:epoch', yAxis: 'right' },
    ]);
  });

  it('applies displayed_channels to the scatter values', () => {
    const raw = ameshInfo();
    raw.display_extra = { displayed_channels: ['diodes:diode2'] };
    expect(plotOf(setupOf(raw), 'scatter', 'scatter')).toMatchObject({ value: 'diodes:diode2', values: ['diodes:diode2'] });
  });

  it('reads hyphenated legacy axis keys', () => {
    const raw = ameshInfo({ plots: false });
    const channels = raw.channels as Record<string, Record<string, unknown>>;
    for (const name of ['axis:robx', 'axis:roby']) {
      const c = channels[name] as Record<string, unknown>;
      c['axis-points'] = c.axis_points;
      c['axis-id'] = c.axis_id;
      c['axes-kind'] = c.axis_kind;
      delete c.axis_points;
      delete c.axis_id;
      delete c.axis_kind;
    }
    delete raw.data_dim;
    raw['data-dim'] = 2;
    const grid = plotOf(setupOf(raw), 'scatter', 'scatter').grid;
    expect(grid).toMatchObject({ kind: 'regular', shape: [3, 5], fastAxis: 'x' });
  });
});

describe('timer scans', () => {
  it('ct gives a count table and no curve', () => {
    const setup = setupOf(timerScanInfo('ct', 1));
    expect(setup.plots).toEqual([
      {
        kind: 'table',
        id: 'table:count',
        title: 'Count',
        origin: 'inferred',
        variant: 'count',
        channels: ['timer:elapsed_time', 'timer:epoch', 'diodes:diode1', 'diodes:diode2'],
      },
    ]);
  });

  it('timescan plots the first counter against the elapsed time', () => {
    const setup = setupOf(timerScanInfo('timescan', 0));
    expect(setup.plots.map((p) => p.id)).toEqual(['curve']);
    const curve = plotOf(setup, 'curve', 'curve');
    expect(curve.x).toBe('timer:elapsed_time');
    expect(curve.items).toEqual([{ x: 'timer:elapsed_time', y: 'diodes:diode1', yAxis: 'left' }]);
    expect(setup.channels.find((c) => c.name === 'timer:epoch')?.timeKind).toBe('epoch');
  });

  it('skips time counters on y for motor scans only', () => {
    const raw = workedExampleInfo();
    delete raw.plots;
    delete raw.display_extra;
    // A time counter outside the timer: skipped for the motor scan…
    const devices = raw.devices as Record<string, Record<string, unknown>>;
    (devices.diodes as { channels: string[] }).channels.unshift('diodes:exposure');
    (raw.channels as Record<string, unknown>)['diodes:exposure'] = { dim: 0, unit: 's' };
    expect(plotOf(setupOf(raw), 'curve', 'curve').items[0]?.y).toBe('simulation_diode_sampling_controller:diode1');
    // …but kept for a timescan.
    const t = timerScanInfo('timescan', 0);
    ((t.devices as Record<string, { channels: string[] }>).diodes as { channels: string[] }).channels.unshift('diodes:exposure');
    (t.channels as Record<string, unknown>)['diodes:exposure'] = { dim: 0, unit: 's' };
    expect(plotOf(setupOf(t), 'curve', 'curve').items[0]?.y).toBe('diodes:exposure');
  });
});

describe('Sardana recorder layout (protocol section 10)', () => {
  const setup = setupOf(sardanaInfo(), sardanaStreams());

  it('shows the columns Flint would hide, and says so', () => {
    expect(setup.warnings).toContain(
      'device(s) "counters", "axis" not reachable from the top master "timer" through triggered_devices (Flint would not show their channels); shown anyway',
    );
    expect(setup.channels.map((c) => [c.name, c.origin, c.isMaster])).toEqual([
      ['ct01', 'unreachable', false],
      ['ct02', 'unreachable', false],
      ['ct03', 'unreachable', false],
      ['#Pt No', 'unreachable', false],
      ['mot01', 'unreachable', false],
      ['dt', 'unreachable', false],
    ]);
    // The unit of `dt` only exists in its stream info.
    expect(setup.channels.find((c) => c.name === 'dt')).toMatchObject({ unit: 's', isTime: true, timeKind: 'elapsed' });
  });

  it('gives the bare curve plot the most used x and picks a counter', () => {
    const bare = plotOf(setup, 'curve', 'curve');
    expect(bare).toMatchObject({ origin: 'scan_info', x: 'mot01', selectionSource: 'auto' });
    expect(bare.items).toEqual([{ x: 'mot01', y: 'ct01', yAxis: 'left' }]);
  });

  it('keeps one curve plot per column', () => {
    expect(setup.plots.map((p) => p.id)).toEqual(['curve', 'curve:ct01', 'curve:ct02', 'curve:ct03']);
    expect(plotOf(setup, 'curve:ct03', 'curve').items).toEqual([{ x: '#Pt No', y: 'ct03', yAxis: 'left' }]);
    expect(plotOf(setup, 'curve:ct01', 'curve')).toMatchObject({ title: 'ct01', name: 'ct01', selectionSource: 'scan_info' });
  });

  it('without plots, guesses the motor as x', () => {
    const raw = sardanaInfo();
    delete raw.plots;
    const s = setupOf(raw, sardanaStreams());
    expect(s.plots.map((p) => p.id)).toEqual(['curve']);
    expect(plotOf(s, 'curve', 'curve')).toMatchObject({ origin: 'fallback', x: 'mot01', items: [{ x: 'mot01', y: 'ct01', yAxis: 'left' }] });
    expect(s.warnings).toContain('no master channel in chain "axis": "mot01" taken as x');
  });

  it('reads the first recorder version (no top_master, no device names, no plots)', () => {
    const streams = sardanaStreams().filter((st) => st.name !== '#Pt No' && st.name !== 'ct03');
    const { info, warnings } = normalizeScanInfo(oldSardanaInfo());
    expect(warnings).toContain('acquisition_chain["axis"]: has no top_master; using the first of its devices, "timer" (Flint would skip the scan)');
    const s = createPlotModels(info, streams);
    // The chain's master list still says which channels are axes.
    expect(s.channels.map((c) => [c.name, c.isMaster])).toEqual([
      ['ct01', false],
      ['ct02', false],
      ['mot01', true],
      ['dt', true],
    ]);
    expect(plotOf(s, 'curve', 'curve')).toMatchObject({ origin: 'fallback', x: 'mot01', items: [{ x: 'mot01', y: 'ct01', yAxis: 'left' }] });
  });

  it('before its streams exist, shows nothing it cannot feed', () => {
    const early = setupOf(sardanaInfo(), []);
    expect(early.channels).toEqual([]);
    expect(early.plots.every((p) => p.kind === 'curve' && p.items.length === 0)).toBe(true);
  });
});

describe('streams without scan_info', () => {
  it('falls back to the first scalar as x', () => {
    const setup = setupOf({ title: 'minimal' }, [
      { name: 'pos', kind: 'array', ndim: 0 },
      { name: 'time', kind: 'array', ndim: 0, unit: 's' },
      { name: 'signal', kind: 'array', ndim: 0 },
      { name: 'cam', kind: 'array', ndim: 2, shape: [4, 4] },
    ]);
    expect(setup.plots.map((p) => p.id)).toEqual(['curve', 'image:cam']);
    const curve = plotOf(setup, 'curve', 'curve');
    expect(curve).toMatchObject({ origin: 'fallback', x: 'pos' });
    expect(curve.items).toEqual([{ x: 'pos', y: 'signal', yAxis: 'left' }]);
    expect(plotOf(setup, 'image:cam', 'image')).toMatchObject({ source: 'array', isDefault: false, origin: 'fallback' });
    expect(setup.warnings).toContain('stream(s) not described in scan_info, shown anyway: "pos", "time", "signal", "cam"');
    expect(setup.warnings).toContain('no master channel: "pos" taken as x');
  });
});

describe('broken and unknown streams', () => {
  const raw = workedExampleInfo();
  const streams = workedExampleStreams().map((s): StreamDescriptor => {
    if (s.name.endsWith(':diode1')) return { ...s, kind: 'broken' };
    if (s.name === 'timer:epoch') return { ...s, kind: 'weird' as StreamDescriptor['kind'] };
    return s;
  });
  streams.push({ name: 'extra:temperature', kind: 'array', ndim: 0 });
  streams.push({ name: 'SUBSCANS', kind: 'scan_sequence', ndim: 0 });
  const setup = setupOf(raw, streams);

  it('leaves unusable channels out, with one warning', () => {
    const names = setup.channels.map((c) => c.name);
    expect(names).not.toContain('simulation_diode_sampling_controller:diode1');
    expect(names).not.toContain('timer:epoch');
    expect(names).not.toContain('SUBSCANS');
    expect(setup.warnings).toContain(
      'not plottable: "timer:epoch" (unknown stream kind "weird"), "simulation_diode_sampling_controller:diode1" (its stream is broken)',
    );
  });

  it('falls back to another counter when the plotselect one is unusable', () => {
    expect(setup.warnings).toContain('display_extra.plotselect: "simulation_diode_sampling_controller:diode1" is not a channel of the scan; skipped');
    const curve = plotOf(setup, 'curve', 'curve');
    expect(curve.items).toEqual([{ x: 'axis:roby', y: 'simulation_diode_sampling_controller:diode2', yAxis: 'left' }]);
    expect(curve.selectionSource).toBe('auto');
  });

  it('adds an undescribed stream as a candidate', () => {
    expect(setup.channels.find((c) => c.name === 'extra:temperature')).toMatchObject({ origin: 'stream', chain: 'axis', isMaster: false, device: 'extra' });
    expect(setup.warnings).toContain('stream(s) not described in scan_info, shown anyway: "extra:temperature"');
  });

  it('reports channels whose stream is missing', () => {
    const partial = setupOf(workedExampleInfo(), workedExampleStreams().filter((s) => s.name !== 'mca1:spectrum_det0'));
    expect(partial.warnings).toContain('no data stream (yet) for: "mca1:spectrum_det0"');
    expect(partial.channels.find((c) => c.name === 'mca1:spectrum_det0')?.stream).toBe('missing');
  });
});

describe('scan sequence', () => {
  const sequence = {
    title: 'sequence_of_scans',
    type: 'sequence_of_scans',
    is_scan_sequence: true,
    sequence_info: { scan_count: 3 },
    acquisition_chain: { GroupingMaster: { top_master: 'GroupingMaster' } },
    devices: { GroupingMaster: { name: 'GroupingMaster', channels: ['GroupingMaster:scan_numbers'] } },
    channels: { 'GroupingMaster:scan_numbers': { dim: 0 } },
  };

  it('gets no inferred plot', () => {
    expect(setupOf(sequence, [{ name: 'SUBSCANS', kind: 'scan_sequence', ndim: 0 }, { name: 'GroupingMaster:scan_numbers', kind: 'array', ndim: 0 }]).plots).toEqual([]);
  });

  it('also with the hyphenated legacy flag', () => {
    const { is_scan_sequence: _, ...rest } = sequence;
    expect(setupOf({ ...rest, 'is-scan-sequence': true }).plots).toEqual([]);
  });

  it('keeps explicit plots, as Flint', () => {
    const setup = setupOf({ ...sequence, plots: [{ kind: 'curve-plot', name: 'numbers', items: [{ kind: 'curve', y: 'GroupingMaster:scan_numbers' }] }] });
    expect(setup.plots.map((p) => p.id)).toEqual(['curve:numbers']);
  });
});

describe('1D devices', () => {
  function withVectorDevice(device: Record<string, unknown>): Record<string, unknown> {
    const raw = timerScanInfo('loopscan', 10);
    const devices = raw.devices as Record<string, Record<string, unknown>>;
    (devices.timer as { triggered_devices: string[] }).triggered_devices.push('xrf');
    devices.xrf = { name: 'xrf', channels: ['xrf:energy', 'xrf:spectrum', 'xrf:background'], ...device };
    Object.assign(raw.channels as Record<string, unknown>, {
      'xrf:energy': { dim: 1, unit: 'keV' },
      'xrf:spectrum': { dim: 1 },
      'xrf:background': { dim: 1 },
    });
    return raw;
  }

  it('uses metadata.xaxis_channel as x and leaves it out of the curves', () => {
    const setup = setupOf(withVectorDevice({ metadata: { xaxis_channel: 'xrf:energy' } }));
    expect(setup.plots.map((p) => p.id)).toEqual(['curve', 'oned:xrf']);
    expect(plotOf(setup, 'oned:xrf', 'oned')).toEqual({
      kind: 'oned',
      id: 'oned:xrf',
      title: 'xrf',
      origin: 'inferred',
      device: 'xrf',
      deviceKey: 'xrf',
      x: { kind: 'channel', channel: 'xrf:energy' },
      channels: ['xrf:spectrum', 'xrf:background'],
    });
  });

  it('accepts xaxis_array at the device top level', () => {
    const setup = setupOf(withVectorDevice({ xaxis_array: [1, 2, 3], xaxis_array_unit: 'eV', xaxis_array_label: 'E' }));
    expect(plotOf(setup, 'oned:xrf', 'oned').x).toEqual({ kind: 'array', values: [1, 2, 3], label: 'E', unit: 'eV' });
    expect(plotOf(setup, 'oned:xrf', 'oned').channels).toEqual(['xrf:energy', 'xrf:spectrum', 'xrf:background']);
  });

  it('ignores xaxis_array when xaxis_channel is set', () => {
    const setup = setupOf(withVectorDevice({ metadata: { xaxis_channel: 'xrf:energy', xaxis_array: [1, 2] } }));
    expect(plotOf(setup, 'oned:xrf', 'oned').x).toEqual({ kind: 'channel', channel: 'xrf:energy' });
    expect(setup.warnings).toContain('device "xrf": both xaxis_array and xaxis_channel are set; xaxis_array ignored (as Flint)');
  });

  it('is replaced by an explicit 1d-plot', () => {
    const raw = withVectorDevice({});
    raw.plots = [{ kind: '1d-plot', name: 'fluo', x: 'xrf:energy', items: [{ kind: 'curve', y: 'xrf:spectrum' }] }];
    const setup = setupOf(raw);
    expect(setup.plots.map((p) => p.id)).toEqual(['oned:fluo']);
    expect(plotOf(setup, 'oned:fluo', 'oned')).toMatchObject({ x: { kind: 'channel', channel: 'xrf:energy' }, channels: ['xrf:spectrum'] });
  });
});

describe('MCA and Lima devices', () => {
  it('groups MCA spectra by the suffix after the last underscore', () => {
    const raw = timerScanInfo('loopscan', 5);
    const devices = raw.devices as Record<string, Record<string, unknown>>;
    (devices.timer as { triggered_devices: string[] }).triggered_devices.push('mca');
    devices.mca = { name: 'simu1', type: 'mca', channels: ['simu1:spectrum_det0', 'simu1:realtime_det0', 'simu1:spectrum_det1'] };
    Object.assign(raw.channels as Record<string, unknown>, {
      'simu1:spectrum_det0': { dim: 1 },
      'simu1:realtime_det0': { dim: 0, unit: 's' },
      'simu1:spectrum_det1': { dim: 1 },
    });
    const mca = plotOf(setupOf(raw), 'mca:simu1', 'mca');
    expect(mca.detectors).toEqual(['det0', 'det1']);
    expect(mca.items.map((i) => [i.channel, i.detector])).toEqual([
      ['simu1:spectrum_det0', 'det0'],
      ['simu1:spectrum_det1', 'det1'],
    ]);
  });

  it('shows a Lima image with representation "mca" as a spectrum stack, not as an image', () => {
    const raw = workedExampleInfo();
    const devices = raw.devices as Record<string, Record<string, unknown>>;
    devices.lima_simulator = { ...devices.lima_simulator, metadata: { representation: 'mca' } };
    const setup = setupOf(raw, workedExampleStreams());
    expect(setup.plots.map((p) => p.id)).toEqual(['curve', 'mca:mca1', 'mca:lima_simulator']);
    expect(plotOf(setup, 'mca:lima_simulator', 'mca').items).toEqual([{ channel: 'lima_simulator:image', detector: 'image', stacked: true }]);
  });

  it('names a non-default image after its channel', () => {
    const raw = workedExampleInfo();
    const devices = raw.devices as Record<string, { channels: string[] }>;
    devices.lima_simulator?.channels.push('lima_simulator:bpm_image');
    (raw.channels as Record<string, unknown>)['lima_simulator:bpm_image'] = { dim: 2 };
    const setup = setupOf(raw, [...workedExampleStreams(), { name: 'lima_simulator:bpm_image', kind: 'array', ndim: 2 }]);
    expect(plotOf(setup, 'image:lima_simulator:bpm_image', 'image')).toMatchObject({ isDefault: false, device: 'lima_simulator:bpm_image', source: 'array' });
  });
});

describe('file_only and reachability', () => {
  it('ignores file_only channels and devices no top master triggers, when they have no stream', () => {
    const raw = timerScanInfo('loopscan', 5);
    (raw.channels as Record<string, Record<string, unknown>>)['diodes:diode1'] = { dim: 0, file_only: true };
    (raw.devices as Record<string, unknown>).lonely = { name: 'lonely', channels: ['lonely:c'] };
    (raw.channels as Record<string, unknown>)['lonely:c'] = { dim: 0 };
    const setup = setupOf(raw, [
      { name: 'timer:elapsed_time', kind: 'array', ndim: 0 },
      { name: 'timer:epoch', kind: 'array', ndim: 0 },
      { name: 'diodes:diode2', kind: 'array', ndim: 0 },
    ]);
    expect(setup.channels.map((c) => c.name)).toEqual(['timer:elapsed_time', 'timer:epoch', 'diodes:diode2']);
    expect(plotOf(setup, 'curve', 'curve').items).toEqual([{ x: 'timer:elapsed_time', y: 'diodes:diode2', yAxis: 'left' }]);
  });
});
