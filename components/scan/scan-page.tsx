'use client';
/** `/scans/[key]`: one scan, live while it runs, its view state mirrored in the URL. */
import Link from 'next/link';
import { useState } from 'react';
import { TopBar } from '../layout/top-bar';
import { initialViewFrom } from './initial-view';
import { ScanStoreProvider, useScan, useScanStoreObject } from './scan-store-provider';
import { ScanView } from './scan-view';
import { useUrlViewSync } from './use-url-view-sync';

function Crumbs() {
  const summary = useScan((s) => s.summary);
  return (
    <nav className="crumbs" aria-label="Breadcrumbs">
      <Link prefetch={false} href={summary?.session ? `/?session=${encodeURIComponent(summary.session)}` : '/'}>Scans</Link>
      {summary?.session ? (
        <>
          <span className="crumbs__sep">/</span>
          <Link prefetch={false} href={`/?session=${encodeURIComponent(summary.session)}`}>{summary.session}</Link>
        </>
      ) : null}
      <span className="crumbs__sep">/</span>
      <span className="crumbs__here">{summary ? `#${summary.number}` : '…'}</span>
    </nav>
  );
}

function Synced() {
  useUrlViewSync(useScanStoreObject());
  return null;
}

export function ScanPage({ scanKey, query }: { scanKey: string; query: Record<string, string | string[] | undefined> }) {
  const [initial] = useState(() => initialViewFrom(query));
  return (
    <ScanStoreProvider scanKey={scanKey} initial={initial}>
      <Synced />
      <TopBar>
        <Crumbs />
      </TopBar>
      <main className="page page--scan">
        <ScanView />
      </main>
    </ScanStoreProvider>
  );
}
