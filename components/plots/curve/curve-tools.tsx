'use client';
/** The curve tools under the plot (fit, per-curve math, markers, compare scans): a pure view over the plot's view state. */
import type { PlotViewState } from '@/lib/view-state/plot-view-state';
import type { CurveSpec } from './curve-prepare';
import { CurveMathPanel } from './curve-math-panel';
import { FitPanel } from './fit-panel';
import { MarkerPanel } from './marker-panel';
import { OverlayPanel, type OverlayPanelProps } from './overlay-panel';
import type { FitState } from './use-curve-fit';
import styles from './curve-tools.module.css';

export interface CurveToolsProps {
  view: PlotViewState;
  onViewChange(patch: Partial<PlotViewState>): void;
  specs: readonly CurveSpec[];
  fit: FitState;
  selecting: boolean;
  onSelecting(on: boolean): void;
  mathErrors: Readonly<Record<string, string>>;
  channels: readonly { name: string; label: string }[];
  at: { x: number; y: number } | null;
  xLabel: string;
  short(name: string): string;
  overlays: Omit<OverlayPanelProps, 'overlay' | 'onChange'>;
  /** The comparison was opened (the session's scans are then listed to pick from). */
  onBrowse(open: boolean): void;
}

export function CurveTools(p: CurveToolsProps) {
  const { view, onViewChange } = p;
  const mathOn = Object.keys(view.math ?? {}).length > 0 || Object.keys(p.mathErrors).length > 0;
  return (
    <div className={styles.tools}>
      <details open={view.fit !== undefined}>
        <summary>Fit</summary>
        <FitPanel fit={view.fit} state={p.fit} curves={p.specs.map((s) => ({ name: s.name, label: s.label }))} selecting={p.selecting} onSelecting={p.onSelecting} onChange={(fit) => onViewChange({ fit })} />
      </details>
      <details open={mathOn}>
        <summary>Math</summary>
        <CurveMathPanel specs={p.specs} math={view.math ?? {}} channels={p.channels} errors={p.mathErrors} short={p.short} onChange={(math) => onViewChange({ math })} />
      </details>
      <details open={(view.vmarks?.length ?? 0) + (view.hmarks?.length ?? 0) > 0 || view.markers !== undefined}>
        <summary>Markers</summary>
        <MarkerPanel vmarks={view.vmarks ?? []} hmarks={view.hmarks ?? []} markers={view.markers} at={p.at} xLabel={p.xLabel} onChange={onViewChange} />
      </details>
      <details open={view.overlay !== undefined} onToggle={(e) => p.onBrowse(e.currentTarget.open)}>
        <summary>Compare scans</summary>
        <OverlayPanel {...p.overlays} overlay={view.overlay} onChange={(overlay) => onViewChange({ overlay })} />
      </details>
    </div>
  );
}
