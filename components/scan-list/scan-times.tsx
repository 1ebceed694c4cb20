'use client';
/** Progress, elapsed and remaining time of a list row; only running rows tick. */
import { endKind, formatDuration, isRunning, scanTiming } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';
import { ProgressBar } from '../common/progress-bar';
import { useNow } from '../common/use-now';
import type { SequenceProgress } from './sequence-progress';

function Times({ summary, now, sequence }: { summary: ScanSummary; now: number; sequence?: SequenceProgress }) {
  const { elapsedMs, remainingMs, fraction } = scanTiming(summary, now, sequence ? sequence.fraction : undefined);
  const running = isRunning(summary.state);
  const { published, expected } = summary.progress;
  const count = sequence ? `${sequence.done} / ${sequence.expected ?? '?'} scans` : expected !== null ? `${published} / ${expected}` : `${published} pts`;
  return (
    <div className="times">
      <ProgressBar fraction={fraction} kind={endKind(summary)} label={`Progress of scan ${summary.number}`} />
      <div className="times__text">
        <span className="num">{count}</span>
        <span className="times__sep">·</span>
        <span title={running ? 'Elapsed' : 'Duration'}>{formatDuration(elapsedMs)}</span>
        {running ? (
          <>
            <span className="times__sep">·</span>
            <span title="Estimated time left">{remainingMs === null ? 'estimating…' : `~${formatDuration(remainingMs)} left`}</span>
          </>
        ) : null}
      </div>
    </div>
  );
}

function RunningTimes({ summary, sequence }: { summary: ScanSummary; sequence?: SequenceProgress }) {
  const now = useNow();
  return <Times summary={summary} now={now} sequence={sequence} />;
}

/** `sequence`: a scan sequence's progress, from its sub-scans. */
export function ScanTimes({ summary, sequence }: { summary: ScanSummary; sequence?: SequenceProgress }) {
  return isRunning(summary.state) ? <RunningTimes summary={summary} sequence={sequence} /> : <Times summary={summary} now={Number.NaN} sequence={sequence} />;
}
