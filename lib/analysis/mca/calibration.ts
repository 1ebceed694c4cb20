/**
 * Energy axis of an MCA from its calibration, E = a + b·ch + c·ch² (PyMca's A, B, C; c = 0 for linear).
 * blissdata publishes no calibration coefficients: the only hint in scan_info is a device's
 * `metadata.xaxis_array` (an explicit x value per channel, read by lib/plot-model). `calibrationFromAxis`
 * turns such an array into coefficients, so ROIs can be given in energy whichever way the axis came.
 */
import { Matrix, solve } from 'ml-matrix';

export interface EnergyCalibration {
  a: number;
  b: number;
  c?: number;
  /** Unit of E, e.g. "keV". */
  unit?: string;
}

function check(cal: EnergyCalibration): void {
  if (![cal.a, cal.b, cal.c ?? 0].every(Number.isFinite)) {
    throw new Error(`calibration coefficients must be finite numbers, got a=${cal.a} b=${cal.b} c=${cal.c}`);
  }
  if (cal.b === 0 && !cal.c) throw new Error('calibration with b = 0 and c = 0 maps every channel to the same energy');
}

/** Energy of channel `ch`. */
export function channelToEnergy(ch: number, cal: EnergyCalibration): number {
  return cal.a + cal.b * ch + (cal.c ?? 0) * ch * ch;
}

/** Energy of each of `channels` channels (0 .. channels - 1). */
export function energyAxis(channels: number, cal: EnergyCalibration): Float64Array {
  check(cal);
  return Float64Array.from({ length: channels }, (_, ch) => channelToEnergy(ch, cal));
}

/**
 * The (fractional) channel whose energy is E: for a quadratic, the smallest root ≥ 0 (the other root of
 * the small quadratic term of a real detector lies far off its channels); NaN when there is none.
 */
export function energyToChannel(energy: number, cal: EnergyCalibration): number {
  check(cal);
  const c = cal.c ?? 0;
  if (c === 0) return (energy - cal.a) / cal.b;
  const disc = cal.b * cal.b - 4 * c * (cal.a - energy);
  if (disc < 0) return NaN;
  const sq = Math.sqrt(disc);
  // Numerically stable roots of c·x² + b·x + (a - E) = 0.
  const q = -0.5 * (cal.b + Math.sign(cal.b || 1) * sq);
  const roots = [q / c, q !== 0 ? (cal.a - energy) / q : NaN].filter((x) => Number.isFinite(x) && x >= -1e-9);
  return roots.length ? Math.min(...roots) : NaN;
}

/** The channel range [start, stop) covering energies [eMin, eMax] (for an MCA ROI given in energy). */
export function energyRangeToChannels(eMin: number, eMax: number, cal: EnergyCalibration): { start: number; stop: number } {
  const u = energyToChannel(eMin, cal);
  const v = energyToChannel(eMax, cal);
  if (Number.isNaN(u) || Number.isNaN(v)) throw new Error(`energies ${eMin}..${eMax} are outside the calibrated axis`);
  const lo = Math.min(u, v);
  const hi = Math.max(u, v);
  return { start: Math.max(0, Math.ceil(lo - 1e-9)), stop: Math.floor(hi + 1e-9) + 1 };
}

/**
 * Least-squares linear (degree 1) or quadratic (degree 2) calibration of an explicit axis (one value per
 * channel, e.g. scan_info `xaxis_array`); exact when the axis is.
 */
export function calibrationFromAxis(axis: ArrayLike<number>, degree: 1 | 2 = 1, unit?: string): EnergyCalibration {
  const rows: number[][] = [];
  const values: number[] = [];
  for (let ch = 0; ch < axis.length; ch++) {
    const e = Number(axis[ch]);
    if (!Number.isFinite(e)) continue;
    rows.push(degree === 2 ? [1, ch, ch * ch] : [1, ch]);
    values.push(e);
  }
  if (rows.length <= degree) throw new Error(`a degree ${degree} calibration needs ${degree + 1} finite axis values, got ${rows.length}`);
  const m = new Matrix(rows);
  const coef = solve(m, Matrix.columnVector(values), true).to1DArray();
  return { a: coef[0]!, b: coef[1]!, ...(degree === 2 ? { c: coef[2]! } : {}), ...(unit ? { unit } : {}) };
}
