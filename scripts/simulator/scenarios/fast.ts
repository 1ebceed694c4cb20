/**
 * A continuous (hardware-triggered) scan like ESRF's fscan: a MUSST card masters the timing and reads the
 * roby encoder, a P201 counter card records three channels. 200 000 points at 20 kHz by default,
 * published as Bliss does in bursts: one XADD per stream every ~25 ms, 100-1000 points each.
 */
import type { Peak } from '../models/peaks';
import { peakValue } from '../models/peaks';
import { publishScan, type ScenarioContext } from '../scan-run';
import { blissIdentity, blissPaths, blissScanInfo, creationInfo, describeChain, type DeviceDef } from '../scan-info';
import { positionersStart } from './bliss-devices';

export const FAST_DEFAULTS = { points: 200_000, rate: 20_000, start: 0, stop: 10 };
export const FAST_CHANNELS = {
  timer: 'musst:timer',
  position: 'musst:roby',
  diode: 'p201:diode',
  monitor: 'p201:mon',
  detector: 'p201:det',
} as const;
/** p201:diode counts along roby. */
export const FAST_PEAK: Peak = { centre: 6.5, sigma: 0.4, height: 5000, background: 100, noise: 0 };
export const FAST_MONITOR = { mean: 10_000, noise: 100 };
/** p201:det: a periodic pattern (a grating) along roby, `<f4`. */
export const FAST_PATTERN = { level: 200, amplitude: 50, period: 1.3, noise: 2 };

export interface FastScanParams {
  npoints: number;
  rate: number;
  start: number;
  stop: number;
  batchSize: number;
  batches: number;
  peak: Peak;
}

/** Points per XADD: what ~25 ms of acquisition produces, kept within 100..1000. */
export function fastBatchSize(rate: number): number {
  return Math.min(1000, Math.max(100, Math.round(rate / 40)));
}

export async function runFastScan(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const npoints = Math.max(1, Math.round(ctx.points ?? FAST_DEFAULTS.points));
  const rate = ctx.rate ?? FAST_DEFAULTS.rate;
  const { start, stop } = FAST_DEFAULTS;
  const step = (stop - start) / npoints;
  const acqTime = Number((1 / rate).toPrecision(3));
  const top: DeviceDef = {
    key: 'musst',
    name: 'musst',
    channels: [
      { name: FAST_CHANNELS.timer, meta: { unit: 's' } },
      { name: FAST_CHANNELS.position, meta: { unit: 'mm', start, stop } },
    ],
    triggers: [
      {
        key: 'p201',
        name: 'p201',
        channels: [
          { name: FAST_CHANNELS.diode, dtype: '<u4' },
          { name: FAST_CHANNELS.monitor, dtype: '<u4' },
          { name: FAST_CHANNELS.detector, dtype: '<f4' },
        ],
      },
    ],
  };
  const chain = describeChain('musst', top, npoints);
  const paths = blissPaths(ctx.dataDir ?? '/data/visitor', ctx.session, number);
  const x = FAST_CHANNELS.position;
  const info = blissScanInfo({
    name: 'fscan',
    type: 'fscan',
    title: `fscan roby ${start} ${Number(step.toPrecision(6))} ${npoints} ${acqTime}`,
    number,
    session: ctx.session,
    user: ctx.user,
    npoints,
    countTime: acqTime,
    chain,
    filename: paths.filename,
    imagesPath: `${paths.imagesDir}/{img_acq_device}_`,
    save: false,
    plots: [
      {
        kind: 'curve-plot',
        name: 'fscan',
        items: [
          { kind: 'curve', x, y: FAST_CHANNELS.diode, y_axis: 'left' },
          { kind: 'curve', x, y: FAST_CHANNELS.monitor, y_axis: 'right' },
        ],
      },
    ],
    positioners: positionersStart({ roby: start }),
  });
  const batchSize = fastBatchSize(rate);
  const params: FastScanParams = { npoints, rate, start, stop, batchSize, batches: 0, peak: FAST_PEAK };

  return publishScan(ctx, {
    number,
    identity: blissIdentity('fscan', number, ctx.session, null),
    initialInfo: creationInfo(info),
    info,
    streams: chain.streams,
    params,
    async body(run) {
      const pacer = run.pacer(rate);
      const random = ctx.random;
      for (let sent = 0; sent < npoints; ) {
        const n = Math.min(batchSize, npoints - sent);
        // Hardware delivers a burst once its last point is acquired.
        if (!(await pacer.waitFor(sent + n - 1))) return;
        const time = new Float64Array(n);
        const position = new Float64Array(n);
        const diode = new Uint32Array(n);
        const monitor = new Uint32Array(n);
        const detector = new Float32Array(n);
        for (let k = 0; k < n; k++) {
          const i = sent + k;
          const p = start + step * i + random.normal(0, step / 20);
          time[k] = i / rate;
          position[k] = p;
          const expected = peakValue(FAST_PEAK, p);
          diode[k] = Math.max(0, Math.round(random.normal(expected, Math.sqrt(expected))));
          monitor[k] = Math.round(random.normal(FAST_MONITOR.mean, FAST_MONITOR.noise));
          detector[k] = FAST_PATTERN.level + FAST_PATTERN.amplitude * Math.sin((2 * Math.PI * p) / FAST_PATTERN.period) + random.normal(0, FAST_PATTERN.noise);
        }
        run.stream(FAST_CHANNELS.timer).send(time);
        run.stream(FAST_CHANNELS.position).send(position);
        run.stream(FAST_CHANNELS.diode).send(diode);
        run.stream(FAST_CHANNELS.monitor).send(monitor);
        run.stream(FAST_CHANNELS.detector).send(detector);
        sent += n;
        run.points = sent;
        params.batches += 1;
        // Bound what waits in the client's queue when Redis is slower than the simulated hardware.
        if (params.batches % 20 === 0) await run.writer.flush();
      }
    },
  });
}
