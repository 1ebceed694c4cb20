/**
 * many_scans: 100 scans running at once, 5 float64 streams each, every stream at 500 points/s in
 * batches of 10 (25 000 XADD/s, 250 000 points/s offered in all), watched by 10 Node clients that
 * subscribe to 10 scans each. Lantern tails all 500 streams with its one shared XREAD. Reported: the
 * points/s delivered (points received by the clients over the time from the first XADD to the last
 * point received) and the server's CPU share over that window (100 % = one core).
 */
import type { BenchContext, ScenarioResult } from '../context';
import { LanternClient } from '../lantern-client';
import { median, nowMs, round, sleep, waitFor } from '../stats';

const SCANS = 100;
const STREAMS = 5;
const RATE = 500;
const BATCH = 10;
const CLIENTS = 10;

export async function manyScans(ctx: BenchContext): Promise<ScenarioResult> {
  const seconds = ctx.quick ? 3 : 8;
  const repeats = ctx.quick ? 1 : 3;
  const points = RATE * seconds;
  const server = await ctx.startServer();
  const rates: number[] = [];
  const cpus: number[] = [];
  const notes: string[] = [];
  let delivered = true;
  try {
    for (let r = 0; r < repeats; r++) {
      const { keys } = await ctx.publisher.createScans({ count: SCANS, streams: STREAMS, name: 'many', npoints: points });
      const clients = await Promise.all(Array.from({ length: CLIENTS }, () => LanternClient.connect(server.url)));
      await Promise.all(keys.map((key, i) => clients[i % CLIENTS]!.subscribe(key)));
      await sleep(500);
      if (r === 0) await server.profileStart();
      const cpu = server.cpuWindow();
      cpu.start();
      const published = await ctx.publisher.publish({ keys, points, batch: BATCH, rate: RATE });
      const total = SCANS * STREAMS * points;
      const sum = () => clients.reduce((n, c) => n + c.points, 0);
      const ok = await waitFor(() => sum() >= total, 60_000);
      const used = cpu.stop();
      if (r === 0) await server.profileStop('many_scans');
      const last = Math.max(...clients.map((c) => c.lastFrameAt));
      const rate = sum() / ((last - published.t0) / 1000);
      rates.push(rate);
      cpus.push(used.percent);
      const problems = clients.flatMap((c) => c.problems);
      if (!ok || problems.length) {
        delivered = false;
        notes.push(`repeat ${r + 1}: ${sum()} of ${total} points; ${problems.slice(0, 3).join('; ')}`);
      }
      ctx.log(`  #${r + 1}: ${round(rate / 1e3)} k points/s delivered (publisher late by up to ${round(published.lateMs)} ms), server ${round(used.percent)} % CPU, publish ${round((published.t1 - published.t0) / 1000)} s, drained ${round((nowMs() - published.t1) / 1000)} s after`);
      for (const c of clients) c.close();
      await ctx.publisher.close(keys);
      await ctx.publisher.delete(keys);
    }
  } finally {
    await server.stop();
  }
  notes.unshift(`${SCANS} scans x ${STREAMS} streams at ${RATE} Hz (${BATCH}/XADD) = ${(SCANS * STREAMS * RATE) / 1000} k points/s offered, ${CLIENTS} clients x ${SCANS / CLIENTS} scans, ${seconds} s x ${repeats}`);
  return {
    fields: {
      many_scans_points_per_s: round(median(rates)),
      many_scans_server_cpu_pct: round(median(cpus)),
      many_scans_all_points_delivered: delivered,
    },
    notes,
  };
}
