/**
 * The lifecycle every simulated scan shares, in Bliss's order: create (minimal info), declare streams,
 * full info, PREPARED (announced to the caller), STARTED, publish, then either STOPPED + CLOSED
 * (SUCCESS) or straight to CLOSED with USER_ABORT / FAILURE, as Bliss does on Ctrl-C or an error.
 */
import type { DataStore } from '../../lib/blissdata/data-store';
import { ScanWriter, type IdentityInput } from '../../lib/blissdata/writer/scan-writer';
import type { ScanNumbering } from './numbering';
import { Pacer } from './pacing';
import type { Random } from './random';
import type { NexusScanFile } from './nexus-file';
import { RecordedStream, type PublishedData } from './recorded-stream';
import { isoNow, type StreamDecl } from './scan-info';

export type EndReason = 'SUCCESS' | 'FAILURE' | 'USER_ABORT' | 'DELETION';

/** What the CLI prints for every scan it creates. */
export interface ScanAnnouncement {
  key: string;
  scenario: string;
  number: number;
  session: string;
  streams: string[];
}

export interface SimulatedScan<P = Record<string, unknown>> extends ScanAnnouncement {
  identity: IdentityInput;
  /** The info as saved at CLOSED. */
  info: Record<string, unknown>;
  endReason: EndReason;
  /** Points of the scan's master channel actually published. */
  points: number;
  /** Exactly what each stream published (empty arrays when recording is off). */
  published: Record<string, PublishedData>;
  /** Scenario parameters (peak positions, grid size, lima layout...) for checking statistics. */
  params: P;
  /** Files written (Lima). */
  files: string[];
  /** Scans run inside this one (sequence children). */
  children: SimulatedScan[];
}

/** Everything a scenario needs, resolved from the caller's options. */
export interface ScenarioContext {
  store: DataStore;
  scenario: string;
  session: string;
  user: string;
  /** Points requested (`--points`), undefined for the scenario's default. */
  points?: number;
  /** Points per second requested (`--rate`), undefined for the scenario's default. */
  rate?: number;
  dataDir?: string;
  /** Closed scans leave Redis this many seconds later (blissdata's memory tracker TTL); kept by default. */
  expireAfter?: number;
  signal: AbortSignal;
  random: Random;
  numbering: ScanNumbering;
  record: boolean;
  onScan: (scan: ScanAnnouncement) => void;
  log: (line: string) => void;
}

export interface ScanPlan<P> {
  number: number;
  identity: IdentityInput;
  /** Info given at creation (Bliss starts with a few keys). */
  initialInfo: Record<string, unknown>;
  /** Full info, saved at PREPARED. */
  info: Record<string, unknown>;
  streams: StreamDecl[];
  params: P;
  /** Runs between STARTED and the end; returns an end reason to end otherwise than SUCCESS. */
  body: (run: ScanRun) => Promise<EndReason | void>;
  /** Called right after STARTED (a sequence announces its child here). */
  onStarted?: (run: ScanRun) => void | Promise<void>;
  /** Info changes made at close (besides end_time / end_reason), e.g. end positions. */
  finalInfo?: (info: Record<string, unknown>, run: ScanRun) => Record<string, unknown>;
}

export class ScanRun {
  points = 0;
  readonly files: string[] = [];
  readonly children: SimulatedScan[] = [];
  private readonly streams = new Map<string, RecordedStream>();

  constructor(
    readonly ctx: ScenarioContext,
    readonly writer: ScanWriter,
    decls: StreamDecl[],
    /** The scan's NeXus file, when saved. */
    readonly nexus: NexusScanFile | null = null,
  ) {
    for (const { name, definition } of decls) {
      const sink = nexus ? (data: Parameters<NexusScanFile['append']>[1], points: number) => nexus.append(name, data, points) : undefined;
      this.streams.set(name, new RecordedStream(writer.declareStream(name, definition), ctx.record, sink));
    }
  }

  get key(): string {
    return this.writer.key;
  }

  get signal(): AbortSignal {
    return this.ctx.signal;
  }

  get streamNames(): string[] {
    return [...this.streams.keys()];
  }

