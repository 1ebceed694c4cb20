/**
 * Comparing scans: a curve minus a reference scan's curve, the reference read at the curve's own x by
 * linear interpolation (as the crosshair reads it), so scans with different points still compare. Where the
 * reference was not measured (outside its x range, or across its gaps) the difference is NaN, a gap.
 */
import { curveProbe } from './cursor';

export function differenceToReference(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  referenceX: ArrayLike<number>,
  referenceY: ArrayLike<number>,
): Float64Array {
  const reference = curveProbe(referenceX, referenceY);
  const n = Math.min(x.length, y.length);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(y[i]) - reference.at(Number(x[i]));
  return out;
}
