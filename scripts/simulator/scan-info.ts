/**
 * Builds scan_info the way Bliss 2.x writes it: one acquisition chain described as a device tree
 * (`top_master`, `triggered_devices`), the channel dicts Flint reads, and the common top-level keys.
 * The same tree also yields the data streams to declare, so channels and `data_streams` always match.
 */
import { numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import type { StreamDefinition } from '../../lib/blissdata/writer/stream-writer';

export interface ChannelDef {
  /** Full name, e.g. `axis:roby`; also the stream name. */
  name: string;
  /** numpy dtype.str of a numeric stream (default `<f8`). */
  dtype?: string;
  /** Shape of one point (default `[]`, a scalar). */
  shape?: number[];
  /** Channel dimension for Flint; defaults to the point shape's length. */
  dim?: number;
  /** Extra channel keys: unit, decimals, start, stop, axis_points, axis_id, axis_kind, group... */
  meta?: Record<string, unknown>;
  /** Replaces the numeric definition (Lima, subscans). */
  definition?: StreamDefinition;
}

export interface DeviceDef {
  /** Key in `devices`; also what `top_master` and `triggered_devices` refer to. */
  key: string;
  /** Defaults to the key. */
  name?: string;
  /** `lima`, `mca`, ... */
  type?: string;
  metadata?: Record<string, unknown>;
  channels: ChannelDef[];
  triggers?: DeviceDef[];
}

export interface StreamDecl {
  name: string;
  definition: StreamDefinition;
}

export interface ChainDescription {
  acquisition_chain: Record<string, unknown>;
  devices: Record<string, unknown>;
  channels: Record<string, Record<string, unknown>>;
  /** In device-tree order (masters first), as Bliss declares them. */
  streams: StreamDecl[];
}

export function shortName(fullName: string): string {
  return fullName.slice(fullName.lastIndexOf(':') + 1);
}

function walk(device: DeviceDef, visit: (d: DeviceDef, isTop: boolean) => void, isTop = true): void {
  visit(device, isTop);
  for (const child of device.triggers ?? []) walk(child, visit, false);
}

/**
 * The chain, device and channel dicts of a single-chain scan. `points` (expected points per channel,
 * omitted when 0 = unknown) feeds Flint's progress.
 */
export function describeChain(chainName: string, top: DeviceDef, points: number): ChainDescription {
  const devices: Record<string, unknown> = {};
  const channels: Record<string, Record<string, unknown>> = {};
  const streams: StreamDecl[] = [];
  const order: string[] = [];
  const lists = { scalars: [] as string[], spectra: [] as string[], images: [] as string[] };
  const master = { scalars: [] as string[], spectra: [] as string[], images: [] as string[] };

  walk(top, (device, isTop) => {
    if (devices[device.key]) throw new Error(`device ${device.key} appears twice in the chain`);
    order.push(device.key);
    const entry: Record<string, unknown> = { name: device.name ?? device.key, channels: device.channels.map((c) => c.name) };
    if (device.type) entry.type = device.type;
    if (device.triggers?.length) entry.triggered_devices = device.triggers.map((d) => d.key);
    if (device.metadata) entry.metadata = device.metadata;
    devices[device.key] = entry;

    for (const channel of device.channels) {
      const shape = channel.shape ?? [];
      const dim = channel.dim ?? shape.length;
      channels[channel.name] = {
        device: device.key,
        dim,
        display_name: shortName(channel.name),
        ...(points > 0 ? { points } : {}),
        ...channel.meta,
      };
      streams.push({ name: channel.name, definition: channel.definition ?? numericStreamDefinition(channel.dtype ?? '<f8', shape) });
      const target = isTop ? master : lists;
      (dim === 0 ? target.scalars : dim === 1 ? target.spectra : target.images).push(channel.name);
    }
  });

  return {
    acquisition_chain: { [chainName]: { top_master: top.key, devices: order, ...lists, master } },
    devices,
    channels,
    streams,
  };
}

/** Python's `datetime.now().astimezone().isoformat()`: local time with microseconds and UTC offset. */
export function isoNow(date = new Date()): string {
  const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds() * 1000, 6)}` +
    `${sign}${pad(offset / 60)}:${pad(offset % 60)}`
  );
}

export const BLISS_VERSION = '2.1.0';
export const PROPOSAL = 'id002512';
export const BEAMLINE = 'id00';

/** Where a Bliss session under the ESRF data policy would save: dataset file and scan image folder. */
export function blissPaths(base: string, session: string, number: number): { filename: string; imagesDir: string } {
  const dataset = `${base.replace(/\/+$/, '')}/${session}/sample/sample_0001`;
  return { filename: `${dataset}/sample_0001.h5`, imagesDir: `${dataset}/scan${String(number).padStart(4, '0')}` };
}

/** ESRF-policy identity as Bliss 2.x sets it (`path` only for a saved scan). */
export function blissIdentity(name: string, number: number, session: string, savedPath: string | null) {
  return {
    name,
    number,
    data_policy: 'ESRF',
    session,
    proposal: PROPOSAL,
    collection: 'sample',
    dataset: '0001',
    path: savedPath,
  };
}

export interface BlissInfoInput {
  name: string;
  type: string;
  title: string;
  number: number;
  session: string;
  user: string;
  npoints: number;
  countTime?: number;
  chain: ChainDescription;
  filename: string;
  imagesPath: string;
  save: boolean;
  plots?: unknown[];
  displayExtra?: Record<string, unknown>;
  /** Motor positions before the scan (also used as dial positions) and their units. */
  positioners?: { start: Record<string, number>; units: Record<string, string> };
  extra?: Record<string, unknown>;
}

/** The full scan_info of a Bliss scan at PREPARED. */
export function blissScanInfo(input: BlissInfoInput): Record<string, unknown> {
  const info: Record<string, unknown> = {
    name: input.name,
    scan_nb: input.number,
    session_name: input.session,
    user_name: input.user,
    data_policy: 'ESRF',
    start_time: isoNow(),
    title: input.title,
    type: input.type,
    npoints: input.npoints,
    ...(input.countTime !== undefined ? { count_time: input.countTime } : {}),
    acquisition_chain: input.chain.acquisition_chain,
    devices: input.chain.devices,
    channels: input.chain.channels,
    save: input.save,
    filename: input.filename,
    images_path: input.imagesPath,
    data_writer: 'nexus',
    writer_options: { chunk_options: {}, separate_scan_files: false },
    publisher: 'bliss',
    publisher_version: BLISS_VERSION,
    scan_meta_categories: ['positioners', 'nexuswriter', 'instrument', 'technique'],
    instrument: { name: `ESRF-${BEAMLINE.toUpperCase()}` },
    technique: {},
  };
  if (input.positioners) {
    info.positioners = {
      positioners_start: input.positioners.start,
      positioners_dial_start: input.positioners.start,
      positioners_units: input.positioners.units,
    };
  }
  if (input.plots) info.plots = input.plots;
  if (input.displayExtra) info.display_extra = input.displayExtra;
  return { ...info, ...input.extra };
}

/** Bliss adds the end positions when the scan closes (info may change on CLOSED). */
export function withEndPositions(info: Record<string, unknown>, end: Record<string, number>): Record<string, unknown> {
  const positioners = (info.positioners ?? {}) as Record<string, unknown>;
  return { ...info, positioners: { ...positioners, positioners_end: end, positioners_dial_end: end } };
}

/** The few keys Bliss sets when it creates the scan, before the full info at PREPARED. */
export function creationInfo(info: Record<string, unknown>): Record<string, unknown> {
  const { name, scan_nb, session_name, user_name, title, type } = info;
  return { name, scan_nb, session_name, user_name, title, type };
}
