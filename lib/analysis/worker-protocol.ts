/**
 * Messages between the page and an analysis Web Worker, so a fit (or the histogram of a large image) runs
 * off the main thread and a live refit never blocks the page. Arrays travel as transferred Float64Array
 * copies: the page's own buffers (shared with its plots) are never detached.
 *
 * Page side: `AnalysisClient` (analysis-client.ts). Worker side: `handleAnalysisRequest`
 * (worker-handler.ts), installed by analysis.worker.ts. Both are plain functions of the messages, so
 * they are tested without a browser.
 */
// Types only: the fitting code (ml-matrix, Levenberg-Marquardt) is the worker's (worker-handler.ts), not
// the page's, whose AnalysisClient builds these messages.
import type { FitRequest, FitResult } from './fit/fit-curve';
import type { Histogram, HistogramOptions } from './image/histogram';
import type { CurveStats } from '../plot-math/curve-stats';

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
