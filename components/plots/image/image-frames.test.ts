import { describe, expect, it } from 'vitest';
import type { StreamMeta } from '@/lib/wire/contract';
import { bufferFrameShape, copyInto, frameCounts, layerPixels, limaFooter, pixelReadout, waitingMessage, wantedFrame, type HeldFrame } from './image-frames';

const meta = (m: Partial<StreamMeta>) => m as StreamMeta;

describe('image frame choice', () => {
  it('counts 2D frames from the stream length or the newest frame the buffer holds, and follows the newest', () => {
    const c = frameCounts(false, meta({ length: 6 }), 7, 0, null);
    expect(c).toEqual({ available: 8, saved: 7, estimated: false, target: 7, sealed: false });
    expect(frameCounts(false, meta({ length: 6, sealed: true }), null, 0, null)).toMatchObject({ available: 6, target: 5, sealed: true });
    expect(wantedFrame(c, true, 3)).toBe(7);
    expect(wantedFrame(c, false, 3.7)).toBe(3);
    expect(wantedFrame(c, false, 40)).toBe(7);
    expect(wantedFrame(c, false, null)).toBe(0);
  });

  it('follows the newest saved Lima frame, the readable one the server named, or estimates from the points', () => {
    const lima = meta({ length: 3, lima: { framesAvailable: 15, lastSaved: 14 } as StreamMeta['lima'] });
    expect(frameCounts(true, lima, null, 0, null)).toEqual({ available: 15, saved: 14, estimated: false, target: 14, sealed: false });
    expect(frameCounts(true, lima, null, 0, { saved: 14, sealed: false, readable: 9 }).target).toBe(9);
    const silent = meta({ length: 2, sealed: true });
    expect(frameCounts(true, silent, null, 12, null)).toEqual({ available: 12, saved: 11, estimated: true, target: 11, sealed: true });
    expect(frameCounts(true, meta({ length: 2 }), null, 12, null)).toMatchObject({ available: 0, saved: -1, estimated: false });
  });

  it('sizes a buffer frame, with the binning of a live preview from the full shape', () => {
    expect(bufferFrameShape([64, 32], undefined, false)).toEqual({ width: 32, height: 64, layers: 1, binX: 1, binY: 1 });
    expect(bufferFrameShape([1024, 1024], [2048, 2048], true)).toEqual({ width: 1024, height: 1024, layers: 1, binX: 2, binY: 2 });
    expect(bufferFrameShape([3, 10, 20], [3, 10, 20], false)).toEqual({ width: 20, height: 10, layers: 3, binX: 1, binY: 1 });
  });

  it('keeps the held array when a new frame fits, and cuts layers out of a stacked frame', () => {
    const a = Float32Array.from([1, 2, 3, 4]);
    const held = { data: a } as unknown as HeldFrame;
    const b = copyInto(held, Float32Array.from([5, 6, 7, 8]));
    expect(b).toBe(a);
    expect([...a]).toEqual([5, 6, 7, 8]);
    const c = copyInto(held, Uint16Array.from([1, 2]));
    expect(c).not.toBe(a);
    const frame = { width: 2, height: 1, layers: 2, data: Float32Array.from([1, 2, 3, 4]) } as unknown as HeldFrame;
    expect([...layerPixels(frame, 1)]).toEqual([3, 4]);
  });

  it('says why a newer Lima frame is not shown, and what it waits for', () => {
    expect(limaFooter({ available: 20, saved: 14, estimated: false, target: 9 }, true)).toBe('20 acquired, 15 saved; frames after 9 are in a file the detector is still writing');
    expect(limaFooter({ available: 20, saved: 14, estimated: false, target: 9 }, false)).toBe('20 acquired, 15 saved');
    expect(limaFooter({ available: 3, saved: -1, estimated: false, target: -1 }, true)).toBe('3 acquired, none saved yet');
    expect(waitingMessage(true, { available: 3, saved: -1, target: -1 }, true)).toBe("3 frames acquired, none saved yet: waiting for the detector's file");
    expect(waitingMessage(true, { available: 1, saved: 0, target: -1 }, true)).toBe('1 frame acquired, 1 saved: waiting for the detector to complete its first file');
    expect(waitingMessage(false, { available: 0, saved: -1, target: -1 }, true)).toBe('Waiting for the first frame…');
    expect(pixelReadout(3, 4, 12.5, { x: 2, y: 2 })).toBe('x 3  y 4  value 12.5  (2×2 mean, live preview)');
  });
});
