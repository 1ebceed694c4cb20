/**
 * latency: XADD -> client receipt while a scan publishes at 1 kHz and at 10 kHz (one point per XADD, the
 * Sardana style; 5 float64 streams, the first carrying each point's publish time as its value). The
 * publisher stamps the point (performance.timeOrigin + performance.now(), wall-clock based, so
 * comparable across processes on one machine) right before queueing its XADD; the client subtracts it
 * from the receipt time of the frame. The raw baseline tails the same kind of scan with a blocking
 * ioredis XREAD in the same process as the client. A 1 s warm-up run on the fresh server and the first
 * 5 % of each run's points are not counted.
 * p50 and p99 are medians over the repeats.
 */
import { Redis } from 'ioredis';
import type { BenchContext, ScenarioResult } from '../context';
import type { LanternServer } from '../lantern-server';
import { LanternClient } from '../lantern-client';
import { RawReader } from '../raw-reader';
import { xreadCalls } from '../redis-stats';
import { median, percentile, round, sleep, waitFor } from '../stats';

const STREAMS = 5;
const WARMUP = 0.05;

interface Run {
  /** Redis XREAD calls per second during the run (Lantern's shared tail, or the raw reader). */
  xreadsPerS?: number;
  /** Server CPU share (% of one core) during the run. */
  serverCpuPct?: number;
  p50: number;
  p99: number;
  /** Share of the run's live flushes made at once (idle) rather than on the tick (coalesced, loaded). */
  immediatePct?: number;
  lateMs: number;
  problems: string[];
}

function summarize(samples: Float64Array, n: number, lateMs: number, problems: string[]): Run {
  const counted = samples.subarray(Math.floor(n * WARMUP), n);
  return { p50: percentile(counted, 50), p99: percentile(counted, 99), lateMs, problems };
}

/**
 * Latency of each point of the stamp stream (its values are publish times) as the client receives it:
 * receipt time minus stamp, by point index (NaN until received). Shared with the replica scenario.
 */
export function sampleStampLatency(client: LanternClient, stampId: number, points: number): { samples: Float64Array; received(): number } {
  const samples = new Float64Array(points).fill(Number.NaN);
  let received = 0;
  client.onFrame = (frame, _key, at) => {
    if (frame.streamId !== stampId || frame.flags) return;
    const view = new DataView(frame.payload.buffer, frame.payload.byteOffset, frame.payload.byteLength);
    for (let i = 0; i < frame.count; i++) samples[frame.index + i] = at - view.getFloat64(i * 8, true);
    received += frame.count;
  };
  return { samples, received: () => received };
}

async function lanternRun(ctx: BenchContext, server: LanternServer, rate: number, points: number, profile?: string): Promise<Run> {
  const { keys, streams } = await ctx.publisher.createScans({ count: 1, streams: STREAMS, name: `latency_${rate}`, npoints: points });
  const key = keys[0]!;
  const client = await LanternClient.connect(server.url);
  const snapshot = await client.subscribe(key);
  const stampId = snapshot.streams.find((s) => s.name === streams[0])!.id;
  const { samples, received } = sampleStampLatency(client, stampId, points);
  await sleep(200);
  if (profile) await server.profileStart();
  const x0 = await xreadCalls(ctx.admin);
  const f0 = (await server.stats()).flushes;
  const cpu = server.cpuWindow();
  cpu.start();
  const published = await ctx.publisher.publish({ keys, points, batch: 1, rate, timestamps: true });
  const problems: string[] = [];
  if (!(await waitFor(() => received() >= points, 30_000))) problems.push(`lantern ${rate} Hz: ${received()} of ${points} points`);
  const used = cpu.stop();
  const xreadsPerS = ((await xreadCalls(ctx.admin)) - x0) / used.wallSeconds;
  const f1 = (await server.stats()).flushes;
  const immediate = f1.immediate - f0.immediate;
  const immediatePct = (100 * immediate) / Math.max(1, immediate + f1.spaced - f0.spaced + f1.tick - f0.tick);
  if (profile) await server.profileStop(profile);
  problems.push(...client.problems.slice(0, 3));
  client.close();
  await ctx.publisher.close(keys);
  await ctx.publisher.delete(keys);
  return { ...summarize(samples, points, published.lateMs, problems), xreadsPerS, serverCpuPct: used.percent, immediatePct };
}

