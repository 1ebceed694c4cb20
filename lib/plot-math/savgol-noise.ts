/**
 * Noise level of a signal as Bliss's `cen()` measures it on edges (`scan_math._extract_noise`):
 * `numpy.std(y - scipy.signal.savgol_filter(y, w, min(w - 1, 3)))` with `w = len(y) // 4` made odd,
 * savgol's default `mode="interp"` (polynomial fits of the first/last `w` samples for the edges).
 *
 * The window grows with the signal (a quarter of it), so a direct convolution would be O(n²). A
 * quadratic/cubic Savitzky-Golay smoother at the window centre has weights `a - b·k²`, so it only needs
 * the window sums Σy and Σk²y, slid in O(1) per sample and recomputed every window length to stop
 * rounding drift: O(n) overall.
 */
import { scratchF64, SLOT_RESIDUAL } from './scratch';

/** Least-squares polynomial of `degree` through y[start..start+w) (positions 0..w-1), evaluated on [evalFrom, evalTo). */
function fitEdge(y: Float64Array, mu: number, start: number, w: number, degree: number, evalFrom: number, evalTo: number, r: Float64Array): void {
  const p = degree + 1;
  const c = (w - 1) / 2;
  const s = Math.max(c, 1);
  // Normal equations in u = (t - c) / s ∈ [-1, 1], which keeps them well conditioned for large windows.
  const pow = [0, 0, 0, 0, 0, 0, 0];
  const rhs = [0, 0, 0, 0];
  for (let t = 0; t < w; t++) {
    const u = (t - c) / s;
    const v = y[start + t]! - mu;
    let uk = 1;
    for (let k = 0; k < 2 * p - 1; k++) {
      pow[k]! += uk;
      if (k < p) rhs[k]! += uk * v;
      uk *= u;
    }
  }
  const a: number[][] = [];
  for (let i = 0; i < p; i++) {
    const row: number[] = [];
    for (let j = 0; j < p; j++) row.push(pow[i + j]!);
    row.push(rhs[i]!);
    a.push(row);
  }
  // Gaussian elimination with partial pivoting on a (p ≤ 4) × (p + 1) system.
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let i = col + 1; i < p; i++) if (Math.abs(a[i]![col]!) > Math.abs(a[pivot]![col]!)) pivot = i;
    const tmp = a[col]!;
    a[col] = a[pivot]!;
    a[pivot] = tmp;
    const pr = a[col]!;
    for (let i = col + 1; i < p; i++) {
      const row = a[i]!;
      const f = row[col]! / pr[col]!;
      for (let j = col; j <= p; j++) row[j]! -= f * pr[j]!;
    }
  }
  const coef = [0, 0, 0, 0];
  for (let i = p - 1; i >= 0; i--) {
    const row = a[i]!;
    let v = row[p]!;
    for (let j = i + 1; j < p; j++) v -= row[j]! * coef[j]!;
    coef[i] = v / row[i]!;
  }
  for (let i = evalFrom; i < evalTo; i++) {
    const u = (i - start - c) / s;
    let fit = 0;
    for (let k = p - 1; k >= 0; k--) fit = fit * u + coef[k]!;
    r[i] = y[i]! - mu - fit;
  }
}

/** Population standard deviation of `y[0..n)` minus its Savitzky-Golay smoothing, as Bliss computes it. */
export function savgolNoiseStd(y: Float64Array, n: number): number {
  let w = Math.floor(n / 4);
  if (w % 2 === 0) w += 1;
  const degree = Math.min(w - 1, 3);
  // Bliss skips the filter (noise 0) when the polynomial order would be 0; savgol also needs w <= n.
  if (degree <= 0 || w > n) return 0;
  const h = (w - 1) / 2;
  const r = scratchF64(SLOT_RESIDUAL, n);

  // Work on y - mean: the smoother keeps constants, and smaller sums round less.
  let mu = 0;
  for (let i = 0; i < n; i++) mu += y[i]!;
  mu /= n;

  // Centre weights of the quadratic (= cubic) smoother: c_k = (3(3h²+3h-1) - 15k²) / ((2h+3)(2h+1)(2h-1)).
  const d = (2 * h + 3) * (2 * h + 1) * (2 * h - 1);
  const wa = (3 * (3 * h * h + 3 * h - 1)) / d;
  const wb = 15 / d;
  let t0 = 0;
  let t1 = 0;
  let t2 = 0;
  for (let i = h; i < n - h; i++) {
    if ((i - h) % w === 0) {
      t0 = t1 = t2 = 0;
      for (let k = -h; k <= h; k++) {
        const v = y[i + k]! - mu;
        t0 += v;
        t1 += k * v;
        t2 += k * k * v;
      }
    } else {
      // Drop the sample at k = -h of the previous centre, re-centre on i (k -> k - 1), add the one at k = +h.
      const out = y[i - h - 1]! - mu;
      t0 -= out;
      t1 += h * out;
      t2 -= h * h * out;
      t2 = t2 - 2 * t1 + t0;
      t1 -= t0;
      const inc = y[i + h]! - mu;
      t0 += inc;
      t1 += h * inc;
      t2 += h * h * inc;
    }
    r[i] = y[i]! - mu - (wa * t0 - wb * t2);
  }
  fitEdge(y, mu, 0, w, degree, 0, h, r);
  fitEdge(y, mu, n - w, w, degree, n - h, n, r);

  let mean = 0;
  for (let i = 0; i < n; i++) mean += r[i]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const e = r[i]! - mean;
    ss += e * e;
  }
  return Math.sqrt(ss / n);
}
