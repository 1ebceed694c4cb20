/**
 * Starts loading plotly (1.2 MB) and, on the scan list, the plot components before a plot needs them:
 * on scan pages once the subscription is on its way (the plot dispatcher and the curve come with the
 * scan page's own JavaScript, see plot-renderer.tsx), when idle on the list (the next click is likely a
 * scan). Plots must come now, not after a cold chunk download.
 *
 * On a scan page plotly waits until the socket has connected and the scan store has sent its
 * subscription (the store's `connect` listener is registered first): plotly's evaluation holds the main
 * thread for 150-330 ms, and run before the connection's `connect` event it delayed the subscription by
 * as much (docs/performance.md, round two). Evaluated right after it, it overlaps the server's reply
 * instead (evaluated later, after the curve's first data pass, it came 300-380 ms after the summary
 * request: measured and reverted, same document, third session).
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

/**
 * On a scan page: plotly once `socket` is connected (after the listeners registered before this call
 * have run). Returns a function that forgets the wait.
 */
export function warmPlotsAfterSubscribe(socket: LanternSocket | null): () => void {
  if (typeof window === 'undefined' || plotlyStarted || !socket) return () => undefined;
  if (socket.connected) {
    loadPlotly();
    return () => undefined;
  }
  const go = () => loadPlotly();
  socket.once('connect', go);
  return () => socket.off('connect', go);
}
