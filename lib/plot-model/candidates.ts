/**
 * Channels the channel panel offers for curve plots: every usable scalar, as x or y, in device-tree
 * order (masters first), with what the UI needs to label and sort them.
 */
import type { CurveCandidate, PlotSetup } from './types';

export function listCurveCandidates(setup: PlotSetup): CurveCandidate[] {
  return setup.channels
    .filter((c) => c.dim === 0)
    .map((c) => ({
      name: c.name,
      displayName: c.displayName,
      ...(c.unit !== undefined ? { unit: c.unit } : {}),
      device: c.deviceName,
      chain: c.chain,
      isMaster: c.isMaster,
      isTime: c.isTime,
      timeKind: c.timeKind,
      present: c.stream !== 'missing',
      described: c.origin === 'chain',
    }));
}
