/**
 * MCA ROIs on the spectra a plot shows: integrals per ROI and detector (lib/analysis mcaRoi, as Bliss's
 * ROI counters: channels [start, stop)), the bands drawn on the spectrum, and the ROI a drag selects.
 */
import { channelToEnergy, energyToChannel, type EnergyCalibration } from '@/lib/analysis/mca/calibration';
import { mcaRoi } from '@/lib/analysis/mca/roi';
import type { McaRoiView } from '@/lib/view-state/plot-view-state';
import type { PlotlyLayout } from '../shared/plotly-loader';
import { CURVE_COLORS } from '../plot-frame';

export interface RoiRow {
  /** Index of the ROI in the view's list. */
  index: number;
  roi: string;
  detector: string;
  start: number;
  stop: number;
  /** Energies of the first and last channel summed (calibrated plots). */
  energy: [number, number] | null;
  sum: number;
  net: number;
}

export function roiName(roi: McaRoiView, index: number): string {
  return roi.name || `roi${index + 1}`;
}

/** Integrals of every ROI over every spectrum (`values`: one detector's spectrum, or rows of a stack summed). */
export function roiRows(rois: readonly McaRoiView[], spectra: readonly { label: string; values: ArrayLike<number> }[], cal: EnergyCalibration | null): RoiRow[] {
  const rows: RoiRow[] = [];
  const energy = (start: number, stop: number): [number, number] | null => (cal && stop > start ? [channelToEnergy(start, cal), channelToEnergy(stop - 1, cal)] : null);
  rois.forEach((roi, i) => {
    // Before the first spectrum the ROI is listed without values.
    if (spectra.length === 0) rows.push({ index: i, roi: roiName(roi, i), detector: '—', start: roi.start, stop: roi.stop, energy: energy(roi.start, roi.stop), sum: NaN, net: NaN });
    for (const s of spectra) {
      const r = mcaRoi(s.values, roi);
      rows.push({ index: i, roi: roiName(roi, i), detector: s.label, start: r.start, stop: r.stop, energy: energy(r.start, r.stop), sum: r.sum, net: r.net });
    }
  });
  return rows;
}

/** Translucent bands over each ROI (in x units: channels, or energies when calibrated) with its name. */
export function roiShapes(rois: readonly McaRoiView[], cal: EnergyCalibration | null): Pick<PlotlyLayout, 'shapes' | 'annotations'> {
  const x = (ch: number) => (cal ? channelToEnergy(ch, cal) : ch);
  const shapes: NonNullable<PlotlyLayout['shapes']> = [];
  const annotations: NonNullable<PlotlyLayout['annotations']> = [];
  rois.forEach((roi, i) => {
    const color = CURVE_COLORS[(i + 2) % CURVE_COLORS.length]!;
    // Half a channel either side: the band covers the channels' full width.
    const x0 = x(roi.start - 0.5);
    const x1 = x(roi.stop - 0.5);
    shapes.push({ type: 'rect', xref: 'x', yref: 'paper', x0, x1, y0: 0, y1: 1, fillcolor: color, opacity: 0.15, line: { width: 0 }, layer: 'below' });
    // Inside the top of the plot (the legend is above it), every other name a line lower: close ROIs stay readable.
    annotations.push({ xref: 'x', yref: 'paper', x: (x0 + x1) / 2, y: i % 2 ? 0.93 : 1, yanchor: 'top', text: roiName(roi, i), showarrow: false, font: { size: 11, color } });
  });
  return { shapes, annotations };
}

/** The channels [start, stop) whose centres lie between two x positions (channels or energies). */
export function roiFromRange(x0: number, x1: number, cal: EnergyCalibration | null, channels: number): { start: number; stop: number } | null {
  const toChannel = (x: number) => (cal ? energyToChannel(x, cal) : x);
  const [u, v] = [toChannel(x0), toChannel(x1)];
  if (!Number.isFinite(u) || !Number.isFinite(v)) return null;
  const start = Math.max(0, Math.ceil(Math.min(u, v)));
  const stop = Math.min(channels, Math.floor(Math.max(u, v)) + 1);
  return stop > start ? { start, stop } : null;
}
