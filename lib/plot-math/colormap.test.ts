import { describe, expect, it } from 'vitest';
import { COLORMAP_NAMES, colormapLut, isColormapName, lutColor } from './colormap';

describe('colormaps', () => {
  it('end on matplotlib colours', () => {
    const ends = Object.fromEntries(COLORMAP_NAMES.map((n) => [n, [lutColor(colormapLut(n), 0), lutColor(colormapLut(n), 255)]]));
    expect(ends).toEqual({
      gray: ['#000000', '#ffffff'],
      viridis: ['#440154', '#fde725'],
      magma: ['#000004', '#fcfdbf'],
      inferno: ['#000004', '#fcffa4'],
      plasma: ['#0d0887', '#f0f921'],
      cividis: ['#00224e', '#fee838'],
    });
  });

  it('hold matplotlib entries in between', () => {
    expect(lutColor(colormapLut('viridis'), 128)).toBe('#21918c');
    expect(lutColor(colormapLut('magma'), 128)).toBe('#b73779');
    expect(lutColor(colormapLut('gray'), 128)).toBe('#808080');
  });

  it('are 256 opaque RGBA entries, viridis getting lighter throughout', () => {
    for (const name of COLORMAP_NAMES) {
      const lut = colormapLut(name);
      expect(lut.length).toBe(1024);
      for (let i = 0; i < 256; i++) expect(lut[4 * i + 3]).toBe(255);
    }
    const v = colormapLut('viridis');
    const luma = (i: number): number => 0.2126 * v[4 * i]! + 0.7152 * v[4 * i + 1]! + 0.0722 * v[4 * i + 2]!;
    for (let i = 1; i < 256; i++) expect(luma(i)).toBeGreaterThan(luma(i - 1) - 0.5);
  });

  it('are built once and shared', () => {
    expect(colormapLut('plasma')).toBe(colormapLut('plasma'));
    expect(isColormapName('inferno')).toBe(true);
    expect(isColormapName('jet')).toBe(false);
  });
});
