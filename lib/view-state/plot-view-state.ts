/** What a user set on a plot: shared by the plots, the scan store and the URL mapping. */

export type Colormap = 'gray' | 'viridis' | 'magma' | 'inferno' | 'plasma' | 'cividis';
export type Autoscale = 'minmax' | 'percentile' | 'sigma';

/** Image pixels, half-open: columns [col0, col1), rows [row0, row1). */
export interface ImageRect {
  col0: number;
  row0: number;
  col1: number;
  row1: number;
}

/** An image line profile: along a row, a column, or a free line (pixel centres at integers). */
export type ImageProfileChoice = { kind: 'h'; row: number } | { kind: 'v'; col: number } | { kind: 'line'; row0: number; col0: number; row1: number; col1: number };
/** Curves: the Bliss statistics that can be marked on the plot, each on its own (as Flint's markers). */
export const STAT_MARKS = ['peak', 'cen', 'com'] as const;
export type StatMarkName = (typeof STAT_MARKS)[number];

/** The statistics marked: `true` (the older all-or-nothing switch, `marks=1` in links) is all of them. */
export function statMarksShown(markers: PlotViewState['markers']): StatMarkName[] {
  if (markers === true) return [...STAT_MARKS];
  if (!markers) return [];
  return STAT_MARKS.filter((m) => markers.includes(m));
}

/** Curves: one curve's own math (Flint's per-curve options); absent fields follow the plot's settings. */
export interface CurveMathView {
  /** An expression over channels drawn instead of the channel (`diode1 / mon`, `log(I0 / It)`). */
  expr?: string;
  /** Monitor channel to divide by; null = none, even when the plot has one. */
  monitor?: string | null;
  negate?: boolean;
  derivative?: boolean;
}

export type FitModelName = 'gaussian' | 'lorentzian' | 'pseudo-voigt' | 'erf' | 'linear';
export type FitBackgroundName = 'none' | 'constant' | 'linear';

/** Curves: the fit shown, on which curve (default the first), over a region (default the visible range). */
export interface FitView {
  model: FitModelName;
  background: FitBackgroundName;
  curve?: string;
  range?: [number, number];
}

/** Curves: other scans drawn over this one. */
export interface OverlayView {
  /** The N scans of the same kind before this one (Flint keeps 3). */
  previous?: number;
  /** Scans picked by key. */
  keys?: string[];
  /** Scan key every curve is drawn minus (this scan's own key allowed). */
  reference?: string;
}

/** What a user set on a plot; all of it lives in the URL query so a link reopens the same view. */
export interface PlotViewState {
  /** Curve/scatter x channel (null = point index). */
  x?: string | null;
  /** Curves on the left and right y axes. */
  y?: string[];
  y2?: string[];
  logX?: boolean;
  /** Scale of the left and the right y axis, each its own. */
  logY?: boolean;
  logY2?: boolean;
  /** Monitor channel to divide by. */
  normalize?: string | null;
  derivative?: boolean;
  /** Zoom: [x0, x1] and optionally [y0, y1]; absent = autorange. */
  zoomX?: [number, number] | null;
  zoomY?: [number, number] | null;
  /** Zoom of the right y axis (curves), [y0, y1]. */
  zoomY2?: [number, number] | null;
  /** Curves: statistics marked on the plot: true = peak, cen and com; a list = those only. */
  markers?: boolean | StatMarkName[];
  /** Curves: math per curve, by curve channel name. */
  math?: Record<string, CurveMathView>;
  fit?: FitView;
  /** Curves: vertical (x) and horizontal (left y) markers the user placed. */
  vmarks?: number[];
  hmarks?: number[];
  overlay?: OverlayView;
  /** Scatter: value channel shown as colour (absent = the model's main value). */
  value?: string | null;
  /** Images and scatters. */
  colormap?: Colormap;
  autoscale?: Autoscale;
  logScale?: boolean;
  /** Frame/point index shown (images, spectra); absent with follow = latest. */
  frame?: number | null;
  /** Follow the latest frame/point as data arrive. */
  follow?: boolean;
  /** MCA/1D: show the sum or the average over the scan instead of one point. */
  reduce?: 'point' | 'sum' | 'average';
  /** MCA: regions of interest (channels [start, stop), as Bliss ROI counters). */
  rois?: McaRoiView[];
  /** MCA: energy calibration; null = channel numbers even when the scan hints one; absent = the hint. */
  calibration?: McaCalibrationView | null;
  /** Images: the line profile plotted beside the image (null = none). */
  profile?: ImageProfileChoice | null;
  /** Images: the profile's width in pixels (lines averaged or summed across it, as silx's); absent = 1. */
  profileWidth?: number;
  /** Images: the profile's pixels across its width averaged or summed; absent = mean. */
  profileMethod?: 'mean' | 'sum';
  /** Images: rectangular ROIs the user drew, with live statistics. */
  imageRois?: ImageRect[];
  /** Images: display range set on the histogram, replacing the autoscale (null = autoscale). */
  colorRange?: [number, number] | null;
}

export interface McaRoiView {
  name?: string;
  start: number;
  stop: number;
}

/** E = a + b·ch + c·ch². */
export interface McaCalibrationView {
  a: number;
  b: number;
  c?: number;
  unit?: string;
}
