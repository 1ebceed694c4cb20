/**
 * Per-curve math, each curve with its own settings (Flint offers them one curve at a time): y is a channel
 * or an expression over channels, optionally divided by a monitor (channel or expression), negated, then
 * differentiated. Division and derivative are plot-math's (Flint's `NormalizedCurveItem`, PyMca's derivative).
 */
import { derivative, normalize } from '../plot-math/transforms';
import { compileExpression, type ChannelValues } from './expression/evaluate';

export interface CurveMath {
  /** A channel name or an expression over channels (`diode1`, `log(I0 / It)`). */
  y: string;
  /** Channel or expression to divide y by, point by point (0 gives a gap). */
  monitor?: string;
  negate?: boolean;
  derivative?: boolean;
}

export interface CurveMathResult {
  x: Float64Array;
  y: Float64Array;
  /** Full names of the channels read (the y expression's, then the monitor's). */
  channels: string[];
}

/** What the curve shows, for its legend: `d(-diode1 / mon)/dx`. */
export function curveMathLabel(math: CurveMath, xLabel = 'x'): string {
  let label = math.y.trim();
  if (math.monitor) label = `${wrap(label)} / ${wrap(math.monitor.trim())}`;
  if (math.negate) label = `-${wrap(label)}`;
  if (math.derivative) label = `d(${label})/d${xLabel}`;
  return label;
}

function wrap(text: string): string {
  return /^[\w:.`"]+$/.test(text) || /^[\w.]+\(.*\)$/.test(text) ? text : `(${text})`;
}

/**
 * The curve's points for x values `x` and the scan's channels; `displayNames` (full name → scan_info
 * display_name) lets users type the names the legend shows. Throws ExpressionError (with position) for a
 * bad y or monitor expression, Error when a channel has no data.
 */
export function computeCurve(
  math: CurveMath,
  x: ArrayLike<number>,
  channelNames: Iterable<string>,
  values: ChannelValues,
  displayNames?: Readonly<Record<string, string>>,
): CurveMathResult {
  const names = [...channelNames];
  const yExpr = compileExpression(math.y, names, displayNames);
  let y = yExpr.evaluate(values, x.length);
  const channels = [...yExpr.channels];
  if (math.monitor) {
    const monExpr = compileExpression(math.monitor, names, displayNames);
    y = normalize(y, monExpr.evaluate(values, x.length));
    for (const c of monExpr.channels) if (!channels.includes(c)) channels.push(c);
  }
  const n = Math.min(x.length, y.length);
  if (math.negate) for (let i = 0; i < n; i++) y[i] = -y[i]!;
  if (math.derivative) {
    const d = derivative(x, y.subarray(0, n));
    return { x: d.x, y: d.y, channels };
  }
  return { x: Float64Array.from({ length: n }, (_, i) => Number(x[i])), y: y.length === n ? y : y.slice(0, n), channels };
}
