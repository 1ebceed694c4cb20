/**
 * Fit results as text: each value rounded to its uncertainty (the error to 2 significant digits, the value
 * to the same decimal place), as a scientist writes it, for the results table and the "copy as text" export.
 */
import type { FitResult } from './fit-curve';

/** Up to 6 significant digits, without trailing zeros or exponent noise for ordinary magnitudes. */
function plain(v: number, digits = 6): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e6 || a < 1e-4) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(digits)));
}

/** `0.4208 ± 0.0012`, `(3.2009 ± 0.0021)e+5`; the value alone (6 digits) when the error is unknown or 0. */
export function formatWithError(value: number, error: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (!(error > 0) || !Number.isFinite(error)) return Number.isNaN(error) ? `${plain(value)} ± ?` : plain(value);
  // Decimal place of the error's second significant digit.
  const place = Math.floor(Math.log10(error)) - 1;
  const magnitude = Math.floor(Math.log10(Math.max(Math.abs(value), error)));
  if (magnitude >= 6 || magnitude < -4) {
    const scale = 10 ** magnitude;
    const decimals = Math.max(0, magnitude - place);
    return `(${(value / scale).toFixed(decimals)} ± ${(error / scale).toFixed(decimals)})e${magnitude >= 0 ? '+' : ''}${magnitude}`;
  }
  const decimals = Math.max(0, -place);
  const round = (v: number) => (place > 0 ? String(Math.round(v / 10 ** place) * 10 ** place) : v.toFixed(decimals));
  return `${round(value)} ± ${round(error)}`;
}

export interface FitRow {
  name: string;
  value: number;
  error: number;
  /** Value ± error as text. */
  text: string;
}

/** One row per parameter, for a results table. */
export function fitRows(result: FitResult): FitRow[] {
  return result.parameters.map((p) => ({ ...p, text: formatWithError(p.value, p.error) }));
}

/** The whole result as plain text, to copy into a logbook. */
export function formatFitResult(result: FitResult, labels: { x?: string; y?: string } = {}): string {
  const what = labels.y ? ` of ${labels.y}` : '';
  const over = labels.x ? ` ${labels.x}` : ' x';
  const lines = [
    `${result.model} fit${what}, ${result.background} background, ${result.points} points,${over} in [${plain(result.range.min)}, ${plain(result.range.max)}]`,
  ];
  const width = Math.max(4, ...result.parameters.map((p) => p.name.length));
  for (const row of fitRows(result)) lines.push(`${row.name.padEnd(width)} = ${row.text}`);
  if (result.area) lines.push(`${'area'.padEnd(width)} = ${formatWithError(result.area.value, result.area.error)}`);
  lines.push(`chi2 = ${plain(result.chi2)}, reduced chi2 = ${plain(result.reducedChi2)} (${result.dof} degrees of freedom)`);
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}
