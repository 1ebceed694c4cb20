/**
 * A live image is sent no larger than the page's window, and the page says it shows a binned preview:
 * a 2048×2048 frame in a 640×400 window arrives 5×5-binned (400 px high shows at most 400 of its rows),
 * labelled so, and its readout gives the block means.
 */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../lib/blissdata/writer/scan-writer';
import { eventually, withHarness } from './harness';

const h = withHarness();

describe('image preview sized to the window', () => {
  it('a small window gets a coarser live preview and says so', async () => {
    const writer = await ScanWriter.create(h.store, { name: 'timescan', number: 1, session: 'e2e_preview', data_policy: 'no_policy' }, { title: 'timescan big detector' });
    const out = writer.declareStream('det:image', numericStreamDefinition('<u2', [2048, 2048]));
    await writer.prepare();
    await writer.start();
    // Pixel (y, x) = 100 + y (constant along rows): a 5×5 block mean over rows 5k..5k+4 is 100 + 5k + 2.
    const frame = new Uint16Array(2048 * 2048);
    for (let y = 0; y < 2048; y++) frame.fill(100 + y, y * 2048, (y + 1) * 2048);
    out.send(frame);
    await out.flush();

    const page = await h.page({ width: 640, height: 400 });
    await page.goto(`/scans/${encodeURIComponent(writer.key)}?plot=image`);
    const figure = page.locator('[role=figure][aria-label^="image plot"]');
    await eventually(async () => ((await figure.getAttribute('data-frame-index')) === '0' ? true : undefined), 30_000, 'frame 0 drawn');
    const notice = page.getByTestId('image-preview-notice');
    await eventually(async () => ((await notice.textContent())?.includes('5×5 binned') ? true : undefined), 30_000, 'the preview notice');
    expect(await figure.getAttribute('data-preview')).toBe('5×5');
    // Readout near the top-left corner, named a block mean (the readout sits in the plot's slot, beside the figure).
    const slot = page.locator('section.plotslot[data-plot-kind="image"]');
    const area = slot.locator('.nsewdrag').first();
    const text = await eventually(async () => {
      // In a window this small the image may sit below the fold: the mouse only reaches what is in view.
      await area.scrollIntoViewIfNeeded();
      const box = await area.boundingBox();
      if (!box) return undefined;
      await page.mouse.move(box.x + 1, box.y + 1);
      const t = await slot.evaluate((el) => [...el.querySelectorAll('[aria-live="off"]')].map((n) => n.textContent ?? '').join(' ').trim());
      return /value/.test(t) ? t : undefined;
    }, 10_000, 'pixel readout');
    // Rows are full-resolution rows; the value is the mean of the 5 rows of that row's block.
    const m = /x (\d+)\s+y (\d+)\s+value (\d+)\s+\(5×5 mean, live preview\)/.exec(text);
    expect(m, text).not.toBeNull();
    const row = Number(m![2]);
    expect(Number(m![3])).toBe(100 + 5 * Math.floor(row / 5) + 2);
    await h.screenshot(page, 'image-preview-5x5');
    await writer.close();
  }, 90_000);
});
