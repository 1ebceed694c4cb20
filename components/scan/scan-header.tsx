'use client';
/**
 * What scan this is and where it stands: title, number, session, type, state (aborted and failed
 * marked), progress with elapsed / remaining time, start and end times.
 */
import type { ReactNode } from 'react';
import { endKind, formatDateTime, formatDuration, isRunning, parseTime, scanTiming } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';
import { ProgressBar } from '../common/progress-bar';
import { StateBadge } from '../common/state-badge';
import { useNow } from '../common/use-now';
import Link from 'next/link';
import { scanHref } from '../scan-list/scan-table';
import type { SequenceProgress } from '../scan-list/sequence-progress';
import { scanProgress } from './scan-progress';
import { useParentScan } from './sub-scans';
import { useScan, useScanStoreObject } from './scan-store-provider';

function Clocked({ summary, fraction, children }: { summary: ScanSummary; fraction: number | null; children(t: ReturnType<typeof scanTiming>): ReactNode }) {
  const now = useNow();
  return <>{children(scanTiming(summary, now, fraction))}</>;
}

function EndNote({ summary }: { summary: ScanSummary }) {
  const kind = endKind(summary);
  if (kind === 'aborted') return <div className="endnote endnote--aborted" role="note">■ Aborted by the user (USER_ABORT): the data stop where the scan was interrupted.</div>;
  if (kind === 'failed') return <div className="endnote endnote--failed" role="note">✖ The scan failed (FAILURE): the data stop where it broke.</div>;
  if (kind === 'deleted') return <div className="endnote endnote--failed" role="note">The scan was deleted (DELETION).</div>;
  return null;
}

/** `sequence`: the progress of a scan sequence, from its sub-scans. */
export function ScanHeader({ actions, sequence }: { actions?: ReactNode; sequence?: SequenceProgress }) {
  const store = useScanStoreObject();
  const summary = useScan((s) => s.summary);
  const info = useScan((s) => s.info);
  useScan((s) => s.version); // progress per channel moves with the data
  const parent = useParentScan(typeof info?.group === 'string' && info.group ? info.group : null);
  if (!summary) return null;
  const fraction = sequence ? sequence.fraction : scanProgress(info, summary, store.buffers());
  const start = parseTime(summary.startTime);
  const end = parseTime(summary.endTime);
  const running = isRunning(summary.state);
  const times = (t: ReturnType<typeof scanTiming>) => (
    <>
      <ProgressBar fraction={t.fraction} kind={endKind(summary)} label="Scan progress" />
      <div className="scanhead__progress-text">
        <span className="num">{t.fraction === null ? `${summary.progress.published} points` : `${(t.fraction * 100).toFixed(t.fraction < 0.1 ? 1 : 0)} %`}</span>
        {sequence ? (
          <span className="num muted">{` (${sequence.done} / ${sequence.expected ?? '?'} sub-scans done)`}</span>
        ) : summary.progress.expected !== null ? (
          <span className="num muted">{` (${summary.progress.published} / ${summary.progress.expected} points)`}</span>
        ) : null}
        <span className="times__sep">·</span>
        <span>{running ? 'elapsed ' : 'took '}{formatDuration(t.elapsedMs)}</span>
        {running ? <span>{t.remainingMs === null ? ' · estimating time left…' : ` · ~${formatDuration(t.remainingMs)} left`}</span> : null}
      </div>
    </>
  );
  return (
    <section className="scanhead" aria-label="Scan">
      <div className="scanhead__row">
        <h1 className="scanhead__title">
          <span className="scanhead__number num">#{summary.number}</span> {summary.title ?? summary.name}
        </h1>
        <StateBadge summary={summary} large />
        <div className="scanhead__actions">{actions}</div>
      </div>
      <dl className="scanhead__facts">
        <div>
          <dt>Session</dt>
          <dd>{summary.session ?? '—'}</dd>
        </div>
        <div>
          <dt>Type</dt>
          <dd>{summary.type ?? summary.name}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd className="num">{formatDateTime(start)}</dd>
        </div>
        <div>
          <dt>Ended</dt>
          <dd className="num">{running ? '—' : formatDateTime(end)}</dd>
        </div>
        <div>
          <dt>End reason</dt>
          <dd className={`endreason endreason--${endKind(summary)}`}>{summary.endReason ?? (running ? 'not ended yet' : '—')}</dd>
        </div>
      </dl>
      <div className="scanhead__progress">{running ? <Clocked summary={summary} fraction={fraction}>{times}</Clocked> : times(scanTiming(summary, Number.NaN, fraction))}</div>
      {parent ? (
        <p className="scanhead__parent" data-testid="parent-sequence">
          Part of the sequence{' '}
          <Link href={scanHref(parent.key)} prefetch={false}>
            {parent.number !== null ? `#${parent.number} ` : ''}
            {parent.title ?? 'open it'}
          </Link>
        </p>
      ) : null}
      <EndNote summary={summary} />
    </section>
  );
}
