'use client';
/**
 * `/scans/latest?session=NAME`: the newest scan of the session, switching by itself when a new one is
 * created. The URL's view parameters (plot, channels, zoom...) carry over to each new scan.
 */
import Link from 'next/link';
import { useEffect, useMemo } from 'react';
import { ErrorBoundary } from '../common/error-boundary';
import { TopBar } from '../layout/top-bar';
import { ScanListProvider, useScanList } from '../scan-list/scan-list-provider';
import { scanHref } from '../scan-list/scan-table';
import { initialViewFrom } from './initial-view';
import { ScanStoreProvider, useScanStoreObject } from './scan-store-provider';
import { ScanView } from './scan-view';
import { useUrlViewSync } from './use-url-view-sync';
import { warmPlots } from './warm-plots';

function Synced() {
  useUrlViewSync(useScanStoreObject());
  return null;
}

function Latest({ session }: { session: string | null }) {
  const newest = useScanList((s) => s.scans[0] ?? null);
  const loaded = useScanList((s) => s.loaded);
  const key = newest?.key ?? null;
  // Read when the scan changes, not at first render: the user may have changed the view since.
  const initial = useMemo(() => (key !== null && typeof window !== 'undefined' ? initialViewFrom(window.location.search) : null), [key]);
  return (
    <>
      <TopBar>
        <nav className="crumbs" aria-label="Breadcrumbs">
          <Link prefetch={false} href={session ? `/?session=${encodeURIComponent(session)}` : '/'}>Scans</Link>
          <span className="crumbs__sep">/</span>
          <span className="crumbs__here">Latest{session ? ` in ${session}` : ' scan'}</span>
          <span className="pill pill--follow" title="This page switches to each new scan by itself">
            following
          </span>
        </nav>
      </TopBar>
      <main className="page page--scan">
        {!loaded ? (
          <div className="empty empty--box">Loading…</div>
        ) : key === null || initial === null ? (
          <div className="empty empty--box">No scan yet{session ? ` in session ${session}` : ''}. The first one will show here as soon as it starts.</div>
        ) : (
          <ErrorBoundary label="Scan view" resetKeys={[key]}>
            <ScanStoreProvider key={key} scanKey={key} initial={initial}>
              <Synced />
              <ScanView
                extraActions={
                  <Link prefetch={false} className="btn btn--ghost" href={scanHref(key)} title="Stay on this scan (stop following)">
                    Permalink
                  </Link>
                }
              />
            </ScanStoreProvider>
          </ErrorBoundary>
        )}
      </main>
    </>
  );
}

export function LatestScanPage({ session }: { session: string | null }) {
  useEffect(() => warmPlots('now'), []);
  return (
    <ScanListProvider session={session} limit={5}>
      <Latest session={session} />
    </ScanListProvider>
  );
}
