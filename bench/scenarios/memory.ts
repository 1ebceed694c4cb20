/**
 * memory (server side): the Lantern server's peak RSS while 10 clients watch a 10 000 000-point scan
 * (one float64 stream, 1000 points per XADD, published as fast as possible). Five clients watch live from
 * the start; five open the scan once it is complete and are caught up from Redis at the same time —
 * the two paths through which server memory could grow with the data. The server process is fresh, so
 * its VmHWM (/proc/<pid>/status) is the peak of this scenario; the idle RSS after start-up is reported
 * alongside. The server runs as deployed: compiled by esbuild and run by plain node (`npm start`); under
 * the tsx loader used in development it would keep ~0.5 GB more for h5wasm's module. The browser's heap
 * is measured by the browser scenario.
 */
import type { BenchContext, ScenarioResult } from '../context';
import { LanternClient } from '../lantern-client';
import { RssSampler } from '../process-metrics';
import { round, sleep, waitFor } from '../stats';

const POINTS = 10_000_000;
const BATCH = 1000;
const CLIENTS = 10;

async function once(ctx: BenchContext, runtime: 'tsx' | 'bundled'): Promise<{ peak: number; idle: number; delivered: boolean; notes: string[] }> {
  const server = await ctx.startServer(undefined, runtime);
  const notes: string[] = [];
  let idle = 0;
  let peak = 0;
  let delivered = false;
  let seconds = 0;
  try {
    await sleep(500);
    idle = server.rssMb();
    const sampler = new RssSampler(server.pid, 20);
    sampler.start();
    const { keys } = await ctx.publisher.createScans({ count: 1, streams: 1, name: 'memory', npoints: POINTS });
    const key = keys[0]!;
    const live = await Promise.all(Array.from({ length: CLIENTS / 2 }, () => LanternClient.connect(server.url)));
    await Promise.all(live.map((c) => c.subscribe(key)));
    const t0 = performance.now();
    await ctx.publisher.publish({ keys, points: POINTS, batch: BATCH, rate: 0, close: true });
    const late = await Promise.all(Array.from({ length: CLIENTS / 2 }, () => LanternClient.connect(server.url)));
    await Promise.all(late.map((c) => c.subscribe(key)));
    const clients = [...live, ...late];
    delivered = await waitFor(() => clients.every((c) => c.points >= POINTS), 180_000, 20);
    seconds = (performance.now() - t0) / 1000;
    const sampled = sampler.stop();
    peak = Math.max(server.peakRssMb(), sampled);
    const problems = clients.flatMap((c) => c.problems);
    for (const [i, c] of clients.entries()) if (c.points !== POINTS) problems.push(`client ${i}: ${c.points} of ${POINTS} points`);
    if (problems.length) delivered = false;
    notes.push(`${runtime}: server RSS idle ${round(idle)} MB, peak ${round(peak)} MB; all ${POINTS} points delivered to the 10 clients in ${round(seconds)} s: ${delivered}`);
    notes.push(...problems.slice(0, 5));
    for (const c of clients) c.close();
    await ctx.publisher.delete(keys);
  } finally {
    await server.stop();
  }
  return { peak, idle, delivered, notes };
}

export async function memory(ctx: BenchContext): Promise<ScenarioResult> {
  const deployed = await once(ctx, 'bundled');
  return {
    fields: {
      server_rss_peak_mb: round(deployed.peak),
      server_rss_idle_mb: round(deployed.idle),
      memory_all_points_delivered: deployed.delivered,
    },
    notes: [
      `1 stream x ${POINTS} float64 points (${(POINTS * 8) / 1e6} MB), ${BATCH}/XADD, as fast as possible; 5 clients live from the start, 5 caught up from Redis after the end`,
      ...deployed.notes,
      'the server compiled by esbuild and run by plain node, as npm start and the Docker image run it',
    ],
  };
}
