'use client';
/**
 * The plots' PlotView dispatcher. It is part of the scan page's own JavaScript (fetched with the page,
 * before hydration), not a chunk asked for once the subscription is out: on a finished scan that fetch
 * raced the server's catch-up of the scan's points and delayed the curve, whose code sends the
 * level-of-detail request the first paint waits for, by 200-500 ms (docs/performance.md, first paint).
 * It renders only in the browser (the slot has no data source during server rendering); plotly itself is
 * loaded by script tag (warm-plots.ts, usePlotly), and the other plot kinds stay chunks of their own.
 */
export { PlotView as PlotRenderer } from '@/components/plots/plot-view';
