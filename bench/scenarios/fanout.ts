/**
 * fanout: 1, 10 and 50 Node clients on one live scan (10 float64 streams at 2 kHz, 20 points per XADD),
 * each checking it receives every point once, in order. Over the publishing window (first XADD to the
 * last client holding every point) it measures the Redis XREAD calls (INFO commandstats: the shared
 * tail should not read more for more viewers) and the Lantern server's CPU seconds (/proc/<pid>/stat).
 * Client counts are interleaved (1, 10, 50, 1, 10, 50..., 1) so slow drifts of the shared machine hit
 * all alike, after a warm-up run of each count that is not counted (a short one with 10 clients left the
 * first round's one-client run paying for the JIT: 1.5-2x the later ones). A ratio is the median over
 * the rounds of the 50-client figure divided by the mean of the one-client runs just before and just
 * after it (the next round's first run, or a last one), so a drift during the round cancels.
 */
import type { BenchContext, ScenarioResult } from '../context';
import type { LanternServer } from '../lantern-server';
import { LanternClient } from '../lantern-client';
import { xreadCalls } from '../redis-stats';
import { median, round, sleep, waitFor } from '../stats';

const STREAMS = 10;
const RATE = 2000;
const BATCH = 20;
const COUNTS = [1, 10, 50];

interface Sample {
  xreads: number;
  /** Server write system calls (socket writes) over the window. */
  writes: number;
  cpu: number;
  wall: number;
  /** Share of the live flushes made at once (idle) rather than on the tick (coalesced under load). */
  immediatePct: number;
  /** Live flushes made over the window (all kinds). */
  flushes: number;
  delivered: boolean;
  problems: string[];
}

async function once(ctx: BenchContext, server: LanternServer, clients: number, seconds: number, profile?: string): Promise<Sample> {
  const points = RATE * seconds;
  const { keys } = await ctx.publisher.createScans({ count: 1, streams: STREAMS, name: `fanout_${clients}`, npoints: points });
  const key = keys[0]!;
  const viewers = await Promise.all(Array.from({ length: clients }, () => LanternClient.connect(server.url)));
  await Promise.all(viewers.map((v) => v.subscribe(key)));
  await sleep(300);
  const x0 = await xreadCalls(ctx.admin);
  if (profile) await server.profileStart();
  const w0 = server.writeSyscalls();
  const f0 = (await server.stats()).flushes;
  const cpu = server.cpuWindow();
  cpu.start();
  await ctx.publisher.publish({ keys, points, batch: BATCH, rate: RATE });
  const total = points * STREAMS;
  const delivered = await waitFor(() => viewers.every((v) => v.points >= total), 30_000);
  const used = cpu.stop();
  if (profile) await server.profileStop(profile);
  const x1 = await xreadCalls(ctx.admin);
  const writes = server.writeSyscalls() - w0;
  const f1 = (await server.stats()).flushes;
  const immediate = f1.immediate - f0.immediate;
  const flushes = immediate + f1.spaced - f0.spaced + f1.tick - f0.tick;
  const immediatePct = (100 * immediate) / Math.max(1, flushes);
  const problems: string[] = [];
  for (const [i, v] of viewers.entries()) {
    if (v.points !== total) problems.push(`${clients} clients: client ${i} got ${v.points} of ${total} points`);
    if (v.minContiguous(key, STREAMS) !== points) problems.push(`${clients} clients: client ${i} holds ${v.minContiguous(key, STREAMS)} contiguous of ${points}`);
    problems.push(...v.problems.slice(0, 2));
  }
  for (const v of viewers) v.close();
  await ctx.publisher.close(keys);
  await ctx.publisher.delete(keys);
  // x1 - x0 includes the one INFO call of ours? No: INFO is not XREAD. It does include the history
  // connection's blocking XREADs on new scans, which happen at the same rate whatever the viewers.
  return { xreads: x1 - x0, writes, immediatePct, flushes, cpu: used.cpuSeconds, wall: used.wallSeconds, delivered: delivered && problems.length === 0, problems };
}

export async function fanout(ctx: BenchContext): Promise<ScenarioResult> {
  const seconds = ctx.quick ? 2.5 : 8;
  const repeats = ctx.quick ? 2 : 3;
  const server = await ctx.startServer();
  const samples = new Map<number, Sample[]>(COUNTS.map((n) => [n, []]));
  const measure = async (n: number, r: number) => {
    const s = await once(ctx, server, n, seconds, r === 0 ? `fanout_${n}` : undefined);
    samples.get(n)!.push(s);
    ctx.log(`  ${n} clients #${r + 1}: ${s.xreads} XREAD, ${s.writes} write syscalls, ${s.flushes} flushes, server ${round(s.cpu)} CPU s over ${round(s.wall)} s (${round((100 * s.cpu) / s.wall)} %, ${round((1000 * s.cpu) / Math.max(1, s.flushes))} ms per flush), ${round(s.immediatePct)} % of flushes at once, all delivered: ${s.delivered}`);
  };
  try {
    // Warm-up (JIT of every count's paths, connection pools): not counted.
    for (const n of COUNTS) await once(ctx, server, n, Math.min(seconds, 1.5));
    for (let r = 0; r < repeats; r++) for (const n of COUNTS) await measure(n, r);
    // The one-client run after the last round's 50-client run (see the ratio below).
    await measure(1, repeats);
  } finally {
    await server.stop();
  }
  const med = (n: number, f: (s: Sample) => number) => median(samples.get(n)!.map(f));
  const all = [...samples.values()].flat();
  const one = samples.get(1)!;
  /** Per round: the 50-client figure over the mean of the one-client runs around it. */
  const ratios = (f: (s: Sample) => number) => samples.get(50)!.map((s, r) => f(s) / ((f(one[r]!) + f(one[r + 1]!)) / 2));
  const cpuRatios = ratios((s) => s.cpu);
  const oneCpu = one.map((s) => s.cpu);
  const notes = [
    `${STREAMS} streams at ${RATE} Hz, ${BATCH} points/XADD, ${seconds} s per run, ${repeats} runs per client count (+1 one-client run)`,
    ...COUNTS.map((n) => `${n} clients: ${med(n, (s) => s.xreads)} XREAD calls, ${round(med(n, (s) => s.writes / s.wall))} write syscalls/s, ${round(med(n, (s) => s.cpu))} server CPU s (${round(med(n, (s) => (100 * s.cpu) / s.wall))} % of a core), ${round(med(n, (s) => (1000 * s.cpu) / Math.max(1, s.flushes)))} CPU ms per flush, ${round(med(n, (s) => s.immediatePct))} % of flushes at once`),
    `CPU ratio per round: ${cpuRatios.map((x) => round(x)).join(', ')}; one-client CPU s per run: ${oneCpu.map((x) => round(x)).join(', ')} (spread ${round((100 * (Math.max(...oneCpu) - Math.min(...oneCpu))) / median(oneCpu))} % of the median)`,
    ...all.flatMap((s) => s.problems).slice(0, 10),
  ];
  return {
    fields: {
      fanout_xread_calls_ratio_50_to_1: round(median(ratios((s) => s.xreads))),
      fanout_cpu_ratio_50_to_1: round(median(cpuRatios)),
      fanout_all_points_delivered: all.every((s) => s.delivered),
      fanout_server_cpu_pct_1: round(med(1, (s) => (100 * s.cpu) / s.wall)),
      fanout_server_cpu_pct_10: round(med(10, (s) => (100 * s.cpu) / s.wall)),
      fanout_server_cpu_pct_50: round(med(50, (s) => (100 * s.cpu) / s.wall)),
    },
    notes,
  };
}
