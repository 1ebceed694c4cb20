/**
 * Messages between the page and an analysis Web Worker, so a fit (or the histogram of a large image) runs
 * off the main thread and a live refit never blocks the page. Arrays travel as transferred Float64Array
 * copies: the page's own buffers (shared with its plots) are never detached.
 *
 * Page side: `AnalysisClient` (analysis-client.ts). Worker side: `handleAnalysisRequest`, installed by
 * analysis.worker.ts. Both are plain functions of the messages, so they are tested without a browser.
 */
import { fitCurve, type FitRequest, type FitResult } from './fit/fit-curve';
import { histogram, type Histogram, type HistogramOptions } from './image/histogram';
import { curveStats, emptyCurveStats, type CurveStats } from '../plot-math/curve-stats';

/** A fit request as sent: arrays are Float64Array copies the message owns. */
export interface FitRequestMessage {
  id: number;
  kind: 'fit';
  request: Omit<FitRequest, 'x' | 'y'> & { x: Float64Array; y: Float64Array };
}

export interface HistogramRequestMessage {
  id: number;
  kind: 'histogram';
  values: Float64Array;
  options: HistogramOptions;
}

/** Bliss statistics of a long curve (O(n) or more: off the page's main thread). */
export interface StatsRequestMessage {
  id: number;
  kind: 'stats';
  x: Float64Array;
  y: Float64Array;
}

export type AnalysisRequest = FitRequestMessage | HistogramRequestMessage | StatsRequestMessage;

export interface AnalysisFailure {
  id: number;
  ok: false;
  /** Error class name (FitError, Error) and its message, for the page to show. */
  error: { name: string; message: string };
}

export type AnalysisResponse =
  | { id: number; ok: true; kind: 'fit'; result: FitResult; /** Worker time in ms. */ elapsed: number }
  | { id: number; ok: true; kind: 'histogram'; result: Histogram; elapsed: number }
  | { id: number; ok: true; kind: 'stats'; result: CurveStats; elapsed: number }
  | AnalysisFailure;

export interface Outgoing<T> {
  message: T;
  /** Buffers to pass as postMessage's transfer list. */
  transfer: ArrayBuffer[];
}

/** A private Float64Array copy of (the first `n` values of) an array, safe to transfer. */
function copy(values: ArrayLike<number>, n = values.length): Float64Array<ArrayBuffer> {
  if (values instanceof Float64Array) return values.slice(0, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(values[i]);
  return out;
}

export function fitRequestMessage(id: number, request: FitRequest): Outgoing<FitRequestMessage> {
  const n = Math.min(request.x.length, request.y.length);
  const x = copy(request.x, n);
  const y = copy(request.y, n);
  return { message: { id, kind: 'fit', request: { ...request, x, y } }, transfer: [x.buffer, y.buffer] };
}

export function histogramRequestMessage(id: number, values: ArrayLike<number>, options: HistogramOptions = {}): Outgoing<HistogramRequestMessage> {
  const v = copy(values);
  return { message: { id, kind: 'histogram', values: v, options }, transfer: [v.buffer] };
}

export function statsRequestMessage(id: number, x: ArrayLike<number>, y: ArrayLike<number>, n: number): Outgoing<StatsRequestMessage> {
  n = Math.max(0, Math.min(n, x.length, y.length));
  const xs = copy(x, n);
  const ys = copy(y, n);
  return { message: { id, kind: 'stats', x: xs, y: ys }, transfer: [xs.buffer, ys.buffer] };
}

function isRequest(value: unknown): value is AnalysisRequest {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { id?: unknown; kind?: unknown };
  return typeof m.id === 'number' && (m.kind === 'fit' || m.kind === 'histogram' || m.kind === 'stats');
}

/** The worker's answer to one message; never throws (errors become `ok: false` answers). */
export function handleAnalysisRequest(data: unknown, now: () => number = () => performance.now()): Outgoing<AnalysisResponse> {
  if (!isRequest(data)) {
    const id = typeof (data as { id?: unknown } | null)?.id === 'number' ? (data as { id: number }).id : -1;
    return { message: { id, ok: false, error: { name: 'Error', message: 'not an analysis request' } }, transfer: [] };
  }
  const start = now();
  try {
    if (data.kind === 'fit') {
      const result = fitCurve(data.request);
      return {
        message: { id: data.id, ok: true, kind: 'fit', result, elapsed: now() - start },
        transfer: [result.curve.x.buffer as ArrayBuffer, result.curve.y.buffer as ArrayBuffer],
      };
    }
    if (data.kind === 'stats') {
      const result = curveStats(data.x, data.y, 0, data.x.length, emptyCurveStats());
      return { message: { id: data.id, ok: true, kind: 'stats', result, elapsed: now() - start }, transfer: [] };
    }
    const result = histogram(data.values, data.options);
    return {
      message: { id: data.id, ok: true, kind: 'histogram', result, elapsed: now() - start },
      transfer: [result.edges.buffer as ArrayBuffer, result.counts.buffer as ArrayBuffer],
    };
  } catch (e) {
    const error = e instanceof Error ? { name: e.name, message: e.message } : { name: 'Error', message: String(e) };
    return { message: { id: data.id, ok: false, error }, transfer: [] };
  }
}
