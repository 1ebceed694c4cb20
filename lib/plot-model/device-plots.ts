/**
 * Plots Flint always infers from devices, whether or not scan_info has `plots`
 * (second half of `infer_plot_models` in `flint/scan_info_parser/plots.py`):
 *
 * - MCA: one plot per `mca`/`mosca`/`lima` device holding spectra (MCA vectors, or Lima images shown as
 *   spectrum stacks with `metadata.representation == "mca"`); Mosca spectra count only when named
 *   `…:spectrum:…` or `…:roi:…` (the others sit in Flint's stats sub-devices, not plotted);
 * - 1D: one plot per other device holding vectors, x from `metadata.xaxis_channel` (removed from the
 *   curves) or `metadata.xaxis_array` (ignored when both are set), else the index;
 * - image: one plot per image (dim 2) or image stack (dim 3) channel; a Lima device's `:image` (Lima2
 *   `:frame`) is its default image and is named after the device, other images after the channel.
 *
 * Flint's Lima ROI sub-devices get one 1D plot per ROI; we make one per device.
 */
import type { ScanTree, TreeChannel, TreeDevice } from './scan-tree';
import type { ImagePlotModel, McaItem, McaPlotModel, OneDimPlotModel, OneDimX } from './types';

export interface DevicePlots {
  mca: McaPlotModel[];
  oned: OneDimPlotModel[];
  images: ImagePlotModel[];
  warnings: string[];
}

function channelsOf(tree: ScanTree, device: TreeDevice): TreeChannel[] {
  return tree.channels.filter((c) => c.device === device.key);
}

function originOf(channels: TreeChannel[]): 'inferred' | 'fallback' {
  return channels.some((c) => c.origin !== 'chain') ? 'fallback' : 'inferred';
}

export function inferDevicePlots(tree: ScanTree): DevicePlots {
  const out: DevicePlots = { mca: [], oned: [], images: [], warnings: [] };
  for (const device of tree.devices) {
    const channels = channelsOf(tree, device);
    const mca = mcaPlot(device, channels, out.warnings);
    if (mca) out.mca.push(mca);
    const oned = oneDimPlot(tree, device, channels, out.warnings);
    if (oned) out.oned.push(oned);
    for (const channel of channels) {
      const image = imagePlot(device, channel);
      if (image) out.images.push(image);
    }
  }
  return out;
}

function mcaPlot(device: TreeDevice, channels: TreeChannel[], warnings: string[]): McaPlotModel | undefined {
  if (device.type !== 'mca' && device.type !== 'mosca' && device.type !== 'lima') {
    const stacks = channels.filter((c) => c.type === 'spectrum_stack');
    if (stacks.length > 0) {
      warnings.push(`${stacks.map((c) => `"${c.name}"`).join(', ')}: representation "mca" on a ${device.type} device is not displayed (Flint shows it for Lima only)`);
    }
    return undefined;
  }
  const items: McaItem[] = [];
  for (const c of channels) {
    if (c.type === 'spectrum_stack') {
      items.push({ channel: c.name, detector: c.displayName, stacked: true });
    } else if (c.type === 'spectrum') {
      if (device.type === 'mosca' && !c.name.includes(':spectrum:') && !c.name.includes(':roi:')) continue;
      items.push({ channel: c.name, detector: c.detector ?? c.displayName, stacked: false });
    }
  }
  if (items.length === 0) return undefined;
  return {
    kind: 'mca',
    id: `mca:${device.name}`,
    title: device.name,
    origin: originOf(channels),
    device: device.name,
    deviceKey: device.key,
    detectors: [...new Set(items.map((i) => i.detector))],
    items,
  };
}

function oneDimPlot(tree: ScanTree, device: TreeDevice, channels: TreeChannel[], warnings: string[]): OneDimPlotModel | undefined {
  if (device.type === 'mca' || device.type === 'mosca') return undefined;
  const vectors = channels.filter((c) => c.type === 'vector');
  if (vectors.length === 0) return undefined;

  const meta = device.metadata;
  let x: OneDimX = { kind: 'index' };
  const xChannel = meta.xaxis_channel;
  const xArray = meta.xaxis_array;
  const hasXChannel = xChannel !== undefined && xChannel !== null;
  if (hasXChannel && xArray !== undefined && xArray !== null) {
    warnings.push(`device "${device.key}": both xaxis_array and xaxis_channel are set; xaxis_array ignored (as Flint)`);
  }
  if (hasXChannel) {
    if (typeof xChannel !== 'string') warnings.push(`device "${device.key}": xaxis_channel is not a channel name; index used`);
    else if (!tree.byName.has(xChannel)) warnings.push(`device "${device.key}": xaxis_channel "${xChannel}" is not a channel of the scan; index used`);
    else x = { kind: 'channel', channel: xChannel };
  } else if (xArray !== undefined && xArray !== null) {
    const values = Array.isArray(xArray) && xArray.every((v) => typeof v === 'number') ? (xArray as number[]) : undefined;
    if (values === undefined) warnings.push(`device "${device.key}": xaxis_array is not a 1D list of numbers; index used`);
    else {
      const label = typeof meta.xaxis_array_label === 'string' ? meta.xaxis_array_label : undefined;
      const unit = typeof meta.xaxis_array_unit === 'string' ? meta.xaxis_array_unit : undefined;
      x = { kind: 'array', values: [...values], ...(label !== undefined ? { label } : {}), ...(unit !== undefined ? { unit } : {}) };
    }
  }
  const plotted = vectors.filter((c) => !(x.kind === 'channel' && c.name === x.channel));
  if (plotted.length === 0) return undefined;
  const title =
    device.name === 'roi_collection' ? `${device.name} (roi collection)` : device.name === 'roi_profile' ? `${device.name} (roi profiles)` : device.name;
  return {
    kind: 'oned',
    id: `oned:${device.name}`,
    title,
    origin: originOf(plotted),
    device: device.name,
    deviceKey: device.key,
    x,
    channels: plotted.map((c) => c.name),
  };
}

function imagePlot(device: TreeDevice, channel: TreeChannel): ImagePlotModel | undefined {
  if (channel.type !== 'image' && channel.type !== 'image_stack') return undefined;
  const isDefault =
    (device.type === 'lima' && channel.name.endsWith(':image')) || (device.type === 'lima2' && channel.name.endsWith(':frame'));
  const name = isDefault ? device.name : channel.name;
  const source: ImagePlotModel['source'] =
    channel.stream === 'lima' || channel.stream === 'lima2'
      ? channel.stream
      : channel.stream === 'array' || channel.stream === 'hdf5_fallback'
        ? 'array'
        : device.type === 'lima' || device.type === 'lima2'
          ? device.type
          : 'unknown';
  return {
    kind: 'image',
    id: `image:${name}`,
    title: name,
    origin: channel.origin === 'chain' ? 'inferred' : 'fallback',
    channel: channel.name,
    device: name,
    isDefault,
    source,
    stack: channel.type === 'image_stack',
  };
}
