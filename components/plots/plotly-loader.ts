'use client';
/**
 * The only module that touches plotly.js: a lazy, client-only dynamic import (plotly needs `window`, so it
 * must never load during server rendering nor block the first paint). It is plotly's *basic* dist bundle
 * (scatter, bar, pie: 1.2 MB instead of 4.8 MB): curves and scatters are SVG `scatter` traces drawn
 * through level of detail, images and meshes are drawn on canvases, so the WebGL and other traces were
 * dead weight — parsing them cost ~1 s of first paint and slowed every live redraw (docs/performance.md).
 * Everything else gets the module through `loadPlotly()` and uses its types from here.
 */
import type * as PlotlyNS from 'plotly.js-dist-min';

export type PlotlyModule = typeof PlotlyNS;
export type PlotlyData = PlotlyNS.Data;
export type PlotlyLayout = Partial<PlotlyNS.Layout>;
export type PlotlyConfig = Partial<PlotlyNS.Config>;
export type PlotlyElement = PlotlyNS.PlotlyHTMLElement;

let loading: Promise<PlotlyModule> | null = null;

/** plotly.js, loaded once per page. Rejects (and allows a retry) when the chunk fails to load. */
export function loadPlotly(): Promise<PlotlyModule> {
  if (typeof window === 'undefined') return Promise.reject(new Error('plotly.js is only available in the browser'));
  loading ??= import('plotly.js-basic-dist-min')
    .then((mod) => {
      // The dist bundle is UMD/CommonJS: bundlers expose it as the default export.
      const m = mod as unknown as { default?: PlotlyModule } & PlotlyModule;
      return m.default ?? m;
    })
    .catch((error: unknown) => {
      loading = null;
      throw error;
    });
  return loading;
}
