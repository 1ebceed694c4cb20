import { describe, expect, it } from 'vitest';
import { binScatter, RegularMesh, regularCell, rowsOf, type RegularGrid } from './mesh-grid';

function grid(over: Partial<RegularGrid> = {}): RegularGrid {
  return {
    kind: 'regular',
    xPoints: 3,
    yPoints: 2,
    shape: [2, 3],
    fastAxis: 'x',
    order: 'row',
    xKind: 'forth',
    yKind: 'forth',
    xRange: [0, 2],
    yRange: [10, 11],
    stepChannels: [],
    ...over,
  };
}

const rows = (z: Float64Array, cols: number) => Array.from({ length: z.length / cols }, (_, r) => [...z.subarray(r * cols, (r + 1) * cols)]);

describe('RegularMesh', () => {
  it('fills rows when x is the fast axis', () => {
    const m = new RegularMesh(grid());
    const img = m.update(Float64Array.of(0, 1, 2, 3, 4, 5), 6);
    expect(rows(img.z, 3)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect([...img.xs]).toEqual([0, 1, 2]);
    expect([...img.ys]).toEqual([10, 11]);
    expect(img.filled).toBe(6);
  });

  it('runs odd lines backwards on a back-and-forth fast axis', () => {
    const img = new RegularMesh(grid({ xKind: 'backnforth' })).update(Float64Array.of(0, 1, 2, 3, 4, 5), 6);
    expect(rows(img.z, 3)).toEqual([
      [0, 1, 2],
      [5, 4, 3],
    ]);
  });

  it('fills columns when y is the fast axis', () => {
    const img = new RegularMesh(grid({ fastAxis: 'y', order: 'column' })).update(Float64Array.of(0, 1, 2, 3, 4, 5), 6);
    expect(rows(img.z, 3)).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
  });

  it('stores decreasing axes in ascending order', () => {
    const img = new RegularMesh(grid({ xRange: [2, 0], yRange: [11, 10] })).update(Float64Array.of(0, 1, 2, 3, 4, 5), 6);
    expect(rows(img.z, 3)).toEqual([
      [5, 4, 3],
      [2, 1, 0],
    ]);
    expect([...img.xs]).toEqual([0, 1, 2]);
  });

  it('leaves cells not measured (or expired) empty, never zero', () => {
    const img = new RegularMesh(grid()).update(Float64Array.of(0, NaN, 2, 3), 4);
    expect(rows(img.z, 3)).toEqual([
      [0, NaN, 2],
      [3, NaN, NaN],
    ]);
    expect(img.filled).toBe(3);
  });

  it('shows only the last 2D frame of an n-D scan (group by step axes)', () => {
    const m = new RegularMesh(grid({ stepChannels: ['axis:z'] }));
    const img = m.update(Float64Array.of(0, 1, 2, 3, 4, 5, 60, 70), 8);
    expect(m.frameStart).toBe(6);
    expect(rows(img.z, 3)).toEqual([
      [60, 70, NaN],
      [NaN, NaN, NaN],
    ]);
  });

  it('estimates axis ranges from positions when the scan_info has none', () => {
    const img = new RegularMesh(grid({ xRange: undefined, yRange: undefined })).update(
      Float64Array.of(1, 2, 3, 4),
      4,
      Float64Array.of(-1, -0.5, 0, -1),
      Float64Array.of(5, 5, 5, 7),
    );
    expect([...img.xs]).toEqual([-1, -0.5, 0]);
    expect([...img.ys]).toEqual([5, 7]);
  });

  it('gives plotly row views sharing the grid storage', () => {
    const img = new RegularMesh(grid()).update(Float64Array.of(0, 1, 2, 3, 4, 5), 6);
    const r = rowsOf(img);
    expect(r.map((a) => [...a])).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(rowsOf(img, r)).toBe(r);
  });
});

describe('regularCell', () => {
  it('maps the Bliss 5 x 4 amesh order', () => {
    const g = grid({ xPoints: 5, yPoints: 4, shape: [4, 5] });
    expect(regularCell(g, 0, false, false)).toEqual([0, 0]);
    expect(regularCell(g, 4, false, false)).toEqual([0, 4]);
    expect(regularCell(g, 5, false, false)).toEqual([1, 0]);
    expect(regularCell(g, 19, false, false)).toEqual([3, 4]);
    expect(regularCell(g, 20, false, false)).toEqual([0, 0]);
  });
});

describe('binScatter', () => {
  it('averages the values falling in each bin, the upper edge in the last bin', () => {
    const img = binScatter(Float64Array.of(0, 0.1, 1, 0.9, NaN), Float64Array.of(0, 0.1, 1, 0.2, 0), Float64Array.of(1, 3, 5, 7, 100), 5, [2, 2], [0, 1], [0, 1]);
    expect(rows(img.z, 2)).toEqual([
      [2, 7],
      [NaN, 5],
    ]);
    expect([...img.xs]).toEqual([0.25, 0.75]);
    expect(img.filled).toBe(3);
  });

  it('takes the data range when none is given', () => {
    const img = binScatter([2, 4], [10, 20], [1, 2], 2, [1, 2]);
    expect([...img.xs]).toEqual([2.5, 3.5]);
    expect([...img.z]).toEqual([1, 2]);
  });
});
