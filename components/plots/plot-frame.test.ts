import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '@/lib/wire/contract';
import { FrameError } from '../data/frame-fetch';
import { describeProblem, PlotDataError, safeUid, scanStateBanner, shortName } from './plot-frame';

const summary = (over: Partial<ScanSummary>): ScanSummary => ({
  key: 'k',
  historyId: '1-0',
  number: 1,
  name: 'ascan',
  session: 's',
  title: null,
  type: 'ascan',
  state: 'CLOSED',
  startTime: null,
  endTime: null,
  endReason: 'SUCCESS',
  progress: { published: 20, expected: 41 },
  ...over,
});

describe('scanStateBanner', () => {
  it('makes aborted and failed scans obvious, says nothing for normal ones', () => {
    expect(scanStateBanner(summary({ endReason: 'USER_ABORT' }))).toEqual({ text: 'Scan aborted by the user after 20 of 41 points', severe: true });
    expect(scanStateBanner(summary({ endReason: 'FAILURE', progress: { published: 7, expected: null } }))?.text).toBe('Scan failed after 7 points');
    expect(scanStateBanner(summary({ endReason: 'SUCCESS' }))).toBeNull();
    expect(scanStateBanner(summary({ state: 'STARTED', endReason: null }))).toBeNull();
  });
});

describe('describeProblem', () => {
  it('titles server frame errors by kind, keeping the server message', () => {
    expect(describeProblem(new FrameError('frame 12 acquired but not saved yet', 'not-saved', 409))).toEqual({
      title: 'Frame not saved yet',
      message: 'frame 12 acquired but not saved yet',
      problem: 'not-saved',
    });
    expect(describeProblem(new FrameError('no such file', 'missing', 404)).title).toBe('File missing');
    expect(describeProblem(new FrameError('outside DATA_ROOTS', 'forbidden', 403)).title).toBe('File outside the allowed data folders');
    expect(describeProblem(new FrameError('gone', 'expired', 410)).title).toBe('Data expired');
    expect(describeProblem(new PlotDataError('json stream', 'unsupported')).title).toBe('Unsupported stream');
    expect(describeProblem(new Error('boom'))).toMatchObject({ title: 'This plot failed', message: 'boom' });
  });
});

describe('names', () => {
  it('shortens channel names and makes plotly-safe uids', () => {
    expect(shortName('simulation_diode_sampling_controller:diode1')).toBe('diode1');
    expect(shortName(null)).toBe('index');
    expect(safeUid('axis:roby|left')).toBe('uaxis_3aroby_7cleft');
    expect(safeUid('a:b')).not.toBe(safeUid('a_b'));
  });
});
