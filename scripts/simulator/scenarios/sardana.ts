/**
 * An `ascan` as ALBA's Sardana recorder (sardana_redis RedisBlissRecorder, latest version) publishes it:
 * identity with `data_policy: "no_policy"` and `beamline`, streams named by the datadesc column labels
 * (`#Pt No`, `mot01`, `ct01`, `ct02`, `dt`) with info `{unit}` only, every column sent one point per XADD,
 * devices `timer`/`counters`/`axis` in a chain "axis" whose top master `timer` triggers nothing, and
 * plots made of a bare curve-plot plus one per column with `plot_type == 1`.
 */
import type { StreamDefinition } from '../../../lib/blissdata/writer/stream-writer';
import { dtypeStrFromName } from '../../../lib/blissdata/dtype';
import type { Peak } from '../models/peaks';
import { linspace, samplePeak } from '../models/peaks';
import { publishScan, type ScenarioContext } from '../scan-run';
import { isoNow, type StreamDecl } from '../scan-info';

export const SARDANA_DEFAULTS = { motor: 'mot01', start: 0, stop: 10, points: 21, countTime: 0.1, rate: 5 };
export const SARDANA_BEAMLINE = 'BL99';
export const SARDANA_PROPOSAL = '2025000123';
/** ct01 peaks at mot01 = 6; ct02 is a slowly rising background. */
export const SARDANA_CT01_PEAK: Peak = { centre: 6, sigma: 1, height: 500, background: 40, noise: 4 };
export const SARDANA_CT02 = { offset: 100, slope: 8, noise: 2 };
export const SARDANA_STREAMS = ['#Pt No', 'mot01', 'ct01', 'ct02', 'dt'] as const;

const counterName = (n: number) => `tango://alba-sim.cells.es:10000/expchan/ctctrl01/${n}`;

/** Column descriptions as Sardana's ColumnDesc.toDict() gives them, in record order. */
function dataDesc(): Record<string, unknown>[] {
  const counter = (n: number, label: string, axes: string[]) => ({
    name: counterName(n),
    label,
    dtype: 'float64',
    shape: [],
    instrument: '',
    source: `expchan/ctctrl01/${n}/value`,
    output: true,
    conditioning: '',
    normalization: 0,
    plot_type: 1,
    plot_axes: axes,
  });
  return [
    { name: 'point_nb', label: '#Pt No', dtype: 'int64', shape: [] },
    { name: 'mot01', label: 'mot01', dtype: 'float64', shape: [], instrument: '', min_value: -1000, max_value: 1000, is_reference: true },
    counter(1, 'ct01', ['mot01']),
    counter(2, 'ct02', ['<idx>']),
    { name: 'timestamp', label: 'dt', dtype: 'float64', shape: [] },
  ];
}

export interface SardanaParams {
  motor: string;
  start: number;
  stop: number;
  npoints: number;
  positions: number[];
  ct01: Peak;
}

