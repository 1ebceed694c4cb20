/**
 * Crosshair and marker helpers: y of a curve at a given x, and the Bliss command that moves the scanned motor
 * to a position picked on the plot.
 *
 * y at x is a linear interpolation between the two points around x, never an extrapolation (outside the data
 * the answer is NaN, as nothing was measured there). Scan order matters for unordered x (back-and-forth or
 * repeated passes): every segment between consecutive points that spans x is a crossing; the readout
 * shows the latest one (the newest data of a live scan), and all of them are available. Non-finite points
 * break the curve, as they break the drawn line.
 */

export interface CurveProbe {
  /** Number of points. */
  readonly length: number;
  /** True when x never decreases, or never increases (binary search applies). */
  readonly monotonic: boolean;
  /** y at x on the latest segment spanning x (NaN when none). */
  at(x: number): number;
  /** y at x on every segment spanning x, in scan order. */
  allAt(x: number): number[];
  /** Index of the point nearest to x (-1 when no finite point), for snapping a marker to data. */
  nearest(x: number): number;
}

function lerp(x0: number, y0: number, x1: number, y1: number, x: number): number {
  if (x === x0) return y0;
  if (x === x1) return y1;
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

function isFinitePair(x: ArrayLike<number>, y: ArrayLike<number>, i: number): boolean {
  return Number.isFinite(x[i]) && Number.isFinite(y[i]);
}

/** Prepares queries on one curve: O(n) once, then O(log n) per query for monotonic x, O(n) otherwise. */
export function curveProbe(x: ArrayLike<number>, y: ArrayLike<number>): CurveProbe {
  const n = Math.min(x.length, y.length);
  let rising = true;
  let falling = true;
  let previous = NaN;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    if (!Number.isFinite(xi)) continue;
    if (xi < previous) rising = false;
    if (xi > previous) falling = false;
    previous = xi;
  }
  const monotonic = rising || falling;
  const sign = falling && !rising ? -1 : 1;

  // Indices of finite x: the binary search runs on these (a NaN x cannot be compared).
  const finite: number[] = [];
  if (monotonic) for (let i = 0; i < n; i++) if (Number.isFinite(x[i])) finite.push(i);

  /** Last index i (finite x) with x[i] at or before v in the curve's direction, -1 when none. */
  const lowerIndex = (v: number): number => {
    let lo = 0;
    let hi = finite.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (sign * x[finite[mid]!]! <= sign * v) {
        found = finite[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };

  const crossings = (v: number, latestOnly: boolean): number[] => {
    const out: number[] = [];
    if (!Number.isFinite(v)) return out;
    if (monotonic) {
      const i = lowerIndex(v);
      if (i < 0) return out;
      if (x[i] === v) return isFinitePair(x, y, i) ? [y[i]!] : out;
      const j = i + 1;
      if (j < n && isFinitePair(x, y, i) && isFinitePair(x, y, j)) out.push(lerp(x[i]!, y[i]!, x[j]!, y[j]!, v));
      return out;
    }
    const from = latestOnly ? n - 2 : 0;
    const to = latestOnly ? -1 : n - 1;
    const step = latestOnly ? -1 : 1;
    for (let i = from; i !== to; i += step) {
      if (!isFinitePair(x, y, i) || !isFinitePair(x, y, i + 1)) continue;
      const x0 = x[i]!;
      const x1 = x[i + 1]!;
      // A joint between two segments is one crossing: the segment ending there has it.
      if (v === x0 && x0 !== x1 && i > 0 && isFinitePair(x, y, i - 1)) continue;
      if ((x0 <= v && v <= x1) || (x1 <= v && v <= x0)) {
        // A flat segment (two points at the same x) reads its later point.
        out.push(x0 === x1 ? y[i + 1]! : lerp(x0, y[i]!, x1, y[i + 1]!, v));
        if (latestOnly) return out;
      }
    }
    if (n === 1 && isFinitePair(x, y, 0) && x[0] === v) out.push(y[0]!);
    return out;
  };

  return {
    length: n,
    monotonic,
    at(v) {
      const c = crossings(v, true);
      return monotonic ? (c[0] ?? NaN) : (c[c.length - 1] ?? NaN);
    },
    allAt: (v) => crossings(v, false),
    nearest(v) {
      let best = -1;
      let distance = Infinity;
      for (let i = 0; i < n; i++) {
        if (!isFinitePair(x, y, i)) continue;
        const d = Math.abs(x[i]! - v);
        if (d < distance) {
          distance = d;
          best = i;
        }
      }
      return best;
    },
  };
}

/** The motor a Bliss axis channel belongs to (`axis:roby` → `roby`), undefined for other channels. */
export function motorOfChannel(channel: string): string | undefined {
  const m = /^axis:([^:]+)$/.exec(channel);
  return m ? m[1] : undefined;
}

export interface MoveCommandOptions {
  /** `decimals` of the axis channel in scan_info: the motor's own display precision, preferred. */
  decimals?: number;
  /** Axis units per screen pixel: where the user's click cannot be more precise than this. */
  pixelSize?: number;
  /** Bliss command: `mv` (default) or `umv` (which shows the motion). */
  command?: 'mv' | 'umv';
}

/**
 * Digits after the point for a position: the motor's `decimals` when known, else the decimal just finer
 * than one pixel (a pixel of 0.0013 → 3 decimals), else 4.
 */
export function positionDecimals(options: Pick<MoveCommandOptions, 'decimals' | 'pixelSize'>): number {
  if (options.decimals !== undefined && Number.isInteger(options.decimals) && options.decimals >= 0) return Math.min(options.decimals, 15);
  const p = options.pixelSize;
  if (p !== undefined && p > 0 && Number.isFinite(p)) return Math.min(15, Math.max(0, Math.ceil(-Math.log10(p))));
  return 4;
}

/** A position rounded to `decimals`, without "-0". */
export function formatPosition(position: number, decimals: number): string {
  const text = position.toFixed(decimals);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** `mv roby 0.3521`: text to paste into the Bliss shell to move `motor` to `position`. */
export function moveCommand(motor: string, position: number, options: MoveCommandOptions = {}): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(motor)) throw new Error(`"${motor}" is not a Bliss motor name`);
  if (!Number.isFinite(position)) throw new Error(`cannot move ${motor} to ${position}`);
  return `${options.command ?? 'mv'} ${motor} ${formatPosition(position, positionDecimals(options))}`;
}
