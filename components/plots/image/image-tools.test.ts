import { describe, expect, it } from 'vitest';
import { arcPath, dragResult, limaRoisFor, profileBand, profileOf, roiRows, toolShapes } from './image-tools';

/** 4 rows × 5 columns, pixel (row, col) = 10·row + col. */
const image = { data: Float64Array.from({ length: 20 }, (_, i) => 10 * Math.floor(i / 5) + (i % 5)), shape: [4, 5] as const };
const size = { width: 5, height: 4 };

describe('image tools mapping', () => {
  it('turns clicks and drags on the raster into profiles and ROIs (pixel c over [c, c + 1))', () => {
    expect(dragResult('h', { x: 1, y: 1 }, { x: 3.2, y: 2.7 }, size)).toEqual({ profile: { kind: 'h', row: 2 } });
    expect(dragResult('v', { x: 3.2, y: 2.7 }, { x: 3.2, y: 2.7 }, size)).toEqual({ profile: { kind: 'v', col: 3 } });
    expect(dragResult('v', { x: 9, y: 0 }, { x: 9, y: 0 }, size)).toEqual({ profile: { kind: 'v', col: 4 } });
    expect(dragResult('line', { x: 0.5, y: 0.5 }, { x: 4.5, y: 3.5 }, size)).toEqual({ profile: { kind: 'line', row0: 0, col0: 0, row1: 3, col1: 4 } });
    expect(dragResult('line', { x: 0.5, y: 0.5 }, { x: 0.9, y: 0.5 }, size)).toBeNull();
    // A rectangle over pixel centres 1..2 (columns) and 1 (row).
    expect(dragResult('roi', { x: 1.3, y: 1.2 }, { x: 3.1, y: 2.4 }, size)).toEqual({ roi: { col0: 1, row0: 1, col1: 3, row1: 2 } });
    expect(dragResult('roi', { x: -5, y: -5 }, { x: 50, y: 50 }, size)).toEqual({ roi: { col0: 0, row0: 0, col1: 5, row1: 4 } });
    expect(dragResult('roi', { x: 1.1, y: 1.1 }, { x: 1.2, y: 1.2 }, size)).toBeNull();
    expect(dragResult('zoom', { x: 1, y: 1 }, { x: 2, y: 2 }, size)).toBeNull();
  });

  it('takes profiles of the frame, none outside it', () => {
    expect([...profileOf(image, { kind: 'h', row: 2 })!.values]).toEqual([20, 21, 22, 23, 24]);
    expect([...profileOf(image, { kind: 'v', col: 1 })!.values]).toEqual([1, 11, 21, 31]);
    expect(profileOf(image, { kind: 'h', row: 4 })).toBeNull();
    const diag = profileOf(image, { kind: 'line', row0: 0, col0: 0, row1: 3, col1: 0 })!;
    expect([...diag.values]).toEqual([0, 10, 20, 30]);
  });

  it('gives statistics of the user ROIs and of the rectangular Lima ROIs', () => {
    const lima = limaRoisFor({ rois: { 'cam:roi_counters:r1': { kind: 'rect', x: 0, y: 0, width: 2, height: 2 }, 'other:roi_counters:r2': { kind: 'rect', x: 0, y: 0, width: 1, height: 1 }, 'cam:roi_counters:a': { kind: 'arc', cx: 2, cy: 2, r1: 1, r2: 2, a1: 0, a2: 90 } } }, 'cam:image');
    expect(lima.rois.map((r) => r.roi)).toEqual(['r1', 'a']);
    const rows = roiRows(image, [{ col0: 1, row0: 1, col1: 3, row1: 2 }], lima.rois);
    expect(rows.map((r) => [r.name, r.index, r.stats.sum, r.stats.min, r.stats.max, r.stats.count])).toEqual([
      ['roi 1', 0, 11 + 12, 11, 12, 2],
      ['r1', -1, 0 + 1 + 10 + 11, 0, 11, 4],
    ]);
  });

  it('outlines the profile, the ROIs with their numbers and the Lima ROIs with their names', () => {
    const lima = limaRoisFor({ rois: { 'cam:r1': { kind: 'rect', x: 1, y: 1, width: 2, height: 2 }, 'cam:a': { kind: 'arc', cx: 2, cy: 2, r1: 1, r2: 2, a1: 0, a2: 90 } } }, 'cam:image').rois;
    const { shapes, annotations } = toolShapes({ kind: 'h', row: 2 }, size, [{ col0: 0, row0: 0, col1: 2, row1: 1 }], lima);
    expect(shapes.map((s) => s.type)).toEqual(['line', 'rect', 'rect', 'path']);
    expect(shapes[0]).toMatchObject({ x0: 0, x1: 5, y0: 2.5, y1: 2.5 });
    expect(shapes[2]).toMatchObject({ x0: 1, x1: 3, y0: 1, y1: 3 });
    expect(annotations.map((a) => a.text)).toEqual(['roi 1', 'r1', 'a']);
    expect(arcPath({ cx: 0, cy: 0, r1: 1, r2: 2, a1: 0, a2: 90 }, 1)).toBe('M 2.000,0.000 L 0.000,2.000 L 0.000,1.000 L 1.000,0.000 Z');
  });

  it('takes profiles of a width, mean or sum, and outlines the band they read', () => {
    // Rows 1..3 around row 2 (clipped to the image: rows 3..4 of a 4-row image keep only row 3).
    expect([...profileOf(image, { kind: 'h', row: 2 }, { width: 3, method: 'mean' })!.values]).toEqual([20, 21, 22, 23, 24]);
    expect([...profileOf(image, { kind: 'h', row: 2 }, { width: 3, method: 'sum' })!.values]).toEqual([60, 63, 66, 69, 72]);
    expect([...profileOf(image, { kind: 'h', row: 3 }, { width: 3, method: 'sum' })!.values]).toEqual([20 + 30, 21 + 31, 22 + 32, 23 + 33, 24 + 34]);
    expect([...profileOf(image, { kind: 'v', col: 0 }, { width: 3, method: 'mean' })!.values]).toEqual([0.5, 10.5, 20.5, 30.5]);
    // A vertical free line down column 2, 3 wide: columns 1, 2, 3 averaged on each sample.
    expect([...profileOf(image, { kind: 'line', row0: 0, col0: 2, row1: 3, col1: 2 }, { width: 3, method: 'mean' })!.values]).toEqual([2, 12, 22, 32]);
    expect(profileBand({ kind: 'h', row: 2 }, 1, size)).toBeNull();
    expect(profileBand({ kind: 'h', row: 2 }, 3, size)).toBe('M 0,1 L 5,1 L 5,4 L 0,4 Z');
    expect(profileBand({ kind: 'v', col: 0 }, 3, size)).toBe('M 0,0 L 0,4 L 2,4 L 2,0 Z');
    // Free line along row 1 from column 0 to 4, 2 wide: one pixel either side of its centre line.
    expect(profileBand({ kind: 'line', row0: 1, col0: 0, row1: 1, col1: 4 }, 2, size)).toBe('M 0.500,0.500 L 4.500,0.500 L 4.500,2.500 L 0.500,2.500 Z');
    const { shapes } = toolShapes({ kind: 'h', row: 2 }, size, [], [], 3);
    expect(shapes.map((s) => s.type)).toEqual(['path', 'line']);
  });
});
