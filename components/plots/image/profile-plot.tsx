'use client';
/** The line profile beside the image: a small plotly curve, redrawn when the profile's values change. */
import { useEffect } from 'react';
import type { Profile } from '@/lib/analysis/image/profile';
import type { PlotlyData, PlotlyLayout } from '../shared/plotly-loader';
import { plotTheme } from '../shared/plot-theme';
import { usePlotly } from '../shared/use-plotly';
import styles from '../plots.module.css';
import { TOOL_COLOURS } from './image-tools';

export function ProfilePlot({ profile, xTitle, kiosk }: { profile: Profile; xTitle: string; kiosk?: boolean }) {
  const { ref, ready, error, react } = usePlotly({});
  useEffect(() => {
    if (!ready) return;
    const theme = plotTheme(kiosk);
    const data: PlotlyData[] = [{ type: 'scatter', mode: 'lines', x: Array.from(profile.position), y: Array.from(profile.values), line: { color: TOOL_COLOURS.profile, width: 1.5 }, hoverinfo: 'x+y' } as PlotlyData];
    const axis = (title: string) => ({ title: { text: title, standoff: 4 }, gridcolor: theme.grid, zeroline: false, automargin: true });
    const layout = { margin: { l: 44, r: 6, t: 6, b: 32 }, paper_bgcolor: 'rgba(0,0,0,0)', plot_bgcolor: 'rgba(0,0,0,0)', font: { size: 10, color: theme.fg }, showlegend: false, xaxis: axis(xTitle), yaxis: axis('value') } as PlotlyLayout;
    react({ data, layout, config: { displayModeBar: false } });
  }, [ready, react, profile, xTitle, kiosk]);
  return <div className={styles.profileGraph}>{error ? <div className={styles.errorBox}>{error}</div> : <div ref={ref} className={styles.graph} />}</div>;
}
