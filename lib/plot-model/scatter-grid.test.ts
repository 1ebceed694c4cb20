import { describe, expect, it } from 'vitest';
import { normalizeScanInfo, type ScanInfo } from '../blissdata/scan-info';
import { scatterGrid } from './scatter-grid';

function infoWith(channels: Record<string, Record<string, unknown>>): ScanInfo {
  return normalizeScanInfo({ channels }).info;
}

describe('scatterGrid', () => {
  it('is regular with y fast when y has axis_id 0 (column order)', () => {
    const info = infoWith({
      x: { axis_id: 1, axis_kind: 'forth', axis_points: 4, start: 10, stop: 0 },
      y: { axis_id: 0, axis_kind: 'forth', axis_points: 6, min: -1, max: 1 },
    });
    expect(scatterGrid(info, 'x', 'y')).toEqual({
      kind: 'regular',
      xPoints: 4,
      yPoints: 6,
      shape: [6, 4],
      fastAxis: 'y',
      order: 'column',
      xKind: 'forth',
      yKind: 'forth',
      xRange: [10, 0],
      yRange: [-1, 1],
      stepChannels: [],
    });
  });

  it('keeps back-and-forth axes regular and says which one', () => {
    const info = infoWith({
      x: { axis_id: 0, axis_kind: 'backnforth', axis_points: 3 },
      y: { axis_id: 1, axis_kind: 'forth', axis_points: 2 },
    });
    expect(scatterGrid(info, 'x', 'y')).toMatchObject({ kind: 'regular', shape: [2, 3], xKind: 'backnforth', yKind: 'forth', fastAxis: 'x' });
  });

  it('maps BLISS 1.4 fast/slow kinds to axis ids', () => {
    const info = infoWith({ x: { 'axis-kind': 'fast', 'axis-points': 3 }, y: { 'axis-kind': 'slow-backnforth', 'axis-points': 2 } });
    expect(scatterGrid(info, 'x', 'y')).toMatchObject({ kind: 'regular', fastAxis: 'x', xKind: 'forth', yKind: 'backnforth' });
  });

  it('groups slower step axes of an n-D scatter', () => {
    const info = infoWith({
      x: { group: 'g', axis_id: 0, axis_kind: 'forth', axis_points: 10 },
      y: { group: 'g', axis_id: 1, axis_kind: 'forth', axis_points: 10 },
      frame: { group: 'g', axis_id: 2, axis_kind: 'step', axis_points: 5 },
      diode: { group: 'g' },
    });
    expect(scatterGrid(info, 'x', 'y')).toMatchObject({ kind: 'regular', stepChannels: ['frame'] });
  });

  it('falls back to a histogram when an extra axis cannot be grouped', () => {
    const info = infoWith({
      x: { group: 'g', axis_id: 0, axis_kind: 'forth', axis_points: 10 },
      y: { group: 'g', axis_id: 1, axis_kind: 'forth', axis_points: 10 },
      z: { group: 'g', axis_id: 2, axis_kind: 'forth', axis_points: 5 },
    });
    expect(scatterGrid(info, 'x', 'y')).toEqual({ kind: 'histogram', bins: [10, 10] });
  });

  it('bins irregular scatters from axis_points_hint', () => {
    const info = infoWith({
      x: { axis_id: 0, min: 0, max: 9, axis_points_hint: 10 },
      y: { axis_id: 1, min: 0, max: 4, axis_points_hint: 5 },
    });
    expect(scatterGrid(info, 'x', 'y')).toEqual({ kind: 'histogram', bins: [5, 10], xRange: [0, 9], yRange: [0, 4] });
  });

  it('draws points without hints, or without both axes', () => {
    const info = infoWith({ x: { axis_id: 0 }, y: { axis_id: 1 } });
    expect(scatterGrid(info, 'x', 'y')).toEqual({ kind: 'points' });
    expect(scatterGrid(info, 'x', null)).toEqual({ kind: 'points' });
    expect(scatterGrid(info, 'x', 'missing')).toEqual({ kind: 'points' });
  });
});
