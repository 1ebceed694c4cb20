/**
 * many_clients: the server's memory with 500 viewers of one live scan (a beamline's scan shown in a
 * lecture hall, a facility dashboard...). 500 socket.io clients (bench/lantern-client.ts, the browser's
 * data layer in Node) subscribe to one scan of 5 float64 streams published at 100 Hz (10 points per
 * XADD) and each checks it receives every point once, in order. The server runs as deployed (bundled,
 * plain node); its peak RSS (VmHWM of a fresh process) is the figure, its RSS idle and with the 500
 * connected before publishing alongside.
 */
import type { BenchContext, ScenarioResult } from '../context';
import { LanternClient } from '../lantern-client';
import { RssSampler } from '../process-metrics';
import { round, sleep, waitFor } from '../stats';

const CLIENTS = 500;
const STREAMS = 5;
const RATE = 100;
const BATCH = 10;

export async function manyClients(ctx: BenchContext): Promise<ScenarioResult> {
  const seconds = ctx.quick ? 4 : 10;
  const points = RATE * seconds;
  const server = await ctx.startServer(undefined, 'bundled');
  const notes: string[] = [];
  const clients: LanternClient[] = [];
  let peak = 0;
  let idle = 0;
  let connected = 0;
  let delivered = false;
  try {
    await sleep(500);
    idle = server.rssMb();
    const sampler = new RssSampler(server.pid, 50);
    sampler.start();
    const { keys } = await ctx.publisher.createScans({ count: 1, streams: STREAMS, name: 'many_clients', npoints: points });
    const key = keys[0]!;
    const t0 = performance.now();
    // In groups, as viewers arrive: 500 websocket handshakes at once would measure the accept queue.
    for (let i = 0; i < CLIENTS; i += 50) {
      const group = await Promise.all(Array.from({ length: Math.min(50, CLIENTS - i) }, () => LanternClient.connect(server.url)));
      await Promise.all(group.map((c) => c.subscribe(key)));
      clients.push(...group);
    }
    const joinSeconds = (performance.now() - t0) / 1000;
    await sleep(500);
    connected = server.rssMb();
    const cpu = server.cpuWindow();
    cpu.start();
    await ctx.publisher.publish({ keys, points, batch: BATCH, rate: RATE, close: true });
    const total = points * STREAMS;
    delivered = await waitFor(() => clients.every((c) => c.points >= total), 60_000, 50);
    const used = cpu.stop();
    peak = Math.max(server.peakRssMb(), sampler.stop());
    const problems = clients.flatMap((c) => c.problems);
    for (const [i, c] of clients.entries()) if (c.points !== total) problems.push(`client ${i}: ${c.points} of ${total} points`);
    if (problems.length) delivered = false;
    notes.push(
      `${CLIENTS} clients on one scan of ${STREAMS} float64 streams at ${RATE} Hz (${BATCH} points/XADD) for ${seconds} s; joined in ${round(joinSeconds)} s (groups of 50)`,
      `server RSS idle ${round(idle)} MB, with ${CLIENTS} connected ${round(connected)} MB, peak ${round(peak)} MB; server ${round(used.percent)} % CPU while publishing; every point delivered to every client: ${delivered}`,
      ...problems.slice(0, 5),
    );
    await ctx.publisher.delete(keys);
  } finally {
    for (const c of clients) c.close();
    await server.stop();
  }
  return { fields: { server_rss_500_clients_mb: round(peak), server_rss_500_clients_connected_mb: round(connected), many_clients_all_points_delivered: delivered }, notes };
}
