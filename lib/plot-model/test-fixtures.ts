/**
 * scan_info documents used by the tests, written as Bliss, Sardana and old writers publish them.
 * Test-only: nothing else imports this file.
 */
import type { StreamDescriptor } from './types';

/** Section 11 of the protocol notes: `ascan roby 0 1 2 0.1 diode1 diode2 mca1 lima_simulator`. */
export function workedExampleInfo(): Record<string, unknown> {
  return {
    title: 'ascan roby 0 1 2 0.1',
    type: 'ascan',
    scan_nb: 42,
    npoints: 3,
    count_time: 0.1,
    start_time: '2025-01-01T10:00:00+01:00',
    session_name: 'demo_session',
    user_name: 'opid00',
    data_policy: 'ESRF',
    data_writer: 'nexus',
    publisher: 'bliss',
    publisher_version: '2.1.0',
    save: true,
    filename: '/data/id00/sample1_0001.h5',
    acquisition_chain: {
      axis: {
        top_master: 'axis',
        devices: ['axis', 'timer', 'diodes', 'mca1', 'lima_simulator'],
        scalars: [
          'timer:elapsed_time',
          'timer:epoch',
          'simulation_diode_sampling_controller:diode1',
          'simulation_diode_sampling_controller:diode2',
        ],
        spectra: ['mca1:spectrum_det0'],
        images: ['lima_simulator:image'],
        master: { scalars: ['axis:roby'], spectra: [], images: [] },
      },
    },
    devices: {
      axis: { name: 'axis', channels: ['axis:roby'], triggered_devices: ['timer'] },
      timer: { name: 'timer', channels: ['timer:elapsed_time', 'timer:epoch'], triggered_devices: ['diodes', 'mca1', 'lima_simulator'] },
      diodes: {
        name: 'simulation_diode_sampling_controller',
        channels: ['simulation_diode_sampling_controller:diode1', 'simulation_diode_sampling_controller:diode2'],
      },
      mca1: { name: 'mca1', type: 'mca', channels: ['mca1:spectrum_det0'] },
      lima_simulator: { name: 'lima_simulator', type: 'lima', channels: ['lima_simulator:image'] },
    },
    channels: {
      'axis:roby': { device: 'axis', dim: 0, display_name: 'roby', unit: 'mm', decimals: 3, start: 0.0, stop: 1.0, points: 3 },
      'timer:elapsed_time': { device: 'timer', dim: 0, display_name: 'elapsed_time', unit: 's', points: 3 },
      'timer:epoch': { device: 'timer', dim: 0, display_name: 'epoch', unit: 's', points: 3 },
      'simulation_diode_sampling_controller:diode1': { device: 'diodes', dim: 0, display_name: 'diode1', points: 3 },
      'simulation_diode_sampling_controller:diode2': { device: 'diodes', dim: 0, display_name: 'diode2', points: 3 },
      'mca1:spectrum_det0': { device: 'mca1', dim: 1, display_name: 'spectrum_det0', points: 3 },
      'lima_simulator:image': { device: 'lima_simulator', dim: 2, display_name: 'image', points: 3 },
    },
    plots: [{ kind: 'curve-plot', items: [{ kind: 'curve', x: 'axis:roby' }] }],
    display_extra: { plotselect: ['simulation_diode_sampling_controller:diode1'], plotselect_time: 1735722000.0 },
  };
}

/** The worked example's `data_streams`, as the stream layer describes them. */
export function workedExampleStreams(): StreamDescriptor[] {
  return [
    { name: 'axis:roby', kind: 'hdf5_fallback', ndim: 0, dtype: 'float64', shape: [] },
    { name: 'timer:elapsed_time', kind: 'array', ndim: 0, dtype: 'float64', shape: [] },
    { name: 'timer:epoch', kind: 'array', ndim: 0, dtype: 'float64', shape: [] },
    { name: 'simulation_diode_sampling_controller:diode1', kind: 'array', ndim: 0, dtype: 'float64', shape: [] },
    { name: 'simulation_diode_sampling_controller:diode2', kind: 'array', ndim: 0, dtype: 'float64', shape: [] },
    { name: 'mca1:spectrum_det0', kind: 'array', ndim: 1, dtype: 'uint32', shape: [1024] },
    { name: 'lima_simulator:image', kind: 'lima', ndim: 2, dtype: 'uint32', shape: [1024, 1024] },
  ];
}

