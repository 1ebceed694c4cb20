import { endKind, stateLabel } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';

/** The scan's state, with aborted and failed scans marked so they cannot be mistaken for finished ones. */
export function StateBadge({ summary, large = false }: { summary: Pick<ScanSummary, 'state' | 'endReason' | 'error'>; large?: boolean }) {
  const kind = endKind(summary);
  const mark = kind === 'aborted' ? '■ ' : kind === 'failed' || kind === 'broken' ? '✖ ' : kind === 'running' ? '● ' : kind === 'success' ? '✓ ' : '';
  return (
    <span className={`badge badge--${kind}${large ? ' badge--large' : ''}`} data-state={summary.state} data-end={kind} title={summary.error ?? (summary.endReason ? `${summary.state} (${summary.endReason})` : summary.state)}>
      <span aria-hidden="true">{mark}</span>
      {stateLabel(summary)}
    </span>
  );
}
