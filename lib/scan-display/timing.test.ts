import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '../wire/contract';
import { endKind, formatClock, formatDuration, matchesSearch, parseTime, scanTiming, stateLabel } from './timing';

const base: ScanSummary = {
  key: 'k',
  historyId: '1-0',
  number: 12,
  name: 'ascan',
  session: 'demo',
  title: 'ascan roby 0 2 40 0.1',
  type: 'ascan',
  state: 'STARTED',
  startTime: '2026-11-21T10:00:00.123456+00:00',
  endTime: null,
  endReason: null,
  progress: { published: 10, expected: 41 },
};
const t0 = Date.parse('2026-11-21T10:00:00.123Z');

describe('scan timing', () => {
  it('parses Bliss times with microseconds and offsets', () => {
    expect(parseTime(base.startTime)).toBe(t0);
    expect(parseTime('2026-11-21T11:00:00.5+01:00')).toBe(Date.parse('2026-11-21T10:00:00.500Z'));
    expect(parseTime('garbage')).toBeNull();
    expect(parseTime(null)).toBeNull();
  });

  it('estimates the time left from the rate so far', () => {
    const t = scanTiming(base, t0 + 10_000);
    expect(t.elapsedMs).toBe(10_000);
    expect(t.fraction).toBeCloseTo(10 / 41);
    expect(t.remainingMs).toBeCloseTo(31_000);
  });

  it('does not guess from too few points, nor for open-ended scans', () => {
    expect(scanTiming({ ...base, progress: { published: 1, expected: 1000 } }, t0 + 1000).remainingMs).toBeNull();
    expect(scanTiming({ ...base, progress: { published: 100, expected: null } }, t0 + 1000)).toEqual({ elapsedMs: 1000, remainingMs: null, fraction: null });
    expect(scanTiming({ ...base, startTime: null }, t0).elapsedMs).toBeNull();
    // A clock read before the start (coarse ticks) gives no estimate, not "0 s left".
    expect(scanTiming({ ...base, progress: { published: 6, expected: 41 } }, t0 - 300)).toMatchObject({ elapsedMs: 0, remainingMs: null });
  });

  it('uses the end time once over, and a successful scan is complete', () => {
    const done = { ...base, state: 'CLOSED' as const, endTime: '2026-11-21T10:00:05.123+00:00', endReason: 'SUCCESS', progress: { published: 40, expected: 41 } };
    expect(scanTiming(done, t0 + 99_000)).toEqual({ elapsedMs: 5000, remainingMs: null, fraction: 1 });
    const aborted = { ...done, endReason: 'USER_ABORT' };
    expect(scanTiming(aborted, t0 + 99_000).fraction).toBeCloseTo(40 / 41);
  });

  it('takes the fraction from the progress plan when given', () => {
    expect(scanTiming(base, t0 + 10_000, 0.5).remainingMs).toBe(10_000);
  });

  it('names how a scan ended', () => {
    expect(endKind(base)).toBe('running');
    expect(endKind({ ...base, state: 'CLOSED', endReason: 'USER_ABORT' })).toBe('aborted');
    expect(endKind({ ...base, state: 'CLOSED', endReason: 'FAILURE' })).toBe('failed');
    expect(endKind({ ...base, state: 'CLOSED', endReason: 'SUCCESS' })).toBe('success');
    expect(endKind({ ...base, state: 'STOPPED' })).toBe('stopping');
    expect(endKind({ ...base, error: 'bad doc' })).toBe('broken');
    expect(stateLabel({ ...base, state: 'PREPARED' })).toBe('Preparing');
    expect(stateLabel({ ...base, state: 'CLOSED', endReason: 'FAILURE' })).toBe('Failed');
  });

  it('formats durations and clock times', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(4_250)).toBe('4.3 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600_000 + 7 * 60_000)).toBe('2 h 07 min');
    expect(formatDuration(null)).toBe('—');
    const noon = new Date(2026, 10, 21, 12, 0, 0).getTime();
    expect(formatClock(new Date(2026, 10, 21, 9, 5, 7).getTime(), noon)).toBe('09:05:07');
    expect(formatClock(new Date(2026, 10, 20, 9, 5, 7).getTime(), noon)).toBe('2026-11-20 09:05');
  });

  it('searches number, name, title, type and session', () => {
    expect(matchesSearch(base, '')).toBe(true);
    expect(matchesSearch(base, '12')).toBe(true);
    expect(matchesSearch(base, '#12')).toBe(true);
    expect(matchesSearch(base, '#1')).toBe(false);
    expect(matchesSearch(base, 'ROBY')).toBe(true);
    expect(matchesSearch(base, 'demo')).toBe(true);
    expect(matchesSearch(base, 'mesh')).toBe(false);
  });
});
