/**
 * Motor step scans (`ascan`, `dscan`, and `aborted`, an ascan interrupted half-way): roby moves point by
 * point, the timer triggers the diodes and the monitor, one XADD per point and stream at `rate`.
 * `runMotorScan` is also the base of the Lima scenario and of the sequence's children.
 */
import type { Peak } from '../models/peaks';
import { linspace } from '../models/peaks';
import { publishScan, type EndReason, type ScanRun, type ScenarioContext, type SimulatedScan } from '../scan-run';
import { blissIdentity, blissPaths, blissScanInfo, creationInfo, describeChain, withEndPositions, type DeviceDef } from '../scan-info';
import { counterDevices, DIODE1_PEAK, DIODE2_PEAK, DIODES, MONITOR, motorChannel, positionersStart, sendCounters, sendScalar, sendTimer, timerDevice } from './bliss-devices';

export const STEP_SCAN_DEFAULTS = { start: 0, stop: 2, points: 41, countTime: 0.1, rate: 10 };
/** dscan: roby sits at 1.05 before the scan and moves -1..+1 around it. */
export const DSCAN_DEFAULTS = { position: 1.05, relStart: -1, relStop: 1, points: 31 };

export interface StepScanParams {
  motor: string;
  type: string;
  /** Absolute positions of the first and last point. */
  start: number;
  stop: number;
  npoints: number;
  positions: number[];
  countTime: number;
  rate: number;
  /** Motor position before the scan. */
  startPosition: number;
  diode1: Peak;
  diode2: Peak;
  monitor: typeof MONITOR;
  /** Points after which the scan was interrupted (aborted scenario). */
  abortAt?: number;
}

/** An extra detector triggered by the timer (Lima): its device, per-point acquisition and end. */
export interface StepDetector {
  device: DeviceDef;
  /** More devices the timer triggers alongside (an MCA and a camera in one scan). */
  moreDevices?: DeviceDef[];
  acquire(run: ScanRun, index: number, position: number): void | Promise<void>;
  /** Called once publishing ends, aborted or not (close files, last status). */
  finish(run: ScanRun): Promise<void>;
  params: Record<string, unknown>;
  /** Fields the detector adds to scan_info (Lima: its ROI counters' geometry, `rois`). */
  info?: Record<string, unknown>;
}

export interface MotorScanConfig {
  type: 'ascan' | 'dscan';
  start: number;
  stop: number;
  npoints: number;
  /** Numbers shown in the title (dscan: relative). */
  titleRange: [number, number];
  startPosition: number;
  endPosition: number;
  countTime?: number;
  rate?: number;
  diode1?: Peak;
  diode2?: Peak;
  abortAt?: number;
  /** Parent sequence key (Bliss sets `group` on the child's info before it runs). */
  group?: string;
  number?: number;
  save?: boolean;
  detector?: (number: number, imagesDir: string) => Promise<StepDetector>;
  onStarted?: (run: ScanRun, number: number) => void | Promise<void>;
}

