/**
 * The image's pixels, drawn by WebGL (`localStorage['lantern:raster'] = 'webgl'`: SwiftShader in
 * headless Chromium here) and by the 2D canvas path (`'canvas'`, the fallback), are the
 * colours silx's rules give for the frame's values, computed here from the values and the colormap:
 * linear and log, with values below, inside and above the range (and 0 in log). Read back from a
 * screenshot of the page at the centre of each image pixel; the cursor readout gives the value.
 */
import { decode } from 'fast-png';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { colormapLut } from '../lib/plot-math/colormap';
import { ScanWriter, numericStreamDefinition } from '../lib/blissdata/writer/scan-writer';
import { eventually, withHarness } from './harness';

const h = withHarness();
const W = 48;
const H = 20;

/** Pixel (x, y): a spread of values from 0 to 1199, so that both ranges below have pixels under, in and over them. */
function frameValues(): Uint16Array {
  const out = new Uint16Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) out[y * W + x] = (x * 37 + y * 101 + ((x * y) % 7) * 13) % 1200;
  return out;
}

/**
 * The LUT index silx gives `v` for the range (float64), and whether it lies within 1e-6 of the boundary
 * between two indices (where the shader's float32 may round to the neighbour): -1 for transparent.
 */
function expectedIndex(v: number, min: number, max: number, log: boolean): { k: number; nearEdge: boolean } {
  const lo = log ? Math.log10(min) : min;
  const hi = log ? Math.log10(max) : max;
  const nv = log ? (v > 0 ? Math.log10(v) : v === 0 ? -Infinity : NaN) : v;
  if (Number.isNaN(nv)) return { k: -1, nearEdge: false };
  if (nv <= lo) return { k: 0, nearEdge: false };
  if (nv >= hi) return { k: 255, nearEdge: false };
  const f = (nv - lo) * (256 / (hi - lo));
  const k = Math.min(255, Math.floor(f));
  return { k, nearEdge: f - Math.floor(f) < 1e-6 || Math.ceil(f) - f < 1e-6 };
}

/** Screen position (CSS px) of the centre of every image pixel, from plotly's axes. */
async function pixelCentres(page: Page): Promise<{ x: number; y: number }[]> {
  return page.evaluate(
    ([w, hh]) => {
      type Axis = { range: number[]; _offset: number; _length: number };
      const gd = document.querySelector('section.plotslot[data-plot-kind="image"] .js-plotly-plot') as HTMLElement & { _fullLayout: { xaxis: Axis; yaxis: Axis } };
      // As the raster view places its pixels: the axes' own offset and length (square pixels constrain them).
      const { xaxis, yaxis } = gd._fullLayout;
      const box = gd.getBoundingClientRect();
      const [xa, xb] = xaxis.range as [number, number];
      const [ya, yb] = yaxis.range as [number, number];
      const L = { l: xaxis._offset, w: xaxis._length, t: yaxis._offset, h: yaxis._length };
      const out: { x: number; y: number }[] = [];
      for (let row = 0; row < hh; row++) {
        for (let col = 0; col < w; col++) {
          out.push({ x: box.left + L.l + ((col + 0.5 - xa) / (xb - xa)) * L.w, y: box.top + L.t + ((yb - (row + 0.5)) / (yb - ya)) * L.h });
        }
      }
      return out;
    },
    [W, H] as const,
  );
}

async function drawnPixels(page: Page, url: string, backend: 'webgl' | 'canvas', frameIndex: number) {
  await page.goto(url);
  const slot = page.locator('section.plotslot[data-plot-kind="image"]');
  await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === String(frameIndex) ? true : undefined), 30_000, 'frame drawn');
  await eventually(async () => ((await page.locator('[data-raster]').getAttribute('data-raster')) === backend ? true : undefined), 10_000, `drawn by ${backend}`);
  // The axes settle (plotly lays out, the raster follows): same centres twice in a row.
  let centres = await pixelCentres(page);
  await eventually(async () => {
    const again = await pixelCentres(page);
    const same = JSON.stringify(again) === JSON.stringify(centres);
    centres = again;
    return same ? true : undefined;
  }, 10_000, 'axes settled');
  const viewport = page.viewportSize()!;
  const png = decode(await page.screenshot({ clip: { x: 0, y: 0, width: viewport.width, height: viewport.height } }));
  const channels = png.channels;
  return centres.map(({ x, y }) => {
    const i = (Math.floor(y) * png.width + Math.floor(x)) * channels;
    return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!] as [number, number, number];
  });
}

