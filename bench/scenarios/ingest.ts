/**
 * ingest_batched / ingest_single: how fast Lantern moves points from Redis to a client, against the
 * raw limit of reading the same entries with ioredis XREAD and decoding them.
 *
 * Each repeat creates a scan of 20 float64 scalar streams and subscribes one Node socket.io client
 * (decoding into typed arrays), so the server tails the streams. The server process is then paused
 * (SIGSTOP) while the publisher writes every point as fast as it can (100 points per XADD, or one), and
 * resumed: the figure is the points divided by the time from the resume to the client holding every
 * point — the server's full drain speed, not the publisher's. The raw baseline reads the very same
 * entries from the start of the streams, in the same repeat. Points/s are medians over the repeats; the
 * ratio is the median of the per-repeat ratios (each pairs two measurements made seconds apart).
 */
import { Redis } from 'ioredis';
import type { BenchContext, ScenarioResult } from '../context';
import type { LanternServer } from '../lantern-server';
import { LanternClient } from '../lantern-client';
import { RawReader } from '../raw-reader';
import { cpuSeconds, ownCpuSeconds } from '../process-metrics';
import { xreadCalls } from '../redis-stats';
import { median, nowMs, round, sleep, waitFor } from '../stats';

const STREAMS = 20;

interface Mode {
  name: 'batched' | 'single';
  batch: number;
  points: number;
  repeats: number;
}

/**
 * CPU seconds per million points drained, per process (a diagnostic that holds on a loaded machine,
 * where points/s follow the other jobs): Lantern's server and its client (this process), Redis serving
 * each, and the raw reader (this process).
 */
interface DrainCpu {
  server: number;
  client: number;
  redis: number;
  xreads: number;
  raw: number;
  rawRedis: number;
  rawXreads: number;
}

async function runMode(ctx: BenchContext, server: LanternServer, mode: Mode): Promise<{ lantern: number[]; raw: number[]; publish: number[]; cpu: DrainCpu[]; problems: string[] }> {
  const rawRedis = new Redis(ctx.redis.url);
  const redisCpu = () => (ctx.redis.pid ? cpuSeconds(ctx.redis.pid) : Number.NaN);
  const cpu: DrainCpu[] = [];
  const lantern: number[] = [];
  const raw: number[] = [];
  const publish: number[] = [];
  const problems: string[] = [];
  try {
    for (let r = 0; r < mode.repeats; r++) {
      const { keys } = await ctx.publisher.createScans({ count: 1, streams: STREAMS, name: `ingest_${mode.name}`, npoints: mode.points });
      const key = keys[0]!;
      const client = await LanternClient.connect(server.url);
      await client.subscribe(key);
      await sleep(200);
      server.pause();
      let published;
      let x0 = 0;
      try {
        published = await ctx.publisher.publish({ keys: [key], points: mode.points, batch: mode.batch, rate: 0 });
        x0 = await xreadCalls(ctx.admin);
      } finally {
        server.resume();
      }
      const t0 = nowMs();
      const c0 = { server: server.cpuSeconds(), client: ownCpuSeconds(), redis: redisCpu() };
      if (r === 0) await server.profileStart();
      const total = mode.points * STREAMS;
      const done = await waitFor(() => client.points >= total, 120_000);
      const ms = client.lastFrameAt - t0;
      const c1 = { server: server.cpuSeconds(), client: ownCpuSeconds(), redis: redisCpu() };
      const x1 = await xreadCalls(ctx.admin);
      if (r === 0) await server.profileStop(`ingest_${mode.name}`);
      if (!done) problems.push(`repeat ${r}: client got ${client.points} of ${total} points`);
      if (client.problems.length) problems.push(...client.problems.slice(0, 5));
      if (client.minContiguous(key, STREAMS) < mode.points) problems.push(`repeat ${r}: buffers hold ${client.minContiguous(key, STREAMS)} of ${mode.points}`);
      lantern.push(done ? total / (ms / 1000) : Number.NaN);
      publish.push(published.points / ((published.t1 - published.t0) / 1000));
      client.close();

      const streamKeys = [...(await ctx.streamKeys(key)).values()];
      const reader = new RawReader(rawRedis, streamKeys);
      const r0 = { own: ownCpuSeconds(), redis: redisCpu(), xreads: await xreadCalls(ctx.admin) };
      const rawMs = await reader.readUntil(mode.points);
      const r1 = { own: ownCpuSeconds(), redis: redisCpu(), xreads: await xreadCalls(ctx.admin) };
      raw.push(reader.points / (rawMs / 1000));
      const perM = 1e6 / total;
      cpu.push({
        server: (c1.server - c0.server) * perM,
        client: (c1.client - c0.client) * perM,
        redis: (c1.redis - c0.redis) * perM,
        xreads: x1 - x0,
        raw: (r1.own - r0.own) * perM,
        rawRedis: (r1.redis - r0.redis) * perM,
        rawXreads: r1.xreads - r0.xreads - 1,
      });
      ctx.log(`  ${mode.name} #${r + 1}: lantern ${round(lantern.at(-1)! / 1e6)} M/s, raw ${round(raw.at(-1)! / 1e6)} M/s, publisher ${round(publish.at(-1)! / 1e6)} M/s`);

      await ctx.publisher.close([key]);
      await ctx.publisher.delete([key]);
    }
  } finally {
    rawRedis.disconnect();
  }
  return { lantern, raw, publish, cpu, problems };
}

