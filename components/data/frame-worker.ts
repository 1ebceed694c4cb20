/**
 * Web worker for image frames: fetch, decode (X-Dtype/X-Shape) and autoscale off the main thread, then
 * hand the pixel buffer over without copying (transfer). An 8 MB detector frame arriving at 10 Hz costs
 * the page only the colormap pass and the blit.
 */
import type { AutoscaleMode, Range } from '@/lib/plot-math/autoscale';
import { fetchFrame, FrameError, type DecodedFrame, type FrameErrorKind } from './frame-fetch';
import { imageRange } from '@/lib/plot-math/image-range';

export type FrameWorkerRequest =
  | { type: 'fetch'; id: number; url: string; index: number; mode: AutoscaleMode; log: boolean }
  | { type: 'cancel'; id: number };

export type FrameWorkerReply =
  | { id: number; ok: true; frame: DecodedFrame; range: Range; fetchMs: number; scaleMs: number }
  | { id: number; ok: false; error: { message: string; kind: FrameErrorKind | 'abort'; status: number | null; lastReadable: number | null } };

interface WorkerScope {
  onmessage: ((event: MessageEvent<FrameWorkerRequest>) => void) | null;
  postMessage(message: FrameWorkerReply, options?: { transfer?: Transferable[] }): void;
}

const scope = self as unknown as WorkerScope;
const controllers = new Map<number, AbortController>();

scope.onmessage = (event) => {
  const req = event.data;
  if (req.type === 'cancel') {
    controllers.get(req.id)?.abort();
    controllers.delete(req.id);
    return;
  }
  const controller = new AbortController();
  controllers.set(req.id, controller);
  const t0 = performance.now();
  fetchFrame(req.url, req.index, controller.signal).then(
    (frame) => {
      controllers.delete(req.id);
      const t1 = performance.now();
      const first = frame.layers > 1 ? frame.data.subarray(0, frame.width * frame.height) : frame.data;
      const range = imageRange(first as DecodedFrame['data'], req.mode, req.log);
      const t2 = performance.now();
      scope.postMessage({ id: req.id, ok: true, frame, range, fetchMs: t1 - t0, scaleMs: t2 - t1 }, { transfer: [frame.data.buffer as ArrayBuffer] });
    },
    (error: unknown) => {
      controllers.delete(req.id);
      const aborted = controller.signal.aborted;
      scope.postMessage({
        id: req.id,
        ok: false,
        error: {
          message: error instanceof Error ? error.message : String(error),
          kind: aborted ? 'abort' : error instanceof FrameError ? error.kind : 'network',
          status: error instanceof FrameError ? error.status : null,
          lastReadable: error instanceof FrameError ? error.lastReadable : null,
        },
      });
    },
  );
};
