'use client';
/**
 * React glue for plotly and for redraw pacing:
 * - `useRedraw(draw)`: a `schedule()` that runs `draw` at most once per animation frame, however many
 *   times data arrive in between (socket frames at 10-60 Hz per stream, several streams per plot).
 * - `usePlotly(...)`: a plotly graph div with `Plotly.react` calls serialised (a new figure while one is
 *   being drawn replaces any waiting one), resize following its container, and relayout events.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { loadPlotly, type PlotlyConfig, type PlotlyData, type PlotlyElement, type PlotlyLayout, type PlotlyModule } from './plotly-loader';

/**
 * Data-driven redraws take at most 1 / DRAW_DUTY of the main thread: the next one waits this many
 * times as long as the previous took, so a cheap plot follows live data closely and a costly one (a
 * million points, a loaded machine) leaves the page time for input and incoming data.
 */
const DRAW_DUTY = 2;

/** A frame at 60 Hz: how much earlier than due the spacing timer asks for animation frames. */
const FRAME_MS = 1000 / 60;

/**
 * `schedule()` runs the latest `draw` in the next animation frame; repeated calls coalesce. With
 * `minInterval`, data-driven redraws are spaced by at least that many ms, and by DRAW_DUTY times the
 * previous draw's duration (plotly's SVG redraw costs 10-40 ms: live data at 60 Hz must not spend the
 * whole main thread on it), while `schedule(true)` (user actions: zoom, settings) draws in the next
 * frame regardless.
 *
 * The spacing is counted between frame start times (the animation frame's timestamp), and a spaced
 * redraw goes in the first frame at or past it: the timer fires a frame early and the frame callback
 * waits for the due frame. Counted from the draw's own start and then waiting for the next frame after
 * the timer, 33 ms came out as three frames (50 ms, 20 Hz at best, less with any jitter) instead of two.
 */
export function useRedraw(draw: () => void, minInterval = 0): (urgent?: boolean) => void {
  const drawRef = useRef(draw);
  const pending = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** Frame timestamp of the last draw. */
  const last = useRef(-Infinity);
  /** When the next data-driven draw is due (frame time), while one waits. */
  const due = useRef(0);
  const cost = useRef(0);
  useEffect(() => {
    drawRef.current = draw;
  });
  useEffect(
    () => () => {
      if (pending.current !== null) cancelAnimationFrame(pending.current);
      if (timer.current !== null) clearTimeout(timer.current);
      pending.current = null;
      timer.current = null;
    },
    [],
  );
  return useCallback(
    (urgent?: boolean) => {
      if (urgent) due.current = 0;
      if (pending.current !== null) return;
      const onFrame = (ts: number) => {
        // Up to a millisecond early counts as due (timer and frame clocks jitter).
        if (ts < due.current - 1) {
          pending.current = requestAnimationFrame(onFrame);
          return;
        }
        pending.current = null;
        last.current = ts;
        const t0 = performance.now();
        drawRef.current();
        cost.current = performance.now() - t0;
      };
      const frame = () => {
        if (timer.current !== null) {
          clearTimeout(timer.current);
          timer.current = null;
        }
        pending.current = requestAnimationFrame(onFrame);
      };
      const spacing = minInterval > 0 ? Math.max(minInterval, DRAW_DUTY * cost.current) : 0;
      const wait = last.current + spacing - performance.now();
      if (urgent || wait <= 0) {
        due.current = 0;
        frame();
      } else {
        due.current = last.current + spacing;
        if (timer.current === null) timer.current = setTimeout(frame, Math.max(0, wait - FRAME_MS));
      }
    },
    [minInterval],
  );
}

export interface Figure {
  data: PlotlyData[];
  layout: PlotlyLayout;
  config?: PlotlyConfig;
  /**
   * Lets a redraw where only the traces' x/y changed skip plotly's full replot (see `dataOnlyLayout`).
   * For figures whose traces are plain cartesian scatters.
   */
  dataOnly?: boolean;
}

/** What a figure looks like apart from its traces' x/y arrays and the layout's datarevision. */
function figureKey(figure: Figure): string {
  return JSON.stringify([figure.data.map((t) => ({ ...t, x: undefined, y: undefined })), { ...figure.layout, datarevision: undefined }, figure.config]);
}

const AXIS_KEY = /^[xy]axis\d*$/;

