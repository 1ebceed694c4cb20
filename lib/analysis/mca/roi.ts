/**
 * MCA ROIs over channel ranges, as Bliss's MCA ROI counters compute them (`RoiMcaCounter.compute_roi`:
 * `sum(spectrum[start:stop])`, a Python slice: start included, stop excluded), plus the net counts silx's
 * and PyMca's ROI tables show: the raw sum minus a linear background drawn between the first and the last
 * channel of the ROI (a peak on a sloping background counts only above that line).
 */

/** Channels [start, stop) of a spectrum, as Bliss `add_roi(name, start, stop)`. */
export interface McaRoi {
  start: number;
  stop: number;
}

export interface McaRoiResult {
  /** Σ counts over the ROI (Bliss's ROI counter value). */
  sum: number;
  /** sum minus the linear background through the ROI's first and last channel. */
  net: number;
  /** Channels actually summed (the ROI clipped to the spectrum). */
  start: number;
  stop: number;
}

function clip(roi: McaRoi, length: number): [number, number] {
  if (!Number.isInteger(roi.start) || !Number.isInteger(roi.stop)) {
    throw new Error(`MCA ROI bounds must be whole channel numbers, got [${roi.start}, ${roi.stop})`);
  }
  const a = Math.max(0, Math.min(length, roi.start));
  return [a, Math.max(a, Math.min(length, roi.stop))];
}

/** Sum and net counts of one spectrum over a ROI. Non-finite channels count as 0. */
export function mcaRoi(spectrum: ArrayLike<number>, roi: McaRoi): McaRoiResult {
  return roiAt(spectrum, 0, spectrum.length, roi);
}

/** The ROI of the spectrum stored at data[offset, offset + length). */
function roiAt(data: ArrayLike<number>, offset: number, length: number, roi: McaRoi): McaRoiResult {
  const [a, b] = clip(roi, length);
  const value = (i: number): number => {
    const v = Number(data[offset + i]);
    return v - v === 0 ? v : 0;
  };
  let sum = 0;
  for (let i = a; i < b; i++) sum += value(i);
  const n = b - a;
  // Σ of the line from (a, y[a]) to (b - 1, y[b - 1]) over the n channels is n (y[a] + y[b - 1]) / 2.
  const background = n > 0 ? (n * (value(a) + value(b - 1))) / 2 : 0;
  return { sum, net: sum - background, start: a, stop: b };
}

/** Bliss's `RoiSumMcaCounter`: the ROI summed over every detector's spectrum. */
export function mcaRoiSum(spectra: readonly ArrayLike<number>[], roi: McaRoi): McaRoiResult {
  const total: McaRoiResult = { sum: 0, net: 0, start: 0, stop: 0 };
  for (const s of spectra) {
    const r = mcaRoi(s, roi);
    total.sum += r.sum;
    total.net += r.net;
    total.start = r.start;
    total.stop = r.stop;
  }
  return total;
}

/**
 * The ROI at every scan point of a spectrum stream (points × channels, row-major), as the ROI counter a
 * scan would have recorded: for a live trend of a ROI the user defines after the scan started.
 */
export function mcaRoiTrend(stack: ArrayLike<number>, channels: number, roi: McaRoi): { sum: Float64Array; net: Float64Array } {
  if (!Number.isInteger(channels) || channels <= 0) throw new Error(`spectrum length must be a positive whole number, got ${channels}`);
  const points = Math.floor(stack.length / channels);
  const sum = new Float64Array(points);
  const net = new Float64Array(points);
  for (let p = 0; p < points; p++) {
    const r = roiAt(stack, p * channels, channels, roi);
    sum[p] = r.sum;
    net[p] = r.net;
  }
  return { sum, net };
}
