/**
 * Shared pieces of the adversarial suite: scans to attack and to watch, a control viewer whose points per
 * second are measured while an attack runs, and the figures each test prints (lag, RSS, counts).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { expect } from 'vitest';
import type { DataStore } from '../../lib/blissdata/data-store';
import { numericStreamDefinition, ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import type { StreamWriter } from '../../lib/blissdata/writer/stream-writer';
import { until, type LanternFixture, type TestClient } from '../testing/lantern-fixture';

let number = 1;

export async function runningScan(store: DataStore, streams: string[] = ['x']): Promise<{ writer: ScanWriter; outs: StreamWriter[] }> {
  const writer = await ScanWriter.create(store, { name: 'ascan', number: number++, data_policy: 'no_policy', session: 'adversarial' }, { title: 'adversarial', npoints: 1_000_000 });
  const outs = streams.map((name) => writer.declareStream(name, numericStreamDefinition('<f8', [])));
  await writer.prepare();
  await writer.start();
  return { writer, outs };
}

export const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);

export interface ControlFigures {
  points: number;
  pointsPerSecond: number;
  lagP99Ms: number;
  lagMaxMs: number;
  rssMb: number;
}

/**
 * An unrelated viewer of a healthy scan: publishes `points` at ~1 kHz (batches of 20 every 20 ms) and
 * waits until the viewer holds them all, exactly, with no gap. The rate is a figure, not an assertion.
 */
export async function controlViewer(lantern: LanternFixture, store: DataStore, points = 1000): Promise<{ client: TestClient; measure(during?: () => Promise<void>): Promise<ControlFigures> }> {
  const { writer, outs } = await runningScan(store, ['control']);
  const client = await lantern.client();
  await client.subscribe(writer.key);
  let next = 0;
  return {
    client,
    async measure(during) {
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const from = next;
      const started = performance.now();
      const publishing = (async () => {
        for (let i = 0; i < points; i += 20) {
          outs[0]!.send(Float64Array.from(range(next, next + 20)));
          next += 20;
          await outs[0]!.flush();
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      await Promise.all([publishing, during?.()]);
      await until(() => client.values(writer.key, 'control').length >= next, 20_000, `control viewer got ${next} points`);
      const seconds = (performance.now() - started) / 1000;
      lag.disable();
      expect(client.values(writer.key, 'control').slice(from, next)).toEqual(range(from, next));
      expect(client.problems).toEqual([]);
      return {
        points: next - from,
        pointsPerSecond: Math.round((next - from) / seconds),
        lagP99Ms: Math.round(lag.percentile(99) / 1e6),
        lagMaxMs: Math.round(lag.max / 1e6),
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
    },
  };
}

/** One line per figure, greppable in the test output: `[adversarial] <what> key=value ...`. */
export function report(what: string, figures: Record<string, number | string>): void {
  console.log(`[adversarial] ${what} ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
