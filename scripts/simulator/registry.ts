/** Scenario names, option resolution and `runScenario`, the programmatic entry point. */
import { userInfo } from 'node:os';
import type { DataStore } from '../../lib/blissdata/data-store';
import { numberingFor, type ScanNumbering } from './numbering';
import { Random } from './random';
import type { ScanAnnouncement, ScenarioContext, SimulatedScan } from './scan-run';
import { runFastScan } from './scenarios/fast';
import { runImage2dScan } from './scenarios/image2d';
import { runLimaScan } from './scenarios/lima';
import { runMcaScan } from './scenarios/mca';
import { runAmesh } from './scenarios/mesh';
import { runSardanaScan } from './scenarios/sardana';
import { runSequence } from './scenarios/sequence';
import { runAbortedAscan, runAscan, runDscan } from './scenarios/step-scans';
import { runCt, runTimescan } from './scenarios/time-scans';
import { runXrfScan } from './scenarios/xrf';

type ScenarioRunner = (ctx: ScenarioContext) => Promise<SimulatedScan<object>>;

export const SCENARIOS = {
  ascan: (ctx) => runAscan(ctx),
  dscan: runDscan,
  aborted: runAbortedAscan,
  amesh: runAmesh,
  timescan: runTimescan,
  ct: runCt,
  fast: runFastScan,
  mca: runMcaScan,
  lima: (ctx) => runLimaScan(ctx),
  image2d: runImage2dScan,
  sequence: runSequence,
  sardana: runSardanaScan,
  xrf: runXrfScan,
} satisfies Record<string, ScenarioRunner>;

export type ScenarioName = keyof typeof SCENARIOS;
export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

export interface ScenarioOptions {
  /** Bliss session name (identity `session`, info `session_name`); default `demo_session`. */
  session?: string;
  /** `user_name` in info; default the OS user. */
  user?: string;
  /** Points (scenario-specific meaning: step points, mesh size, fast-scan points, frames...). */
  points?: number;
  /** Points per second; each scenario has a realistic default. */
  rate?: number;
  /** Where Lima writes its HDF5 files (and under which file names point). Default: a temp dir for Lima. */
  dataDir?: string;
  /** Closed scans leave Redis this many seconds after they end (a TTL, as blissdata's memory tracker sets). */
  expireAfter?: number;
  /** Aborting ends running scans with USER_ABORT (and ends open-ended ones, like timescan). */
  signal?: AbortSignal;
  /** Seed of the noise; random when omitted. */
  seed?: number;
  /** Keep every published value in the result (default true; the CLI turns it off). */
  record?: boolean;
  /** Scan number counter; default one per store, shared by all runs in this process. */
  numbering?: ScanNumbering;
  /** Called once per scan created, at PREPARED (streams known): what the CLI prints. */
  onScan?: (scan: ScanAnnouncement) => void;
  log?: (line: string) => void;
}

export function scenarioContext(store: DataStore, scenario: string, options: ScenarioOptions = {}): ScenarioContext {
  if (options.points !== undefined && !(options.points >= 1)) throw new RangeError(`points must be >= 1, got ${options.points}`);
  if (options.rate !== undefined && !(options.rate > 0)) throw new RangeError(`rate must be > 0 Hz, got ${options.rate}`);
  return {
    store,
    scenario,
    session: options.session ?? 'demo_session',
    user: options.user ?? safeUserName(),
    points: options.points,
    rate: options.rate,
    dataDir: options.dataDir,
    expireAfter: options.expireAfter,
    signal: options.signal ?? new AbortController().signal,
    random: new Random(options.seed),
    numbering: options.numbering ?? numberingFor(store),
    record: options.record ?? true,
    onScan: options.onScan ?? (() => undefined),
    log: options.log ?? (() => undefined),
  };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'opid00';
  }
}

/**
 * Runs one scenario to its end (or until `options.signal` aborts) and returns what it published. A
 * sequence returns its parent scan, with the children in `children`.
 */
export async function runScenario(store: DataStore, name: ScenarioName, options: ScenarioOptions = {}): Promise<SimulatedScan> {
  if (!isScenarioName(name)) throw new Error(`unknown scenario ${JSON.stringify(name)}; expected one of ${SCENARIO_NAMES.join(', ')}`);
  const runner: ScenarioRunner = SCENARIOS[name];
  return (await runner(scenarioContext(store, name, options))) as SimulatedScan;
}
