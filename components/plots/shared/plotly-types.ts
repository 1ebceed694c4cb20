/**
 * The part of plotly.js's API that Lantern uses, declared here. The vendored script
 * (plotly.js-basic-dist-min, lib/vendor/plotly-script.ts) ships no types; a second plotly package kept
 * only for its types would pin another version than the one that runs. Traces, layouts and the
 * configuration name the keys Lantern's figures set; plotly has hundreds more, allowed but unchecked.
 */

type Values = ArrayLike<number | string | null> | readonly (number | string | null)[];

export interface PlotlyAxis {
  title?: { text?: string; standoff?: number; font?: PlotlyFont } | string;
  type?: '-' | 'linear' | 'log' | 'date' | 'category';
  range?: [number | string | null, number | string | null] | (number | string | null)[];
  autorange?: boolean | 'reversed';
  [key: string]: unknown;
}

export interface PlotlyFont {
  family?: string;
  size?: number;
  color?: string;
}

/** One trace: the `scatter` and `bar` traces of the basic bundle. */
export interface PlotlyData {
  type?: 'scatter' | 'bar' | 'pie';
  x?: Values;
  y?: Values;
  name?: string;
  mode?: string;
  [key: string]: unknown;
}

/** A line or rectangle drawn over the plot (markers of statistics, regions). */
export interface PlotlyShape {
  type?: 'line' | 'rect' | 'circle' | 'path';
  x0?: number | string;
  x1?: number | string;
  y0?: number | string;
  y1?: number | string;
  [key: string]: unknown;
}

export interface PlotlyAnnotation {
  x?: number | string;
  y?: number | string;
  text?: string;
  [key: string]: unknown;
}

export interface PlotlyLayout {
  xaxis?: PlotlyAxis;
  yaxis?: PlotlyAxis;
  shapes?: PlotlyShape[];
  annotations?: PlotlyAnnotation[];
  datarevision?: number | string;
  uirevision?: number | string;
  [key: string]: unknown;
}

export interface PlotlyConfig {
  displaylogo?: boolean;
  showSendToCloud?: boolean;
  showEditInChartStudio?: boolean;
  showTips?: boolean;
  responsive?: boolean;
  scrollZoom?: boolean;
  doubleClick?: 'reset+autosize' | 'reset' | 'autosize' | false;
  modeBarButtonsToRemove?: string[];
  toImageButtonOptions?: { format?: 'png' | 'svg' | 'jpeg' | 'webp'; filename?: string; scale?: number; width?: number; height?: number };
  [key: string]: unknown;
}

/** The graph div once plotly has drawn into it. */
export interface PlotlyElement extends HTMLElement {
  on(event: 'plotly_relayout' | 'plotly_relayouting', handler: (update: Record<string, unknown>) => void): void;
  /** A box selection ended (dragmode 'select'); `range.x` is its x extent. */
  on(event: 'plotly_selected', handler: (event: { range?: { x?: number[]; y?: number[] } } | undefined) => void): void;
}

export interface PlotlyModule {
  react(root: HTMLElement, data: PlotlyData[], layout?: PlotlyLayout, config?: PlotlyConfig): Promise<PlotlyElement>;
  purge(root: HTMLElement): void;
  toImage(root: HTMLElement, options: { format: 'png' | 'svg' | 'jpeg' | 'webp'; width: number; height: number; scale?: number }): Promise<string>;
  Plots: { resize(root: HTMLElement): Promise<void> | void };
  /** The mode bar's icons, for buttons of Lantern's own. */
  Icons: Record<'camera' | 'home' | 'zoombox' | 'pan' | 'autoscale', { width: number; height: number; path: string }>;
}
