'use client';
/** Irregular scatter without a grid: coloured markers (plotly), mapped by `scatter-figure.ts`. */
import { useCallback, useRef, useState } from 'react';
import { autoscale } from '@/lib/plot-math/autoscale';
import { colormapLut, type ColormapName } from '@/lib/plot-math/colormap';
import type { ScatterPlotModel } from '@/lib/plot-model';
import { PlotFrame, scanStateBanner } from '../plot-frame';
import type { PlotProps } from '../plot-types';
import { plotTheme } from '../shared/plot-theme';
import { axisTitle, displayName } from '../source-helpers';
import { useTestAttributeDefaults } from '../shared/test-attributes';
import { useLiveRedraw } from '../shared/use-live-redraw';
import { usePlotly } from '../shared/use-plotly';
import { useZoomToView } from '../shared/view-zoom';
import { zoomFromRelayout } from '../view-axes';
import styles from '../plots.module.css';
import { readScalar, readValues, scatterNotes } from './scatter-data';
import { logColors, pointsLayout, pointsTrace, scatterLabel } from './scatter-figure';
import { ScatterToolbar, useValueChoice } from './scatter-view';

export function PointsScatter({ model, source, view, onViewChange, kiosk }: PlotProps<ScatterPlotModel>) {
  const choice = useValueChoice(model, view, source);
  const { value, monitor } = choice;
  const colormap: ColormapName = view.colormap ?? 'viridis';
  const logScale = view.logScale === true;
  const frameRef = useRef<HTMLDivElement | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [empty, setEmpty] = useState(true);
  const revision = useRef(0);
  const notesKey = useRef('');
  const colorWork = useRef(new Float64Array(0));
  const zoomToView = useZoomToView(onViewChange);
  const { ref: graphRef, ready: plotReady, error: plotError, react: plotReact } = usePlotly({
    onRelayout: (ev) => zoomToView(zoomFromRelayout(ev, {})),
  });

  const draw = useCallback(() => {
    const gd = graphRef.current;
    if (!plotReady || !gd) return;
    const values = readValues(source, value, monitor);
    const x = readScalar(source, model.x);
    const y = readScalar(source, model.y);
    const n = Math.min(values?.length ?? 0, x?.length ?? 0, y?.length ?? 0);
    const el = frameRef.current;
    if (el) el.dataset.pointCount = String(n);
    const nk = scatterNotes(source, [model.x, model.y, value], n);
    if (nk.join('\n') !== notesKey.current) {
      notesKey.current = nk.join('\n');
      setNotes(nk);
    }
    setEmpty(n === 0);
    let colors: Float64Array = values ? values.subarray(0, n) : new Float64Array(0);
    if (logScale) {
      const logged = logColors(colors, colorWork.current);
      colorWork.current = logged.work;
      colors = logged.colors;
    }
    const trace = pointsTrace({
      x: x ? x.subarray(0, n) : [],
      y: y ? y.subarray(0, n) : [],
      colors,
      range: autoscale(colors, 'minmax'),
      lut: colormapLut(colormap),
      logScale,
      names: { x: model.x, y: model.y, value },
    });
    const layout = pointsLayout({
      modelId: model.id,
      revision: ++revision.current,
      theme: plotTheme(kiosk),
      xTitle: axisTitle(source, model.x),
      yTitle: axisTitle(source, model.y),
      view: { zoomX: view.zoomX, zoomY: view.zoomY },
    });
    plotReact({ data: [trace], layout });
  }, [plotReact, graphRef, plotReady, source, value, monitor, model.x, model.y, model.id, colormap, logScale, kiosk, view.zoomX, view.zoomY]);

  useLiveRedraw(draw, { minInterval: 100, version: source.version, settings: [plotReady, value, monitor, colormap, logScale, kiosk, view.zoomX, view.zoomY] });
  useTestAttributeDefaults(frameRef, { pointCount: '0' });

  return (
    <PlotFrame
      label={scatterLabel(value, model.x, model.y)}
      dataKind="scatter"
      title={model.title}
      subtitle={displayName(source, value)}
      toolbar={<ScatterToolbar choice={choice} view={view} onViewChange={onViewChange} showScale={false} />}
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={frameRef}
      notes={notes}
    >
      <div className={styles.plotArea}>
        {plotError ? <div className={styles.errorBox}>{plotError}</div> : <div ref={graphRef} className={styles.graph} />}
        {empty ? <div className={styles.overlayMessage}>Waiting for data…</div> : null}
      </div>
    </PlotFrame>
  );
}
