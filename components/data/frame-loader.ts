'use client';
/**
 * Loads image frames through one shared web worker (fetch + decode + autoscale off the main thread),
 * or on the main thread when workers are unavailable. Relative URLs are resolved against the page
 * before they go to the worker.
 */
import type { AutoscaleMode, Range } from '@/lib/plot-math/autoscale';
import { fetchFrame, FrameError, type DecodedFrame } from './frame-fetch';
import type { FrameWorkerReply, FrameWorkerRequest } from './frame-worker';
import { imageRange } from '@/lib/plot-math/image-range';

export interface LoadedFrame {
  frame: DecodedFrame;
  /** Colour range for `mode`/`log` computed with the frame (first layer), or null. */
  range: Range | null;
  mode: AutoscaleMode;
  log: boolean;
  fetchMs: number;
  scaleMs: number;
}

let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, { resolve(v: LoadedFrame): void; reject(e: unknown): void; mode: AutoscaleMode; log: boolean }>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./frame-worker.ts', import.meta.url), { type: 'module', name: 'lantern-frames' });
    worker.onmessage = (event: MessageEvent<FrameWorkerReply>) => {
      const reply = event.data;
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      if (reply.ok) p.resolve({ frame: reply.frame, range: reply.range, mode: p.mode, log: p.log, fetchMs: reply.fetchMs, scaleMs: reply.scaleMs });
      else if (reply.error.kind === 'abort') p.reject(new DOMException('aborted', 'AbortError'));
      else p.reject(new FrameError(reply.error.message, reply.error.kind, reply.error.status, reply.error.lastReadable));
    };
    worker.onerror = () => {
      // A worker that cannot start (blocked, bundling issue): fail what waits, go main-thread from now on.
      worker?.terminate();
      worker = null;
      for (const [id, p] of pending) {
        pending.delete(id);
        p.reject(new FrameError('frame worker failed to start', 'network', null));
      }
    };
  } catch {
    worker = null;
  }
  return worker;
}

export async function loadFrame(url: string, index: number, signal: AbortSignal, mode: AutoscaleMode, log: boolean): Promise<LoadedFrame> {
  const w = typeof Worker === 'undefined' ? null : getWorker();
  if (!w) {
    const t0 = performance.now();
    const frame = await fetchFrame(url, index, signal);
    return { frame, range: null, mode, log, fetchMs: performance.now() - t0, scaleMs: 0 };
  }
  const id = nextId++;
  const absolute = new URL(url, window.location.href).toString();
  return new Promise<LoadedFrame>((resolve, reject) => {
    pending.set(id, { resolve, reject, mode, log });
    const request: FrameWorkerRequest = { type: 'fetch', id, url: absolute, index, mode, log };
    w.postMessage(request);
    signal.addEventListener(
      'abort',
      () => {
        if (!pending.has(id)) return;
        w.postMessage({ type: 'cancel', id } satisfies FrameWorkerRequest);
      },
      { once: true },
    );
  });
}

export { imageRange };
