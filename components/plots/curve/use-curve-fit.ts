'use client';
/**
 * The fit of one curve, in the analysis Web Worker: asked for at each redraw, sent at most every
 * FIT_INTERVAL_MS and only when the points or the settings changed (a live scan refits as points arrive,
 * the page never waits for it). The result is kept in a ref for the figure; React state holds its rows.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { AnalysisClient, SupersededError } from '@/lib/analysis/analysis-client';
import type { FitResult } from '@/lib/analysis/fit/fit-curve';
import { fitRows, formatFitResult, formatWithError, type FitRow } from '@/lib/analysis/fit/format';
import type { FitView } from '@/lib/view-state/plot-view-state';
import type { Schedule } from '../shared/use-live-redraw';
import type { CurveSpec, PreparedCurve } from './curve-prepare';

const FIT_INTERVAL_MS = 400;

export interface FitShown {
  rows: FitRow[];
  area: string | null;
  summary: string;
  text: string;
  /** Worker time of the last fit, ms. */
  elapsed: number;
}

export interface FitState {
  shown: FitShown | null;
  error: string | null;
  busy: boolean;
  /** The curve fitted (its label), when any. */
  curve: string | null;
  /** The curve's points are not held yet: the fit waits for them. */
  waiting?: boolean;
}

export interface DrawnFit {
  result: FitResult;
  spec: CurveSpec;
}

/** The first n values, without a copy for typed arrays (the worker message makes its own). */
function head(a: ArrayLike<number>, n: number): ArrayLike<number> {
  if (a.length <= n) return a;
  return ArrayBuffer.isView(a) ? (a as Float64Array).subarray(0, n) : Array.prototype.slice.call(a, 0, n);
}

/** The curve a fit applies to: the one named, else the first with points. */
export function fitTarget<S>(curves: readonly PreparedCurve<S>[], fit: FitView): PreparedCurve<S> | undefined {
  return curves.find((c) => c.spec.name === fit.curve && c.built) ?? (fit.curve ? undefined : curves.find((c) => c.built));
}

export function useCurveFit(fit: FitView | undefined, scheduleRef: MutableRefObject<Schedule>, labels: { x: string }) {
  const client = useRef<AnalysisClient | null>(null);
  const drawn = useRef<DrawnFit | null>(null);
  const sentKey = useRef('');
  const sentAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef<(() => void) | null>(null);
  const [state, setState] = useState<FitState>({ shown: null, error: null, busy: false, curve: null });
  const labelsRef = useRef(labels);
  useEffect(() => {
    labelsRef.current = labels;
  });

  useEffect(() => {
    let worker: Worker | null = null;
    try {
      worker = new Worker(new URL('../../../lib/analysis/analysis.worker.ts', import.meta.url), { type: 'module', name: 'lantern-analysis' });
      client.current = new AnalysisClient(worker);
    } catch (e) {
      setState((s) => ({ ...s, error: `Fits are not available in this browser: ${e instanceof Error ? e.message : String(e)}` }));
    }
    return () => {
      client.current?.dispose();
      client.current = null;
      worker?.terminate();
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  const fitKey = fit ? JSON.stringify(fit) : '';
  useEffect(() => {
    // Settings changed: the next redraw fits at once; no fit: nothing drawn or shown.
    sentKey.current = '';
    sentAt.current = 0;
    if (!fitKey) {
      drawn.current = null;
      setState({ shown: null, error: null, busy: false, curve: null });
      scheduleRef.current(true);
    }
  }, [fitKey, scheduleRef]);

  /** Called at each redraw with the prepared curves and the visible x range. */
  const request = useCallback(
    <S>(curves: readonly PreparedCurve<S>[], visible: [number, number] | null) => {
      if (!fit || !client.current) return;
      const target = fitTarget(curves, fit);
      if (!target?.built) {
        // No points held yet (or the plot draws the server's summary of a long curve while they arrive).
        if (drawn.current) drawn.current = null;
        if (sentKey.current !== 'waiting') {
          sentKey.current = 'waiting';
          setState({ shown: null, error: null, busy: false, curve: target?.spec.label ?? null, waiting: true });
        }
        return;
      }
      const b = target.built;
      const range = fit.range ?? visible;
      const key = JSON.stringify([fit, target.spec.key, b.points, range]);
      if (key === sentKey.current) return;
      const send = () => {
        timer.current = null;
        sentKey.current = key;
        sentAt.current = performance.now();
        const spec = target.spec;
        setState((s) => (s.busy && !s.waiting ? s : { ...s, busy: true, waiting: false }));
        client.current
          ?.fit({ model: fit.model, background: fit.background, x: head(b.statX, b.points), y: head(b.statY, b.points), range: range ? { min: Math.min(...range), max: Math.max(...range) } : undefined }, 'curve-fit')
          .then(
            ({ result, elapsed }) => {
              drawn.current = { result, spec };
              const text = formatFitResult(result, { x: labelsRef.current.x, y: spec.label });
              setState({
                shown: { rows: fitRows(result), area: result.area ? formatWithError(result.area.value, result.area.error) : null, summary: text.split('\n')[0]!, text, elapsed },
                error: null,
                busy: false,
                curve: spec.label,
              });
              scheduleRef.current(true);
            },
            (e: unknown) => {
              if (e instanceof SupersededError) return;
              drawn.current = null;
              setState({ shown: null, error: e instanceof Error ? e.message : String(e), busy: false, curve: spec.label });
              scheduleRef.current(true);
            },
          );
      };
      latest.current = send;
      const wait = FIT_INTERVAL_MS - (performance.now() - sentAt.current);
      if (wait <= 0) send();
      else if (!timer.current) timer.current = setTimeout(() => latest.current?.(), wait);
    },
    [fit, scheduleRef],
  );

  return { request, drawnRef: drawn, state };
}
