/**
 * CPU per redraw of the curve plot's data path (no plotly), in Node: a fast scan's two drawn channels
 * (`<u4` diode and monitor against a `<f8` x) grow by `--step` points between redraws up to `--points`,
 * drawn through the incremental buckets (what the page does) and through a full reduction of every
 * held point at each redraw (what it did before), on the same buffers. CPU time (process.cpuUsage), so a
 * loaded machine slows it less than wall-clock figures.
 *
 *   npx tsx bench/curve-draw-cost.ts [--points 1000000] [--step 500] [--buckets 3072]
 */
import { StreamBuffer } from '../lib/live-data/stream-buffer';
import { buildLiveCurve, LiveLodCache, type LiveChannel } from '../components/plots/curve/curve-live-lod';
import { CurveBuilder } from '../components/plots/curve/curve-data';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const points = arg('points', 1_000_000);
const step = arg('step', 500);
const buckets = arg('buckets', 3072);

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function run(incremental: boolean): { total: number; lastTenth: number; draws: number; drawn: number } {
  const x = new StreamBuffer({ dtype: '<f8', pointShape: [] });
  const diode = new StreamBuffer({ dtype: '<u4', pointShape: [] });
  const mon = new StreamBuffer({ dtype: '<u4', pointShape: [] });
  const buffers: Record<string, StreamBuffer> = { x, diode, mon };
  const liveLod = new LiveLodCache();
  const builders = { diode: new CurveBuilder(), mon: new CurveBuilder() };
  const live = (b: StreamBuffer): LiveChannel => ({ identity: b, length: b.length, contiguous: b.contiguous, at: (i) => b.value(i) });
  const options = { lodThreshold: 20_000, buckets };
  const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let total = 0;
  let lastTenth = 0;
  let draws = 0;
  let drawn = 0;
  for (let held = 0; held < points; held += step) {
    const n = Math.min(step, points - held);
    const xs = Float64Array.from({ length: n }, (_, k) => (held + k) / 1e5);
    const ds = Uint32Array.from({ length: n }, (_, k) => 100 + Math.round(5000 * Math.exp(-(((held + k) / points - 0.65) ** 2) / 0.0016)) + ((held + k) % 7));
    const ms = Uint32Array.from({ length: n }, (_, k) => 10_000 + ((held + k) * 7919) % 200);
    x.write(held, n, bytes(xs));
    diode.write(held, n, bytes(ds));
    mon.write(held, n, bytes(ms));
    const t0 = cpuMs();
    // As curve-prepare does for each curve: the live buckets, or every point read whole and reduced.
    const out = ['diode', 'mon'].map((name) => {
      const y = buffers[name]!;
      if (incremental) return buildLiveCurve(liveLod, { yName: name, y: live(y), xName: 'x', x: live(x), n: y.length, stat: () => ({ x: x.toFloat64(), y: y.toFloat64() }) }, options);
      return builders[name as 'diode' | 'mon'].build({ x: x.toFloat64(), y: y.toFloat64() }, y.length, options);
    });
    const dt = cpuMs() - t0;
    total += dt;
    if (held + n > 0.9 * points) lastTenth += dt;
    draws++;
    drawn = Math.max(...out.map((c) => c.drawn));
  }
  return { total, lastTenth, draws, drawn };
}

for (const incremental of [false, true]) {
  const r = run(incremental);
  const tenthDraws = Math.ceil((0.1 * points) / step);
  console.log(
    `${incremental ? 'incremental buckets' : 'full reduction    '}: ${r.draws} redraws of 2 curves up to ${points} points (${step} new per redraw): CPU ${r.total.toFixed(0)} ms in all, ${(r.total / r.draws).toFixed(2)} ms per redraw on average, ${(r.lastTenth / tenthDraws).toFixed(2)} ms per redraw over the last tenth (${((1e6 * r.lastTenth) / tenthDraws / (2 * 0.95 * points)).toFixed(2)} ns per point held); ${r.drawn} points drawn per curve`,
  );
}
