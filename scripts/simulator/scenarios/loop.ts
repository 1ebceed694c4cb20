/**
 * Repetition: one scenario run `count` times or forever (`--loop`), and the demo `loop`, a never-ending
 * tour of every scenario, shortened so it comes round in about a minute and a half, with 1-3 s pauses.
 */
import type { DataStore } from '../../../lib/blissdata/data-store';
import { sleep } from '../pacing';
import { Random } from '../random';
import { runScenario, type ScenarioName, type ScenarioOptions } from '../registry';
import type { SimulatedScan } from '../scan-run';

/** Demo settings per scenario: points/rate used when the caller does not force them. */
export const LOOP_PROGRAM: ReadonlyArray<{ scenario: ScenarioName; points?: number; rate?: number }> = [
  { scenario: 'ascan', points: 41, rate: 10 },
  { scenario: 'amesh', points: 300, rate: 50 },
  { scenario: 'ct' },
  { scenario: 'fast', points: 40_000, rate: 20_000 },
  { scenario: 'mca', points: 20, rate: 5 },
  { scenario: 'lima', points: 20, rate: 4 },
  { scenario: 'timescan', points: 50, rate: 10 },
  { scenario: 'image2d', points: 30, rate: 5 },
  { scenario: 'dscan', points: 31, rate: 10 },
  { scenario: 'sequence', points: 15, rate: 10 },
  { scenario: 'aborted', points: 41, rate: 10 },
  { scenario: 'sardana', points: 21, rate: 5 },
  { scenario: 'xrf', points: 21, rate: 5 },
];

export interface RepeatOptions extends ScenarioOptions {
  /** Runs to do; default 1 for a scenario, unlimited for `loop` or with `forever`. */
  count?: number;
  forever?: boolean;
  /** Pause between runs, picked uniformly in [min, max] ms; default [1000, 3000]. */
  pauseMs?: [number, number];
  /** Called after each run (its scans are closed). */
  onRunEnd?: (scan: SimulatedScan) => void;
}

/** Runs `name` (or the `loop` tour) repeatedly; resolves with the number of runs once done or aborted. */
export async function runRepeated(store: DataStore, name: ScenarioName | 'loop', options: RepeatOptions = {}): Promise<number> {
  const { count, forever, pauseMs = [1000, 3000], onRunEnd, ...scenarioOptions } = options;
  const limit = count ?? (forever || name === 'loop' ? Infinity : 1);
  const pauses = new Random(options.seed);
  let runs = 0;
  while (runs < limit && !options.signal?.aborted) {
    if (runs > 0 && !(await sleep(pauses.uniform(pauseMs[0], pauseMs[1]), options.signal))) break;
    const step = name === 'loop' ? LOOP_PROGRAM[runs % LOOP_PROGRAM.length] : undefined;
    const scan = await runScenario(store, step?.scenario ?? (name as ScenarioName), {
      ...scenarioOptions,
      points: scenarioOptions.points ?? step?.points,
      rate: scenarioOptions.rate ?? step?.rate,
      // Each run gets its own noise, still reproducible from one seed.
      seed: options.seed === undefined ? undefined : options.seed + runs,
    });
    runs += 1;
    onRunEnd?.(scan);
  }
  return runs;
}
