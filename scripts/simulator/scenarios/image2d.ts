/**
 * `loopscan 30 0.2 image2d`: small `<f4` images published directly as a 2D numeric stream (dim 2), the
 * way a non-Lima camera or a computed image channel appears, as opposed to Lima's file references.
 */
import { IMAGE2D_SIZE, ringImage } from '../models/frames';
import { publishScan, type ScenarioContext } from '../scan-run';
import { blissIdentity, creationInfo, describeChain } from '../scan-info';
import { timerScanInfo } from './timer-scan-info';
import { sendTimer, timerDevice } from './bliss-devices';

export const IMAGE2D_STREAM = 'image2d:frame';
export const IMAGE2D_DEFAULTS = { points: 30, countTime: 0.2, rate: 5, size: IMAGE2D_SIZE };

export async function runImage2dScan(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const npoints = Math.max(1, Math.round(ctx.points ?? IMAGE2D_DEFAULTS.points));
  const { countTime, size } = IMAGE2D_DEFAULTS;
  const rate = ctx.rate ?? IMAGE2D_DEFAULTS.rate;
  const camera = { key: 'image2d', channels: [{ name: IMAGE2D_STREAM, dtype: '<f4', shape: [size, size] }] };
  const chain = describeChain('timer', timerDevice([camera]), npoints);
  const info = timerScanInfo(ctx, { name: 'loopscan', title: `loopscan ${npoints} ${countTime}`, number, npoints, countTime, chain, extra: { sleep_time: 0 } });
  return publishScan(ctx, {
    number,
    identity: blissIdentity('loopscan', number, ctx.session, null),
    initialInfo: creationInfo(info),
    info,
    streams: chain.streams,
    params: { npoints, size, rate, countTime },
    async body(run) {
      const pacer = run.pacer(rate);
      for (let i = 0; i < npoints; i++) {
        if (!(await pacer.waitFor(i))) return;
        sendTimer(run, pacer.elapsedMs / 1000);
        run.stream(IMAGE2D_STREAM).send(ringImage(i, ctx.random, size));
        run.points = i + 1;
      }
    },
  });
}
