import { describe, expect, it } from 'vitest';
import { limaFollowTarget, mayRetry } from './lima-follow';

describe('following a Lima stream', () => {
  it('asks for the newest saved frame, then for the newest readable one the server named, until the detector moves on', () => {
    expect(limaFollowTarget(14, false, null)).toBe(14);
    const hint = { saved: 14, sealed: false, readable: 9 };
    expect(limaFollowTarget(14, false, hint)).toBe(9);
    expect(limaFollowTarget(19, false, hint)).toBe(19);
    expect(limaFollowTarget(14, true, hint)).toBe(14);
    expect(limaFollowTarget(4, false, { saved: 4, sealed: false, readable: -1 })).toBe(-1);
  });

  it('retries a failed frame once more frames are saved or the stream is sealed, not before', () => {
    const failed = { index: 9, saved: 9, sealed: false };
    expect(mayRetry(failed, 9, 9, false)).toBe(false);
    expect(mayRetry(failed, 9, 14, false)).toBe(true);
    expect(mayRetry(failed, 9, 9, true)).toBe(true);
    expect(mayRetry(failed, 4, 9, false)).toBe(true);
    expect(mayRetry(null, 4, 9, false)).toBe(true);
  });
});
