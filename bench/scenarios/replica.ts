/**
 * replica: what a remote viewer sees when Lantern reads a Redis replica in the web zone instead of the
 * beamline's Redis. One scan publishes at 1 kHz (one point per XADD, each point's value its publish
 * time) to the primary; the same client measurement as `latency` runs against a Lantern reading the
 * primary and one reading a replica (`replicaof`), alternately. The difference of the medians is the
 * replica's lag as a viewer sees it. The first 5 % of each run's points are not counted.
 */
import { startReplica } from '../../testing/redis-replica';
import type { BenchContext, ScenarioResult } from '../context';
import { LanternClient } from '../lantern-client';
import { LanternServer } from '../lantern-server';
import { sampleStampLatency } from './latency';
import { median, percentile, round, sleep, waitFor } from '../stats';

const STREAMS = 5;
const RATE = 1000;
const WARMUP = 0.05;

async function run(ctx: BenchContext, server: LanternServer, points: number): Promise<{ p50: number; p99: number; problems: string[] }> {
  const { keys, streams } = await ctx.publisher.createScans({ count: 1, streams: STREAMS, name: 'replica', npoints: points });
  const key = keys[0]!;
  const client = await LanternClient.connect(server.url);
  // The replica gets the new scan document a moment after the primary: subscribe once it has it.
  let snapshot: Awaited<ReturnType<LanternClient['subscribe']>> | undefined;
  for (let attempt = 0; !snapshot; attempt++) {
    snapshot = await client.subscribe(key).catch((error: unknown) => {
      if (attempt > 50) throw error;
      return undefined;
    });
    if (!snapshot) await sleep(20);
  }
  const stampId = snapshot.streams.find((s) => s.name === streams[0])!.id;
  const { samples, received } = sampleStampLatency(client, stampId, points);
  await sleep(200);
  await ctx.publisher.publish({ keys, points, batch: 1, rate: RATE, timestamps: true });
  const problems: string[] = [];
  if (!(await waitFor(() => received() >= points, 30_000))) problems.push(`${received()} of ${points} points`);
  problems.push(...client.problems.slice(0, 3));
  client.close();
  await ctx.publisher.close(keys);
  await ctx.publisher.delete(keys);
  const counted = samples.subarray(Math.floor(points * WARMUP));
  return { p50: percentile(counted, 50), p99: percentile(counted, 99), problems };
}

export async function replica(ctx: BenchContext): Promise<ScenarioResult> {
  const points = RATE * (ctx.quick ? 2 : 6);
  const repeats = ctx.quick ? 2 : 3;
  const copy = await startReplica(ctx.redis);
  const direct = await ctx.startServer();
  const viaReplica = await LanternServer.start({ redisUrl: copy.url, cpuProfileDir: ctx.cpuProfileDir });
  const notes: string[] = [];
  try {
    await run(ctx, direct, 1000); // warm-up of both servers, not counted
    await run(ctx, viaReplica, 1000);
    const a: { p50: number; p99: number }[] = [];
    const b: { p50: number; p99: number }[] = [];
    for (let r = 0; r < repeats; r++) {
      const d = await run(ctx, direct, points);
      const v = await run(ctx, viaReplica, points);
      a.push(d);
      b.push(v);
      notes.push(...d.problems.map((p) => `primary: ${p}`), ...v.problems.map((p) => `replica: ${p}`));
      ctx.log(`  #${r + 1}: primary p50 ${round(d.p50)} ms p99 ${round(d.p99)} ms; replica p50 ${round(v.p50)} ms p99 ${round(v.p99)} ms`);
    }
    const fields = {
      replica_latency_1k_p50_ms: round(median(b.map((x) => x.p50))),
      replica_latency_1k_p99_ms: round(median(b.map((x) => x.p99))),
      primary_latency_1k_p50_ms: round(median(a.map((x) => x.p50))),
      replica_lag_p50_ms: round(median(b.map((x) => x.p50)) - median(a.map((x) => x.p50))),
    };
    notes.push(`${RATE} Hz, ${STREAMS} streams, 1 point/XADD, ${points / RATE} s x ${repeats} repeats, alternately through the primary and through a local replica`);
    return { fields, notes };
  } finally {
    await viaReplica.stop();
    await direct.stop();
    await copy.stop();
  }
}
