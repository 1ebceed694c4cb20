/**
 * What drawing one live image frame costs in Chromium, WebGL (raster-gl.ts) against the 2D canvas path
 * (renderImage + putImageData + scaled drawImage, as raster-view.tsx does), in CPU time of the renderer
 * and GPU processes per frame: headless Chromium has no GPU here, so WebGL runs on SwiftShader, on the CPU.
 * Frames of the size the image bench's page receives (2048² binned 3×3: 683² u16) drawn onto a
 * 1000×800 canvas, one per animation frame, so that each is also composited.
 *
 *   npx tsx bench/raster-cost.ts [--frames 120] [--side 683]
 */
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import path from 'node:path';
import { CHROMIUM_ARGS } from './browser-page';
import { ROOT } from './child-process';
import { perUnit, stageCpu } from './stage-cpu';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const FRAMES = arg('frames', 120);
const SIDE = arg('side', 683);

const entry = `
import { GlRaster } from './components/plots/raster/raster-gl';
import { renderImage } from './lib/plot-math/image-render';
import { colormapLut } from './lib/plot-math/colormap';
window.runRaster = async (backend, frames, side) => {
  const canvas = document.createElement('canvas');
  canvas.width = 1000; canvas.height = 800;
  document.body.appendChild(canvas);
  const lut = colormapLut('viridis');
  const data = [0, 1].map((k) => { const a = new Uint16Array(side * side); for (let i = 0; i < a.length; i++) a[i] = (i * 2654435761 + k * 977) % 4096; return a; });
  const scale = Math.min(1000 / side, 800 / side) * 0.9;
  const t = { scaleX: scale, scaleY: scale, x: 20, y: 10 };
  let draw;
  if (backend === 'webgl') {
    const gl = GlRaster.create(canvas);
    if (!gl) throw new Error('no WebGL');
    draw = (i) => { gl.render({ data: data[i % 2], width: side, height: side }, { lut, min: 10, max: 4000, log: false }); gl.draw(1000, 800, t, scale < 1); };
  } else {
    const ctx = canvas.getContext('2d');
    const off = document.createElement('canvas'); off.width = side; off.height = side;
    const octx = off.getContext('2d');
    const img = octx.createImageData(side, side);
    draw = (i) => {
      renderImage(data[i % 2], side, side, { lut, min: 10, max: 4000, log: false }, img.data);
      octx.putImageData(img, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.clearRect(0, 0, 1000, 800);
      ctx.imageSmoothingEnabled = scale < 1;
      ctx.setTransform(t.scaleX, 0, 0, t.scaleY, t.x, t.y); ctx.drawImage(off, 0, 0);
    };
  }
  let js = 0;
  for (let i = 0; i < frames; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    const t0 = performance.now();
    draw(i);
    js += performance.now() - t0;
  }
  await new Promise((r) => requestAnimationFrame(r));
  return js / frames;
};
`;

async function main() {
  const bundle = await build({ stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, bundle: true, write: false, format: 'iife', platform: 'browser', alias: { '@': ROOT }, logLevel: 'silent' });
  const script = bundle.outputFiles[0]!.text;
  const browser = await chromium.launch({ executablePath: process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    for (const backend of ['webgl', 'canvas', 'webgl', 'canvas']) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.setContent('<html><body style="margin:0"></body></html>');
      await page.addScriptTag({ content: script });
      await page.evaluate(([b, s]) => (window as unknown as { runRaster(b: string, f: number, s: number): Promise<number> }).runRaster(b as string, 5, s as number), [backend, SIDE] as const);
      const meter = stageCpu({});
      const c0 = meter.read();
      const js = await page.evaluate(([b, f, s]) => (window as unknown as { runRaster(b: string, f: number, s: number): Promise<number> }).runRaster(b as string, f as number, s as number), [backend, FRAMES, SIDE] as const);
      const c1 = meter.read();
      console.log(`${backend}: ${SIDE}² u16 onto 1000×800, ${FRAMES} frames: page JS ${js.toFixed(2)} ms a frame; CPU ms a frame: ${perUnit(c0, c1, FRAMES)}`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
