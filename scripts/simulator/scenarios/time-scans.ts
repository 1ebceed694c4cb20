/**
 * Scans whose master is the timer: `timescan` (open-ended, npoints 0, runs until stopped unless
 * `points` is given) and `ct` (a single count, which Flint shows as a table).
 */
import type { Peak } from '../models/peaks';
import { publishScan, type ScenarioContext } from '../scan-run';
import { blissIdentity, creationInfo, describeChain } from '../scan-info';
import { timerScanInfo } from './timer-scan-info';
import { counterDevices, DIODE1_PEAK, DIODE2_PEAK, DIODES, MONITOR, MONITOR_CHANNEL, sendScalar, sendTimer, timerDevice } from './bliss-devices';
import { sampleMonitor, samplePeak } from '../models/peaks';

export const TIMESCAN_DEFAULTS = { countTime: 0.1, rate: 10 };
/** diode1 drifts slowly (a beam decaying and refilled), diode2 oscillates: something to watch over time. */
export const TIMESCAN_SIGNALS = { diode1: { level: 800, drift: -2, noise: 5 }, diode2: { level: 300, amplitude: 50, periodS: 20, noise: 3 } };

export interface TimeScanParams {
  countTime: number;
  rate: number;
  /** 0 when open-ended. */
  npoints: number;
}

export async function runTimescan(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const countTime = TIMESCAN_DEFAULTS.countTime;
  const rate = ctx.rate ?? TIMESCAN_DEFAULTS.rate;
  const npoints = ctx.points !== undefined ? Math.max(1, Math.round(ctx.points)) : 0;
  const chain = describeChain('timer', timerDevice(counterDevices()), npoints);
  const info = timerScanInfo(ctx, { name: 'timescan', title: `timescan ${countTime}`, number, npoints, countTime, chain, extra: { sleep_time: 0 } });
  const { diode1, diode2 } = TIMESCAN_SIGNALS;
  return publishScan<TimeScanParams>(ctx, {
    number,
    identity: blissIdentity('timescan', number, ctx.session, null),
    initialInfo: creationInfo(info),
    info,
    streams: chain.streams,
    params: { countTime, rate, npoints },
    async body(run) {
      const pacer = run.pacer(rate);
      // npoints 0: until the signal aborts, which ends the scan as USER_ABORT (Ctrl-C in Bliss).
      for (let i = 0; npoints === 0 || i < npoints; i++) {
        if (!(await pacer.waitFor(i))) return;
        const t = pacer.elapsedMs / 1000;
        sendTimer(run, t);
        sendScalar(run, DIODES.diode1, diode1.level + diode1.drift * t + ctx.random.normal(0, diode1.noise));
        sendScalar(run, DIODES.diode2, diode2.level + diode2.amplitude * Math.sin((2 * Math.PI * t) / diode2.periodS) + ctx.random.normal(0, diode2.noise));
        sendScalar(run, MONITOR_CHANNEL, sampleMonitor(MONITOR, ctx.random));
        run.points = i + 1;
      }
    },
  });
}

/** Where `ct` reads the diodes: roby at its session position, so diode1 reads its peak's flank. */
export const CT_POSITION = 1.05;

export async function runCt(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const countTime = 0.1;
  const chain = describeChain('timer', timerDevice(counterDevices()), 1);
  const info = timerScanInfo(ctx, { name: 'ct', title: `ct ${countTime}`, number, npoints: 1, countTime, chain, positions: { roby: CT_POSITION } });
  const peaks: { diode1: Peak; diode2: Peak } = { diode1: DIODE1_PEAK, diode2: DIODE2_PEAK };
  return publishScan(ctx, {
    number,
    identity: blissIdentity('ct', number, ctx.session, null),
    initialInfo: creationInfo(info),
    info,
    streams: chain.streams,
    params: { countTime, position: CT_POSITION, ...peaks },
    async body(run) {
      const pacer = run.pacer(ctx.rate ?? 1 / countTime);
      // The count itself lasts count_time: the single point is published at its end.
      if (!(await pacer.waitFor(1))) return;
      sendTimer(run, pacer.elapsedMs / 1000);
      sendScalar(run, DIODES.diode1, samplePeak(peaks.diode1, CT_POSITION, ctx.random));
      sendScalar(run, DIODES.diode2, samplePeak(peaks.diode2, CT_POSITION, ctx.random));
      sendScalar(run, MONITOR_CHANNEL, sampleMonitor(MONITOR, ctx.random));
      run.points = 1;
    },
  });
}