export async function runMotorScan(ctx: ScenarioContext, config: MotorScanConfig): Promise<SimulatedScan<StepScanParams & Record<string, unknown>>> {
  const number = config.number ?? (await ctx.numbering.next(ctx.session));
  const countTime = config.countTime ?? STEP_SCAN_DEFAULTS.countTime;
  const rate = config.rate ?? ctx.rate ?? STEP_SCAN_DEFAULTS.rate;
  const { npoints } = config;
  const positions = linspace(config.start, config.stop, npoints);
  const paths = blissPaths(ctx.dataDir ?? '/data/visitor', ctx.session, number);
  const detector = config.detector ? await config.detector(number, paths.imagesDir) : undefined;
  const counters = counterDevices();
  const top: DeviceDef = {
    key: 'axis',
    channels: [motorChannel('roby', { start: config.start, stop: config.stop })],
    triggers: [timerDevice([...counters, ...(detector ? [detector.device, ...(detector.moreDevices ?? [])] : [])])],
  };
  const chain = describeChain('axis', top, npoints);
  const title = `${config.type} roby ${config.titleRange[0]} ${config.titleRange[1]} ${npoints - 1} ${countTime}`;
  const save = config.save ?? false;
  const info = blissScanInfo({
    name: config.type,
    type: config.type,
    title,
    number,
    session: ctx.session,
    user: ctx.user,
    npoints,
    countTime,
    chain,
    filename: paths.filename,
    imagesPath: `${paths.imagesDir}/{img_acq_device}_`,
    save,
    plots: [{ kind: 'curve-plot', items: [{ kind: 'curve', x: 'axis:roby' }] }],
    displayExtra: { plotselect: [DIODES.diode1], plotselect_time: Date.now() / 1000 },
    positioners: positionersStart({ roby: config.startPosition }),
    extra: { sleep_time: null, stab_time: null, ...(config.group ? { group: config.group } : {}), ...detector?.info },
  });
  const params: StepScanParams & Record<string, unknown> = {
    motor: 'roby',
    type: config.type,
    start: config.start,
    stop: config.stop,
    npoints,
    positions,
    countTime,
    rate,
    startPosition: config.startPosition,
    diode1: config.diode1 ?? DIODE1_PEAK,
    diode2: config.diode2 ?? DIODE2_PEAK,
    monitor: MONITOR,
    ...(config.abortAt !== undefined ? { abortAt: config.abortAt } : {}),
    ...detector?.params,
  };
  let lastPosition = config.startPosition;

  return publishScan(ctx, {
    number,
    identity: blissIdentity(config.type, number, ctx.session, save ? paths.filename : null),
    initialInfo: { ...creationInfo(info), ...(config.group ? { group: config.group } : {}) },
    info,
    streams: chain.streams,
    params,
    onStarted: config.onStarted ? (run) => config.onStarted?.(run, number) : undefined,
    async body(run): Promise<EndReason | void> {
      const pacer = run.pacer(rate);
      try {
        for (let i = 0; i < npoints; i++) {
          if (config.abortAt !== undefined && i >= config.abortAt) return 'USER_ABORT';
          if (!(await pacer.waitFor(i))) return;
          const x = positions[i] ?? 0;
          lastPosition = x;
          sendScalar(run, 'axis:roby', x);
          sendTimer(run, pacer.elapsedMs / 1000);
          sendCounters(run, x, { diode1: params.diode1, diode2: params.diode2 }, ctx.random);
          await detector?.acquire(run, i, x);
          run.points = i + 1;
        }
      } finally {
        await detector?.finish(run);
      }
    },
    // ascan leaves the motor at the last point; dscan moves it back (Bliss's dscan does).
    finalInfo: (final) => withEndPositions(final, positionersStart({ roby: config.type === 'dscan' ? config.endPosition : lastPosition }).start),
  });
}

function stepPoints(ctx: ScenarioContext, fallback: number): number {
  return Math.max(2, Math.round(ctx.points ?? fallback));
}

export function runAscan(ctx: ScenarioContext, overrides: Partial<MotorScanConfig> = {}) {
  const { start, stop } = STEP_SCAN_DEFAULTS;
  return runMotorScan(ctx, {
    type: 'ascan',
    start,
    stop,
    npoints: stepPoints(ctx, STEP_SCAN_DEFAULTS.points),
    titleRange: [start, stop],
    startPosition: SESSION_START,
    endPosition: stop,
    ...overrides,
  });
}

/** roby's position before an ascan (where the previous scan would have left it). */
const SESSION_START = 0;

export function runDscan(ctx: ScenarioContext) {
  const { position, relStart, relStop } = DSCAN_DEFAULTS;
  return runMotorScan(ctx, {
    type: 'dscan',
    start: position + relStart,
    stop: position + relStop,
    npoints: stepPoints(ctx, DSCAN_DEFAULTS.points),
    titleRange: [relStart, relStop],
    startPosition: position,
    endPosition: position,
  });
}

/** An ascan the user interrupts after half its points: CLOSED with USER_ABORT, without STOPPED. */
export function runAbortedAscan(ctx: ScenarioContext) {
  const npoints = stepPoints(ctx, STEP_SCAN_DEFAULTS.points);
  return runAscan(ctx, { npoints, abortAt: Math.floor(npoints / 2) });
}
