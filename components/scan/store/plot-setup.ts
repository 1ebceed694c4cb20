/** What the plots of a scan are, inferred from its document: recomputed only when its shape changes. */
import { normalizeScanInfo, type ScanInfo } from '@/lib/blissdata/scan-info';
import { createPlotModels, type PlotSetup, type StreamDescriptor } from '@/lib/plot-model';
import type { ScanSnapshot } from '@/lib/wire/contract';

function descriptors(snapshot: ScanSnapshot): StreamDescriptor[] {
  return snapshot.streams.map((s) => ({
    name: s.name,
    kind: s.kind,
    ndim: s.kind === 'lima' || s.kind === 'lima2' ? Math.max(2, s.shape.length) : s.shape.length,
    ...(s.dtype !== null ? { dtype: s.dtype } : {}),
    shape: s.shape,
    ...(s.unit !== null ? { unit: s.unit } : {}),
  }));
}

/** What the plot models depend on (not the lengths, which change with every point). */
export function setupSignature(snapshot: ScanSnapshot): string {
  return JSON.stringify([snapshot.info, snapshot.streams.map((s) => [s.name, s.kind, s.dtype, s.shape, s.unit, s.error])]);
}

export function plotSetupOf(snapshot: ScanSnapshot): { info: ScanInfo; setup: PlotSetup; warnings: string[] } {
  const normalized = normalizeScanInfo(snapshot.info);
  const setup = createPlotModels(normalized.info, descriptors(snapshot));
  return { info: normalized.info, setup, warnings: [...normalized.warnings, ...setup.warnings] };
}