describe('image pixels, WebGL and canvas', () => {
  it('draw the colormap colours of the values, both ways, linear and log', async () => {
    const writer = await ScanWriter.create(h.store, { name: 'timescan', number: 1, session: 'e2e_webgl', data_policy: 'no_policy' }, { title: 'timescan webgl' });
    const out = writer.declareStream('det:image', numericStreamDefinition('<u2', [H, W]));
    await writer.prepare();
    await writer.start();
    const values = frameValues();
    out.send(values);
    await out.flush();
    await writer.stop();
    await writer.close();

    const lut = colormapLut('viridis');
    const cases = [
      { log: false, min: 100, max: 900 },
      { log: true, min: 10, max: 1000 },
    ];
    for (const c of cases) {
      const url = `/scans/${encodeURIComponent(writer.key)}?plot=image&cmap=viridis&log=${c.log ? 1 : 0}&crange=${c.min},${c.max}`;
      const drawn: Record<string, [number, number, number][]> = {};
      for (const backend of ['webgl', 'canvas'] as const) {
        const page = await h.page({ width: 1000, height: 700 });
        // Both ways by choice: the default takes WebGL only on a GPU, which headless Chromium here lacks
        // ('webgl' also takes its software WebGL, SwiftShader).
        await page.context().addInitScript((v) => localStorage.setItem('lantern:raster', v), backend);
        drawn[backend] = await drawnPixels(page, url, backend, 0);
        await h.screenshot(page, `image-${backend}-${c.log ? 'log' : 'linear'}`);
        if (backend === 'canvas' && !c.log) {
          // The readout names the value under the cursor: pixel (5, 3).
          const centres = await pixelCentres(page);
          const p = centres[3 * W + 5]!;
          const slot = page.locator('section.plotslot[data-plot-kind="image"]');
          const text = await eventually(async () => {
            // A move to the same place may not fire while the page settles: come from aside each time.
            await page.mouse.move(p.x + 3, p.y + 3);
            await page.mouse.move(p.x, p.y);
            const t = await slot.evaluate((el) => [...el.querySelectorAll('[aria-live="off"]')].map((n) => n.textContent ?? '').join(' ').trim());
            return /value/.test(t) ? t : undefined;
          }, 10_000, 'readout');
          expect(text).toMatch(new RegExp(`x 5\\s+y 3\\s+value ${values[3 * W + 5]}\\b`));
        }
        await page.close();
      }
      let exact = 0;
      let under = 0;
      let over = 0;
      for (let i = 0; i < W * H; i++) {
        const e = expectedIndex(values[i]!, c.min, c.max, c.log);
        expect(e.k).toBeGreaterThanOrEqual(0);
        if (e.k === 0) under++;
        if (e.k === 255) over++;
        const colour = (k: number) => [lut[4 * k]!, lut[4 * k + 1]!, lut[4 * k + 2]!];
        for (const backend of ['webgl', 'canvas'] as const) {
          const got = drawn[backend]![i]!;
          const where = `${backend} ${c.log ? 'log' : 'linear'} pixel (${i % W}, ${Math.floor(i / W)}) value ${values[i]}`;
          if (e.nearEdge) expect([colour(e.k), colour(Math.max(0, e.k - 1)), colour(Math.min(255, e.k + 1))], where).toContainEqual(got);
          else expect(got, where).toEqual(colour(e.k));
        }
        if (!e.nearEdge) exact++;
      }
      // The frame exercises the whole mapping: most pixels exact, some under and over the range.
      expect(exact).toBeGreaterThan(W * H * 0.9);
      expect(under).toBeGreaterThanOrEqual(5);
      expect(over).toBeGreaterThanOrEqual(5);
    }
  }, 120_000);
});
