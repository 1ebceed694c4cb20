/**
 * Starts loading the plot components and plotly (1.2 MB) before a plot needs them: on scan pages once
 * the subscription is on its way, when idle on the list (the next click is likely a scan). Plots must
 * come now, not after a cold chunk download.
 *
 * On a scan page plotly waits for the first plot (see `warmPlotsAfterSubscribe`): its evaluation holds
 * the main thread for 150-330 ms; run before the connection's `connect` event it delayed the
 * subscription, run before the snapshot it delayed the curve's level-of-detail request by as much
 * (docs/performance.md, round two).
 */
import type { LanternSocket } from '../client/socket';

let started = false;
let plotlyStarted = false;

function importPlots(): void {
  if (started) return;
  started = true;
  void import('@/components/plots/plot-view').catch(() => {
    started = false; // a failed chunk load may be retried by the next page
  });
}

function loadPlotly(): void {
  if (plotlyStarted) return;
  plotlyStarted = true;
  void import('@/components/plots/shared/plotly-loader')
    .then((m) => m.loadPlotly())
    .catch(() => {
      plotlyStarted = false;
    });
}

/** Both: at once (the kiosk), or when the page is idle (the scan list). */
export function warmPlots(when: 'now' | 'idle' = 'now'): void {
  if ((started && plotlyStarted) || typeof window === 'undefined') return;
  const go = () => {
    importPlots();
    loadPlotly();
  };
  if (when === 'now') go();
  else if ('requestIdleCallback' in window) window.requestIdleCallback(go, { timeout: 5000 });
  else setTimeout(go, 2000);
}

/** How long after the connection plotly is loaded anyway when no plot has mounted to ask for it. */
const PLOTLY_FALLBACK_MS = 300;

/**
 * On a scan page: the plot components now; plotly is normally loaded by the first plot, right after its
 * first data pass (`usePlotly`), and here only PLOTLY_FALLBACK_MS after `socket` connected if the scan's
 * snapshot is slow to come (its evaluation then fills the wait). Returns a function that forgets it.
 */
export function warmPlotsAfterSubscribe(socket: LanternSocket | null): () => void {
  if (typeof window === 'undefined') return () => undefined;
  importPlots();
  if (plotlyStarted || !socket) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const go = () => {
    timer = setTimeout(loadPlotly, PLOTLY_FALLBACK_MS);
  };
  if (socket.connected) go();
  else socket.once('connect', go);
  return () => {
    socket.off('connect', go);
    if (timer !== null) clearTimeout(timer);
  };
}
