/**
 * The scan's progress as Flint computes it (lib/blissdata/scan-info.ts progressPlan): per channel
 * declaring its points, the stream lengths the server reports; otherwise published / expected.
 */
import { progressFraction, progressPlan, type ScanInfo } from '@/lib/blissdata/scan-info';
import type { ScanBuffers } from '@/lib/live-data/scan-buffers';
import type { ScanSummary } from '@/lib/wire/contract';

export function scanProgress(info: ScanInfo | null, summary: ScanSummary, buffers: ScanBuffers): number | null {
  if (!info) return null;
  const finished = summary.state === 'CLOSED' || summary.state === 'STOPPED';
  return progressFraction(progressPlan(info), {
    pointsOf(channel) {
      const id = buffers.idOf(channel);
      return id === undefined ? undefined : buffers.meta(id)?.length;
    },
    anyPoints: summary.progress.published,
    finished,
  });
}
