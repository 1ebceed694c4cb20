'use client';
/**
 * Histograms of displayed images, computed in the analysis worker (one per page, started on first use)
 * so a large frame never blocks the page; main thread only where workers cannot start, and then only
 * for frames small enough to stay well under a long task.
 */
import { AnalysisClient, SupersededError } from '@/lib/analysis/analysis-client';
import { histogram, type Histogram } from '@/lib/analysis/image/histogram';

const MAIN_THREAD_MAX_VALUES = 1 << 20;
let client: AnalysisClient | null | undefined;

function getClient(): AnalysisClient | null {
  if (client !== undefined) return client;
  try {
    const worker = new Worker(new URL('../../../lib/analysis/analysis.worker.ts', import.meta.url), { type: 'module', name: 'lantern-analysis' });
    client = new AnalysisClient(worker);
  } catch {
    client = null;
  }
  return client;
}

/** The histogram of `values` (`key`: a newer call with the same key supersedes this one: resolved null). */
export async function imageHistogram(values: ArrayLike<number>, options: { bins: number; log: boolean }, key: string): Promise<Histogram | null> {
  const c = typeof Worker === 'undefined' ? null : getClient();
  if (!c) return values.length <= MAIN_THREAD_MAX_VALUES ? histogram(values, options) : null;
  try {
    return (await c.histogram(values, options, key)).result;
  } catch (e) {
    if (e instanceof SupersededError) return null;
    throw e;
  }
}
