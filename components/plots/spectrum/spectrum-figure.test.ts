import { describe, expect, it } from 'vitest';
import type { McaPlotModel, OneDimPlotModel } from '@/lib/plot-model';
import type { PlotTheme } from '../shared/plot-theme';
import { localReductionNote, remoteReductionNote, spectrumChannels, spectrumLayout, spectrumSubtitle, spectrumTrace, spectrumXTitle } from './spectrum-figure';

const theme: PlotTheme = { fg: '#111111', grid: '#222222', bg: '#ffffff', axisLine: '#333333', font: 12, line: 1.6 };

describe('spectrum figure mapping', () => {
  it('names MCA spectra by detector and 1D channels by their short name', () => {
    const mca = { kind: 'mca', id: 'm', title: 'mca1', device: 'mca1', items: [
      { channel: 'mca1:realtime_det0', detector: 'det0', stacked: false },
      { channel: 'lima:image', detector: '', stacked: true },
    ] } as unknown as McaPlotModel;
    expect(spectrumChannels(mca)).toEqual([
      { channel: 'mca1:realtime_det0', label: 'det0', stacked: false },
      { channel: 'lima:image', label: 'image', stacked: true },
    ]);
    expect(spectrumSubtitle(mca)).toBeUndefined();
    const oned = { kind: 'oned', id: 'o', title: 'spectra', device: 'diffractometer', channels: ['dev:spectrum'], x: { kind: 'index' } } as unknown as OneDimPlotModel;
    expect(spectrumChannels(oned)).toEqual([{ channel: 'dev:spectrum', label: 'spectrum', stacked: false }]);
    expect(spectrumSubtitle(oned)).toBe('diffractometer');
  });

  it('labels stacked rows and keeps uids safe for plotly', () => {
    const t = spectrumTrace({ key: 'lima:image|2', label: 'image', row: 2, x: [0, 1], y: [5, 6], color: '#1f6fd1', kiosk: true }) as Record<string, unknown>;
    expect(t).toMatchObject({ mode: 'lines', name: 'image [2]', line: { color: '#1f6fd1', width: 2.5 }, connectgaps: false });
    expect(t.uid).toMatch(/^u[A-Za-z0-9_-]+$/);
    expect(t.hovertemplate).toBe('image [2]: %{y:.6g}<br>x %{x:.6g}<extra></extra>');
    const single = spectrumTrace({ key: 'a|0', label: 'det0', row: null, x: [0], y: [1], color: '#000000', kiosk: false }) as Record<string, unknown>;
    expect(single).toMatchObject({ name: 'det0', line: { width: 1.3 } });
  });

  it('titles the x axis from the calibration, the x channel or the channel number', () => {
    expect(spectrumXTitle({ kind: 'array', label: 'energy', unit: 'keV' } as never, () => 'unused')).toBe('energy [keV]');
    expect(spectrumXTitle({ kind: 'array' } as never, () => 'unused')).toBe('x');
    expect(spectrumXTitle({ kind: 'channel', channel: 'dev:tth' }, (c) => `name of ${c}`)).toBe('name of dev:tth');
    expect(spectrumXTitle({ kind: 'index' }, () => 'unused')).toBe('channel');
  });

  it('says how many points a reduction covers and which are missing', () => {
    expect(localReductionNote('det0', 'sum', 1, 0)).toBe('det0: sum of 1 point');
    expect(localReductionNote('det0', 'average', 7, 2)).toBe('det0: average of 7 points (2 not available: expired or not received)');
    expect(remoteReductionNote('det0', 'sum', { count: 40, upTo: 50, skipped: 10 }, 100)).toBe('det0: sum of 40 of 100 points (fetching…), 10 not available');
    expect(remoteReductionNote('det0', 'sum', { count: 100, upTo: 100, skipped: 0 }, 100)).toBe('det0: sum of 100 of 100 points');
  });

  it('lays out log or linear y, titled by the reduction, zoomed where the view says', () => {
    const base = { modelId: 'p1', xTitle: 'channel', theme, kiosk: false, hasTraces: true, revision: 3 };
    const zoomed = spectrumLayout({ ...base, reduce: 'sum', logY: true, view: { zoomX: [10, 20], zoomY: [1, 1000] } }) as Record<string, any>;
    expect(zoomed.uirevision).toBe('p1|true|sum');
    expect(zoomed.datarevision).toBe(3);
    expect(zoomed.yaxis).toMatchObject({ type: 'log', title: { text: 'sum over the scan' }, autorange: false });
    expect(zoomed.yaxis.range[0]).toBeCloseTo(0);
    expect(zoomed.yaxis.range[1]).toBeCloseTo(3);
    expect(zoomed.xaxis).toMatchObject({ range: [10, 20], autorange: false, title: { text: 'channel' } });
    const free = spectrumLayout({ ...base, reduce: 'point', logY: false, hasTraces: false, view: {} }) as Record<string, any>;
    expect(free.yaxis).toMatchObject({ type: 'linear', title: { text: 'counts' }, autorange: true });
    expect(free.xaxis.autorange).toBe(true);
    expect(free.showlegend).toBe(false);
    expect((spectrumLayout({ ...base, reduce: 'average', logY: false, view: {} }) as Record<string, any>).yaxis.title.text).toBe('average over the scan');
  });
});
