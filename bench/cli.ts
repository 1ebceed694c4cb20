/**
 * `npm run bench` (full, 6-8 min on the 2-core machine) / `npm run bench -- --quick` (about 2 min):
 * starts its own Redis, Lantern server processes and publisher, runs the scenarios, prints a table and,
 * as the last line, `BENCH_JSON {...}` (every field; null when not measured, the reason in the notes).
 * A command, not a test: it reports, and exits non-zero only when it could not run at all.
 * See docs/performance.md.
 *
 * Options:
 *   --quick            fewer repeats, shorter runs
 *   --only a,b         scenarios: ingest, latency, fanout, many_scans, browser, memory, many_clients,
 *                      slice_lag, replica, search
 *   --build            rebuild the web UI first (otherwise the existing .next build is used, and one is
 *                      built only when there is none or it is older than a source that goes into it)
 *   --cpu-prof DIR     CPU profiles of the measurement windows (server: DIR/<scenario>.cpuprofile;
 *                      browser: also Chromium traces); see bench/profile-summary.ts, trace-summary.ts
 * Environment: BENCH_SCREENSHOTS=DIR saves screenshots of the pages the browser scenario measures.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import { DataStore } from '../lib/blissdata/data-store';
import { initDatabase } from '../lib/blissdata/writer/init-db';
import { startRedis } from '../testing/redis-launcher';
import { machineBusySeconds, ownCpuSeconds } from './process-metrics';
import { makeContext, type BenchContext, type ScenarioResult } from './context';
import { Publisher } from './publisher';
import { printReport, type ReportRow } from './report';
import { ingest } from './scenarios/ingest';
import { latency } from './scenarios/latency';
import { fanout } from './scenarios/fanout';
import { manyScans } from './scenarios/many-scans';
import { memory } from './scenarios/memory';
import { BROWSER_FIELDS, browserScenario } from './scenarios/browser';
import { replica } from './scenarios/replica';
import { search } from './scenarios/search';
import { sliceLag } from './scenarios/slice-lag';
import { manyClients } from './scenarios/many-clients';

type Scenario = (ctx: BenchContext) => Promise<ScenarioResult>;

const SCENARIOS: Record<string, { run: Scenario; fields: string[] }> = {
  ingest: {
    run: ingest,
    fields: ['ingest_batched_points_per_s', 'raw_batched_points_per_s', 'ingest_batched_ratio', 'ingest_single_points_per_s', 'raw_single_points_per_s', 'ingest_single_ratio'],
  },
  latency: {
    run: latency,
    fields: ['latency_1k_p50_ms', 'latency_1k_p99_ms', 'latency_10k_p50_ms', 'latency_10k_p99_ms'],
  },
  fanout: {
    run: fanout,
    fields: ['fanout_xread_calls_ratio_50_to_1', 'fanout_cpu_ratio_50_to_1', 'fanout_all_points_delivered'],
  },
  many_scans: {
    run: manyScans,
    fields: ['many_scans_points_per_s', 'many_scans_server_cpu_pct'],
  },
  browser: {
    run: browserScenario,
    fields: BROWSER_FIELDS,
  },
  memory: {
    run: memory,
    fields: ['server_rss_peak_mb'],
  },
  many_clients: {
    run: manyClients,
    fields: ['server_rss_500_clients_mb'],
  },
  slice_lag: {
    run: sliceLag,
    fields: ['slice_lag_p99_ms'],
  },
  replica: {
    run: replica,
    fields: ['replica_latency_1k_p50_ms', 'replica_latency_1k_p99_ms', 'primary_latency_1k_p50_ms', 'replica_lag_p50_ms'],
  },
  search: {
    run: search,
    fields: ['search_100k_p50_ms', 'search_100k_p99_ms', 'search_100k_max_ms', 'search_100k_scoped_p99_ms'],
  },
};

function parseArgs(argv: string[]): { quick: boolean; only: string[] | null; cpuProfileDir?: string; rebuild: boolean } {
  const options = new Command('npm run bench --')
    .description('Measures Lantern against its raw baselines; prints a table, then BENCH_JSON {...}')
    .option('--quick', 'fewer repeats, shorter runs', false)
    .option('--only <scenarios>', `comma-separated, among ${Object.keys(SCENARIOS).join(', ')}`, (value: string) => value.split(',').filter(Boolean))
    .option('--build', 'rebuild the web UI first', false)
    .option('--cpu-prof <dir>', 'CPU profiles (and Chromium traces) of the measurement windows')
    .parse(argv, { from: 'user' })
    .opts<{ quick: boolean; only?: string[]; build: boolean; cpuProf?: string }>();
  const unknown = options.only?.filter((name) => !(name in SCENARIOS)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(SCENARIOS).join(', ')}`);
  return { quick: options.quick, only: options.only ?? null, cpuProfileDir: options.cpuProf ? path.resolve(options.cpuProf) : undefined, rebuild: options.build };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const busy0 = machineBusySeconds();
  const own0 = ownCpuSeconds();
  const load0 = os.loadavg()[0]!;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  if (args.cpuProfileDir) mkdirSync(args.cpuProfileDir, { recursive: true });
  const redis = await startRedis();
  const admin = new Redis(redis.url);
  await initDatabase(admin);
  const store = new DataStore(admin);
  const publisher = await Publisher.start(redis.url);
  const ctx = makeContext({ quick: args.quick, cpuProfileDir: args.cpuProfileDir, rebuild: args.rebuild }, redis, admin, store, publisher, log);
  const fields: Record<string, number | boolean | null> = {};
  // Every field the issue names is in BENCH_JSON, null for scenarios not run.
  for (const scenario of Object.values(SCENARIOS)) for (const field of scenario.fields) fields[field] = null;
  const rows: ReportRow[] = [];
  try {
    for (const [name, scenario] of Object.entries(SCENARIOS)) {
      if (args.only && !args.only.includes(name)) continue;
      log(`== ${name}`);
      const t0 = performance.now();
      try {
        const result = await scenario.run(ctx);
        Object.assign(fields, result.fields);
        rows.push({ scenario: name, seconds: (performance.now() - t0) / 1000, result });
      } catch (error) {
        log(`   ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
        for (const field of scenario.fields) fields[field] = null;
        rows.push({ scenario: name, seconds: (performance.now() - t0) / 1000, result: { fields: Object.fromEntries(scenario.fields.map((f) => [f, null])), notes: [`failed: ${error instanceof Error ? error.message : String(error)}`] } });
      }
    }
  } finally {
    await publisher.stop();
    admin.disconnect();
    await redis.stop();
  }
  // What other users of the machine took meanwhile (the noise every ratio here is meant to survive).
  const wall = (performance.now() - started) / 1000;
  const others = Math.max(0, machineBusySeconds() - busy0 - (ownCpuSeconds() - own0));
  const machine = {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load_avg_1m_start: Number(load0.toFixed(2)),
    load_avg_1m_end: Number(os.loadavg()[0]!.toFixed(2)),
    other_processes_cpu_pct: Number(((100 * others) / (wall * os.cpus().length)).toFixed(1)),
  };
  const json = { mode: args.quick ? 'quick' : 'full', ...fields, machine, duration_s: Math.round((performance.now() - started) / 1000) };
  printReport(rows, json);
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(`bench could not run: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