async function rawRun(ctx: BenchContext, rate: number, points: number): Promise<Run> {
  const { keys } = await ctx.publisher.createScans({ count: 1, streams: STREAMS, name: `latency_raw_${rate}`, npoints: points });
  const streamKeys = [...(await ctx.streamKeys(keys[0]!)).values()];
  const redis = new Redis(ctx.redis.url);
  const reader = new RawReader(redis, streamKeys, { capacity: points });
  const samples = new Float64Array(points).fill(Number.NaN);
  reader.onBatch = (stream, index, count, at) => {
    if (stream !== reader.streams[0]) return;
    for (let i = index; i < index + count; i++) samples[i] = at - stream.buffer.value(i);
  };
  const reading = reader.readUntil(points, 100);
  await sleep(200);
  const published = await ctx.publisher.publish({ keys, points, batch: 1, rate, timestamps: true });
  const problems: string[] = [];
  const timeout = setTimeout(() => {
    reader.stopped = true;
    problems.push(`raw ${rate} Hz: timed out`);
  }, 30_000);
  await reading;
  clearTimeout(timeout);
  redis.disconnect();
  await ctx.publisher.close(keys);
  await ctx.publisher.delete(keys);
  return summarize(samples, points, published.lateMs, problems);
}

export async function latency(ctx: BenchContext): Promise<ScenarioResult> {
  const seconds = ctx.quick ? 2 : 8;
  const repeats = ctx.quick ? 2 : 3;
  const server = await ctx.startServer();
  const fields: ScenarioResult['fields'] = {};
  const notes: string[] = [];
  try {
    // Warm-up on the fresh server (JIT, first subscription): not counted.
    await lanternRun(ctx, server, 1000, 1000);
    for (const rate of [1000, 10_000]) {
      const points = rate * seconds;
      const lantern: Run[] = [];
      const raw: Run[] = [];
      for (let r = 0; r < repeats; r++) {
        lantern.push(await lanternRun(ctx, server, rate, points, r === 0 ? `latency_${rate}` : undefined));
        raw.push(await rawRun(ctx, rate, points));
        ctx.log(`  ${rate} Hz #${r + 1}: lantern p50 ${round(lantern.at(-1)!.p50)} ms p99 ${round(lantern.at(-1)!.p99)} ms (${round(lantern.at(-1)!.xreadsPerS!)} XREAD/s, server ${round(lantern.at(-1)!.serverCpuPct!)} % CPU, ${round(lantern.at(-1)!.immediatePct!)} % of flushes at once); raw p50 ${round(raw.at(-1)!.p50)} ms p99 ${round(raw.at(-1)!.p99)} ms; publisher late by ${round(lantern.at(-1)!.lateMs)} ms max`);
      }
      const tag = rate === 1000 ? '1k' : '10k';
      fields[`latency_${tag}_p50_ms`] = round(median(lantern.map((x) => x.p50)));
      fields[`latency_${tag}_p99_ms`] = round(median(lantern.map((x) => x.p99)));
      fields[`raw_latency_${tag}_p50_ms`] = round(median(raw.map((x) => x.p50)));
      fields[`raw_latency_${tag}_p99_ms`] = round(median(raw.map((x) => x.p99)));
      notes.push(`${rate} Hz: ${STREAMS} streams, 1 point/XADD, ${seconds} s x ${repeats} repeats; publisher behind schedule by up to ${round(median(lantern.map((x) => x.lateMs)))} ms; Lantern: ${round(median(lantern.map((x) => x.xreadsPerS!)))} XREAD/s, server ${round(median(lantern.map((x) => x.serverCpuPct!)))} % CPU, ${round(median(lantern.map((x) => x.immediatePct!)))} % of flushes at once (the rest coalesced under load); raw p99 ${round(median(raw.map((x) => x.p99)))} ms`);
      for (const run of [...lantern, ...raw]) notes.push(...run.problems);
    }
  } finally {
    await server.stop();
  }
  return { fields, notes };
}
