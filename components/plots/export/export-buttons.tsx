'use client';
/**
 * PNG and CSV of one plot, for its tab or grid cell. PNG: the plot as the page shows it (plot-image.ts).
 * CSV: the plot's scalar channels, from the page or from the server (plot-csv.ts), and a status line
 * saying which and why, so nobody takes a partial table for the whole scan.
 */
import { useState } from 'react';
import type { PlotModel } from '@/lib/plot-model';
import type { PlotDataSource, PlotViewState } from '../plot-types';
import { streamMeta } from '../source-helpers';
import { csvPlan, plotChannels } from './plot-csv';
import { downloadCanvas, plotCanvas } from './plot-image';

function download(href: string, name: string): void {
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

function baseName(source: PlotDataSource, model: PlotModel): string {
  const s = source.snapshot.summary;
  return `scan_${s?.number ?? 'x'}_${model.id}`.replace(/[^\w.-]+/g, '_');
}

export function PlotExportButtons({ model, view, source, root }: { model: PlotModel; view: PlotViewState; source: PlotDataSource | null; root: () => HTMLElement | null }) {
  const [status, setStatus] = useState('');
  const channels = plotChannels(model, view);
  const png = () => {
    const el = root();
    if (!el || !source) return;
    plotCanvas(el)
      .then(async (canvas) => {
        await downloadCanvas(canvas, baseName(source, model));
        setStatus(`PNG ${canvas.width}×${canvas.height}`);
      })
      .catch((e: unknown) => setStatus(`PNG failed: ${e instanceof Error ? e.message : String(e)}`));
  };
  const csv = () => {
    if (!source) return;
    const plan = csvPlan(source.key, source.buffers, (name) => streamMeta(source, name)?.length ?? 0, channels);
    if (plan.kind === 'local') {
      const url = URL.createObjectURL(new Blob([plan.text], { type: 'text/csv' }));
      download(url, `${baseName(source, model)}.csv`);
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(`CSV: ${plan.rows} rows × ${channels.length} channels, from this page`);
    } else {
      download(plan.url, `${baseName(source, model)}.csv`);
      setStatus(`CSV from the server (${plan.reason})`);
    }
  };
  return (
    <span className="plotexport">
      <button type="button" className="btn btn--small" onClick={png} disabled={!source} title="Download this plot as a PNG image">
        PNG
      </button>
      {channels.length ? (
        <button type="button" className="btn btn--small" onClick={csv} disabled={!source} title={`Download ${channels.join(', ')} as CSV`}>
          CSV
        </button>
      ) : null}
      <span className="plotexport__status muted" role="status">
        {status}
      </span>
    </span>
  );
}
