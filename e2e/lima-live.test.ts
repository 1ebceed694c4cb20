/**
 * A Lima detector's image while the scan runs: following shows the newest frame the server can read
 * (its file complete), moves on as the detector saves more, and the footer counts as the stream panel.
 * The scan is driven step by step (files written, then statuses), so nothing depends on timing.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { limaStreamDefinition, sendLimaStatus } from '../lib/blissdata/writer/plugins';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { writeFrameStack } from '../scripts/simulator/hdf5-writer';
import { eventually, withHarness } from './harness';

const h = withHarness();
const STREAM = 'lima_simulator:image';
const H = 8;
const W = 10;
const PER_FILE = 5;
const FRAMES = 20;
const DATA_PATH = '/entry_0000/ESRF-ID00/lima_simulator/data';
/** Frame n, row y, column x -> 1000 n + 10 y + x: pixel (0, 0) tells the frame. */
const pixels = (n: number) => Uint16Array.from({ length: H * W }, (_, i) => 1000 * n + 10 * Math.floor(i / W) + (i % W));

async function openLimaScan(dataDir: string) {
  const info = {
    type: 'ascan',
    name: 'ascan',
    title: `ascan roby 0 2 ${FRAMES - 1} 0.1 lima_simulator`,
    session_name: 'e2e_lima',
    npoints: FRAMES,
    start_time: new Date().toISOString(),
    channels: { 'axis:roby': { dim: 0, unit: 'mm', display_name: 'roby' }, [STREAM]: { dim: 2 } },
    devices: { axis: { channels: ['axis:roby'], triggered_devices: ['lima_simulator'] }, lima_simulator: { channels: [STREAM], type: 'lima' } },
    acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'lima_simulator'], scalars: ['axis:roby'], spectra: [], images: [STREAM], master: { scalars: ['axis:roby'] } } },
  };
  const writer = await ScanWriter.create(h.store, { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'e2e_lima' }, info);
  const pattern = path.join(dataDir, 'scan0001', 'lima_simulator_%04d.h5');
  const lima = writer.declareStream(
    STREAM,
    limaStreamDefinition({ dtype: 'uint16', shape: [H, W], serverUrl: 'id00/limaccds/simulator1', bufferMaxNumber: 64, framesPerAcquisition: FRAMES, acquisitionOffset: 0, saving: { filePath: pattern, dataPath: DATA_PATH, fileFormat: 'hdf5', fileOffset: 0, framesPerFile: PER_FILE } }),
  );
  const axis = writer.declareStream('axis:roby', numericStreamDefinition('<f8', []));
  await writer.prepare();
  await writer.start();
  /** Lima wrote frames up to `last` (whole files) and reports them saved, as it does when a file is closed. */
  let files = 0;
  const saveUpTo = async (last: number) => {
    for (; files * PER_FILE <= last; files++) {
      const frames = Array.from({ length: PER_FILE }, (_, k) => pixels(files * PER_FILE + k));
      await writeFrameStack(pattern.replace('%04d', String(files).padStart(4, '0')), DATA_PATH, '<u2', frames, [H, W]);
    }
    axis.send(Float64Array.from({ length: last + 1 - axis.length }, (_, k) => (axis.length + k) / (FRAMES - 1)));
    sendLimaStatus(lima, last, last);
    await writer.flush();
  };
  return { writer, saveUpTo };
}

async function drawnFrame(page: Page): Promise<number> {
  const v = await page.locator('section.plotslot[data-plot-kind="image"] [role=figure]').getAttribute('data-frame-index');
  return v === null ? -1 : Number(v);
}

async function waitForFrame(page: Page, n: number): Promise<void> {
  await eventually(async () => ((await drawnFrame(page)) === n ? true : undefined), 15_000, `frame ${n} drawn`);
}

/** The footer's Lima line and the stream panel's, read in one go. */
async function counts(page: Page): Promise<{ footer: string; panel: string }> {
  return page.evaluate(() => ({
    footer: document.querySelector('[data-testid="lima-saved"]')?.textContent ?? '',
    panel: [...document.querySelectorAll('.facts__item dd')].map((d) => d.textContent ?? '').find((t) => t.startsWith('Lima:')) ?? '',
  }));
}

/** Pixel (0, 0) under the cursor, read from the image plot's readout. */
async function cornerValue(page: Page): Promise<number> {
  const slot = page.locator('section.plotslot[data-plot-kind="image"]');
  const area = slot.locator('.nsewdrag').first();
  const text = await eventually(async () => {
    const box = await area.boundingBox();
    if (!box) return undefined;
    await page.mouse.move(box.x + box.width / (4 * W), box.y + box.height / (4 * H));
    const t = await slot.evaluate((el) => [...el.querySelectorAll('[aria-live="off"]')].map((n) => n.textContent ?? '').join(' ').trim());
    return /x 0\s+y 0\b/.test(t) ? t : undefined;
  }, 10_000, 'readout at pixel (0, 0)');
  return Number(/value (\S+)/.exec(text)![1]);
}

describe('Lima live image', () => {
  it('shows the newest frame in a complete file while the scan runs, follows as files complete, ends on the last', async () => {
    const scan = await openLimaScan(h.dataDir);
    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(scan.writer.key)}?plot=image`);
    const small = await h.page({ width: 390, height: 844 });
    await small.goto(`/scans/${encodeURIComponent(scan.writer.key)}?plot=image`);

    // Files 0 and 1 written, 10 frames saved: the file holding frame 9 may still be open (blissdata's
    // rule), so the newest frame that can be read is 4. It is shown, not "waiting".
    await scan.saveUpTo(9);
    await waitForFrame(page, 4);
    expect(await cornerValue(page)).toBe(4000);
    const c = await counts(page);
    expect(c.footer).toBe('10 acquired, 10 saved; frames after 4 are in a file the detector is still writing');
    expect(c.panel).toMatch(/^Lima: 10 acquired, 10 saved/);
    expect(await page.locator('section.plotslot [role=figure]').getByText(/Waiting|not saved yet/).count()).toBe(0);
    expect(await page.getByText(/frame 4 \(of 10: 0–9\)/).count()).toBe(1);
    await h.screenshot(page, 'lima-live');
    await waitForFrame(small, 4);
    await h.screenshot(small, 'lima-live-390');

    // One more file: following moves on, the scan still running.
    await scan.saveUpTo(14);
    await waitForFrame(page, 9);
    expect(await cornerValue(page)).toBe(9000);
    expect(await page.locator('.scanhead [data-end]').getAttribute('data-end')).toBe('running');
    expect((await counts(page)).footer).toMatch(/^15 acquired, 15 saved; frames after 9/);

    // The end: every file complete, the last frame shown.
    await scan.saveUpTo(FRAMES - 1);
    await scan.writer.close();
    await waitForFrame(page, FRAMES - 1);
    expect(await cornerValue(page)).toBe(19000);
    expect(await page.getByText(/frame 19 \(of 20: 0–19\)/).count()).toBe(1);
    const end = await counts(page);
    expect(end.footer).toBe('20 acquired, 20 saved');
    expect(end.panel).toMatch(/^Lima: 20 acquired, 20 saved/);
    // The stream panel counts frames, not status entries.
    expect(await page.locator(`.facts__item[data-stream="${STREAM}"]`).textContent()).toMatch(/20 frames · complete/);
    await h.screenshot(page, 'lima-finished');
    await waitForFrame(small, FRAMES - 1);
    await h.screenshot(small, 'lima-finished-390');
  }, 90_000);
});
