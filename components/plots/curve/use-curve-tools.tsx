'use client';
/**
 * The curve tools' glue for the container: fit (worker), crosshair, overlaid scans, math errors and the
 * fit region dragged on the plot. `compose` runs inside the redraw; `bar` and `panel` are what it shows.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type MutableRefObject, type RefObject } from 'react';
import { motorOfChannel } from '@/lib/analysis/cursor';
import { compileExpression } from '@/lib/analysis/expression/evaluate';
import type { PlotViewState } from '@/lib/view-state/plot-view-state';
import type { PlotDataSource } from '../plot-types';
import type { PlotlyElement } from '../shared/plotly-loader';
import type { PlotTheme } from '../shared/plot-theme';
import type { Schedule } from '../shared/use-live-redraw';
import { displayName } from '../source-helpers';
import { composeCurves, type Composed } from './curve-compose';
import { overlayChannels } from './curve-overlay';
import { expressionNames, type ChannelSource, type CurveSpec, type PreparedCurves } from './curve-prepare';
import { CrosshairBar } from './crosshair-bar';
import { CurveTools } from './curve-tools';
import { useCrosshair } from './use-crosshair';
import { useCurveFit } from './use-curve-fit';
import { useOverlays } from './use-overlays';

interface ToolsInput {
  view: PlotViewState;
  onViewChange(patch: Partial<PlotViewState>): void;
  source: PlotDataSource;
  specs: readonly CurveSpec[];
  xName: string | null;
  graphRef: RefObject<HTMLDivElement | null>;
  plotReady: boolean;
  scheduleRef: MutableRefObject<Schedule>;
}

export function useCurveTools({ view, onViewChange, source, specs, xName, graphRef, plotReady, scheduleRef }: ToolsInput) {
  const xLabel = displayName(source, xName);
  const fit = useCurveFit(view.fit, scheduleRef, { x: xLabel });
  const { crosshair, refresh, unpin } = useCrosshair(graphRef, plotReady, { x: view.logX === true, y: view.logY === true });
  const { snapshot } = source;
  const names = useMemo(() => expressionNames(snapshot.streams, snapshot.info?.channels), [snapshot.streams, snapshot.info]);
  const wanted = useMemo(
    () =>
      overlayChannels(xName, specs, (expr) => {
        try {
          return compileExpression(expr, names.channels, names.display).channels;
        } catch {
          return [];
        }
      }),
    [xName, specs, names],
  );
  const [browse, setBrowse] = useState(false);
  const overlays = useOverlays(snapshot.summary ?? null, view.overlay, wanted, scheduleRef, browse);
  const [selecting, setSelecting] = useState(false);
  const [mathErrors, setMathErrors] = useState<Record<string, string>>({});
  const [legend, setLegend] = useState<Composed<unknown>['legend']>([]);
  const shownKey = useRef('');
  const viewRef = useRef(view);
  const onViewChangeRef = useRef(onViewChange);
  useEffect(() => {
    viewRef.current = view;
    onViewChangeRef.current = onViewChange;
  });

  const { request } = fit;
  const compose = useCallback(
    <S,>(main: PreparedCurves<S>, mainSource: ChannelSource, prepare: (s: ChannelSource, sp: readonly CurveSpec[]) => PreparedCurves<never>, theme: PlotTheme, kiosk: boolean | undefined, zoomX: [number, number] | null): Composed<S> => {
      const v = viewRef.current;
      const composed = composeCurves({
        main,
        mainSource,
        thisKey: source.key,
        specs,
        overlays: overlays.scans(),
        reference: v.overlay?.reference,
        prepare,
        fit: fit.drawnRef.current,
        fitRegion: v.fit?.range ?? null,
        vmarks: v.vmarks ?? [],
        hmarks: v.hmarks ?? [],
        xName,
        log: { x: v.logX === true, y: v.logY === true },
        theme,
        kiosk,
      });
      request(composed.main, zoomX);
      refresh(composed.crosshair);
      const errors = Object.fromEntries(main.errors.map((e) => [e.curve, e.message]));
      const key = JSON.stringify([errors, composed.legend]);
      if (key !== shownKey.current) {
        shownKey.current = key;
        setMathErrors(errors);
        setLegend(composed.legend);
      }
      return composed;
    },
    [source.key, specs, overlays, xName, request, refresh, fit.drawnRef],
  );

  /** After a draw: the region dragged on the plot (select mode) becomes the fit region. */
  const hooked = useRef<PlotlyElement | null>(null);
  const onDrawn = useCallback((gd: PlotlyElement) => {
    if (hooked.current === gd) return;
    hooked.current = gd;
    gd.on('plotly_selected', (event: unknown) => {
      const range = (event as { range?: { x?: number[] } } | undefined)?.range?.x;
      const v = viewRef.current;
      if (range && range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] !== range[1]) {
        onViewChangeRef.current({ fit: { model: 'gaussian', background: 'constant', ...v.fit, range: [Math.min(range[0]!, range[1]!), Math.max(range[0]!, range[1]!)] } });
      }
      setSelecting(false);
    });
  }, []);

  const info = snapshot.info?.channels as Record<string, { decimals?: unknown }> | undefined;
  const decimals = xName && typeof info?.[xName]?.decimals === 'number' ? (info[xName].decimals as number) : undefined;
  const channels = useMemo(() => snapshot.streams.filter((s) => s.shape.length === 0 && s.dtype !== null).map((s) => ({ name: s.name, label: displayName(source, s.name) })), [snapshot.streams, source]);
  const bar = <CrosshairBar crosshair={crosshair} xLabel={xLabel} motor={xName ? motorOfChannel(xName) : undefined} decimals={decimals} onUnpin={unpin} />;
  const panel = (
    <CurveTools
      view={view}
      onViewChange={onViewChange}
      specs={specs}
      fit={fit.state}
      selecting={selecting}
      onSelecting={setSelecting}
      mathErrors={mathErrors}
      channels={channels}
      at={crosshair?.pinned ? crosshair : null}
      xLabel={xLabel}
      short={(n) => displayName(source, n)}
      onBrowse={setBrowse}
      overlays={{ thisKey: source.key, candidates: overlays.candidates, shown: overlays.shown, legend, listError: overlays.listError }}
    />
  );
  return { compose, onDrawn, selecting, bar, panel };
}
