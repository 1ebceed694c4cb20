/** Image plots show the right frame: the newest while following, any other on request, pixel by pixel. */
import { describe, expect, it } from 'vitest';
import { IMAGE2D_STREAM } from '../scripts/simulator/index';
import { eventually, withHarness } from './harness';
import { startScan } from './scans';

const h = withHarness();

describe('image view', () => {
  it('shows the newest frame, then the frame asked for, with its pixel values', async () => {
    const frames = 8;
    const done = await startScan(h.store, 'image2d', { session: 'e2e_image', points: frames, rate: 50 }).done;
    // The simulator writes each frame's number into pixel (0, 0).
    const raw = await fetch(`${h.url}/api/scans/${encodeURIComponent(done.key)}/streams/${encodeURIComponent(IMAGE2D_STREAM)}/frames/3?format=raw`);
    expect(raw.headers.get('x-shape')).toBe('64,64');
    expect(new Float32Array(await raw.arrayBuffer())[0]).toBe(3);

    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(done.key)}?plot=image`);
    const slot = page.locator('section.plotslot[data-plot-kind="image"]');
    await slot.waitFor();
    await eventually(async () => ((await slot.getAttribute('data-frame-index')) === String(frames - 1) ? true : undefined), 10_000, 'newest frame');
    expect(await slot.getAttribute('data-point-count')).toBe(String(frames));
    // The image component itself reports the frame it draws.
    await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === String(frames - 1) ? true : undefined), 10_000, 'frame drawn');
    await slot.locator('[role=figure][data-render-ms]').waitFor();
    await h.screenshot(page, 'image-view');

    await page.goto(`/scans/${encodeURIComponent(done.key)}?plot=image&frame=3&follow=0`);
    await eventually(async () => ((await slot.getAttribute('data-frame-index')) === '3' ? true : undefined), 10_000, 'frame 3 chosen');
    await eventually(async () => ((await slot.locator('[role=figure]').getAttribute('data-frame-index')) === '3' ? true : undefined), 10_000, 'frame 3 drawn');
    // Pixel readout under the cursor: pixel (0, 0) of frame 3 holds 3.
    const area = page.locator(`section.plotslot[data-plot-kind="image"] .nsewdrag`).first();
    // The plot may still settle its layout: aim at the current box until the readout names pixel (0, 0).
    const text = await eventually(async () => {
      const box = await area.boundingBox();
      if (!box) return undefined;
      await page.mouse.move(box.x + box.width / 128, box.y + box.height / 128);
      const t = await slot.evaluate((el) => [...el.querySelectorAll('[aria-live="off"]')].map((n) => n.textContent ?? '').join(' ').trim());
      return /x 0\s+y 0\b/.test(t) ? t : undefined;
    }, 10_000, 'pixel readout at (0, 0)');
    expect(text).toMatch(/x 0\s+y 0\s+value 3\b/);
    await h.screenshot(page, 'image-view-frame3');
  }, 60_000);
});
