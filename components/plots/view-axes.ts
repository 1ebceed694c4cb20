/**
 * Zoom state between plotly and the URL: plotly reports axis ranges in its own units (log10 of the
 * value on log axes) through `plotly_relayout`; the view state keeps data units so a link means the
 * same thing whatever the axis scale. Also small number formatting shared by the plots.
 */

export type Range2 = [number, number];

export interface AxisZoomChange {
  /** undefined: this axis did not change; null: back to autorange; else the new range in data units. */
  x?: Range2 | null;
  y?: Range2 | null;
  y2?: Range2 | null;
}

function fromAxis(v: number, log: boolean): number {
  return log ? 10 ** v : v;
}

function toAxis(v: number, log: boolean): number {
  return log ? Math.log10(v) : v;
}

/**
 * Reads a plotly relayout event (`{'xaxis.range[0]': a, 'xaxis.range[1]': b}`, `{'xaxis.range': [a, b]}`,
 * `{'xaxis.autorange': true}`...) into data-unit ranges.
 */
export function zoomFromRelayout(event: Record<string, unknown>, log: { x?: boolean; y?: boolean; y2?: boolean }): AxisZoomChange {
  const out: AxisZoomChange = {};
  const axes: [keyof AxisZoomChange, string, boolean][] = [
    ['x', 'xaxis', log.x === true],
    ['y', 'yaxis', log.y === true],
    ['y2', 'yaxis2', log.y2 === true],
  ];
  for (const [key, name, isLog] of axes) {
    if (event[`${name}.autorange`] === true || event[`${name}.autorange`] === 'reversed') {
      out[key] = null;
      continue;
    }
    let a = event[`${name}.range[0]`];
    let b = event[`${name}.range[1]`];
    const whole = event[`${name}.range`];
    if (Array.isArray(whole) && whole.length === 2) [a, b] = whole as unknown[];
    if (typeof a === 'number' && typeof b === 'number' && Number.isFinite(a) && Number.isFinite(b)) {
      out[key] = [fromAxis(a, isLog), fromAxis(b, isLog)];
    }
  }
  return out;
}

/** plotly axis range (log10 on log axes) for a data-unit zoom, or undefined for autorange. */
export function axisRange(zoom: Range2 | null | undefined, log: boolean): Range2 | undefined {
  if (!zoom) return undefined;
  const a = toAxis(zoom[0], log);
  const b = toAxis(zoom[1], log);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return undefined;
  return [a, b];
}

/** Same ranges (to a relative 1e-9), so a zoom echoed back through the URL is not applied twice. */
export function sameRange(a: Range2 | null | undefined, b: Range2 | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  const tol = 1e-9 * Math.max(1, Math.abs(a[0]), Math.abs(a[1]));
  return Math.abs(a[0] - b[0]) <= tol && Math.abs(a[1] - b[1]) <= tol;
}

/** Compact number for tables and notes: 5 significant digits, exponent outside [1e-3, 1e6); "—" for NaN. */
export function formatNumber(v: number, digits = 5): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-3) return v.toExponential(digits - 1).replace('e+', 'e');
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(digits)).toString();
}

/**
 * Tick settings that stay readable: plotly labels the 2..9 ticks of a log axis with their leading digit
 * only ("2, 3, 4, 8, 1, 2" across decades), which reads as nonsense; a format gives whole values
 * (200, 3000, 0.004). Linear axes keep plotly's round steps ('auto': an overlaid axis must not inherit
 * the other axis' grid, which puts its ticks at odd values such as 400.1).
 */
export function readableTicks(log: boolean): { tickmode: 'auto'; tickformat?: string; exponentformat: 'power' } {
  return log ? { tickmode: 'auto', tickformat: '~g', exponentformat: 'power' } : { tickmode: 'auto', exponentformat: 'power' };
}