  stream(name: string): RecordedStream {
    const stream = this.streams.get(name);
    if (!stream) throw new Error(`scan ${this.key} has no stream ${name}`);
    return stream;
  }

  pacer(rate: number): Pacer {
    return new Pacer(rate, this.signal);
  }

  published(): Record<string, PublishedData> {
    return Object.fromEntries([...this.streams].map(([name, s]) => [name, s.published()]));
  }
}

/**
 * With a data folder, Bliss-policy scans are saved as Bliss does: identity `path` and info `filename`
 * name the scan's NeXus file (see nexus-file.ts), and `save` is true.
 */
async function saving<P>(ctx: ScenarioContext, plan: ScanPlan<P>): Promise<{ plan: ScanPlan<P>; nexus: NexusScanFile | null }> {
  if (ctx.dataDir === undefined || plan.identity.data_policy !== 'ESRF') return { plan, nexus: null };
  // Loaded on first use: h5wasm's 4 MB module costs seconds of start-up under tsx (the CLI's, the tests').
  const { nexusPathFor, NexusScanFile } = await import('./nexus-file');
  const filePath = nexusPathFor(ctx.dataDir, ctx.session, plan.number);
  const info = { ...plan.info, save: true, filename: filePath };
  try {
    const nexus = await NexusScanFile.start(filePath, plan.number, info, plan.streams);
    return { plan: { ...plan, identity: { ...plan.identity, path: filePath }, info }, nexus };
  } catch (error) {
    ctx.log(`scan #${plan.number} not saved to ${filePath}: ${(error as Error).message}`);
    return { plan, nexus: null };
  }
}

export async function publishScan<P>(ctx: ScenarioContext, given: ScanPlan<P>): Promise<SimulatedScan<P>> {
  const { plan, nexus } = await saving(ctx, given);
  let writer: ScanWriter;
  try {
    writer = await ScanWriter.create(ctx.store, plan.identity, plan.initialInfo);
  } catch (error) {
    nexus?.abort();
    throw error;
  }
  const run = new ScanRun(ctx, writer, plan.streams, nexus);
  let endReason: EndReason = 'FAILURE';
  try {
    writer.info = plan.info;
    await writer.prepare();
    ctx.onScan({ key: writer.key, scenario: ctx.scenario, number: plan.number, session: ctx.session, streams: run.streamNames });
    await writer.start();
    await plan.onStarted?.(run);
    endReason = (await plan.body(run)) ?? (ctx.signal.aborted ? 'USER_ABORT' : 'SUCCESS');
    // Bliss only goes through STOPPED on a normal end; an abort or error jumps to CLOSED.
    if (endReason === 'SUCCESS') await writer.stop();
  } catch (error) {
    endReason = 'FAILURE';
    ctx.log(`scan ${writer.key} failed: ${error instanceof Error ? error.message : String(error)}`);
    await closeScan(writer, run, plan, endReason).catch(() => undefined);
    throw error;
  }
  await closeScan(writer, run, plan, endReason);
  return {
    key: writer.key,
    scenario: ctx.scenario,
    number: plan.number,
    session: ctx.session,
    streams: run.streamNames,
    identity: plan.identity,
    info: writer.info,
    endReason,
    points: run.points,
    published: run.published(),
    params: plan.params,
    files: run.files,
    children: run.children,
  };
}

async function closeScan<P>(writer: ScanWriter, run: ScanRun, plan: ScanPlan<P>, endReason: EndReason): Promise<void> {
  const info = plan.finalInfo ? plan.finalInfo(writer.info, run) : writer.info;
  writer.info = { ...info, end_time: isoNow(), end_reason: endReason };
  if (run.nexus) {
    // Finished before CLOSED: a reader told the scan is over finds its file complete.
    try {
      run.nexus.finish(writer.info);
    } catch (error) {
      run.ctx.log(`scan ${writer.key}: ${(error as Error).message}`);
    }
  }
  await writer.close(endReason);
  if (run.ctx.expireAfter !== undefined) await writer.expire(run.ctx.expireAfter);
}