/**
 * The layout to give `Plotly.react` when only the traces' x/y changed since the figure drawn before
 * (`sameLook`) and every axis has a fixed range: with a zero-length `transition`, plotly takes its
 * animation path, which recomputes the traces and draws them again in place, instead of its full
 * replot, which removes and re-creates every axis, tick label, title, shape and annotation and the
 * drag handles at each call (two thirds of a live curve redraw's time in the profiles,
 * docs/performance.md). Not with an autoranged axis, nor when plotly shows another range than the one
 * asked (`shown`: its full layout): plotly's axis transition would report the range it moves to as a
 * `plotly_relayout`, which would read as a user's zoom.
 */
export function dataOnlyLayout(layout: PlotlyLayout, sameLook: boolean, shown: Record<string, { range?: unknown[] } | undefined> | undefined): PlotlyLayout {
  if (!sameLook) return layout;
  const l = layout as Record<string, unknown>;
  const axes = Object.keys(l).filter((k) => AXIS_KEY.test(k));
  const fixed = (k: string) => {
    const a = l[k] as { autorange?: unknown; range?: unknown[] } | undefined;
    const now = shown?.[k]?.range;
    // The range plotly shows must be the one asked: a double click, a pan or the modebar may have
    // moved it since the last figure (then the full redraw puts it back, and no event is emitted).
    return a?.autorange === false && Array.isArray(a.range) && Array.isArray(now) && now[0] === a.range[0] && now[1] === a.range[1];
  };
  if (!axes.length || !axes.every(fixed)) return layout;
  return { ...layout, transition: { duration: 0 } } as PlotlyLayout;
}

export interface PlotlyHandle {
  /** The graph div (plotly attaches its internals to it). */
  ref: RefObject<HTMLDivElement | null>;
  /** plotly loaded and the div mounted. */
  ready: boolean;
  /** Failure to load plotly (shown instead of the plot). */
  error: string | null;
  /** Draws a figure now, or as soon as the one being drawn is done (only the newest waits). */
  react(figure: Figure): void;
  /** The plotly module, once loaded. */
  plotly: RefObject<PlotlyModule | null>;
}

export interface PlotlyEvents {
  onRelayout?(event: Record<string, unknown>): void;
  /** During a drag (pan/zoom box), many times per second. */
  onRelayouting?(event: Record<string, unknown>): void;
  /** After each completed draw (figure applied). */
  onDrawn?(gd: PlotlyElement): void;
  onResize?(): void;
}

/**
 * No third-party cloud anywhere (plotly 3+ shows a "Share chart / Plotly Cloud" button by default, which
 * uploads the data): `showSendToCloud` off and its button removed. plotly's own PNG export stays, named
 * after the plot. No tips: plotly's "double-click to zoom back out" notice covered Lantern's buttons.
 */
export const BASE_CONFIG: PlotlyConfig = {
  displaylogo: false,
  showSendToCloud: false,
  showEditInChartStudio: false,
  showTips: false,
  responsive: false,
  scrollZoom: false,
  doubleClick: 'reset+autosize',
  modeBarButtonsToRemove: ['lasso2d', 'select2d', 'sendDataToCloud', 'sendChartToCloud'],
  toImageButtonOptions: { format: 'png', scale: 2 },
} as PlotlyConfig;

