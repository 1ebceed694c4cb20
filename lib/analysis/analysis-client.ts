/**
 * Page side of the analysis worker: promise-based calls, and `latest` calls for live refits where only the
 * newest request of a kind matters (an older one still running is answered `superseded` as soon as a newer
 * one is sent, so a fast stream of points never queues stale fits).
 */
import type { FitRequest, FitResult } from './fit/fit-curve';
import type { Histogram, HistogramOptions } from './image/histogram';
import type { CurveStats } from '../plot-math/curve-stats';
import { fitRequestMessage, histogramRequestMessage, statsRequestMessage, type AnalysisResponse, type Outgoing } from './worker-protocol';

/** What AnalysisClient needs of a Worker (or a MessagePort in tests). */
export interface AnalysisPort {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** The analysis failed; `name` is the worker-side error class (FitError, ExpressionError, Error). */
export class AnalysisError extends Error {
  constructor(
    message: string,
    readonly errorName: string,
  ) {
    super(message);
    this.name = 'AnalysisError';
  }
}

/** A newer request with the same key was sent before this one's answer came. */
export class SupersededError extends Error {
  override name = 'SupersededError';
}

interface Pending {
  resolve(value: { result: unknown; elapsed: number }): void;
  reject(error: Error): void;
  key?: string;
}

export class AnalysisClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly latestByKey = new Map<string, number>();
  private readonly listener = (event: { data: unknown }) => this.receive(event.data as AnalysisResponse);

  constructor(private readonly port: AnalysisPort) {
    port.addEventListener('message', this.listener);
  }

  /** Fits in the worker. With `key`, a newer call with the same key supersedes this one. */
  fit(request: FitRequest, key?: string): Promise<{ result: FitResult; elapsed: number }> {
    return this.send((id) => fitRequestMessage(id, request), key) as Promise<{ result: FitResult; elapsed: number }>;
  }

  histogram(values: ArrayLike<number>, options?: HistogramOptions, key?: string): Promise<{ result: Histogram; elapsed: number }> {
    return this.send((id) => histogramRequestMessage(id, values, options), key) as Promise<{ result: Histogram; elapsed: number }>;
  }

  /** Bliss statistics of the first n points (see curveStats), computed in the worker. */
  stats(x: ArrayLike<number>, y: ArrayLike<number>, n: number, key?: string): Promise<{ result: CurveStats; elapsed: number }> {
    return this.send((id) => statsRequestMessage(id, x, y, n), key) as Promise<{ result: CurveStats; elapsed: number }>;
  }

  /** Stops listening; pending calls are rejected. */
  dispose(): void {
    this.port.removeEventListener('message', this.listener);
    for (const p of this.pending.values()) p.reject(new Error('analysis client disposed'));
    this.pending.clear();
  }

  private send(build: (id: number) => Outgoing<{ id: number }>, key?: string): Promise<{ result: unknown; elapsed: number }> {
    const id = this.nextId++;
    const { message, transfer } = build(id);
    if (key !== undefined) {
      const previous = this.latestByKey.get(key);
      if (previous !== undefined) {
        this.pending.get(previous)?.reject(new SupersededError(`analysis "${key}" superseded by a newer request`));
        this.pending.delete(previous);
      }
      this.latestByKey.set(key, id);
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, key });
      this.port.postMessage(message, transfer);
    });
  }

  private receive(response: AnalysisResponse): void {
    const p = this.pending.get(response.id);
    if (!p) return; // superseded or disposed: its answer is dropped
    this.pending.delete(response.id);
    if (p.key !== undefined && this.latestByKey.get(p.key) === response.id) this.latestByKey.delete(p.key);
    if (response.ok) p.resolve({ result: response.result, elapsed: response.elapsed });
    else p.reject(new AnalysisError(response.error.message, response.error.name));
  }
}