export async function runSardanaScan(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const { motor, start, stop, countTime } = SARDANA_DEFAULTS;
  const npoints = Math.max(2, Math.round(ctx.points ?? SARDANA_DEFAULTS.points));
  const rate = ctx.rate ?? SARDANA_DEFAULTS.rate;
  const desc = dataDesc();
  const counters = desc.filter((d) => d.plot_type !== undefined).map((d) => d.name);

  // The recorder's prepare_streams: device by label/name, channel {device, dim, display_name}.
  const devices: Record<string, { name: string; channels: string[]; metadata: Record<string, unknown> }> = {
    timer: { name: 'timer', channels: [], metadata: {} },
    counters: { name: 'counters', channels: [], metadata: {} },
    axis: { name: 'axis', channels: [], metadata: {} },
  };
  const channels: Record<string, unknown> = {};
  const streams: StreamDecl[] = [];
  for (const column of desc) {
    const label = String(column.label);
    const shape = column.shape as number[];
    // As in the recorder: only labels containing "timestamp" go to the timer ("dt" does not).
    const device = label.includes('timestamp') ? 'timer' : counters.includes(column.name) ? 'counters' : 'axis';
    devices[device]?.channels.push(label);
    channels[label] = { device, dim: shape.length, display_name: label };
    const definition: StreamDefinition = {
      encoding: { type: 'numeric', dtype_str: dtypeStrFromName(String(column.dtype)), shape },
      info: { unit: typeof column.unit === 'string' ? column.unit : '' },
    };
    streams.push({ name: label, definition });
  }

  const plots: unknown[] = [{ kind: 'curve-plot' }];
  for (const column of desc) {
    if (column.plot_type !== 1) continue;
    const items = (column.plot_axes as string[]).map((axis) => ({ kind: 'curve', x: axis.includes('<idx>') ? '#Pt No' : axis, y: column.label }));
    plots.push({ kind: 'curve-plot', name: column.label, items });
  }

  const scanDir = `${ctx.dataDir ?? '/beamlines/bl99/inhouse'}/${ctx.session}`;
  const title = `ascan ${motor} ${start} ${stop} ${npoints - 1} ${countTime}`;
  const snapshot = {
    mot02: { name: 'mot02', label: 'mot02', dtype: 'float64', shape: [], value: 1.5 },
    mot03: { name: 'mot03', label: 'mot03', dtype: 'float64', shape: [], value: -0.25 },
  };
  const info: Record<string, unknown> = {
    name: 'ascan',
    scan_nb: number,
    session_name: ctx.session,
    data_policy: 'no_policy',
    start_time: isoNow(),
    title,
    type: 'ascan',
    npoints,
    count_time: countTime,
    acquisition_chain: { axis: { top_master: 'timer', devices: Object.keys(devices), scalars: [], spectra: [], images: [], master: {} } },
    devices,
    channels,
    display_extra: { plotselect: [] },
    plots,
    // Nexus saving off (the recorder's default): no filename, no images path.
    save: false,
    filename: null,
    images_path: null,
    publisher: 'test',
    publisher_version: '1.0',
    data_writer: 'nexus',
    writer_options: { chunk_options: {}, separate_scan_files: false },
    scan_meta_categories: ['positioners', 'nexuswriter', 'instrument', 'technique', 'snapshot', 'datadesc'],
    nexuswriter: {
      devices: {},
      instrument_info: { name: `alba-${SARDANA_BEAMLINE}`, 'name@short_name': SARDANA_BEAMLINE },
      masterfiles: {},
      technique: {},
    },
    positioners: {},
    instrument: {},
    snapshot,
    datadesc: Object.fromEntries(desc.map((d) => [d.label, d])),
    user_name: ctx.user,
  };
  const positions = linspace(start, stop, npoints);

  return publishScan<SardanaParams>(ctx, {
    number,
    identity: {
      name: 'ascan',
      number,
      data_policy: 'no_policy',
      session: ctx.session,
      path: `${scanDir}/sardana_scans.h5`,
      proposal: SARDANA_PROPOSAL,
      beamline: SARDANA_BEAMLINE,
    },
    // "nx writer needs the name when creating scan"
    initialInfo: { name: 'ascan' },
    info,
    streams,
    params: { motor, start, stop, npoints, positions, ct01: SARDANA_CT01_PEAK },
    async body(run) {
      const pacer = run.pacer(rate);
      for (let i = 0; i < npoints; i++) {
        if (!(await pacer.waitFor(i))) return;
        const x = positions[i] ?? 0;
        // _writeRecord: stream.send(value) per column, i.e. one XADD per point.
        run.stream('#Pt No').send(BigInt64Array.of(BigInt(i)));
        run.stream('mot01').send(Float64Array.of(x));
        run.stream('ct01').send(Float64Array.of(samplePeak(SARDANA_CT01_PEAK, x, ctx.random)));
        run.stream('ct02').send(Float64Array.of(SARDANA_CT02.offset + SARDANA_CT02.slope * x + ctx.random.normal(0, SARDANA_CT02.noise)));
        run.stream('dt').send(Float64Array.of(pacer.elapsedMs / 1000));
        run.points = i + 1;
      }
    },
  });
}
