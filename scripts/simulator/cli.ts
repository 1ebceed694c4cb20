/**
 * `npm run simulate -- --redis URL --scenario NAME [...]`: publishes simulated scans into a blissdata
 * Redis. One JSON line per scan created goes to stdout ({key, scenario, number, session, streams}), logs
 * go to stderr. SIGINT/SIGTERM close the running scans with USER_ABORT, then exit 0; a second signal
 * exits at once.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { Redis } from 'ioredis';
import { DataStore } from '../../lib/blissdata/data-store';
import { initDatabase } from '../../lib/blissdata/writer/init-db';
import { SCENARIO_NAMES, type ScenarioName } from './registry';
import { runRepeated } from './scenarios/loop';

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected an integer > 0');
  return n;
}

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('expected an integer');
  return n;
}

const program = new Command('simulate')
  .description('Publish simulated Bliss/Sardana scans into a blissdata Redis database')
  .addOption(new Option('--redis <url>', 'Redis URL, e.g. redis://localhost:6379').env('REDIS_URL').makeOptionMandatory())
  .addOption(new Option('--scenario <name>', 'what to simulate').choices([...SCENARIO_NAMES, 'loop']).makeOptionMandatory())
  .option('--session <name>', 'Bliss session name', 'demo_session')
  .option('--data-dir <dir>', 'where scans are saved as Bliss NeXus files and Lima writes its frames (default: a temporary folder for lima and loop)')
  .option('--expire-after <seconds>', 'closed scans leave Redis this long after they end (a TTL, as blissdata sets); default: kept', positiveInteger)
  .option('--rate <hz>', 'points per second (default: per scenario)', positiveNumber)
  .option('--points <n>', 'points per scan (default: per scenario; timescan: open-ended)', positiveInteger)
  .option('--loop', 'repeat until interrupted, with 1-3 s pauses', false)
  .option('--count <k>', 'number of runs (with --loop or --scenario loop: stop after k)', positiveInteger)
  .option('--seed <n>', 'seed of the simulated noise (reproducible values)', integer)
  .option('--prefix <prefix>', 'identity prefix of scan and stream keys', 'esrf')
  .showHelpAfterError();

interface CliOptions {
  redis: string;
  scenario: ScenarioName | 'loop';
  session: string;
  dataDir?: string;
  expireAfter?: number;
  rate?: number;
  points?: number;
  loop: boolean;
  count?: number;
  seed?: number;
  prefix: string;
}

const log = (line: string) => process.stderr.write(`[simulate] ${line}\n`);

async function main(opts: CliOptions): Promise<void> {
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      log(`${signal} again: exiting without closing the scans`);
      process.exit(130);
    }
    log(`${signal}: closing running scans with USER_ABORT`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let dataDir = opts.dataDir === undefined ? undefined : path.resolve(opts.dataDir);
  if (dataDir === undefined && (opts.scenario === 'lima' || opts.scenario === 'loop')) {
    // One folder for the whole run, rather than one per Lima scan.
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-sim-'));
    log(`no --data-dir given: Lima files go to ${dataDir}`);
  }

  const redis = new Redis(opts.redis, { maxRetriesPerRequest: 3 });
  redis.on('error', (error) => log(`redis: ${error.message}`));
  try {
    const init = await initDatabase(redis, { prefix: opts.prefix });
    if (init.initialised) log(`initialised an empty blissdata database${init.searchIndex ? '' : ' (no RediSearch: no search index)'}`);
    const store = await DataStore.connect(redis, { prefix: opts.prefix });
    const runs = await runRepeated(store, opts.scenario, {
      session: opts.session,
      dataDir,
      expireAfter: opts.expireAfter,
      rate: opts.rate,
      points: opts.points,
      seed: opts.seed,
      count: opts.count,
      forever: opts.loop,
      signal: controller.signal,
      // Long runs (loop, fast scans) must not keep every value ever published in memory.
      record: false,
      onScan: (scan) => process.stdout.write(`${JSON.stringify(scan)}\n`),
      onRunEnd: (scan) => log(`${scan.scenario} #${scan.number} ${scan.key}: ${scan.endReason}, ${scan.points} point(s)`),
      log,
    });
    log(`done: ${runs} run(s)${controller.signal.aborted ? ' (interrupted)' : ''}`);
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}

program.parse();
main(program.opts<CliOptions>()).catch((error: unknown) => {
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
