/**
 * A live curve's axes and drawing while its scan runs: ranges that hold every point drawn (fixed ranges
 * that grow in steps, StickyAxes in components/plots/curve/curve-figure.ts), the SVG plotly shows
 * following the data at each redraw (data-only redraws take plotly's in-place trace path, usePlotly),
 * and plotly's own autorange back once the scan ended.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, withHarness } from './harness';
import { pointCount, startScan } from './scans';

const h = withHarness();

interface Drawn {
  /** Finite x and y of every trace, with its axis. */
  traces: { x: number[]; y: number[]; axis: string }[];
  ranges: Record<string, { range: [number, number]; autorange: unknown; type: string }>;
  /** Per trace: marker circles drawn, and the line path's last vertex less the last point's place (px). */
  svg: { markers: number; lastOff: number }[];
  /** How plotly drew it: 'data' (traces redrawn in place) or 'full'. */
  redraw: string | undefined;
}

async function drawn(page: Page): Promise<Drawn> {
  return page.locator('[data-plot-id="curve"] .js-plotly-plot').first().evaluate((el) => {
    const gd = el as unknown as {
      data: { x: ArrayLike<number>; y: ArrayLike<number>; yaxis?: string }[];
      _fullLayout: Record<string, { range?: number[]; autorange?: unknown; type?: string; l2p?(v: number): number } | undefined>;
    };
    const ranges: Drawn['ranges'] = {};
    for (const name of ['xaxis', 'yaxis', 'yaxis2']) {
      const a = gd._fullLayout[name];
      if (a?.range) ranges[name] = { range: [Number(a.range[0]), Number(a.range[1])], autorange: a.autorange, type: a.type ?? '' };
    }
    const traces = gd.data.map((t) => {
      const x: number[] = [];
      const y: number[] = [];
      for (let i = 0; i < t.x.length; i++) {
        if (Number.isFinite(t.x[i]) && Number.isFinite(t.y[i])) {
          x.push(Number(t.x[i]));
          y.push(Number(t.y[i]));
        }
      }
      return { x, y, axis: t.yaxis === 'y2' ? 'yaxis2' : 'yaxis' };
    });
    const svg = [...el.querySelectorAll('.scatterlayer .trace')].map((g, k) => {
      // plotly drops points on a straight line from the path, not its ends.
      const d = g.querySelector('path.js-line')?.getAttribute('d') ?? '';
      const [px, py] = (d.split(/[ML]/).at(-1) ?? '').split(',').map(Number) as [number, number];
      const t = traces[k]!;
      const xa = gd._fullLayout.xaxis!;
      const ya = gd._fullLayout[t.axis]!;
      const lastOff = t.x.length ? Math.hypot(px - xa.l2p!(t.x.at(-1)!), py - ya.l2p!(t.y.at(-1)!)) : 0;
      return { markers: g.querySelectorAll('.points path').length, lastOff };
    });
    return { traces, ranges, svg, redraw: (el as HTMLElement).dataset.redraw };
  });
}

/** Every drawn point inside the axes' ranges (log axes: ranges in log10). */
function outside(d: Drawn): string[] {
  const bad: string[] = [];
  const within = (v: number, axis: string) => {
    const a = d.ranges[axis];
    if (!a) return false;
    const u = a.type === 'log' ? Math.log10(v) : v;
    const [lo, hi] = [Math.min(...a.range), Math.max(...a.range)];
    return u >= lo - 1e-9 * Math.abs(lo) && u <= hi + 1e-9 * Math.abs(hi);
  };
  d.traces.forEach((t, k) => {
    t.x.forEach((x, i) => {
      if (!within(x, 'xaxis')) bad.push(`trace ${k} x ${x} outside ${d.ranges.xaxis?.range}`);
      if (!within(t.y[i]!, t.axis)) bad.push(`trace ${k} y ${t.y[i]} outside ${d.ranges[t.axis]?.range}`);
    });
  });
  return bad;
}

describe('live curve axes', () => {
  it('holds every point in view while the scan runs, draws what it was given, and autoranges once it ended', async () => {
    // About 10 s of scan: several redraws seen while it runs, even on a loaded machine.
    const scan = startScan(h.store, 'ascan', { session: 'e2e_live_axes', rate: 4 });
    const key = await scan.key;
    const page = await h.page();
    await page.goto(`/scans/${encodeURIComponent(key)}`);
    await page.locator('[data-plot-id="curve"]').waitFor();
    let seen = 0;
    let inPlace = 0;
    let clicked = false;
    let last = -1;
    while ((await page.locator('.scanhead [data-end]').getAttribute('data-end')) === 'running' && seen < 6) {
      const n = await pointCount(page, 'curve');
      if (n >= 2 && n !== last) {
        last = n;
        const d = await drawn(page);
        if (d.traces.length && d.traces[0]!.x.length >= 2 && d.ranges.xaxis) {
          seen++;
          if (d.redraw === 'data') inPlace++;
          expect(outside(d)).toEqual([]);
          // The SVG shows the points plotly was given: a marker per point (a short curve), the line up to the last.
          d.traces.forEach((t, k) => {
            expect(d.svg[k]!.markers, `trace ${k} markers`).toBe(t.x.length);
            expect(d.svg[k]!.lastOff, `trace ${k} line end`).toBeLessThan(1);
          });
        }
      }
      // Once, a double click (plotly's "back to autorange") in the middle of the run: the live axes take
      // over again; it must not leave a zoom pinned (checked at the end: plotly's autorange).
      if (seen === 2 && !clicked) {
        const box = await page.locator('[data-plot-id="curve"] .nsewdrag').first().boundingBox();
        if (box) {
          await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
          clicked = true;
        }
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(clicked).toBe(true);
    expect(seen).toBeGreaterThanOrEqual(2);
    // Between axis changes, a redraw with new points only takes plotly's in-place path. Counted by the
    // graph itself over the whole run: the samples above may all fall on full redraws on a loaded machine.
    const inPlaceRedraws = Number(await page.locator('[data-plot-id="curve"] .js-plotly-plot').first().evaluate((el) => (el as HTMLElement).dataset.inPlaceRedraws ?? 0));
    expect(inPlaceRedraws, `${inPlace} of ${seen} samples in place`).toBeGreaterThanOrEqual(1);
    await scan.done;
    await eventually(async () => ((await pointCount(page, 'curve')) === 41 ? true : undefined), 15_000, '41 points');
    await eventually(async () => ((await page.locator('.scanhead [data-end]').getAttribute('data-end')) === 'success' ? true : undefined), 10_000, 'finished');
    // Ended: plotly's own autorange, every point still in view and drawn.
    const end = await eventually(async () => {
      const d = await drawn(page);
      return d.ranges.xaxis?.autorange === true && d.traces[0]?.x.length === 41 ? d : undefined;
    }, 10_000, 'autorange after the end');
    expect(outside(end)).toEqual([]);
    expect(end.ranges.yaxis!.autorange).toBe(true);
    expect(end.svg[0]!.markers).toBe(41);
    expect(end.svg[0]!.lastOff).toBeLessThan(1);
  }, 60_000);
});