export function usePlotly(events: PlotlyEvents = {}): PlotlyHandle {
  const ref = useRef<HTMLDivElement | null>(null);
  const plotly = useRef<PlotlyModule | null>(null);
  const [ready, setReady] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const waiting = useRef<Figure | null>(null);
  const drawnKey = useRef('');
  const eventsRef = useRef(events);
  const alive = useRef(true);
  useEffect(() => {
    eventsRef.current = events;
  });

  useEffect(() => {
    alive.current = true;
    let cancelled = false;
    loadPlotly().then(
      (P) => {
        if (cancelled) return;
        plotly.current = P;
        setReady(true);
      },
      (e: unknown) => {
        if (!cancelled) setError(`Could not load the plotting library: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
    const div = ref.current;
    return () => {
      cancelled = true;
      alive.current = false;
      if (div && plotly.current) plotly.current.purge(div);
    };
  }, []);

  const run = useCallback(function runFigure(figure: Figure) {
    const P = plotly.current;
    const gd = ref.current;
    if (!P || !gd || !alive.current) return;
    busy.current = true;
    const first = !hasDrawn(gd);
    let result: Promise<PlotlyElement>;
    try {
      const t0 = performance.now();
      let layout = figure.layout;
      if (figure.dataOnly) {
        const key = figureKey(figure);
        layout = dataOnlyLayout(layout, !first && key === drawnKey.current, (gd as unknown as { _fullLayout?: Record<string, { range?: unknown[] } | undefined> })._fullLayout);
        drawnKey.current = key;
      } else drawnKey.current = '';
      // A marker in performance traces (no entry kept in the page): bench/trace-summary.ts gives the
      // CPU of each frame that drew a figure from it.
      console.timeStamp(layout === figure.layout ? 'lantern:plotly-react' : 'lantern:plotly-react-data');
      result = P.react(gd, figure.data, layout, { ...BASE_CONFIG, ...figure.config });
      // Synchronous part of the redraw, for performance checks (data-react-ms on the graph div).
      gd.dataset.reactMs = (performance.now() - t0).toFixed(1);
      // Which way plotly redrew ('data': traces in place, 'full': a full replot), for tests.
      gd.dataset.redraw = layout === figure.layout ? 'full' : 'data';
      if (layout !== figure.layout) gd.dataset.inPlaceRedraws = String(Number(gd.dataset.inPlaceRedraws ?? 0) + 1);
    } catch (e) {
      busy.current = false;
      setError(`Plot failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const done = () => {
      busy.current = false;
      if (!alive.current) return;
      if (first) {
        const el = gd as unknown as PlotlyElement;
        el.on('plotly_relayout', (ev) => eventsRef.current.onRelayout?.(ev as unknown as Record<string, unknown>));
        el.on('plotly_relayouting', (ev) => eventsRef.current.onRelayouting?.(ev as unknown as Record<string, unknown>));
      }
      eventsRef.current.onDrawn?.(gd as unknown as PlotlyElement);
      const next = waiting.current;
      waiting.current = null;
      if (next) runFigure(next);
    };
    result.then(done, (e: unknown) => {
      setError(`Plot failed: ${e instanceof Error ? e.message : String(e)}`);
      done();
    });
  }, []);

  const react = useCallback(
    (figure: Figure) => {
      if (busy.current) waiting.current = figure;
      else run(figure);
    },
    [run],
  );

  // Follow the container's size (plotly only resizes on window resize by itself).
  useEffect(() => {
    const div = ref.current;
    if (!div || !ready || typeof ResizeObserver === 'undefined') return;
    let frame: number | null = null;
    let last = '';
    const observer = new ResizeObserver(() => {
      if (frame !== null) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        const size = `${div.clientWidth}x${div.clientHeight}`;
        if (size === last) return;
        last = size;
        if ((div as unknown as { _fullLayout?: unknown })._fullLayout) plotly.current?.Plots.resize(div);
        eventsRef.current.onResize?.();
      });
    });
    observer.observe(div);
    return () => {
      observer.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [ready]);

  return { ref, ready, error, react, plotly };
}

/** Whether plotly has drawn on this div (it keeps its full layout there). */
export function hasDrawn(gd: HTMLElement | null): boolean {
  return !!(gd as unknown as { _fullLayout?: unknown } | null)?._fullLayout;
}

/** Internals plotly keeps on its graph div that the image overlay needs (stable for years, but private). */
export interface PlotArea {
  /** Plot area in CSS pixels relative to the graph div. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Axis ranges as drawn (plotly units: log10 on log axes; reversed axes have range[0] > range[1]). */
  xRange: [number, number];
  yRange: [number, number];
}

interface AxisInternals {
  range?: number[];
  _offset?: number;
  _length?: number;
}

export function plotArea(gd: HTMLElement | null): PlotArea | null {
  const full = (gd as unknown as { _fullLayout?: { _size?: { l: number; t: number; w: number; h: number }; xaxis?: AxisInternals; yaxis?: AxisInternals } } | null)?._fullLayout;
  const size = full?._size;
  const xa = full?.xaxis;
  const ya = full?.yaxis;
  const xr = xa?.range;
  const yr = ya?.range;
  if (!size || !xr || !yr || xr.length < 2 || yr.length < 2) return null;
  // Axis offsets/lengths differ from the margins when an axis is constrained (square pixels).
  const left = typeof xa._offset === 'number' ? xa._offset : size.l;
  const width = typeof xa._length === 'number' ? xa._length : size.w;
  const top = typeof ya._offset === 'number' ? ya._offset : size.t;
  const height = typeof ya._length === 'number' ? ya._length : size.h;
  return { left, top, width, height, xRange: [Number(xr[0]), Number(xr[1])], yRange: [Number(yr[0]), Number(yr[1])] };
}
