import { describe, expect, it } from 'vitest';
import { zoomPatch } from './view-zoom';

describe('zoomPatch', () => {
  it('sets the zoomed axes, resets autoranged ones (null) and leaves the others alone', () => {
    expect(zoomPatch({ x: [1, 2], y: null })).toEqual({ zoomX: [1, 2], zoomY: null });
    expect(zoomPatch({ y2: [0.5, 40] })).toEqual({ zoomY2: [0.5, 40] });
    expect(zoomPatch({})).toEqual({});
  });
});
