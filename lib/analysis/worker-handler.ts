/**
 * The analysis worker's side of worker-protocol.ts: runs the fit, histogram or curve statistics a message asks for. Kept
 * apart from the message builders so that the page's bundle, which only sends messages, does not carry
 * the fitting code.
 */
import { fitCurve } from './fit/fit-curve';
import { histogram } from './image/histogram';
import { curveStats, emptyCurveStats } from '../plot-math/curve-stats';
import type { AnalysisRequest, AnalysisResponse, Outgoing } from './worker-protocol';

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
