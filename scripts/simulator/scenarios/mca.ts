/**
 * `loopscan 20 0.1 mca1`: the timer triggers an MCA (device type `mca`, so Flint and Lantern draw a
 * spectrum per detector) publishing a 4096-channel `<u4` spectrum plus realtime and deadtime per point.
 */
import { lineChannel, MCA_CHANNELS, MCA_LINES, sampleSpectrum, spectrumModel, type EmissionLine } from '../models/mca-spectrum';
import { publishScan, type ScenarioContext } from '../scan-run';
import { blissIdentity, creationInfo, describeChain } from '../scan-info';
import { timerScanInfo } from './timer-scan-info';
import { sendScalar, sendTimer, timerDevice } from './bliss-devices';

export const MCA_DEFAULTS = { points: 20, countTime: 0.1, rate: 5 };
export const MCA_STREAMS = { spectrum: 'mca1:spectrum_det0', realtime: 'mca1:realtime_det0', deadtime: 'mca1:deadtime_det0' } as const;

export interface McaScanParams {
  npoints: number;
  countTime: number;
  rate: number;
  channels: number;
  lines: readonly EmissionLine[];
  /** Channel of each line's maximum. */
  lineChannels: number[];
  /** Intensity factor of each point (the sample moves slightly in the beam). */
  scales: number[];
}

export async function runMcaScan(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const npoints = Math.max(1, Math.round(ctx.points ?? MCA_DEFAULTS.points));
  const { countTime } = MCA_DEFAULTS;
  const rate = ctx.rate ?? MCA_DEFAULTS.rate;
  const mca = {
    key: 'mca1',
    type: 'mca',
    channels: [
      { name: MCA_STREAMS.spectrum, dtype: '<u4', shape: [MCA_CHANNELS] },
      { name: MCA_STREAMS.realtime, meta: { unit: 's' } },
      { name: MCA_STREAMS.deadtime, meta: { unit: '%' } },
    ],
  };
  const chain = describeChain('timer', timerDevice([mca]), npoints);
  const info = timerScanInfo(ctx, { name: 'loopscan', title: `loopscan ${npoints} ${countTime}`, number, npoints, countTime, chain, extra: { sleep_time: 0 } });
  const scales = Array.from({ length: npoints }, (_, i) => 1 + 0.2 * Math.sin(i / 3));
  const params: McaScanParams = { npoints, countTime, rate, channels: MCA_CHANNELS, lines: MCA_LINES, lineChannels: MCA_LINES.map(lineChannel), scales };

  return publishScan(ctx, {
    number,
    identity: blissIdentity('loopscan', number, ctx.session, null),
    initialInfo: creationInfo(info),
    info,
    streams: chain.streams,
    params,
    async body(run) {
      const pacer = run.pacer(rate);
      for (let i = 0; i < npoints; i++) {
        if (!(await pacer.waitFor(i))) return;
        const scale = scales[i] ?? 1;
        sendTimer(run, pacer.elapsedMs / 1000);
        run.stream(MCA_STREAMS.spectrum).send(sampleSpectrum(spectrumModel(scale), ctx.random));
        sendScalar(run, MCA_STREAMS.realtime, countTime + ctx.random.normal(0, 0.0005));
        // Dead time grows with the count rate.
        sendScalar(run, MCA_STREAMS.deadtime, 6 * scale + ctx.random.normal(0, 0.2));
        run.points = i + 1;
      }
    },
  });
}
