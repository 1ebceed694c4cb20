'use client';
/** Progress, elapsed and remaining time of a list row; only running rows tick. */
import { endKind, formatDuration, isRunning, scanTiming } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';
import { ProgressBar } from '../common/progress-bar';
import { useNow } from '../common/use-now';

function Times({ summary, now }: { summary: ScanSummary; now: number }) {
  const { elapsedMs, remainingMs, fraction } = scanTiming(summary, now);
  const running = isRunning(summary.state);
  const { published, expected } = summary.progress;
  const count = expected !== null ? `${published} / ${expected}` : `${published} pts`;
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

function RunningTimes({ summary }: { summary: ScanSummary }) {
  const now = useNow();
  return <Times summary={summary} now={now} />;
}

export function ScanTimes({ summary }: { summary: ScanSummary }) {
  return isRunning(summary.state) ? <RunningTimes summary={summary} /> : <Times summary={summary} now={Number.NaN} />;
}
