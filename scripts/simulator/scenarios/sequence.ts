/**
 * A Bliss scan sequence (`Sequence(title="sequence_of_scans")`): a GroupingMaster scan whose `SUBSCANS`
 * stream announces each child ascan once it has started; children carry `group: <sequence key>` from
 * their creation. The three children scan roby while the sample is moved, so their peaks shift.
 */
import { scanSequenceDefinition } from '../../../lib/blissdata/writer/plugins';
import { publishScan, type ScenarioContext, type SimulatedScan } from '../scan-run';
import { blissIdentity, blissPaths, blissScanInfo, creationInfo, describeChain } from '../scan-info';
import { DIODE1_PEAK, positionersStart } from './bliss-devices';
import { runAscan } from './step-scans';

export const SEQUENCE_DEFAULTS = { scanCount: 3, childPoints: 15 };
/** diode1's peak centre in each child: the feature moves as the sequence steps the sample. */
export const SEQUENCE_CHILD_CENTRES = [0.9, 1.2, 1.5];

export interface SequenceParams {
  scanCount: number;
  childKeys: string[];
  childNumbers: number[];
}

export async function runSequence(ctx: ScenarioContext) {
  const number = await ctx.numbering.next(ctx.session);
  const scanCount = SEQUENCE_DEFAULTS.scanCount;
  const top = {
    key: 'GroupingMaster',
    channels: [{ name: 'SUBSCANS', definition: scanSequenceDefinition() }],
  };
  const chain = describeChain('GroupingMaster', top, 0);
  const paths = blissPaths(ctx.dataDir ?? '/data/visitor', ctx.session, number);
  const title = 'sequence_of_scans';
  const info = blissScanInfo({
    name: title,
    type: title,
    title,
    number,
    session: ctx.session,
    user: ctx.user,
    npoints: 0,
    chain,
    filename: paths.filename,
    imagesPath: `${paths.imagesDir}/{img_acq_device}_`,
    save: false,
    positioners: positionersStart(),
    extra: { is_scan_sequence: true, sequence_info: { scan_count: scanCount } },
  });
  const params: SequenceParams = { scanCount, childKeys: [], childNumbers: [] };
  const childPoints = Math.max(2, Math.round(ctx.points ?? SEQUENCE_DEFAULTS.childPoints));

  return publishScan(ctx, {
    number,
    identity: blissIdentity(title, number, ctx.session, null),
    initialInfo: creationInfo(info),
    info,
    streams: chain.streams,
    params,
    async body(run) {
      for (let k = 0; k < scanCount; k++) {
        if (ctx.signal.aborted) return;
        const child: SimulatedScan = await runAscan(
          { ...ctx, points: childPoints },
          {
            group: run.key,
            diode1: { ...DIODE1_PEAK, centre: SEQUENCE_CHILD_CENTRES[k] ?? DIODE1_PEAK.centre },
            // Bliss's GroupingMaster emits the child once the child is running.
            onStarted: (childRun, childNumber) => {
              run.stream('SUBSCANS').sendJson({ key: childRun.key, scan_number: childNumber });
              params.childKeys.push(childRun.key);
              params.childNumbers.push(childNumber);
            },
          },
        );
        run.children.push(child);
        run.points = k + 1;
        // A child aborted by the user aborts the sequence too (Bliss's StatePreset raises ScanAbort).
        if (child.endReason !== 'SUCCESS') return 'USER_ABORT';
      }
    },
  });
}
