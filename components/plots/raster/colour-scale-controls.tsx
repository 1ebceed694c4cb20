'use client';
/** Toolbar controls of colour-mapped plots (images, meshes): colormap, autoscale mode, log scale. */
import type { AutoscaleMode } from '@/lib/plot-math/autoscale';
import { COLORMAP_NAMES, type ColormapName } from '@/lib/plot-math/colormap';
import type { Autoscale, PlotProps, PlotViewState } from '../plot-types';

/** The library's autoscale mode for each view-state choice. */
export const AUTOSCALE_MODES: Record<Autoscale, AutoscaleMode> = { minmax: 'minmax', percentile: 'percentile_1_99', sigma: 'stddev3' };

const AUTOSCALE_LABELS: Record<Autoscale, string> = { minmax: 'min / max', percentile: 'percentile 1–99', sigma: 'mean ± 3σ' };

export function ColourScaleControls({ view, onViewChange, showScale = true }: { view: PlotViewState; onViewChange: PlotProps['onViewChange']; showScale?: boolean }) {
  const logScale = view.logScale === true;
  return (
    <>
      <label>
        colormap
        <select value={view.colormap ?? 'viridis'} onChange={(e) => onViewChange({ colormap: e.target.value as ColormapName })} aria-label="colormap">
          {COLORMAP_NAMES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      {showScale ? (
        <label>
          scale
          <select value={view.autoscale ?? 'minmax'} onChange={(e) => onViewChange({ autoscale: e.target.value as Autoscale })} aria-label="autoscale">
            {(Object.keys(AUTOSCALE_LABELS) as Autoscale[]).map((a) => (
              <option key={a} value={a}>
                {AUTOSCALE_LABELS[a]}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="button" aria-pressed={logScale} onClick={() => onViewChange({ logScale: !logScale })} title="Logarithmic colour scale">
        log
      </button>
    </>
  );
}
