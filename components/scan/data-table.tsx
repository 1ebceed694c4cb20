'use client';
/**
 * The scalar channels as a table, one row per point, read straight from the buffers (never copied
 * into state). Live mode shows the last rows as they arrive; any other page is one click (or a typed
 * page number) away. Missing and expired points read "—", never 0.
 */
import { useMemo, useState } from 'react';
import type { ModelChannel } from '@/lib/plot-model';
import { useScan, useScanStoreObject } from './scan-store-provider';
import { epochText, formatValue } from './value-format';

const PAGE_SIZE = 50;

export function DataTable() {
  const store = useScanStoreObject();
  const setup = useScan((s) => s.setup);
  useScan((s) => s.version);
  const [live, setLive] = useState(true);
  const [page, setPage] = useState(0);
  const channels = useMemo<ModelChannel[]>(() => (setup ? setup.channels.filter((c) => c.dim === 0 && c.stream !== 'missing' && c.stream !== 'json') : []), [setup]);
  const buffers = store.buffers();
  let rows = 0;
  for (const c of channels) {
    const b = buffers.streamByName(c.name);
    if (b) rows = Math.max(rows, b.length);
  }
  const pages = Math.max(1, Math.ceil(rows / PAGE_SIZE));
  const shownPage = live ? pages - 1 : Math.min(page, pages - 1);
  const from = shownPage * PAGE_SIZE;
  const to = Math.min(rows, from + PAGE_SIZE);
  const go = (p: number) => {
    setLive(false);
    setPage(Math.max(0, Math.min(pages - 1, p)));
  };
  if (!setup) return null;
  if (channels.length === 0) return <p className="empty">No scalar channel to tabulate.</p>;

  const indices: number[] = [];
  for (let i = from; i < to; i++) indices.push(i);
  return (
    <section className="panel datatable" aria-label="Data table">
      <div className="panel__head">
        <h2 className="panel__title">Data</h2>
        <div className="pager" role="group" aria-label="Pages">
          <button type="button" className="btn btn--small" onClick={() => go(0)} disabled={shownPage === 0} aria-label="First page">
            «
          </button>
          <button type="button" className="btn btn--small" onClick={() => go(shownPage - 1)} disabled={shownPage === 0} aria-label="Previous page">
            ‹
          </button>
          <label className="pager__page">
            page{' '}
            <input
              className="input input--page num"
              type="number"
              min={1}
              max={pages}
              value={shownPage + 1}
              // Wide enough for the largest page number (20000 read as "200" in a fixed box).
              style={{ width: `calc(${String(pages).length}ch + 34px)` }}
              aria-label="Page"
              onChange={(e) => {
                const n = Number(e.target.value);
                if (Number.isInteger(n)) go(n - 1);
              }}
            />{' '}
            of <span className="num">{pages}</span>
          </label>
          <button type="button" className="btn btn--small" onClick={() => go(shownPage + 1)} disabled={shownPage >= pages - 1} aria-label="Next page">
            ›
          </button>
          <button type="button" className="btn btn--small" onClick={() => go(pages - 1)} disabled={shownPage >= pages - 1} aria-label="Last page">
            »
          </button>
          <button type="button" className={`btn btn--small${live ? ' btn--on' : ''}`} aria-pressed={live} onClick={() => setLive(!live)} title="Follow the newest rows">
            Live
          </button>
        </div>
        <span className="muted num">{rows} rows</span>
        <a className="btn btn--small" href={`/api/scans/${encodeURIComponent(store.key)}/csv`} download title="Every scalar channel of the whole scan as one CSV file (read from the server, not only what this page holds)">
          CSV of the whole scan
        </a>
      </div>
      <div className="tablewrap tablewrap--data">
        <table className="table datatable__table" data-rows={rows}>
          <thead>
            <tr>
              <th className="num">index</th>
              {channels.map((c) => (
                <th key={c.name} className="num" title={c.name}>
                  {c.displayName}
                  {c.unit ? <span className="chan__unit"> {c.unit}</span> : null}
                  <a className="csv" href={`/api/scans/${encodeURIComponent(store.key)}/streams/${encodeURIComponent(c.name)}?format=csv`} download title={`Download ${c.name} alone as a CSV file`} aria-label={`Download ${c.displayName} as CSV`}>
                    csv
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {indices.map((i) => (
              <tr key={i}>
                <td className="num muted">{i}</td>
                {channels.map((c) => {
                  const b = buffers.streamByName(c.name);
                  const held = b?.has(i) ?? false;
                  const gap = !held && b ? b.gaps.find((g) => i >= g.from && i < g.to) : undefined;
                  const v = held ? b!.value(i) : NaN;
                  return (
                    <td key={c.name} className={`num${held ? '' : ' gap'}`} title={gap ? (gap.reason === 'expired' ? 'expired from Redis' : 'not received') : undefined}>
                      {held ? (c.timeKind === 'epoch' ? epochText(v) : formatValue(v)) : '—'}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
