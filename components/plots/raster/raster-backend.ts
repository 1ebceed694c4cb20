'use client';
/**
 * Which way raster pixels are drawn. By default WebGL 2 where the browser has it on a GPU (raster-gl.ts),
 * else the 2D canvas: a software WebGL (SwiftShader, as in headless Chromium without a GPU) costs about
 * five times the CPU of the canvas path per frame (bench/raster-cost.ts: ~50 against ~10 ms for a 683²
 * frame), which the publisher, Redis and the server need on a small machine.
 * `localStorage['lantern:raster']` = 'canvas' keeps a browser on the canvas path (a GPU driver that
 * draws wrongly), 'webgl' takes WebGL even in software; the tests use them to draw the same frame both ways.
 */
export type RasterBackend = 'auto' | 'webgl' | 'canvas';

export const RASTER_BACKEND_KEY = 'lantern:raster';

export function preferredRaster(): RasterBackend {
  try {
    const v = globalThis.localStorage?.getItem(RASTER_BACKEND_KEY);
    return v === 'canvas' || v === 'webgl' ? v : 'auto';
  } catch {
    // Storage refused (privacy settings): the default.
    return 'auto';
  }
}