/** Streams for every channel of an info: scalars/spectra as arrays, images from Lima devices as Lima. */
export function streamsOf(info: Record<string, unknown>): StreamDescriptor[] {
  const channels = info.channels as Record<string, { dim?: number; device?: string; unit?: string }>;
  const devices = info.devices as Record<string, { type?: string }>;
  return Object.entries(channels).map(([name, c]) => {
    const ndim = c.dim ?? 0;
    const lima = c.device !== undefined && devices[c.device]?.type === 'lima' && ndim === 2;
    return { name, kind: lima ? 'lima' : 'array', ndim };
  });
}

/** `amesh robx 0 1 4 roby 0 2 2 0.1 diode1 diode2`, with the axis hints and scatter plot Bliss adds. */
export function ameshInfo(options: { plots?: boolean; xKind?: string } = {}): Record<string, unknown> {
  const info: Record<string, unknown> = {
    title: 'amesh robx 0 1 4 roby 0 2 2 0.1',
    type: 'amesh',
    npoints: 15,
    npoints1: 5,
    npoints2: 3,
    data_dim: 2,
    acquisition_chain: { axis: { top_master: 'axis' } },
    devices: {
      axis: { name: 'axis', channels: ['axis:robx', 'axis:roby'], triggered_devices: ['timer'] },
      timer: { name: 'timer', channels: ['timer:elapsed_time', 'timer:epoch'], triggered_devices: ['diodes'] },
      diodes: { name: 'diodes', channels: ['diodes:diode1', 'diodes:diode2'] },
    },
    channels: {
      'axis:robx': { dim: 0, unit: 'mm', start: 0, stop: 1, points: 15, axis_points: 5, axis_id: 0, axis_kind: options.xKind ?? 'forth', group: 'scatter' },
      'axis:roby': { dim: 0, unit: 'mm', start: 0, stop: 2, points: 15, axis_points: 3, axis_id: 1, axis_kind: 'forth', group: 'scatter' },
      'timer:elapsed_time': { dim: 0, unit: 's', points: 15, group: 'scatter' },
      'timer:epoch': { dim: 0, unit: 's', points: 15, group: 'scatter' },
      'diodes:diode1': { dim: 0, points: 15, group: 'scatter' },
      'diodes:diode2': { dim: 0, points: 15, group: 'scatter' },
    },
  };
  if (options.plots !== false) info.plots = [{ kind: 'scatter-plot', items: [{ kind: 'scatter', x: 'axis:robx', y: 'axis:roby' }] }];
  return info;
}

/** A timer-driven chain (ct, timescan, loopscan) with two diodes. */
export function timerScanInfo(type: string, npoints: number): Record<string, unknown> {
  return {
    title: `${type} 0.1`,
    type,
    npoints,
    acquisition_chain: { timer: { top_master: 'timer' } },
    devices: {
      timer: { name: 'timer', channels: ['timer:elapsed_time', 'timer:epoch'], triggered_devices: ['diodes'] },
      diodes: { name: 'diodes', channels: ['diodes:diode1', 'diodes:diode2'] },
    },
    channels: {
      'timer:elapsed_time': { dim: 0, unit: 's' },
      'timer:epoch': { dim: 0, unit: 's' },
      'diodes:diode1': { dim: 0 },
      'diodes:diode2': { dim: 0 },
    },
  };
}

/**
 * What ALBA's Sardana recorder (`sardana_redis` RedisBlissRecorder) publishes for
 * `ascan mot01 0 10 5 0.1` with ct01..ct03: devices outside the top master's trigger tree, units in
 * stream info only, a bare curve plot plus one per column with `plot_type == 1`.
 */
