'use client';
/** A layout shown without controls (the kiosk's wall screen): cells in order, one column on a phone. */
import type { PlotLayout } from '@/lib/view-state/layout';
import { layoutColumns } from '@/lib/view-state/layout';
import type { PlotModel } from '@/lib/plot-model';
import { PlotSlot } from '../plot-slot';
import { resolveLayout } from './resolve-layout';
import styles from './plot-grid.module.css';

export function StaticPlotGrid({ layout, plots, kiosk }: { layout: PlotLayout; plots: readonly PlotModel[]; kiosk?: boolean }) {
  const { models } = resolveLayout(layout, plots);
  if (models.length === 0) return null;
  return (
    <div className={`${styles.grid} ${styles.static}`} style={{ ['--cols' as string]: layoutColumns(layout, models.length) }} aria-label="Plot layout" data-columns={layoutColumns(layout, models.length)}>
      {models.map((m) => (
        <div key={m.id} className={styles.staticCell} data-layout-cell={m.id}>
          <PlotSlot model={m} kiosk={kiosk} />
        </div>
      ))}
    </div>
  );
}
