/**
 * A long finished scan opened afterwards: its curves are drawn first from the server's level-of-detail
 * summary over every point, never from the part of the raw points held meanwhile (a partial curve the
 * summary would replace a moment later), and a summary that does not come leaves the plot to the raw
 * points rather than empty.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { eventually, withHarness } from './harness';

const h = withHarness();
const N = 300_000;

async function finishedScan(name: string): Promise<string> {
  const info = {
    type: 'ascan',
    name,
    title: `ascan samx 0 10 ${N - 1} 0.001`,
    session_name: 'e2e_summary',
    npoints: N,
    start_time: new Date().toISOString(),
    channels: { 'axis:samx': { dim: 0, unit: 'mm', display_name: 'samx' }, 'det:diode': { dim: 0, display_name: 'diode' } },
    devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det'] }, det: { channels: ['det:diode'] } },
    acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det'], scalars: ['axis:samx', 'det:diode'], spectra: [], images: [], master: { scalars: ['axis:samx'] } } },
  };
  const writer = await ScanWriter.create(h.store, { name, number: 1, data_policy: 'no_policy', session: 'e2e_summary' }, info);
  const xs = writer.declareStream('axis:samx', numericStreamDefinition('<f8', []));
  const ys = writer.declareStream('det:diode', numericStreamDefinition('<f8', []));
  await writer.prepare();
  await writer.start();
  const x = Float64Array.from({ length: N }, (_, i) => (10 * i) / (N - 1));
  const y = Float64Array.from(x, (v, i) => 100 + 1000 * Math.exp(-((v - 4) ** 2) / 0.5) + (i % 7));
  for (let a = 0; a < N; a += 20_000) {
    xs.send(x.subarray(a, a + 20_000));
    ys.send(y.subarray(a, a + 20_000));
    await writer.flush();
  }
  await writer.close();
  return writer.key;
}

interface Seen {
  /** The curve frame's attributes at each draw (they are set right after each plotly call), and when. */
  draws: { extent: number; held: number; source: string | null; at: number }[];
  /** Texts shown over the plot area, and when each was first seen. */
  messages: { text: string; at: number }[];
}

/** Records every draw of the curve plot and every message over it, from the page's first script on. */
async function recordDraws(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: Seen = { draws: [], messages: [] };
    (window as unknown as { __seen: Seen }).__seen = seen;
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type !== 'attributes') continue;
        const el = r.target as Element;
        seen.draws.push({ extent: Number(el.getAttribute('data-extent')), held: Number(el.getAttribute('data-point-count')), source: el.getAttribute('data-lod-source'), at: performance.now() });
      }
      const message = /(Loading a summary of [\d,]+ points…|Waiting for data…)/.exec(document.body?.textContent ?? '')?.[1];
      if (message && !seen.messages.some((m) => m.text === message)) seen.messages.push({ text: message, at: performance.now() });
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-drawn-count'] });
  });
}

const seenOf = (page: Page) => page.evaluate(() => (window as unknown as { __seen: Seen }).__seen);

describe('first paint of a long finished scan', () => {
  it('says it is loading the summary and draws nothing partial before it, then all raw points', async () => {
    const key = await finishedScan('summary_first');
    const page = await h.page();
    await recordDraws(page);
    await page.goto(`/scans/${encodeURIComponent(key)}`);
    await eventually(async () => ((await seenOf(page)).draws.some((d) => d.held === N && d.extent === N) ? true : undefined), 60_000, 'the curve drawn from all raw points');
    const seen = await seenOf(page);
    // The plot's first data pass found the scan long and not held: it says what it waits for, before
    // anything is drawn (before this, an empty or partial curve was drawn first: failed here).
    const loading = seen.messages.find((m) => m.text === `Loading a summary of ${N.toLocaleString('en-US')} points…`);
    expect(loading, JSON.stringify(seen.messages)).toBeDefined();
    expect(seen.draws.length).toBeGreaterThan(0);
    expect(seen.draws[0]!.at).toBeGreaterThan(loading!.at);
    // Nothing drawn stands for fewer points than the scan has, unless the wait for the summary ran out
    // (a loaded machine): then the partial curve says so by its extent, and the summary or all raw points follow.
    const whole = seen.draws.findIndex((d) => d.extent === N);
    expect(whole).toBeGreaterThanOrEqual(0);
    expect(seen.draws.slice(whole).every((d) => d.extent === N)).toBe(true);
  }, 120_000);

  it('draws the raw points when the summary does not come', async () => {
    const key = await finishedScan('summary_never');
    const page = await h.page();
    await recordDraws(page);
    // The level-of-detail route never answers (a stuck proxy, an overloaded server).
    await page.route('**/lod?**', () => undefined);
    await page.goto(`/scans/${encodeURIComponent(key)}`);
    await eventually(async () => ((await seenOf(page)).draws.some((d) => d.held === N && d.extent === N) ? true : undefined), 60_000, 'the curve drawn from all raw points');
    const seen = await seenOf(page);
    expect(seen.draws.every((d) => d.source === 'client')).toBe(true);
    expect(await page.locator('[data-extent]').first().evaluate((el) => el.textContent ?? '')).not.toContain('Loading a summary');
  }, 120_000);
});
