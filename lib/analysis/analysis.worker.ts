/**
 * The analysis Web Worker. The page creates it with
 * `new Worker(new URL('../../lib/analysis/analysis.worker.ts', import.meta.url), { type: 'module' })`
 * and talks to it through AnalysisClient.
 */
import { handleAnalysisRequest } from './worker-handler';

interface WorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
scope.onmessage = (event) => {
  const { message, transfer } = handleAnalysisRequest(event.data);
  scope.postMessage(message, transfer);
};
