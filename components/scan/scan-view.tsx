'use client';
/**
 * The scan view below the top bar: header, alerts, plots with their channel panel, data table and
 * the scan_info tree. Used by `/scans/[key]` and `/scans/latest`.
 */
import { useEffect, type ReactNode } from 'react';
import { SignedLinkButton } from '../auth/signed-link-button';
import { CopyLinkButton } from '../common/copy-link-button';
import { ErrorBoundary } from '../common/error-boundary';
import { JsonTree } from '../common/json-tree';
import { DataTable } from './data-table';
import { PlotArea } from './plot-area';
import { PositionersTable } from './positioners-table';
import { ScanAlerts } from './scan-alerts';
import { ScanHeader } from './scan-header';
import { useScan, useScanStoreObject } from './scan-store-provider';
import { scanLink } from './use-url-view-sync';
import { sequenceProgress } from '../scan-list/sequence-progress';
import { SequencePanel } from './sequence-panel';
import { useSubScans } from './sub-scans';

function ScanInfoPanel() {
  const info = useScan((s) => s.snapshot?.info);
  if (!info) return null;
  return (
    <details className="panel infopanel">
      <summary className="panel__title">scan_info</summary>
      <JsonTree value={info} rootName="scan_info" />
    </details>
  );
}

function useDocumentTitle(): void {
  const summary = useScan((s) => s.summary);
  useEffect(() => {
    if (summary) document.title = `#${summary.number} ${summary.title ?? summary.name} — Lantern`;
  }, [summary?.number, summary?.title, summary?.name]); // eslint-disable-line react-hooks/exhaustive-deps
}

export function ScanView({ extraActions }: { extraActions?: ReactNode }) {
  const store = useScanStoreObject();
  const status = useScan((s) => s.status);
  const error = useScan((s) => s.error);
  useDocumentTitle();
  if (status === 'loading') return <div className="empty empty--box">Loading scan…</div>;
  if (status === 'not-found') {
    return (
      <div className="empty empty--box" role="alert">
        <strong>Scan not found.</strong> It may have expired from Redis (scans are kept for a limited time) or the link is wrong.
        <div className="muted">{error}</div>
      </div>
    );
  }
  if (status === 'error') {
    return (
      <div className="empty empty--box" role="alert">
        <strong>Cannot load this scan:</strong> {error} (retrying)
      </div>
    );
  }
  return (
    <div className="scanview">
      <ScanBody
        extraActions={extraActions}
        copyLink={
          <>
            <CopyLinkButton href={() => scanLink(store)} />
            <SignedLinkButton scanKey={store.key} viewLink={() => scanLink(store)} />
          </>
        }
      />
      <ErrorBoundary label="Positioners">
        <PositionersTable />
      </ErrorBoundary>
      <ScanInfoPanel />
    </div>
  );
}

/** Header and data: plots and table, or for a sequence its sub-scans (it records no data itself). */
function ScanBody({ extraActions, copyLink }: { extraActions?: ReactNode; copyLink: ReactNode }) {
  const key = useScan((s) => s.key);
  const summary = useScan((s) => s.summary);
  const isSequence = useScan((s) => s.info?.is_scan_sequence === true);
  const running = summary ? summary.state !== 'CLOSED' : false;
  const subScans = useSubScans(key, summary?.session ?? null, running, isSequence);
  const sequence = isSequence && summary ? sequenceProgress(summary, subScans ?? []) : undefined;
  return (
    <>
      <ScanHeader
        sequence={sequence}
        actions={
          <>
            {extraActions}
            {copyLink}
          </>
        }
      />
      <ScanAlerts />
      {isSequence ? (
        <SequencePanel subScans={subScans} expected={summary?.progress.expected ?? null} ended={!running} />
      ) : (
        <>
          <PlotArea />
          <ErrorBoundary label="Data table">
            <DataTable />
          </ErrorBoundary>
        </>
      )}
    </>
  );
}
