'use client';
/** The count table itself (pure view of the rows `tableRows` made). */
import styles from '../plots.module.css';
import { valueText, type TableRow } from './table-rows';

export function CountTable({ rows }: { rows: TableRow[] }) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table}>
        <thead>
          <tr>
            <th scope="col">channel</th>
            <th scope="col" style={{ textAlign: 'right' }}>
              value
            </th>
            <th scope="col">unit</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name}>
              <th scope="row" title={r.name} style={{ fontWeight: 500 }}>
                {r.label}
                {r.alias !== null ? <span className={styles.muted}> ({r.alias})</span> : null}
              </th>
              <td className={styles.num}>{valueText(r)}</td>
              <td>{r.unit ?? ''}</td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3} className={styles.muted}>
                No scalar channel in this scan.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
