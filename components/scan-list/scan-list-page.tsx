'use client';
/** The `/` page: every recent scan, live, filtered by session (in the URL) and by a search text. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { replaceUrlKeepingEntry } from '@/components/common/replace-query';
import { matchesSearch } from '@/lib/scan-display/timing';
import { TopBar } from '../layout/top-bar';
import { warmPlots } from '../scan/warm-plots';
import { catalogueSearchHref } from './catalogue-query';
import { ScanListProvider, useScanList } from './scan-list-provider';
import { focusFirstRow, ScanTable } from './scan-table';
import { SessionFilter } from './session-filter';

function ListBody({ session, search }: { session: string | null; search: string }) {
  const scans = useScanList((s) => s.scans);
  const loaded = useScanList((s) => s.loaded);
  const error = useScanList((s) => s.error);
  const shown = useMemo(() => scans.filter((s) => matchesSearch(s, search)), [scans, search]);
  const emptyText = !loaded
    ? 'Loading scans…'
    : scans.length === 0
      ? `No scans yet${session ? ` in session ${session}` : ''}. New scans appear here the moment they are created.`
      : `No scan matches “${search}”.`;
  return (
    <>
      {error ? (
        <div className="banner banner--warn" role="alert">
          Scan list: {error} (retrying)
        </div>
      ) : null}
      <div className="listmeta" aria-live="polite">
        {loaded ? `${shown.length} of ${scans.length} scans` : ''}
      </div>
      <ScanTable scans={shown} emptyText={emptyText} />
    </>
  );
}

export function ScanListPage({ initialSession }: { initialSession: string | null }) {
  const [session, setSession] = useState(initialSession);
  const [search, setSearch] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);

  const changeSession = (next: string | null) => {
    setSession(next);
    const url = new URL(window.location.href);
    if (next === null) url.searchParams.delete('session');
    else url.searchParams.set('session', next);
    replaceUrlKeepingEntry(url.toString());
  };

  useEffect(() => warmPlots('idle'), []);

  // `/` jumps to the search box, as in most scientific and code tools.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <ScanListProvider session={session}>
      <TopBar>
        <SessionFilter value={session} onChange={changeSession} />
        <label className="field field--grow">
          <span className="field__label">Search</span>
          <input
            ref={searchRef}
            className="input"
            type="search"
            placeholder="Number, name or title  ( / ); Enter: search all scans"
            aria-label="Search scans"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown') {
                e.preventDefault();
                focusFirstRow();
              } else if (e.key === 'Escape') setSearch('');
              // Enter: the same text over every catalogued scan, beyond those still in Redis.
              else if (e.key === 'Enter') window.location.assign(catalogueSearchHref({ q: search, session: session ?? undefined }));
            }}
          />
        </label>
        <a className="btn btn--ghost" href={catalogueSearchHref({ q: search, session: session ?? undefined })} title="Search every scan Lantern has catalogued, also those gone from Redis">
          Search all scans
        </a>
        {session ? (
          <a className="btn btn--ghost" href={`/scans/latest?session=${encodeURIComponent(session)}`} title="Always show the newest scan of this session">
            Follow latest
          </a>
        ) : null}
      </TopBar>
      <main className="page page--list">
        <ListBody session={session} search={search} />
      </main>
    </ScanListProvider>
  );
}
