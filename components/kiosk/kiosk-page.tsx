'use client';
/**
 * `/kiosk?session=NAME[&plot=..&x=..&y=..][&layout=curve,mca,image&cols=3]`: the wall screen of a beamline. No controls, dark, large
 * type readable from across the hutch; follows the session's newest scan by itself, says plainly when
 * it is waiting for the next one, and reconnects forever (server restarts included) with nobody there.
 */
import { useEffect, useState } from 'react';
import { endKind, formatClock, formatDuration, isRunning, parseTime, scanTiming, stateLabel } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';
import { ConnectionIndicator } from '../client/connection-indicator';
import { useConnection } from '../client/connection-provider';
import { ErrorBoundary } from '../common/error-boundary';
import { ProgressBar } from '../common/progress-bar';
import { StateBadge } from '../common/state-badge';
import { useNow, useToday } from '../common/use-now';
import { ScanListProvider, useScanList } from '../scan-list/scan-list-provider';
import { initialViewFrom } from '../scan/initial-view';
import { PlotSlot } from '../scan/plot-slot';
import { resolveLayout } from '../scan/plot-grid/resolve-layout';
import { StaticPlotGrid } from '../scan/plot-grid/static-grid';
import type { InitialView } from '../scan/store/scan-store';
import { ScanStoreProvider, useScan, useScanStoreObject } from '../scan/scan-store-provider';
import { scanProgress } from '../scan/scan-progress';
import { warmPlots } from '../scan/warm-plots';

/** A page refused by the server (new wire protocol after an upgrade) reloads itself after this. */
const RELOAD_AFTER_REFUSAL_MS = 30_000;

function Clock() {
  const now = useNow();
  if (!now) return null;
  return <span className="kiosk__clock num">{formatClock(now, now)}</span>;
}

function KioskProgress({ summary }: { summary: ScanSummary }) {
  const store = useScanStoreObject();
  const info = useScan((s) => s.info);
  useScan((s) => s.version);
  const now = useNow();
  const t = scanTiming(summary, now, scanProgress(info, summary, store.buffers()));
  const pct = t.fraction === null ? null : Math.floor(t.fraction * 100);
  return (
    <div className="kiosk__progress">
      <ProgressBar fraction={t.fraction} kind="running" label="Scan progress" />
      <div className="kiosk__progress-text">
        <span className="num kiosk__pct">{pct === null ? `${summary.progress.published} pts` : `${pct} %`}</span>
        <span className="num">{formatDuration(t.elapsedMs)} elapsed</span>
        <span className="num">{t.remainingMs === null ? 'estimating…' : `~${formatDuration(t.remainingMs)} left`}</span>
      </div>
    </div>
  );
}

function KioskPlot() {
  const setup = useScan((s) => s.setup);
  const active = useScan((s) => s.activePlot);
  const status = useScan((s) => s.status);
  const layout = useScan((s) => s.layout);
  if (status === 'not-found') return <div className="kiosk__note">This scan is no longer in Redis.</div>;
  if (!setup) return <div className="kiosk__note">Loading…</div>;
  // `&layout=curve,mca,image`: several plots on the wall, each with its own error boundary.
  if (layout && resolveLayout(layout, setup.plots).models.length > 0) {
    return <StaticPlotGrid layout={layout} plots={setup.plots} kiosk />;
  }
  const model = setup.plots.find((p) => p.id === active) ?? setup.plots[0];
  if (!model) return <div className="kiosk__note">Nothing to plot for this scan.</div>;
  return <PlotSlot key={model.id} model={model} kiosk />;
}

function KioskScan({ listed }: { listed: ScanSummary }) {
  const own = useScan((s) => s.summary);
  const summary = own ?? listed;
  const running = isRunning(summary.state);
  const kind = endKind(summary);
  const today = useToday();
  return (
    <section className={`kiosk__scan kiosk__scan--${running ? 'running' : 'waiting'}`} aria-label="Current scan" data-scan-key={summary.key} data-scan-number={summary.number}>
      <div className="kiosk__titlerow">
        <span className="kiosk__number num">#{summary.number}</span>
        <h1 className="kiosk__title">{summary.title ?? summary.name}</h1>
        <StateBadge summary={summary} large />
      </div>
      {running ? (
        <KioskProgress summary={summary} />
      ) : (
        <div className="kiosk__waiting" role="status">
          Waiting for the next scan
          <span className={`kiosk__last kiosk__last--${kind}`}>
            {' '}
            — #{summary.number} {stateLabel(summary).toLowerCase()} at {formatClock(parseTime(summary.endTime), today)}
          </span>
        </div>
      )}
      <div className="kiosk__plot">
        <ErrorBoundary label="Plot" resetKeys={[summary.key]} autoRetryMs={5000}>
          <KioskPlot />
        </ErrorBoundary>
      </div>
    </section>
  );
}

function Following({ session, initial }: { session: string; initial: InitialView }) {
  const newest = useScanList((s) => s.scans[0] ?? null);
  const loaded = useScanList((s) => s.loaded);
  if (!newest) {
    return (
      <div className="kiosk__idle" role="status">
        {loaded ? `Waiting for the first scan of ${session}` : 'Connecting…'}
      </div>
    );
  }
  return (
    // Not keyed: it outlives the switch to the next scan and catches what the old one throws on its way out.
    <ErrorBoundary label="Scan" resetKeys={[newest.key]} autoRetryMs={5000}>
      <ScanStoreProvider key={newest.key} scanKey={newest.key} initial={initial} remember={false}>
        <KioskScan listed={newest} />
      </ScanStoreProvider>
    </ErrorBoundary>
  );
}

function useReloadWhenRefused(): void {
  const refused = useConnection((s) => s.state === 'refused');
  useEffect(() => {
    if (!refused) return;
    const timer = setTimeout(() => window.location.reload(), RELOAD_AFTER_REFUSAL_MS);
    return () => clearTimeout(timer);
  }, [refused]);
}

export function KioskPage({ session, query }: { session: string | null; query: Record<string, string | string[] | undefined> }) {
  const [initial] = useState(() => initialViewFrom(query));
  useReloadWhenRefused();
  // The wall screen's first scan must not wait for plotly to download.
  useEffect(() => warmPlots('now'), []);
  return (
    <div className="kiosk">
      <header className="kiosk__head">
        <span className="kiosk__brand">Lantern</span>
        <span className="kiosk__session">{session ?? 'no session'}</span>
        <span className="kiosk__spacer" />
        <ConnectionIndicator large />
        <Clock />
      </header>
      {session === null ? (
        <div className="kiosk__idle">Add ?session=NAME to the address to follow a Bliss session.</div>
      ) : (
        <ErrorBoundary label="Kiosk" autoRetryMs={10_000}>
          <ScanListProvider session={session} limit={5}>
            <Following session={session} initial={initial} />
          </ScanListProvider>
        </ErrorBoundary>
      )}
    </div>
  );
}
