/** scan_info of the unsaved scans driven by the timer alone (loopscan, timescan, ct), as Bliss writes it. */
import type { ScenarioContext } from '../scan-run';
import { blissPaths, blissScanInfo, type ChainDescription } from '../scan-info';
import { positionersStart } from './bliss-devices';

export function timerScanInfo(
  ctx: ScenarioContext,
  scan: { name: string; title: string; number: number; npoints: number; countTime: number; chain: ChainDescription; positions?: Record<string, number>; extra?: Record<string, unknown> },
): Record<string, unknown> {
  const paths = blissPaths(ctx.dataDir ?? '/data/visitor', ctx.session, scan.number);
  return blissScanInfo({
    name: scan.name,
    type: scan.name,
    title: scan.title,
    number: scan.number,
    session: ctx.session,
    user: ctx.user,
    npoints: scan.npoints,
    countTime: scan.countTime,
    chain: scan.chain,
    filename: paths.filename,
    imagesPath: `${paths.imagesDir}/{img_acq_device}_`,
    save: false,
    positioners: positionersStart(scan.positions),
    ...(scan.extra ? { extra: scan.extra } : {}),
  });
}
