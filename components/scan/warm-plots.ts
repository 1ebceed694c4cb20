/**
 * Starts loading the plot components and plotly (~5 MB) before a plot needs them: at once on scan
 * pages (in parallel with the subscription round trip), when idle on the list (the next click is
 * likely a scan). Plots must come now, not after a cold chunk download.
 */
let started = false;

export function warmPlots(when: 'now' | 'idle' = 'now'): void {
  if (started || typeof window === 'undefined') return;
  const go = () => {
    if (started) return;
    started = true;
    void import('@/components/plots/plot-view').catch(() => undefined);
    void import('@/components/plots/shared/plotly-loader').then((m) => m.loadPlotly()).catch(() => {
      started = false; // a failed chunk load may be retried by the next page
    });
  };
  if (when === 'now') go();
  else if ('requestIdleCallback' in window) window.requestIdleCallback(go, { timeout: 5000 });
  else setTimeout(go, 2000);
}
