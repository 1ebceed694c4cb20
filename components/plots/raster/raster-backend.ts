'use client';
/**
 * Which way raster pixels are drawn: WebGL 2 where the browser has it (raster-gl.ts), else a 2D canvas.
 * `localStorage['lantern:raster'] = 'canvas'` keeps a browser on the canvas path (a GPU driver that draws
 * wrongly, or to compare both); the tests use it to draw the same frame both ways.
 */
export type RasterBackend = 'webgl' | 'canvas';

export const RASTER_BACKEND_KEY = 'lantern:raster';

export function preferredRaster(): RasterBackend {
  try {
    return globalThis.localStorage?.getItem(RASTER_BACKEND_KEY) === 'canvas' ? 'canvas' : 'webgl';
  } catch {
    // Storage refused (privacy settings): the default.
    return 'webgl';
  }
}
