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
  pid: number;
  tid: number;
  args?: { name?: string };
}

export function summarizeTrace(json: { traceEvents: TraceEvent[] } | TraceEvent[], top = 20): string {
  const events = Array.isArray(json) ? json : json.traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return 'no renderer main thread in trace';
  const complete = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && typeof e.dur === 'number').sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const self = new Map<string, number>();
  const stack: { end: number; name: string; childTime: number; dur: number }[] = [];
  let busy = 0;
  const close = (until: number) => {
    while (stack.length && stack.at(-1)!.end <= until) {
      const done = stack.pop()!;
      self.set(done.name, (self.get(done.name) ?? 0) + Math.max(0, done.dur - done.childTime));
      if (stack.length) stack.at(-1)!.childTime += done.dur;
    }
  };
  for (const e of complete) {
    close(e.ts);
    if (!stack.length) busy += e.dur!;
    stack.push({ end: e.ts + e.dur!, name: e.name, childTime: 0, dur: e.dur! });
  }
  close(Infinity);
  const span = complete.length ? (Math.max(...complete.map((e) => e.ts + e.dur!)) - complete[0]!.ts) / 1000 : 0;
  const rows = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => `  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  return `renderer main thread: busy ${(busy / 1000).toFixed(0)} ms of ${span.toFixed(0)} ms traced; self time by event:\n${rows.join('\n')}`;
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
