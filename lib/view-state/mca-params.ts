/**
 * The MCA part of a plot's view in the URL:
 *   rois    regions of interest, channels [start, stop), comma-separated, each `start-stop` or
 *           `name:start-stop` (`,` and `\` in a name escaped with `\`, as channel lists are)
 *   calib   energy calibration E = a + b·ch (+ c·ch²): `a,b[,c][,unit]`; empty = channel numbers,
 *           even when the scan hints a calibration; absent = the scan's hint, if any
 */
import type { McaCalibrationView, McaRoiView, PlotViewState } from './plot-view-state';

export const MCA_PARAMS = ['rois', 'calib'] as const;
/** ROIs one plot keeps at most (each is a row of the table and a band on the spectrum). */
export const MAX_ROIS = 32;

type Reject = (name: string, value: string, why: string) => void;
type Split = (text: string) => string[];
type Join = (names: readonly string[]) => string;

export function parseRoi(text: string): McaRoiView | undefined {
  const m = /^(?:(.*):)?(\d+)-(\d+)$/s.exec(text);
  if (!m) return undefined;
  const start = Number(m[2]);
  const stop = Number(m[3]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(stop) || stop <= start) return undefined;
  return m[1] ? { name: m[1], start, stop } : { start, stop };
}

export function roiText(roi: McaRoiView): string {
  return `${roi.name ? `${roi.name}:` : ''}${roi.start}-${roi.stop}`;
}

export function parseCalibration(text: string): McaCalibrationView | null | undefined {
  if (text === '') return null;
  const parts = text.split(',');
  const unit = parts.length > 2 && !/^[-+\d.eE]+$/.test(parts[parts.length - 1]!) ? parts.pop() : undefined;
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p.trim() === '' || !Number.isFinite(Number(p)))) return undefined;
  const [a, b, c] = parts.map(Number) as [number, number, number | undefined];
  if (b === 0 && !c) return undefined;
  return { a, b, ...(c ? { c } : {}), ...(unit ? { unit } : {}) };
}

export function calibrationText(cal: McaCalibrationView): string {
  return [cal.a, cal.b, ...(cal.c ? [cal.c] : []), ...(cal.unit ? [cal.unit] : [])].join(',');
}

export function readMcaParams(params: URLSearchParams, view: PlotViewState, reject: Reject, split: Split): void {
  const rois = params.get('rois');
  if (rois !== null) {
    const list: McaRoiView[] = [];
    for (const item of split(rois).slice(0, MAX_ROIS)) {
      const roi = parseRoi(item);
      if (roi) list.push(roi);
      else reject('rois', item, 'expected start-stop or name:start-stop, whole channels with start < stop');
    }
    view.rois = list;
  }
  const calib = params.get('calib');
  if (calib !== null) {
    const cal = parseCalibration(calib);
    if (cal === undefined) reject('calib', calib, 'expected a,b[,c][,unit] (E = a + b·ch + c·ch²), b and c not both 0');
    else view.calibration = cal;
  }
}

export function writeMcaParams(out: URLSearchParams, v: PlotViewState, join: Join): void {
  if (v.rois !== undefined) out.set('rois', join(v.rois.map(roiText)));
  if (v.calibration !== undefined) out.set('calib', v.calibration ? calibrationText(v.calibration) : '');
}
