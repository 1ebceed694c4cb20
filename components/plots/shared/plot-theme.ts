/**
 * Plot colours from the theme variables of app/globals.css (`--plot-*`, and `--plot-kiosk-*` for the
 * wall screen), so the pages and the plots share one palette. plotly needs colour strings, not CSS
 * variables: they are read once per page from the computed style; the fallbacks (the same values) serve
 * server rendering and tests without a stylesheet.
 */
export interface PlotTheme {
  fg: string;
  grid: string;
  bg: string;
  /** Axis lines of image and mesh plots. */
  axisLine: string;
  font: number;
  line: number;
}

const FALLBACK: Record<'normal' | 'kiosk', PlotTheme> = {
  normal: { fg: '#1d2330', grid: '#e3e7ee', bg: '#ffffff', axisLine: '#9aa3b2', font: 12, line: 1.6 },
  kiosk: { fg: '#ffffff', grid: '#333a46', bg: '#000000', axisLine: '#666666', font: 18, line: 2.5 },
};

const read: Partial<Record<'normal' | 'kiosk', PlotTheme>> = {};

export function plotTheme(kiosk: boolean | undefined): PlotTheme {
  const mode = kiosk ? 'kiosk' : 'normal';
  const cached = read[mode];
  if (cached) return cached;
  const fallback = FALLBACK[mode];
  if (typeof document === 'undefined' || typeof getComputedStyle !== 'function') return fallback;
  const style = getComputedStyle(document.documentElement);
  const prefix = kiosk ? '--plot-kiosk-' : '--plot-';
  const colour = (name: string, otherwise: string) => style.getPropertyValue(prefix + name).trim() || otherwise;
  const theme = { ...fallback, fg: colour('fg', fallback.fg), grid: colour('grid', fallback.grid), bg: colour('bg', fallback.bg), axisLine: colour('axis-line', fallback.axisLine) };
  read[mode] = theme;
  return theme;
}
