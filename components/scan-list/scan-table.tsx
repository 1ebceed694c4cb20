'use client';
/**
 * The scan list as a table: newest first, keyboard navigable (arrows, Home/End, Enter opens; the
 * selection follows the scan, not the row number, as new scans push rows down).
 */
import { useRouter } from 'next/navigation';
import { memo, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { endKind, formatClock, formatDateTime, parseTime } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';
import { StateBadge } from '../common/state-badge';
import { useToday } from '../common/use-now';
import { scanHref, ScanTableHead, ScanTitleCell } from './scan-table-parts';
import { ScanTimes } from './scan-times';
import { sequenceProgress, subScansByParent, type SequenceProgress } from './sequence-progress';

export { scanHref };

const Row = memo(function Row({ scan, selected, onSelect, sequence }: { scan: ScanSummary; selected: boolean; onSelect(key: string): void; sequence?: SequenceProgress }) {
  const router = useRouter();
  const today = useToday();
  const kind = endKind(scan);
  const start = parseTime(scan.startTime);
  const end = parseTime(scan.endTime);
  return (
    <tr
      className={`scanrow scanrow--${kind}${selected ? ' scanrow--selected' : ''}`}
      tabIndex={selected ? 0 : -1}
      aria-selected={selected}
      data-scan-key={scan.key}
      data-scan-number={scan.number}
      onClick={(e) => {
        if ((e.target as HTMLElement).closest('a')) return;
        onSelect(scan.key);
        router.push(scanHref(scan.key));
      }}
      onFocus={() => onSelect(scan.key)}
    >
      <td className="num scanrow__number">{scan.error ? '?' : scan.number}</td>
      <ScanTitleCell
        scan={scan}
        tabIndex={-1}
        below={scan.error ? <div className="scanrow__error">{scan.error}</div> : scan.type && scan.title !== scan.type ? <div className="scanrow__sub">{scan.type}</div> : null}
      />
      <td className="scanrow__session">{scan.session ?? '—'}</td>
      <td>
        <StateBadge summary={scan} />
      </td>
      <td className="scanrow__progress">
        <ScanTimes summary={scan} sequence={sequence} />
      </td>
      <td className="num scanrow__time" title={formatDateTime(start)}>
        {formatClock(start, today)}
      </td>
      <td className="num scanrow__time" title={scan.endReason ? `${scan.endReason} at ${formatDateTime(end)}` : undefined}>
        {kind === 'running' ? '' : formatClock(end, today)}
      </td>
    </tr>
  );
});

export function ScanTable({ scans, emptyText }: { scans: ScanSummary[]; emptyText: string }) {
  const router = useRouter();
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const selectedIndex = selectedKey === null ? -1 : scans.findIndex((s) => s.key === selectedKey);
  const sequences = useMemo(() => {
    const children = subScansByParent(scans);
    const out = new Map<string, SequenceProgress>();
    for (const s of scans) if (s.sequence) out.set(s.key, sequenceProgress(s, children.get(s.key) ?? []));
    return out;
  }, [scans]);
  // The first row is the tab stop until the user picks one.
  const tabStop = selectedIndex >= 0 ? selectedIndex : 0;

  const focusRow = (index: number) => {
    const scan = scans[index];
    if (!scan) return;
    setSelectedKey(scan.key);
    const row = bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-scan-key="${CSS.escape(scan.key)}"]`);
    row?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const moves: Record<string, number> = { ArrowDown: tabStop + 1, ArrowUp: tabStop - 1, Home: 0, End: scans.length - 1, PageDown: tabStop + 10, PageUp: tabStop - 10 };
    if (e.key in moves) {
      e.preventDefault();
      focusRow(Math.max(0, Math.min(scans.length - 1, moves[e.key]!)));
    } else if (e.key === 'Enter') {
      const scan = scans[tabStop];
      if (scan) {
        e.preventDefault();
        router.push(scanHref(scan.key));
      }
    }
  };

  // Keep the selected row in view when rows are added above it.
  useEffect(() => {
    if (selectedKey === null) return;
    const row = bodyRef.current?.querySelector<HTMLTableRowElement>(`tr[data-scan-key="${CSS.escape(selectedKey)}"]`);
    if (row && document.activeElement === row) row.scrollIntoView({ block: 'nearest' });
  }, [scans, selectedKey]);

  return (
    <div className="tablewrap">
      <table className="table scantable" aria-label="Scans">
        <ScanTableHead columns={['number', 'scan', 'session', 'state', 'progress', 'started', 'ended']} />
        <tbody ref={bodyRef} onKeyDown={onKeyDown}>
          {scans.map((scan, i) => (
            <Row key={scan.key} scan={scan} selected={i === tabStop} onSelect={setSelectedKey} sequence={sequences.get(scan.key)} />
          ))}
        </tbody>
      </table>
      {scans.length === 0 ? <p className="empty">{emptyText}</p> : null}
    </div>
  );
}

/** Focuses the first row (from the search box with ArrowDown). */
export function focusFirstRow(): void {
  document.querySelector<HTMLTableRowElement>('.scantable tbody tr')?.focus();
}
