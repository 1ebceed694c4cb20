'use client';
/**
 * A scan sequence's page body: its sub-scans with their live state and progress, each a link. The
 * sequence itself records no data (its only stream announces the sub-scans), so there is nothing to
 * plot or tabulate here.
 */
import { endKind } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';
import { StateBadge } from '../common/state-badge';
import { ScanTimes } from '../scan-list/scan-times';
import { ScanTableHead, ScanTitleCell } from '../scan-list/scan-table-parts';

export function SequencePanel({ subScans, expected, ended }: { subScans: ScanSummary[] | null; expected: number | null; ended: boolean }) {
  const pending = expected !== null && subScans ? Math.max(0, expected - subScans.length) : 0;
  return (
    <section className="panel sequencepanel" aria-label="Sub-scans">
      <div className="panel__head">
        <h2 className="panel__title">Sub-scans</h2>
        <span className="muted num">{subScans === null ? 'loading…' : `${subScans.length}${expected !== null ? ` of ${expected}` : ''} started`}</span>
      </div>
      <div className="tablewrap">
        <table className="table scantable scantable--sub" aria-label="Sub-scans of this sequence">
          <ScanTableHead columns={['number', 'scan', 'state', 'progress']} />
          <tbody>
            {(subScans ?? []).map((s) => (
              <tr key={s.key} className={`scanrow scanrow--${endKind(s)}`} data-scan-key={s.key}>
                <td className="num scanrow__number">{s.number}</td>
                <ScanTitleCell scan={s} />
                <td>
                  <StateBadge summary={s} />
                </td>
                <td className="scanrow__progress">
                  <ScanTimes summary={s} />
                </td>
              </tr>
            ))}
            {pending > 0 ? (
              <tr className="muted">
                <td colSpan={4}>
                  {pending === 1 ? '1 more sub-scan announced' : `${pending} more sub-scans announced`}
                  {ended ? ': never run, the sequence ended' : ', not started yet'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
    </section>
  );
}