export function sardanaInfo(): Record<string, unknown> {
  const column = (device: string, label: string) => ({ device, dim: 0, display_name: label });
  return {
    name: 'ascan',
    scan_nb: 7,
    session_name: 'test_session',
    data_policy: 'no_policy',
    start_time: '2025-02-03T10:00:00+01:00',
    title: 'ascan mot01 0 10 5 0.1',
    type: 'ascan',
    npoints: 6,
    count_time: 0.1,
    acquisition_chain: {
      axis: { top_master: 'timer', devices: ['timer', 'counters', 'axis'], scalars: [], spectra: [], images: [], master: {} },
    },
    devices: {
      timer: { name: 'timer', channels: [], metadata: {} },
      counters: { name: 'counters', channels: ['ct01', 'ct02', 'ct03'], metadata: {} },
      axis: { name: 'axis', channels: ['#Pt No', 'mot01', 'dt'], metadata: {} },
    },
    channels: {
      '#Pt No': column('axis', '#Pt No'),
      mot01: column('axis', 'mot01'),
      ct01: column('counters', 'ct01'),
      ct02: column('counters', 'ct02'),
      ct03: column('counters', 'ct03'),
      dt: column('axis', 'dt'),
    },
    display_extra: { plotselect: [] },
    plots: [
      { kind: 'curve-plot' },
      { kind: 'curve-plot', name: 'ct01', items: [{ kind: 'curve', x: 'mot01', y: 'ct01' }] },
      { kind: 'curve-plot', name: 'ct02', items: [{ kind: 'curve', x: 'mot01', y: 'ct02' }] },
      { kind: 'curve-plot', name: 'ct03', items: [{ kind: 'curve', x: '#Pt No', y: 'ct03' }] },
    ],
    save: false,
    snapshot: {},
    datadesc: { ct01: { label: 'ct01', plot_type: 1, plot_axes: ['mot01'] } },
    scan_meta_categories: ['positioners', 'nexuswriter', 'instrument', 'technique', 'snapshot', 'datadesc'],
    nexuswriter: { devices: {}, instrument_info: { name: 'alba-bl99', 'name@short_name': 'bl99' }, masterfiles: {}, technique: {} },
    positioners: {},
    instrument: {},
    user_name: 'sicilia',
  };
}

export function sardanaStreams(): StreamDescriptor[] {
  const scalar = (name: string, unit: string): StreamDescriptor => ({ name, kind: 'array', ndim: 0, dtype: 'float64', shape: [], unit });
  return [scalar('#Pt No', ''), scalar('mot01', 'mm'), scalar('ct01', ''), scalar('ct02', ''), scalar('ct03', ''), scalar('dt', 's')];
}

/**
 * The first Sardana recorder version: no top_master, devices without names, no plots; motors listed
 * as the chain's master scalars, point number not published.
 */
export function oldSardanaInfo(): Record<string, unknown> {
  return {
    name: 'ascan',
    save: true,
    data_writer: 'nexus',
    npoints: 6,
    scan_nb: 3,
    title: 'ascan mot01 0 10 5 0.1',
    type: 'ascan',
    stab_time: null,
    acquisition_chain: {
      axis: { devices: ['timer', 'counters', 'axis'], master: { images: [], scalars: ['mot01', 'dt'] }, scalars: ['ct01', 'ct02'] },
    },
    devices: {
      timer: { channels: [] },
      counters: { channels: ['ct01', 'ct02'], metadata: {} },
      axis: { channels: ['mot01', 'dt'], metadata: {} },
    },
    channels: {
      mot01: { device: 'axis', dim: 0, display_name: 'mot01' },
      ct01: { device: 'counters', dim: 0, display_name: 'ct01' },
      ct02: { device: 'counters', dim: 0, display_name: 'ct02' },
      dt: { device: 'axis', dim: 0, display_name: 'dt' },
    },
  };
}
