/**
 * Which energy calibration an MCA plot uses: the user's (view state, in the link), none (the user
 * asked for channel numbers), or the scan's hint. blissdata has no calibration field; Lantern reads,
 * in this order: the spectrum channel's `calibration` in scan_info `channels`, the MCA device's
 * `metadata.calibration` — `[a, b]`, `[a, b, c]` (PyMca's order, E = a + b·ch + c·ch²) or `{a, b, c}`,
 * unit in `calibration_unit` or `unit` beside it — and the device's `metadata.xaxis_array` (an explicit
 * energy per channel, fitted by calibrationFromAxis, unit `xaxis_array_unit`).
 */
import { calibrationFromAxis, type EnergyCalibration } from '@/lib/analysis/mca/calibration';
import type { McaPlotModel } from '@/lib/plot-model';
import type { McaCalibrationView } from '@/lib/view-state/plot-view-state';

export interface ActiveCalibration {
  cal: EnergyCalibration;
  from: 'user' | 'scan';
}

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Dict) : undefined);
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function coefficients(raw: unknown, unit: unknown): EnergyCalibration | undefined {
  let abc: unknown[] | undefined;
  if (Array.isArray(raw)) abc = raw;
  else if (dict(raw)) abc = [dict(raw)!.a, dict(raw)!.b, dict(raw)!.c ?? 0];
  if (!abc || abc.length < 2 || abc.length > 3 || !abc.every(finite)) return undefined;
  const [a, b, c = 0] = abc as number[];
  if (b === 0 && c === 0) return undefined;
  const u = typeof unit === 'string' && unit ? unit : typeof dict(raw)?.unit === 'string' ? (dict(raw)!.unit as string) : undefined;
  return { a: a!, b: b!, ...(c ? { c } : {}), ...(u ? { unit: u } : {}) };
}

/** The scan's calibration hint for an MCA plot, or null. */
export function calibrationHint(info: unknown, model: McaPlotModel): EnergyCalibration | null {
  const scan = dict(info);
  const channels = dict(scan?.channels);
  for (const item of model.items) {
    const ch = dict(channels?.[item.channel]);
    const cal = ch && coefficients(ch.calibration, ch.calibration_unit ?? ch.unit);
    if (cal) return cal;
  }
  const meta = dict(dict(dict(scan?.devices)?.[model.deviceKey])?.metadata);
  if (!meta) return null;
  const cal = coefficients(meta.calibration, meta.calibration_unit);
  if (cal) return cal;
  const axis = meta.xaxis_array;
  if (Array.isArray(axis) && axis.length >= 2 && axis.every(finite)) {
    const unit = typeof meta.xaxis_array_unit === 'string' ? meta.xaxis_array_unit : undefined;
    try {
      const fitted = calibrationFromAxis(axis as number[], axis.length >= 3 ? 2 : 1, unit);
      // A linear axis fitted as a quadratic leaves c at rounding noise: keep it linear.
      return fitted.c !== undefined && Math.abs(fitted.c * axis.length * axis.length) < 1e-9 * Math.abs(fitted.b * axis.length) ? { a: fitted.a, b: fitted.b, ...(unit ? { unit } : {}) } : fitted;
    } catch {
      return null;
    }
  }
  return null;
}

/** The user's choice wins (null = channel numbers), else the hint. */
export function activeCalibration(view: McaCalibrationView | null | undefined, hint: EnergyCalibration | null): ActiveCalibration | null {
  if (view === null) return null;
  if (view) return { cal: view, from: 'user' };
  return hint ? { cal: hint, from: 'scan' } : null;
}

export function energyTitle(cal: EnergyCalibration): string {
  return `energy${cal.unit ? ` [${cal.unit}]` : ''}`;
}
