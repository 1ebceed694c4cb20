/**
 * Text forms of decoded points for the slice route: JSON (one element per point, nested by the point's
 * own shape) and CSV (one row per point, its elements flattened in C order). Exact for every dtype:
 * bool as true/false, 64-bit integers with all their digits, complex as [re, im] pairs (JSON) or
 * `re+imj` (CSV, as Python's complex() reads it). JSON has no NaN or infinities: they become null.
 */
import type { NumericArray } from '../../lib/blissdata/dtype';
import type { PointRun } from '../data/points';

export interface TextOptions {
  /** 64-bit integers as JSON strings (for clients whose JSON numbers are doubles, like JavaScript). */
  bigintAsString: boolean;
}

export type Element = (data: NumericArray, i: number) => string;

function jsonElement(dtype: string, options: TextOptions): Element {
  const kind = dtype[1];
  if (kind === 'b') return (d, i) => (d[i] ? 'true' : 'false');
  if (kind === 'c') {
    return (d, i) => `[${jsonNumber(d[2 * i] as number)},${jsonNumber(d[2 * i + 1] as number)}]`;
  }
  if (dtype.endsWith('8') && (kind === 'i' || kind === 'u')) return options.bigintAsString ? (d, i) => `"${d[i]}"` : (d, i) => String(d[i]);
  if (kind === 'f') return (d, i) => jsonNumber(d[i] as number);
  return (d, i) => String(d[i]);
}

function jsonNumber(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  return Object.is(v, -0) ? '-0' : String(v);
}

function csvNumber(v: number): string {
  // Python's float() reads nan, inf and -inf (any case); JavaScript's Infinity spelling too.
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return Object.is(v, -0) ? '-0' : String(v);
}

/** How one element of decoded data of `dtype` is written in CSV. */
export function csvElement(dtype: string): Element {
  const kind = dtype[1];
  if (kind === 'b') return (d, i) => (d[i] ? 'true' : 'false');
  if (kind === 'c') {
    return (d, i) => {
      const im = d[2 * i + 1] as number;
      const imText = csvNumber(im);
      return `${csvNumber(d[2 * i] as number)}${imText.startsWith('-') ? '' : '+'}${imText}j`;
    };
  }
  if (kind === 'f') return (d, i) => csvNumber(d[i] as number);
  return (d, i) => String(d[i]);
}

/** One CSV field (RFC 4180): quoted, with doubled quotes, when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function nestJson(element: Element, data: NumericArray, item: number, shape: readonly number[], dim: number, out: string[]): number {
  if (dim === shape.length) {
    out.push(element(data, item));
    return item + 1;
  }
  out.push('[');
  for (let k = 0; k < shape[dim]!; k++) {
    if (k) out.push(',');
    item = nestJson(element, data, item, shape, dim + 1, out);
  }
  out.push(']');
  return item;
}

/** Points [a, b) of a run (offsets within the run) as JSON array elements, each preceded by a comma unless `first`. */
export function runToJson(run: PointRun, a: number, b: number, first: boolean, options: TextOptions): string {
  const out: string[] = [];
  if (run.type === 'json') {
    for (let p = a; p < b; p++) out.push(p === a && first ? '' : ',', JSON.stringify(run.values[p]) ?? 'null');
    return out.join('');
  }
  const element = jsonElement(run.dtype, options);
  const per = run.pointShape.reduce((n, d) => n * d, 1);
  for (let p = a; p < b; p++) {
    if (!(p === a && first)) out.push(',');
    nestJson(element, run.data, p * per, run.pointShape, 0, out);
  }
  return out.join('');
}

/**
 * The CSV header line, one field per column of the rows below it: `index`, then the stream's name for a
 * scalar or JSON stream, or one column per element of a fixed point shape, named by its position
 * (`mca[0]`, `mca[1]`… and `img[0,0]`, `img[0,1]`… in C order). Rows of a variable-shape stream differ
 * in width, so no column list fits them: its header says so with one `name[variable shape, C order]` field.
 */
export function csvHeader(name: string, shape: readonly number[] | null): string {
  if (!shape || shape.length === 0) return `index,${csvField(name)}\n`;
  if (shape.some((d) => d < 0)) return `index,${csvField(`${name}[variable shape, C order]`)}\n`;
  const out = ['index'];
  const position = new Array<number>(shape.length).fill(0);
  const total = shape.reduce((n, d) => n * d, 1);
  for (let k = 0; k < total; k++) {
    out.push(csvField(`${name}[${position.join(',')}]`));
    for (let dim = shape.length - 1; dim >= 0 && ++position[dim]! === shape[dim]; dim--) position[dim] = 0;
  }
  return `${out.join(',')}\n`;
}

/** Points [a, b) of a run as CSV rows `index,elements...`, each ending with a line break. */
export function runToCsv(run: PointRun, a: number, b: number): string {
  const out: string[] = [];
  if (run.type === 'json') {
    for (let p = a; p < b; p++) {
      const v = run.values[p];
      out.push(`${run.index + p},${csvField(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))}\n`);
    }
    return out.join('');
  }
  const element = csvElement(run.dtype);
  const per = run.pointShape.reduce((n, d) => n * d, 1);
  for (let p = a; p < b; p++) {
    out.push(String(run.index + p));
    for (let k = p * per; k < (p + 1) * per; k++) out.push(',', element(run.data, k));
    out.push('\n');
  }
  return out.join('');
}
