/**
 * Summarises a Chromium performance trace (JSON from `browser.startTracing`, as written by the browser
 * scenario with `--cpu-prof DIR`): self time per trace event name on the renderer's main thread
 * (scripting, style, layout, paint, GC...), which a JS CPU profile lumps together as "(program)".
 *
 *   npx tsx bench/trace-summary.ts DIR/browser_first_paint_1m.trace.json [--top 20]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: on a loaded machine `dur` also counts time the thread waited for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { message?: string } };
}

/** Stamped by usePlotly (console.timeStamp) at each `Plotly.react` (`-data`: a data-only redraw). */
const DRAW_STAMP = 'lantern:plotly-react';
const RENDERING = new Set(['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit', 'UpdateLayer', 'HitTest']);

/**
 * CPU of the frames that drew a plotly figure: each top-level task holding a `Plotly.react` stamp,
 * split into the animation-frame callback that drew (plotly's JS and the forced layouts inside it)
 * and the style/layout/paint of the frame after it (what plotly's DOM changes cost the renderer).
 */
function drawFrames(events: TraceEvent[], complete: TraceEvent[], pid: number, tid: number): string {
  const stamps = events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'TimeStamp' && e.args?.data?.message?.startsWith(DRAW_STAMP)).map((e) => e.ts);
  if (!stamps.length) return 'draw frames: none stamped';
  const tops: TraceEvent[] = [];
  let end = -Infinity;
  for (const e of complete) {
    if (e.ts >= end) {
      tops.push(e);
      end = e.ts + e.dur!;
    }
  }
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur!) / 1000;
  const rows: { task: number; draw: number; render: number }[] = [];
  let k = 0;
  for (const top of tops) {
    const t1 = top.ts + top.dur!;
    while (k < stamps.length && stamps[k]! < top.ts) k++;
    if (k >= stamps.length || stamps[k]! >= t1) continue;
    const inside = complete.filter((e) => e.ts >= top.ts && e.ts + e.dur! <= t1 && e !== top);
    const drawing = inside.filter((e) => e.name === 'FireAnimationFrame' && stamps.some((s) => s >= e.ts && s < e.ts + e.dur!));
    // Rendering after the draw (not the forced layouts inside it, counted with the draw).
    const after = drawing.length ? Math.max(...drawing.map((e) => e.ts + e.dur!)) : top.ts;
    rows.push({ task: cpu(top), draw: drawing.reduce((a, e) => a + cpu(e), 0), render: inside.filter((e) => RENDERING.has(e.name) && e.ts >= after).reduce((a, e) => a + cpu(e), 0) });
  }
  const stat = (f: (r: { task: number; draw: number; render: number }) => number) => {
    const v = rows.map(f).sort((a, b) => a - b);
    const q = (p: number) => v[Math.min(v.length - 1, Math.floor((p / 100) * v.length))]!;
    return `p50 ${q(50).toFixed(1)} / p95 ${q(95).toFixed(1)}`;
  };
  const dataOnly = events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'TimeStamp' && e.args?.data?.message === `${DRAW_STAMP}-data`).length;
  return `draw frames (tasks with a Plotly.react): ${rows.length}, ${stamps.length} draws (${dataOnly} data-only); CPU ms per frame ${stat((r) => r.task)}, of which the drawing callback ${stat((r) => r.draw)}, style/layout/paint after it ${stat((r) => r.render)}`;
}

export function summarizeTrace(json: { traceEvents: TraceEvent[] } | TraceEvent[], top = 20): string {
  const events = Array.isArray(json) ? json : json.traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return 'no renderer main thread in trace';
  const complete = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, { wall: number; cpu: number }>();
  const stack: { end: number; name: string; childTime: number; childCpu: number; dur: number; cpu: number }[] = [];
  let busy = 0;
  let busyCpu = 0;
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.end <= until) {
      const done = stack.pop()!;
      const s = self.get(done.name) ?? { wall: 0, cpu: 0 };
      s.wall += Math.max(0, done.dur - done.childTime);
      s.cpu += Math.max(0, done.cpu - done.childCpu);
      self.set(done.name, s);
      if (stack.length) {
        stack.at(-1)!.childTime += done.dur;
        stack.at(-1)!.childCpu += done.cpu;
      }
    }
  };
  for (const e of complete) {
    close(e.ts);
    const cpu = e.tdur ?? e.dur!;
    if (!stack.length) {
      busy += e.dur!;
      busyCpu += cpu;
    }
    stack.push({ end: e.ts + e.dur!, name: e.name, childTime: 0, childCpu: 0, dur: e.dur!, cpu });
  }
  close(Infinity);
  const span = complete.length ? (Math.max(...complete.map((e) => e.ts + e.dur!)) - complete[0]!.ts) / 1000 : 0;
  const rows = [...self]
    .sort((a, b) => b[1].cpu - a[1].cpu)
    .slice(0, top)
    .map(([name, t]) => `  ${(t.cpu / 1000).toFixed(0).padStart(7)} ms CPU ${(t.wall / 1000).toFixed(0).padStart(7)} ms wall  ${name}`);
  // Animation-frame callbacks are where plots redraw (useRedraw) and the store publishes new data.
  const frames = complete.filter((e) => e.name === 'FireAnimationFrame').map((e) => (e.tdur ?? e.dur!) / 1000);
  const sorted = [...frames].sort((a, b) => a - b);
  const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN);
  const frameLine = `animation-frame callbacks: ${frames.length}, CPU per callback p50 ${q(50).toFixed(1)} ms, p95 ${q(95).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms, total ${frames.reduce((a, b) => a + b, 0).toFixed(0)} ms`;
  return `renderer main thread: busy ${(busy / 1000).toFixed(0)} ms wall, ${(busyCpu / 1000).toFixed(0)} ms CPU, of ${span.toFixed(0)} ms traced; ${frameLine}; ${drawFrames(events, complete, main.pid, main.tid)}; self time by event (CPU order):\n${rows.join('\n')}`;
}

function main(): void {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/trace-summary.ts TRACE.json [--top N]');
    process.exit(2);
  }
  const topIndex = process.argv.indexOf('--top');
  console.log(summarizeTrace(JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] }, topIndex > 0 ? Number(process.argv[topIndex + 1]) : 20));
}

if (process.argv[1] && import.meta.url.endsWith(path.basename(process.argv[1]))) main();