function cpuNote(name: string, cpu: DrainCpu[]): string {
  const m = (f: (c: DrainCpu) => number) => round(median(cpu.map(f)));
  return `${name} drain, CPU s per M points (medians): Lantern server ${m((c) => c.server)}, its client ${m((c) => c.client)}, Redis ${m((c) => c.redis)} (${m((c) => c.xreads)} XREAD); raw reader ${m((c) => c.raw)}, Redis ${m((c) => c.rawRedis)} (${m((c) => c.rawXreads)} XREAD)`;
}

export async function ingest(ctx: BenchContext): Promise<ScenarioResult> {
  const batched: Mode = { name: 'batched', batch: 100, points: ctx.quick ? 150_000 : 500_000, repeats: ctx.quick ? 3 : 5 };
  const single: Mode = { name: 'single', batch: 1, points: ctx.quick ? 8_000 : 25_000, repeats: ctx.quick ? 3 : 5 };
  const server = await ctx.startServer();
  let b, s;
  try {
    b = await runMode(ctx, server, batched);
    s = await runMode(ctx, server, single);
  } finally {
    await server.stop();
  }
  const lb = median(b.lantern);
  const rb = median(b.raw);
  const ls = median(s.lantern);
  const rs = median(s.raw);
  return {
    fields: {
      ingest_batched_points_per_s: round(lb),
      raw_batched_points_per_s: round(rb),
      ingest_batched_ratio: round(median(b.lantern.map((l, i) => l / b.raw[i]!))),
      ingest_single_points_per_s: round(ls),
      raw_single_points_per_s: round(rs),
      ingest_single_ratio: round(median(s.lantern.map((l, i) => l / s.raw[i]!))),
      ingest_all_points_delivered: b.problems.length === 0 && s.problems.length === 0,
    },
    notes: [
      `batched: ${STREAMS} streams x ${batched.points} points, 100/XADD, ${batched.repeats} repeats; publisher alone ${round(median(b.publish) / 1e6)} M points/s`,
      `single: ${STREAMS} streams x ${single.points} points, 1/XADD, ${single.repeats} repeats; publisher alone ${round(median(s.publish) / 1e3)} k points/s`,
      cpuNote('batched', b.cpu),
      cpuNote('single', s.cpu),
      ...b.problems.slice(0, 5),
      ...s.problems.slice(0, 5),
    ],
  };
}
