/**
 * What the scan tables share (the live list, the catalogue search, a sequence's sub-scans): the header,
 * from one list of columns each table picks from, and the title cell linking to the scan's page.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';

const COLUMNS = {
  number: { label: '#', numeric: true },
  scan: { label: 'Scan', numeric: false },
  session: { label: 'Session', numeric: false },
  state: { label: 'State', numeric: false },
  progress: { label: 'Progress', numeric: false },
  points: { label: 'Points', numeric: true },
  started: { label: 'Started', numeric: false },
  ended: { label: 'Ended', numeric: false },
  data: { label: 'Data', numeric: false },
} as const;

export type ScanColumn = keyof typeof COLUMNS;

export function scanHref(key: string): string {
  return `/scans/${encodeURIComponent(key)}`;
}

export function ScanTableHead({ columns }: { columns: readonly ScanColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} className={COLUMNS[column].numeric ? 'num' : undefined}>
            {COLUMNS[column].label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The scan's title (its name when untitled) as a link to its page, with a line below it when given. */
export function ScanTitleCell({ scan, below, tabIndex }: { scan: { key: string; title?: string | null; name: string }; below?: ReactNode; tabIndex?: number }) {
  return (
    <td className="scanrow__title">
      <Link href={scanHref(scan.key)} tabIndex={tabIndex} className="scanrow__link" prefetch={false}>
        {scan.title ?? scan.name}
      </Link>
      {below}
    </td>
  );
}
