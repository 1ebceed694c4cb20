'use client';
/**
 * The plots' PlotView dispatcher, loaded in the browser only: plotly touches `window` when imported,
 * and a plot has nothing to show before the socket brings data anyway.
 */
import dynamic from 'next/dynamic';
import type { PlotProps } from '../plots/plot-types';

export const PlotRenderer = dynamic<PlotProps>(() => import('@/components/plots/plot-view').then((m) => m.PlotView), {
  ssr: false,
  loading: () => <div className="plot-waiting">Loading plot…</div>,
});
