'use client';
/**
 * The scan's positioners as a table (Flint's "positioners" list, Bliss's `scan_info.positioners`):
 * every motor's user position at the start and the end of the scan, what it moved, its unit and dial
 * positions. End positions arrive when the scan ends: until then the column says so.
 */
import { useMemo } from 'react';
import { positionersOf, type Positioner } from '@/lib/analysis/positioners';
import { useScan } from './scan-store-provider';
import { formatValue } from './value-format';

function Num({ v }: { v: number | undefined }) {
  return (
    <td className="num" title={v === undefined ? undefined : String(v)}>
      {v === undefined ? '—' : formatValue(v)}
    </td>
  );
}

function moved(p: Positioner): number | undefined {
  return p.start !== undefined && p.end !== undefined ? p.end - p.start : undefined;
}

export function PositionersTable() {
  const info = useScan((s) => s.snapshot?.info);
  const running = useScan((s) => (s.summary ? s.summary.state !== 'CLOSED' : false));
  const rows = useMemo(() => positionersOf(info), [info]);
  if (rows.length === 0) return null;
  const hasEnd = rows.some((r) => r.end !== undefined);
  const hasDial = rows.some((r) => r.dialStart !== undefined || r.dialEnd !== undefined);
  return (
    <details className="panel positioners" open>
      <summary className="panel__title">
        Positioners <span className="muted">({rows.length} motors{hasEnd ? '' : running ? ', end positions when the scan ends' : ', no end positions recorded'})</span>
      </summary>
      <div className="tablewrap tablewrap--positioners">
        <table className="table" aria-label="Positioners">
          <thead>
            <tr>
              <th>motor</th>
              <th className="num">start</th>
              <th className="num">end</th>
              <th className="num">moved</th>
              <th>unit</th>
              {hasDial ? (
                <>
                  <th className="num">dial start</th>
                  <th className="num">dial end</th>
                </>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => {
              const d = moved(p);
              return (
                <tr key={p.name} data-motor={p.name} className={d ? 'positioners__moved' : undefined}>
                  <th scope="row">{p.name}</th>
                  <Num v={p.start} />
                  <Num v={p.end} />
                  <Num v={d} />
                  <td>{p.unit ?? ''}</td>
                  {hasDial ? (
                    <>
                      <Num v={p.dialStart} />
                      <Num v={p.dialEnd} />
                    </>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
