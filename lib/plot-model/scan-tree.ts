/**
 * The device/channel tree of a scan, built the way Flint's `ScanModelReader` builds its scan model
 * (`flint/scan_info_parser/scans.py`, `devices/{base,mca,mosca,lima}.py`):
 *
 * - each chain starts at `acquisition_chain[name].top_master` and follows `devices[k].triggered_devices`
 *   (plus a device's own `devices` list, as Flint's chain iterator does); a device is parsed once;
 * - the top master and every device with triggered devices is a master;
 * - a channel is parsed once, must have a `channels` entry, and `file_only` channels are dropped;
 * - channel type comes from `dim` (0 counter, 1 vector, 2 image, 3 image stack); MCA/Mosca devices turn
 *   vectors into spectra, grouped in virtual detectors; a Lima device with `representation: "mca"`
 *   turns images into spectrum stacks.
 *
 * Then, unlike Flint, channels whose data streams exist but that Flint would not show are added as
 * non-master channels of the first chain, with a warning: Sardana's recorder declares devices that are
 * not triggered by its top master, and minimal writers may publish streams scan_info does not mention.
 * Channels whose stream is broken or not numeric are left out, since nothing can be drawn from them.
 */
import {
  channelDevicePrefix,
  channelDisplayName,
  channelShortName,
  timeKind,
  type ChannelInfo,
  type ScanInfo,
} from '../blissdata/scan-info';
import type { ChannelOrigin, ModelChannel, StreamDescriptor, StreamKind } from './types';

export type DeviceType = 'lima' | 'lima2' | 'mca' | 'mosca' | 'none' | 'unknown';

/** Flint's channel types (`scan_model.ChannelType`). */
export type ChannelType = 'counter' | 'vector' | 'spectrum' | 'spectrum_stack' | 'image' | 'image_stack' | 'unknown';

export interface TreeDevice {
  key: string;
  name: string;
  type: DeviceType;
  chain: string | null;
  /** Key of the device that triggers it; null for a top master or an unattached device. */
  parent: string | null;
  isMaster: boolean;
  metadata: Record<string, unknown>;
  origin: ChannelOrigin;
}

export interface TreeChannel extends ModelChannel {
  type: ChannelType;
  /** Key of the device holding it (also `device`). */
  deviceType: DeviceType;
  /** MCA virtual detector (MCA/Mosca devices). */
  detector?: string;
  info?: ChannelInfo;
}

export interface ScanTree {
  info: ScanInfo;
  /** Chain names with a usable top master, in scan_info order. */
  chains: string[];
  /** Devices in Flint's creation order (pre-order of each chain). */
  devices: TreeDevice[];
  /** Usable channels, in the order Flint lists them (device order, then `channels` order). */
  channels: TreeChannel[];
  byName: ReadonlyMap<string, TreeChannel>;
  deviceByKey: ReadonlyMap<string, TreeDevice>;
  /** Some channels were added beyond what Flint would show. */
  relaxed: boolean;
  warnings: string[];
}

const KNOWN_KINDS: ReadonlySet<string> = new Set<StreamKind>(['array', 'json', 'lima', 'lima2', 'scan_sequence', 'hdf5_fallback', 'broken']);

function deviceType(raw: string | undefined): DeviceType {
  if (raw === undefined) return 'none';
  return raw === 'lima' || raw === 'lima2' || raw === 'mca' || raw === 'mosca' ? raw : 'unknown';
}

const DIM_TO_TYPE: Record<number, ChannelType> = { 0: 'counter', 1: 'vector', 2: 'image', 3: 'image_stack' };

/** Flint's virtual MCA detector of a channel (`devices/mca.py`, `devices/mosca.py`). */
function mcaDetector(type: DeviceType, name: string): string {
  const short = channelShortName(name);
  if (type === 'mosca') {
    if (name.includes(':spectrum:')) return short;
    if (name.includes(':roi:')) return 'rois';
  }
  const i = short.lastIndexOf('_');
  return i < 0 ? short : short.slice(i + 1);
}

