/**
 * The level of detail's own cost on the server, apart from any page: a finished 1 M-point fast scan
 * (simulator `fast`, as the browser scenario's first paint) in a Redis of its own, each curve channel
 * reduced to 2 560 buckets (what a 1600-px-wide page asks) several times in this process. Prints CPU
 * (this process; Redis's own work is not in it) and wall time per reduction, min and median over the
 * rounds: CPU time moves far less than wall time when others load the machine.
 *
 *   npx tsx bench/lod-cost.ts [rounds]
 */
import { Redis } from 'ioredis';
import { DataStore } from '../lib/blissdata/data-store';
import { Scan } from '../lib/blissdata/scan';
import { initDatabase } from '../lib/blissdata/writer/init-db';
import { runScenario } from '../scripts/simulator/registry';
import { reduceStream } from '../server/live/lod';
import { startRedis } from '../testing/redis-launcher';
import { median, round } from './stats';

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 15);
  const redis = await startRedis();
  const admin = new Redis(redis.url);
  try {
    await initDatabase(admin);
    const store = new DataStore(admin);
    const sim = await runScenario(store, 'fast', { points: 1_000_000, rate: 1e9, seed: 3 });
    const scan = await Scan.load(store, sim.key);
    const names = ['musst:roby', 'p201:diode', 'p201:mon'];
    const cpu = new Map<string, number[]>(names.map((n) => [n, []]));
    const wall = new Map<string, number[]>(names.map((n) => [n, []]));
    for (let r = 0; r < rounds; r++) {
      for (const name of names) {
        const stream = scan.streams.get(name)!;
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await reduceStream(stream, 0, 1_000_000, 2560, null);
        const c = process.cpuUsage(c0);
        cpu.get(name)!.push((c.user + c.system) / 1000);
        wall.get(name)!.push(performance.now() - t0);
      }
    }
    for (const name of names) {
      const dtype = scan.streams.get(name)!.encoding?.type === 'numeric' ? (scan.streams.get(name)!.encoding as { dtype_str: string }).dtype_str : '?';
      console.log(`${name} (${dtype}): CPU min ${round(Math.min(...cpu.get(name)!))} median ${round(median(cpu.get(name)!))} ms; wall min ${round(Math.min(...wall.get(name)!))} median ${round(median(wall.get(name)!))} ms (${rounds} rounds)`);
    }
  } finally {
    admin.disconnect();
    await redis.stop();
  }
}

await main();
