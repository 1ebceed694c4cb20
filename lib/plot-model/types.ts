/**
 * What Lantern plots for a scan: the output of `createPlotModels`, modelled on Flint's plot models
 * (`flint/model/plot_item_model.py`) but as plain serialisable data.
 */
import type { AxisKind } from '../blissdata/scan-info';
import type { StreamKind } from '../blissdata/stream-kind';

export type { StreamKind };

/** A data stream actually present in the scan document (`data_streams`). */
export interface StreamDescriptor {
  /** Stream name = channel full name (`axis:roby`, `#Pt No`). */
  name: string;
  kind: StreamKind;
  /** Dimensions of one point: 0 scalar, 1 spectrum, 2 image. */
  ndim: number;
  dtype?: string;
  shape?: readonly number[];
  /** Unit from the stream `info` (1.x Bliss and Sardana put it there, not in scan_info). */
  unit?: string;
}

/** Where a plot comes from. */
export type PlotOrigin =
  /** `scan_info.plots`. */
  | 'scan_info'
  /** Inferred from the acquisition chain, as Flint does. */
  | 'inferred'
  /** Guessed by Lantern from streams the scan_info does not describe (Flint would show nothing). */
  | 'fallback';

interface PlotBase {
  /** Stable across scans of the same kind: use it to key widgets and remembered settings. */
  id: string;
  title: string;
  /** `name` of an explicit plot description. */
  name?: string;
  origin: PlotOrigin;
}

export interface CurveItem {
  /** null = point index. */
  x: string | null;
  y: string;
  yAxis: 'left' | 'right';
}

/** How the y selection of a curve plot was decided. */
export type CurveSelectionSource =
  | 'displayed_channels'
  | 'plotselect'
  /** The items of `scan_info.plots`. */
  | 'scan_info'
  /** Flint's inference from the chain. */
  | 'inferred'
  /** Nothing was selected; one counter was picked (Flint's `selectSomethingToPlotIfNone`). */
  | 'auto'
  | 'none';

export interface CurvePlotModel extends PlotBase {
  kind: 'curve';
  /** Default x for newly selected curves (null = index). Kept even when no curve is selected. */
  x: string | null;
  items: CurveItem[];
  selectionSource: CurveSelectionSource;
}

export type ScatterGrid =
  | {
      /** Values fill a regular grid: draw a heatmap. */
      kind: 'regular';
      xPoints: number;
      yPoints: number;
      /** [rows, columns] = [yPoints, xPoints]. */
      shape: [number, number];
      /** Axis that moves at every point (`axis_id` 0). */
      fastAxis: 'x' | 'y';
      /** `row`: x is fast (points fill rows); `column`: y is fast. */
      order: 'row' | 'column';
      xKind: AxisKind;
      yKind: AxisKind;
      /** start/stop of each axis when known (may be decreasing). */
      xRange?: [number, number];
      yRange?: [number, number];
      /** Slower `step` axes of an n-D scatter: show only the points of their last value (Flint's group-by). */
      stepChannels: string[];
    }
  | {
      /** Not regular but sized: Flint bins it into a 2D histogram. */
      kind: 'histogram';
      /** [rows, columns]. */
      bins: [number, number];
      xRange?: [number, number];
      yRange?: [number, number];
    }
  | { kind: 'points' };

export interface ScatterPlotModel extends PlotBase {
  kind: 'scatter';
  x: string | null;
  y: string | null;
  /** Main value (first of `values`). */
  value: string | null;
  /** All value channels drawn on these axes. */
  values: string[];
  grid: ScatterGrid;
}

export interface McaItem {
  channel: string;
  /** Flint's virtual detector: the suffix after the last `_` of the short name (`spectrum_det0` → `det0`). */
  detector: string;
  /** A Lima image shown as a stack of spectra (`representation: "mca"`): axes are (detector, channel). */
  stacked: boolean;
}

export interface McaPlotModel extends PlotBase {
  kind: 'mca';
  /** Device name (`devices[key].name`). */
  device: string;
  deviceKey: string;
  detectors: string[];
  items: McaItem[];
}

export type OneDimX =
  | { kind: 'index' }
  | { kind: 'channel'; channel: string }
  /** `metadata.xaxis_array`: a fixed axis given in scan_info. */
  | { kind: 'array'; values: number[]; label?: string; unit?: string };

export interface OneDimPlotModel extends PlotBase {
  kind: 'oned';
  /** Device name (absent for an explicit `1d-plot`). */
  device?: string;
  deviceKey?: string;
  x: OneDimX;
  channels: string[];
}

export interface ImagePlotModel extends PlotBase {
  kind: 'image';
  channel: string;
  /** Device name for a detector's default image (`<lima>:image`), else the channel name (Flint's rule). */
  device: string;
  /** The detector's main image (Lima `:image`, Lima2 `:frame`). */
  isDefault: boolean;
  /** How frames are read. */
  source: 'lima' | 'lima2' | 'array' | 'unknown';
  /** dim 3: one image per channel (c, y, x). */
  stack: boolean;
}

export interface TablePlotModel extends PlotBase {
  kind: 'table';
  /** `count`: Flint's ct widget (`type == "ct"`); `table`: an explicit `table-plot`. */
  variant: 'count' | 'table';
  /** Scalar channels to list. */
  channels: string[];
}

export type PlotModel =
  | CurvePlotModel
  | ScatterPlotModel
  | McaPlotModel
  | OneDimPlotModel
  | ImagePlotModel
  | TablePlotModel;

export type PlotKind = PlotModel['kind'];

/** How a channel entered the model. */
export type ChannelOrigin =
  /** Reachable from a top master through `triggered_devices`: Flint shows it. */
  | 'chain'
  /** Described in scan_info but not reachable (Sardana): Flint would not show it. */
  | 'unreachable'
  /** A data stream the scan_info does not describe at all. */
  | 'stream';

/** A channel of the scan as the plot model sees it. */
export interface ModelChannel {
  name: string;
  displayName: string;
  unit?: string;
  dim: number;
  /** Device key, or the name prefix for channels without a device. */
  device: string;
  deviceName: string;
  /** Chain (acquisition_chain key) it belongs to, null when unattached. */
  chain: string | null;
  /** Channel of a master device (a device with triggered devices, or the top master). */
  isMaster: boolean;
  isTime: boolean;
  /** `epoch` values are absolute times (show as dates); null when not a time base. */
  timeKind: 'elapsed' | 'epoch' | 'time' | null;
  /** Kind of its data stream, or `missing` when no stream carries it (yet). */
  stream: StreamKind | 'missing';
  origin: ChannelOrigin;
}

export interface PlotSetup {
  /** In display order: the first is the one to show first. */
  plots: PlotModel[];
  /** Usable channels in device-tree order (masters first). Broken/non-numeric streams are left out. */
  channels: ModelChannel[];
  warnings: string[];
  /** See `plotSelectionKey`. */
  selectionKey: string;
}

/** A scalar channel the user can put on a curve plot. */
export interface CurveCandidate {
  name: string;
  displayName: string;
  unit?: string;
  device: string;
  chain: string | null;
  isMaster: boolean;
  isTime: boolean;
  /** `epoch` values are absolute times: show them as dates. */
  timeKind: 'elapsed' | 'epoch' | 'time' | null;
  /** Has a data stream now. */
  present: boolean;
  /** Flint shows it (false for Sardana-style unreachable or undescribed channels). */
  described: boolean;
}