/** Whether a stream can feed a plot; the reason otherwise. */
function streamUsability(stream: StreamDescriptor): { usable: true } | { usable: false; reason: string; quiet?: boolean } {
  if (!KNOWN_KINDS.has(stream.kind)) return { usable: false, reason: `unknown stream kind ${JSON.stringify(stream.kind)}` };
  switch (stream.kind) {
    case 'broken':
      return { usable: false, reason: 'its stream is broken' };
    case 'json':
      return { usable: false, reason: 'its stream holds JSON, not numbers' };
    case 'scan_sequence':
      return { usable: false, reason: 'it lists sub-scans', quiet: true };
    default:
      return { usable: true };
  }
}

export function buildScanTree(info: ScanInfo, streams: readonly StreamDescriptor[] = []): ScanTree {
  const warnings: string[] = [];
  const streamByName = new Map<string, StreamDescriptor>();
  for (const s of streams) {
    if (streamByName.has(s.name)) warnings.push(`stream "${s.name}" is listed twice; the first is used`);
    else streamByName.set(s.name, s);
  }
  const knowStreams = streams.length > 0;

  const devices: TreeDevice[] = [];
  // Flint parses a device's channels after its triggered devices, but lists channels in device
  // creation order: collect per device, flatten at the end.
  const channelsOf = new Map<string, TreeChannel[]>();
  const byName = new Map<string, TreeChannel>();
  const deviceByKey = new Map<string, TreeDevice>();
  const consumedDevices = new Set<string>();
  const consumedChannels = new Set<string>();
  const dropped = new Map<string, string>();
  const missingStreams: string[] = [];
  const chains: string[] = [];

  /** Adds a channel unless its stream makes it unusable. */
  function addChannel(
    name: string,
    device: TreeDevice,
    meta: ChannelInfo | undefined,
    origin: ChannelOrigin,
    role?: { chain: string; master: boolean },
  ): void {
    const stream = streamByName.get(name);
    if (stream) {
      const use = streamUsability(stream);
      if (!use.usable) {
        if (!use.quiet) dropped.set(name, use.reason);
        return;
      }
    } else if (knowStreams && origin === 'chain') {
      missingStreams.push(name);
    }
    let dim = meta?.dim;
    const numericStream = stream !== undefined && (stream.kind === 'array' || stream.kind === 'hdf5_fallback');
    if (dim === undefined) dim = stream?.ndim ?? 0;
    else if (numericStream && stream.ndim !== dim) {
      warnings.push(`channel "${name}": scan_info says dim ${dim} but its stream has ${stream.ndim} dimension(s); the stream is used`);
      dim = stream.ndim;
    }
    let type: ChannelType = DIM_TO_TYPE[dim] ?? 'unknown';
    let detector: string | undefined;
    if (device.type === 'mca' || device.type === 'mosca') {
      detector = mcaDetector(device.type, name);
      if (type === 'vector') type = 'spectrum';
    }
    if ((device.type === 'lima' || device.type === 'lima2') && device.metadata.representation === 'mca' && type === 'image') {
      type = 'spectrum_stack';
    }
    const unit = meta?.unit ?? (stream?.unit !== undefined && stream.unit !== '' ? stream.unit : undefined);
    const time = timeKind(info, name, unit);
    // Flint takes only unit "s" as a time base; Lantern also takes unit-less epoch/elapsed_time/dt/timer:*
    // channels (Sardana and older writers leave units out), and says so where the plots are.
    if (time !== null && unit !== 's') warnings.push(`"${name}" is used as a time base from its name (it has no unit; Flint only treats unit "s" as time)`);
    const channel: TreeChannel = {
      name,
      displayName: channelDisplayName(info, name),
      ...(unit !== undefined ? { unit } : {}),
      dim,
      device: device.key,
      deviceName: device.name,
      chain: role?.chain ?? device.chain,
      isMaster: role?.master ?? device.isMaster,
      isTime: time !== null,
      timeKind: time,
      stream: stream ? stream.kind : 'missing',
      origin,
      type,
      deviceType: device.type,
      ...(detector !== undefined ? { detector } : {}),
      ...(meta !== undefined ? { info: meta } : {}),
    };
    channelsOf.get(device.key)?.push(channel);
    byName.set(name, channel);
  }

  function newDevice(key: string, name: string, type: DeviceType, chain: string | null, parent: string | null, isMaster: boolean, metadata: Record<string, unknown>, origin: ChannelOrigin): TreeDevice {
    const device: TreeDevice = { key, name, type, chain, parent, isMaster, metadata, origin };
    devices.push(device);
    deviceByKey.set(key, device);
    channelsOf.set(key, []);
    return device;
  }

  /** Flint's `BaseDeviceParser.parse`: create, parse triggered devices (recursively), then channels. */
  function parseDevice(key: string, chain: string, parent: string | null, forceMaster: boolean): void {
    if (consumedDevices.has(key)) return;
    const meta = info.devices[key];
    if (meta === undefined) {
      warnings.push(`chain "${chain}" refers to device "${key}", which is not in devices`);
      return;
    }
    consumedDevices.add(key);
    const triggered = meta.triggered_devices ?? [];
    const device = newDevice(key, meta.name, deviceType(meta.type), chain, parent, forceMaster || triggered.length > 0, meta.metadata ?? {}, 'chain');
    for (const sub of triggered) parseDevice(sub, chain, key, false);
    for (const name of meta.channels ?? []) {
      if (consumedChannels.has(name)) continue;
      const channelMeta = info.channels[name];
      if (channelMeta === undefined) {
        // Flint logs "Channel name not found" and drops it; keep it only if its data exist.
        if (streamByName.has(name)) {
          warnings.push(`channel "${name}" of device "${key}" has no channels entry; described from its stream`);
          consumedChannels.add(name);
          addChannel(name, device, undefined, 'chain');
        } else {
          warnings.push(`channel "${name}" of device "${key}" has no channels entry; skipped`);
        }
        continue;
      }
      consumedChannels.add(name);
      if (channelMeta.file_only === true) continue;
      addChannel(name, device, channelMeta, 'chain');
    }
  }

  for (const [chainName, chain] of Object.entries(info.acquisition_chain)) {
    const top = chain.top_master;
    if (top === undefined) continue;
    chains.push(chainName);
    // Flint's `_iter_chain_device_names`: the top master, then devices listed under a device's own
    // `devices` key (LIFO), each parsed with its triggered tree.
    const pending: string[] = [top];
    let first = true;
    while (pending.length > 0) {
      const key = pending.pop() as string;
      parseDevice(key, chainName, null, first);
      first = false;
      const nested = info.devices[key]?.devices;
      if (Array.isArray(nested)) pending.push(...nested.filter((d): d is string => typeof d === 'string'));
    }
  }

  addUndescribedChannels();
  const channels = devices.flatMap((d) => channelsOf.get(d.key) ?? []);

  if (dropped.size > 0) {
    // In scan_info order, which is what the user reads.
    const order = Object.keys(info.channels);
    const rank = (n: string) => (order.includes(n) ? order.indexOf(n) : order.length);
    const list = [...dropped].sort(([a], [b]) => rank(a) - rank(b));
    warnings.push(`not plottable: ${list.map(([n, why]) => `"${n}" (${why})`).join(', ')}`);
  }
  if (missingStreams.length > 0) {
    warnings.push(`no data stream (yet) for: ${missingStreams.map((n) => `"${n}"`).join(', ')}`);
  }

  return {
    info,
    chains,
    devices,
    channels,
    byName,
    deviceByKey,
    relaxed: channels.some((c) => c.origin !== 'chain'),
    warnings,
  };

  /**
   * Lantern's fallback: streams present in the scan that Flint would not show. Channels described in
   * scan_info keep their device (as a non-master device of the first chain, or the chain whose
   * `master` lists name them); bare streams get a device named after their prefix.
   */
  function addUndescribedChannels(): void {
    const firstChain = chains[0] ?? null;
    const unreachableDevices: string[] = [];
    const bareStreams: string[] = [];

    // Which chain/master role the legacy chain lists give a channel.
    const chainRole = new Map<string, { chain: string; master: boolean }>();
    for (const [chainName, chain] of Object.entries(info.acquisition_chain)) {
      for (const list of [chain.master?.scalars, chain.master?.spectra, chain.master?.images]) {
        for (const n of list ?? []) if (!chainRole.has(n)) chainRole.set(n, { chain: chainName, master: true });
      }
      for (const list of [chain.scalars, chain.spectra, chain.images]) {
        for (const n of list ?? []) if (!chainRole.has(n)) chainRole.set(n, { chain: chainName, master: false });
      }
    }

    function ensureDevice(key: string, name: string, type: DeviceType, metadata: Record<string, unknown>, origin: ChannelOrigin): TreeDevice {
      return deviceByKey.get(key) ?? newDevice(key, name, type, firstChain, null, false, metadata, origin);
    }

    // 1. Channels of devices no chain reaches, in `devices` order.
    for (const [key, meta] of Object.entries(info.devices)) {
      if (consumedDevices.has(key)) continue;
      let used = false;
      for (const name of meta.channels ?? []) {
        if (consumedChannels.has(name) || !streamByName.has(name)) continue;
        const channelMeta = info.channels[name];
        if (channelMeta?.file_only === true) continue;
        consumedChannels.add(name);
        const device = ensureDevice(key, meta.name, deviceType(meta.type), meta.metadata ?? {}, 'unreachable');
        addChannel(name, device, channelMeta, 'unreachable', chainRole.get(name));
        used = true;
      }
      if (used) unreachableDevices.push(key);
    }
    // 2. Channels described in `channels` (with their `device` key) but listed by no device.
    for (const [name, meta] of Object.entries(info.channels)) {
      if (consumedChannels.has(name) || meta.file_only === true || !streamByName.has(name)) continue;
      consumedChannels.add(name);
      const key = meta.device ?? channelDevicePrefix(name) ?? '(unlisted)';
      const deviceMeta = info.devices[key];
      const device = ensureDevice(key, deviceMeta?.name ?? key, deviceType(deviceMeta?.type), deviceMeta?.metadata ?? {}, 'unreachable');
      addChannel(name, device, meta, 'unreachable', chainRole.get(name));
      if (!unreachableDevices.includes(key)) unreachableDevices.push(key);
    }
    // 3. Streams scan_info does not describe.
    for (const stream of streamByName.values()) {
      if (consumedChannels.has(stream.name)) continue;
      consumedChannels.add(stream.name);
      const key = channelDevicePrefix(stream.name) ?? '(streams)';
      addChannel(stream.name, ensureDevice(key, key, 'none', {}, 'stream'), undefined, 'stream', chainRole.get(stream.name));
      if (byName.has(stream.name)) bareStreams.push(stream.name);
    }

    if (unreachableDevices.length > 0) {
      const tops = chains.map((c) => info.acquisition_chain[c]?.top_master).filter((t): t is string => t !== undefined);
      warnings.push(
        `device(s) ${unreachableDevices.map((d) => `"${d}"`).join(', ')} not reachable from the top master` +
          `${tops.length === 1 ? ` "${tops[0]}"` : 's'} through triggered_devices (Flint would not show their channels); shown anyway`,
      );
    }
    if (bareStreams.length > 0) {
      warnings.push(`stream(s) not described in scan_info, shown anyway: ${bareStreams.map((n) => `"${n}"`).join(', ')}`);
    }
  }
}

/** Channels of a chain, Flint's `_get_channels(scan, chain, master, dim)`. */
export function chainChannels(tree: ScanTree, chain: string | null, options: { master: boolean; dim: number }): TreeChannel[] {
  return tree.channels.filter((c) => c.chain === chain && c.isMaster === options.master && c.dim === options.dim);
}
