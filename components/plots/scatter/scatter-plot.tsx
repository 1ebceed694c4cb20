'use client';
/**
 * Scatter plot (Flint's live scatter): a value channel coloured over two axis channels.
 * - regular grid (amesh/dmesh): cells filled live as points arrive, by point index like Flint (fast
 *   axis, back-and-forth, group-by on step axes), drawn with the colormapped canvas (RasterView);
 * - sized irregular scatter: 2D histogram of the mean value per bin, same drawing;
 * - otherwise: coloured points (plotly markers, `points-scatter.tsx`).
 * Cells and points without a value are not drawn (never as zero). Mapping in `scatter-figure.ts`,
 * `mesh-grid.ts` and `mesh-channels.ts`; the toolbar in `scatter-view.tsx`.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import { imageRange } from '@/lib/plot-math/image-range';
import { colormapLut, type ColormapName } from '@/lib/plot-math/colormap';
import type { ScatterPlotModel } from '@/lib/plot-model';
import { PlotDataError, PlotFrame, scanStateBanner, shortName } from '../plot-frame';
import type { Autoscale, PlotProps } from '../plot-types';
import { AUTOSCALE_MODES } from '../raster/colour-scale-controls';
import { Colorbar } from '../raster/colorbar';
import { RasterView, viewBinding, type RasterGeometry, type RasterHandle } from '../raster/raster-view';
import { axisTitle, displayName } from '../source-helpers';
import { useTestAttributeDefaults } from '../shared/test-attributes';
import { useLiveRedraw } from '../shared/use-live-redraw';
import { useZoomToView } from '../shared/view-zoom';
import styles from '../plots.module.css';
import { binScatter, RegularMesh, type GridImage } from './mesh-grid';
import { PointsScatter } from './points-scatter';
import { readScalar, readValues, scatterNotes } from './scatter-data';
import { cellReadout, geometryOf, gridKindText, initialDims, sameGeometry, scatterLabel, valueName } from './scatter-figure';
import { ScatterToolbar, useValueChoice } from './scatter-view';

export function ScatterPlot(props: PlotProps<ScatterPlotModel>) {
  const { model } = props;
  if (!model.x || !model.y) throw new PlotDataError('This scatter has no x or y axis channel', 'unsupported');
  if (model.grid.kind === 'points') return <PointsScatter {...props} />;
  return <GridScatter {...props} />;
}

/** Regular grid or 2D histogram, drawn as a colormapped raster. */
function GridScatter({ model, source, view, onViewChange, kiosk }: PlotProps<ScatterPlotModel>) {
  const choice = useValueChoice(model, view, source);
  const { value, monitor } = choice;
  const colormap: ColormapName = view.colormap ?? 'viridis';
  const scaleMode: Autoscale = view.autoscale ?? 'minmax';
  const logScale = view.logScale === true;
  const grid = model.grid;
  const mesh = useMemo(() => (grid.kind === 'regular' ? new RegularMesh(grid) : null), [grid]);
  const raster = useRef<RasterHandle | null>(null);
  const frameRef = useRef<HTMLDivElement | null>(null);
  const [geometry, setGeometry] = useState<RasterGeometry | null>(null);
  const [dims, setDims] = useState(() => initialDims(grid));
  const [range, setRange] = useState<{ min: number; max: number } | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [empty, setEmpty] = useState(true);
  const imgRef = useRef<GridImage | null>(null);
  const notesKey = useRef('');

  const draw = useCallback(() => {
    const values = readValues(source, value, monitor);
    const x = readScalar(source, model.x);
    const y = readScalar(source, model.y);
    const n = values ? values.length : 0;
    let img: GridImage | null = null;
    if (values && mesh) img = mesh.update(values, n, x, y);
    else if (values && x && y && grid.kind === 'histogram') img = binScatter(x, y, values, Math.min(n, x.length, y.length), grid.bins, grid.xRange, grid.yRange);
    const el = frameRef.current;
    if (el) el.dataset.pointCount = String(n);
    const nk = scatterNotes(source, [model.x, model.y, value, monitor], n);
    if (nk.join('\n') !== notesKey.current) {
      notesKey.current = nk.join('\n');
      setNotes(nk);
    }
    setEmpty(!img || img.filled === 0);
    if (!img) return;
    imgRef.current = img;
    const g = geometryOf(img);
    setGeometry((prev) => (sameGeometry(prev, g) ? prev : g));
    setDims((prev) => (prev.rows === img.rows && prev.cols === img.cols ? prev : { rows: img.rows, cols: img.cols }));
    if (!raster.current) return;
    const r = imageRange(img.z, AUTOSCALE_MODES[scaleMode], logScale);
    raster.current.show({ data: img.z, width: img.cols, height: img.rows }, { lut: colormapLut(colormap), min: r.min, max: r.max, log: logScale });
    setRange((prev) => (prev && prev.min === r.min && prev.max === r.max ? prev : { min: r.min, max: r.max }));
  }, [source, value, monitor, model.x, model.y, mesh, grid, scaleMode, logScale, colormap]);

  const schedule = useLiveRedraw(draw, { minInterval: 100, version: source.version, settings: [geometry, value, monitor, scaleMode, logScale, colormap] });
  useTestAttributeDefaults(frameRef, { pointCount: '0' });

  const onRaster = useCallback(
    (h: RasterHandle | null) => {
      raster.current = h;
      if (h) schedule(true);
    },
    [schedule],
  );
  const onZoom = useZoomToView(onViewChange);
  const readout = useCallback(
    (col: number, row: number, _x: number, _y: number, v: number) =>
      cellReadout({ x: model.x, y: model.y, value, monitor }, imgRef.current?.xs[col] ?? NaN, imgRef.current?.ys[row] ?? NaN, v),
    [model.x, model.y, value, monitor],
  );

  const lut = useMemo(() => colormapLut(colormap), [colormap]);
  return (
    <PlotFrame
      label={scatterLabel(value, model.x, model.y)}
      dataKind="scatter"
      title={model.title}
      subtitle={`${valueName(displayName(source, value), monitor)} — ${gridKindText(grid)}`}
      toolbar={<ScatterToolbar choice={choice} view={view} onViewChange={onViewChange} showScale />}
      banner={scanStateBanner(source.snapshot.summary)}
      kiosk={kiosk}
      frameRef={frameRef}
      notes={notes}
    >
      {geometry ? (
        <RasterView
          ref={onRaster}
          exportName={`${model.title}_${shortName(value)}`}
          geometry={geometry}
          width={dims.cols}
          height={dims.rows}
          xTitle={axisTitle(source, model.x)}
          yTitle={axisTitle(source, model.y)}
          {...viewBinding(model.id, view, onZoom, kiosk)}
          readout={readout}
        />
      ) : (
        <div className={styles.plotArea} />
      )}
      {range && !empty ? <Colorbar lut={lut} min={range.min} max={range.max} log={logScale} kiosk={kiosk} /> : null}
      {empty ? <div className={styles.overlayMessage}>Waiting for data…</div> : null}
    </PlotFrame>
  );
}
