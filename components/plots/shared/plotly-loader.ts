'use client';
/**
 * The only module that touches plotly.js: loaded lazily in the browser only, by a script tag for the
 * server's vendored copy (plotly needs `window`, so it must never load during server rendering nor block
 * the first paint; a fixed URL lets pages preload it with their first bytes). It is plotly's *basic* dist bundle
 * (scatter, bar, pie: 1.2 MB instead of 4.8 MB): curves and scatters are SVG `scatter` traces drawn
 * through level of detail, images and meshes are drawn on canvases, so the WebGL and other traces were
 * dead weight — parsing them cost ~1 s of first paint and slowed every live redraw (docs/performance.md).
 * Everything else gets the module through `loadPlotly()` and uses its types from here (declared in
 * plotly-types.ts: the basic bundle ships none).
 */
import { PLOTLY_SCRIPT_PATH } from '@/lib/vendor/plotly-script';
import type { PlotlyModule } from './plotly-types';

export type { PlotlyConfig, PlotlyData, PlotlyElement, PlotlyLayout, PlotlyModule } from './plotly-types';

let loading: Promise<PlotlyModule> | null = null;

/**
 * plotly.js, loaded once per page from the server's vendored copy (pages preload it, see
 * `preloadPlotly`). Rejects with the reason (and allows a retry) when the script fails to load.
 */
export function loadPlotly(): Promise<PlotlyModule> {
  if (typeof window === 'undefined') return Promise.reject(new Error('plotly.js is only available in the browser'));
  loading ??= new Promise<PlotlyModule>((resolve, reject) => {
    const global = window as unknown as { Plotly?: PlotlyModule };
    if (global.Plotly) return resolve(global.Plotly);
    const script = document.createElement('script');
    script.src = PLOTLY_SCRIPT_PATH;
    script.async = true;
    script.onload = () => (global.Plotly ? (performance.mark('lantern:plotly-ready'), resolve(global.Plotly)) : reject(new Error(`${PLOTLY_SCRIPT_PATH} loaded but did not define Plotly`)));
    script.onerror = () => {
      script.remove();
      reject(new Error(`plotly.js could not be loaded from ${PLOTLY_SCRIPT_PATH}`));
    };
    document.head.appendChild(script);
  }).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
