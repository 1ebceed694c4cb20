/**
 * `amesh sampx -1 1 <nx-1> sampy -1 1 <ny-1> 0.05`: sampx is the fast axis (axis_id 0), sampy the slow
 * one, both `forth`; Bliss marks it `data_dim: 2` with a scatter plot. diode1 reads a 2D gaussian spot.
 * The default grid is not square (25 x 20) so a transposed reader shows up at once.
 */
import type { Peak2D } from '../models/peaks';
import { linspace, sampleMonitor, samplePeak2D } from '../models/peaks';
import { publishScan, type ScenarioContext } from '../scan-run';
import { blissIdentity, blissPaths, blissScanInfo, creationInfo, describeChain, withEndPositions, type DeviceDef } from '../scan-info';
import { DIODES, MONITOR, MONITOR_CHANNEL, motorChannel, positionersStart, sendScalar, sendTimer, timerDevice, counterDevices } from './bliss-devices';

export const AMESH_DEFAULTS = { x: [-1, 1] as [number, number], y: [-1, 1] as [number, number], nx: 25, ny: 20, countTime: 0.05, rate: 40 };
export const AMESH_PEAK: Peak2D = { centre: [0.3, -0.2], sigma: [0.25, 0.35], height: 1000, background: 30, noise: 5 };
/** diode2 sees a broad ridge along x (a sample edge), so the two diodes differ visibly. */
export const AMESH_RIDGE = { y0: 0.4, width: 0.2, height: 300, background: 10, noise: 3 };

export interface MeshParams {
  nx: number;
  ny: number;
  npoints: number;
  x: [number, number];
  y: [number, number];
  xs: number[];
  ys: number[];
  peak: Peak2D;
  rate: number;
  countTime: number;
}

/** Grid for about `points` points: nx:ny kept near 5:4 and both at least 2. */
export function meshGrid(points: number | undefined): [number, number] {
  if (points === undefined) return [AMESH_DEFAULTS.nx, AMESH_DEFAULTS.ny];
  const nx = Math.max(2, Math.round(Math.sqrt((points * 5) / 4)));
  return [nx, Math.max(2, Math.round(points / nx))];
}

export async function runAmesh(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const [nx, ny] = meshGrid(ctx.points);
  const npoints = nx * ny;
  const { x, y, countTime } = AMESH_DEFAULTS;
  const rate = ctx.rate ?? AMESH_DEFAULTS.rate;
  const scatter = { group: 'scatter' };
  const top: DeviceDef = {
    key: 'axis',
    channels: [
      motorChannel('sampx', { start: x[0], stop: x[1], axis_points: nx, axis_id: 0, axis_kind: 'forth', ...scatter }),
      motorChannel('sampy', { start: y[0], stop: y[1], axis_points: ny, axis_id: 1, axis_kind: 'forth', ...scatter }),
    ],
    triggers: [timerDevice(counterDevices(scatter), scatter)],
  };
  const chain = describeChain('axis', top, npoints);
  const paths = blissPaths(ctx.dataDir ?? '/data/visitor', ctx.session, number);
  const info = blissScanInfo({
    name: 'amesh',
    type: 'amesh',
    title: `amesh sampx ${x[0]} ${x[1]} ${nx - 1} sampy ${y[0]} ${y[1]} ${ny - 1} ${countTime}`,
    number,
    session: ctx.session,
    user: ctx.user,
    npoints,
    countTime,
    chain,
    filename: paths.filename,
    imagesPath: `${paths.imagesDir}/{img_acq_device}_`,
    save: false,
    plots: [{ kind: 'scatter-plot', items: [{ kind: 'scatter', x: 'axis:sampx', y: 'axis:sampy', value: DIODES.diode1 }] }],
    positioners: positionersStart({ sampx: x[0], sampy: y[0] }),
    extra: { data_dim: 2, npoints1: nx, npoints2: ny, sleep_time: null, stab_time: null },
  });
  const xs = linspace(x[0], x[1], nx);
  const ys = linspace(y[0], y[1], ny);
  return publishScan<MeshParams>(ctx, {
    number,
    identity: blissIdentity('amesh', number, ctx.session, null),
    initialInfo: creationInfo(info),
    info,
    streams: chain.streams,
    params: { nx, ny, npoints, x, y, xs, ys, peak: AMESH_PEAK, rate, countTime },
    async body(run) {
      const pacer = run.pacer(rate);
      for (let i = 0; i < npoints; i++) {
        if (!(await pacer.waitFor(i))) return;
        const px = xs[i % nx] ?? 0;
        const py = ys[Math.floor(i / nx)] ?? 0;
        sendScalar(run, 'axis:sampx', px);
        sendScalar(run, 'axis:sampy', py);
        sendTimer(run, pacer.elapsedMs / 1000);
        sendScalar(run, DIODES.diode1, samplePeak2D(AMESH_PEAK, px, py, ctx.random));
        const r = AMESH_RIDGE;
        sendScalar(run, DIODES.diode2, r.background + r.height / (1 + Math.exp(-(py - r.y0) / r.width)) + ctx.random.normal(0, r.noise));
        sendScalar(run, MONITOR_CHANNEL, sampleMonitor(MONITOR, ctx.random));
        run.points = i + 1;
      }
    },
    finalInfo: (final) => withEndPositions(final, positionersStart({ sampx: x[1], sampy: y[1] }).start),
  });
}
