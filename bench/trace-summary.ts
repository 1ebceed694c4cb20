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
  args?: { name?: string };
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
  return `renderer main thread: busy ${(busy / 1000).toFixed(0)} ms wall, ${(busyCpu / 1000).toFixed(0)} ms CPU, of ${span.toFixed(0)} ms traced; ${frameLine}; self time by event (CPU order):\n${rows.join('\n')}`;
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
