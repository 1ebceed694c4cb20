/**
 * Which image frame to show and what to say about it (pure, unit-tested): the frame counts of a 2D or
 * Lima stream, the frame wanted (following or picked), the shape and binning of a frame held in the
 * buffer, the footer and waiting texts, the cursor readout.
 */
import type { NumericArray } from '@/lib/blissdata/dtype';
import type { AutoscaleMode, Range } from '@/lib/plot-math/autoscale';
import type { StreamMeta } from '@/lib/wire/contract';
import { formatNumber } from '../view-axes';
import { limaFollowTarget, type ReadableHint } from './lima-follow';

export interface HeldFrame {
  index: number;
  width: number;
  height: number;
  layers: number;
  data: NumericArray;
  /** Full-resolution pixels per held pixel (a binned live preview), 1 and 1 for a full frame. */
  binX: number;
  binY: number;
  /** Where it came from, to know when a re-render is needed. */
  identity: string;
  /** Colour range computed with the frame (worker), for its mode/log and first layer. */
  range?: { range: Range; mode: AutoscaleMode; log: boolean } | null;
}

/** Copies a buffer frame into the held array (reused when it fits), so the readout matches the pixels shown. */
export function copyInto(held: HeldFrame | null, src: NumericArray): NumericArray {
  const prev = held?.data;
  if (prev && prev.constructor === src.constructor && prev.length === src.length) {
    (prev as Float64Array).set(src as Float64Array);
    return prev;
  }
  return src.slice() as NumericArray;
}

export interface FrameCounts {
  /** Frames known to exist. */
  available: number;
  /** Newest frame saved (Lima) or held (2D streams), -1: none. */
  saved: number;
  /** Lima frames counted from the scan's points, no detector status having been received. */
  estimated: boolean;
  /** The frame a viewer following the scan is shown. */
  target: number;
  sealed: boolean;
}

export function sameCounts(a: FrameCounts, b: FrameCounts): boolean {
  return a.available === b.available && a.saved === b.saved && a.estimated === b.estimated && a.target === b.target && a.sealed === b.sealed;
}

/** Frame counts of a stream: Lima from its detector status, 2D streams from their length and buffer. */
export function frameCounts(isLima: boolean, meta: StreamMeta | undefined, latestIndex: number | null, published: number, hint: ReadableHint | null): FrameCounts {
  const sealed = meta?.sealed === true;
  if (isLima) {
    let available = meta?.lima?.framesAvailable ?? 0;
    let saved = meta?.lima?.lastSaved ?? -1;
    let estimated = false;
    // The Lima stream has status entries but no detector status reached us (seen with scans joined
    // after the fact): estimate the frames from the scan's points once it is over, and say so.
    if (available === 0 && saved < 0 && (meta?.length ?? 0) > 0 && sealed && published > 0) {
      available = published;
      saved = published - 1;
      estimated = true;
    }
    return { available, saved, estimated, target: limaFollowTarget(saved, sealed, hint), sealed };
  }
  const available = Math.max(meta?.length ?? 0, latestIndex !== null ? latestIndex + 1 : 0);
  const target = latestIndex !== null && latestIndex >= 0 ? latestIndex : available - 1;
  return { available, saved: available - 1, estimated: false, target, sealed };
}

/** The frame to show: the follow target, or the picked frame clamped to those available. */
export function wantedFrame(counts: FrameCounts, follow: boolean, picked: number | null | undefined): number {
  return follow ? counts.target : Math.max(0, Math.min(counts.available - 1, Math.floor(picked ?? 0)));
}

/**
 * Size of a frame held in the buffer (`[layers,] height, width`) and its binning: a live preview is
 * binned from the stream's full shape down to the shape held.
 */
export function bufferFrameShape(pointShape: readonly number[], fullShape: readonly number[] | undefined, preview: boolean) {
  const h = pointShape[pointShape.length - 2] ?? 0;
  const w = pointShape[pointShape.length - 1] ?? 0;
  const full = fullShape ?? pointShape;
  const binY = preview && h > 0 ? Math.max(1, Math.round((full[full.length - 2] ?? h) / h)) : 1;
  const binX = preview && w > 0 ? Math.max(1, Math.round((full[full.length - 1] ?? w) / w)) : 1;
  return { width: w, height: h, layers: pointShape.length === 3 ? pointShape[0]! : 1, binX, binY };
}

/** One layer of a held frame (the frame itself when it has one). */
export function layerPixels(frame: HeldFrame, layer: number): NumericArray {
  if (frame.layers <= 1) return frame.data;
  const pixels = frame.width * frame.height;
  return frame.data.subarray(layer * pixels, (layer + 1) * pixels) as NumericArray;
}

/** What the footer says of a Lima stream: the same counts as the stream panel, and why a newer frame is not shown. */
export function limaFooter(counts: Pick<FrameCounts, 'available' | 'saved' | 'estimated' | 'target'>, follow: boolean): string {
  if (counts.estimated) return 'detector status not received: frame count taken from the scan points';
  if (counts.saved < 0) return counts.available > 0 ? `${counts.available} acquired, none saved yet` : 'nothing saved yet';
  const base = `${counts.available} acquired, ${counts.saved + 1} saved`;
  if (follow && counts.target < counts.saved) return `${base}; ${counts.target < 0 ? 'no file is complete yet' : `frames after ${counts.target} are in a file the detector is still writing`}`;
  return base;
}

/** The message shown before any frame is drawn. */
export function waitingMessage(isLima: boolean, counts: Pick<FrameCounts, 'available' | 'saved' | 'target'>, follow: boolean): string {
  const acquired = `${counts.available} frame${counts.available > 1 ? 's' : ''} acquired`;
  if (isLima && counts.available > 0 && counts.saved < 0) return `${acquired}, none saved yet: waiting for the detector's file`;
  if (isLima && counts.available > 0 && follow && counts.target < 0) return `${acquired}, ${counts.saved + 1} saved: waiting for the detector to complete its first file`;
  return 'Waiting for the first frame…';
}

/** Cursor readout of an image pixel; a binned preview's value is the mean of its block. */
export function pixelReadout(col: number, row: number, value: number, bin: { x: number; y: number } | null): string {
  return `x ${col}  y ${row}  value ${formatNumber(value, 6)}${bin ? `  (${bin.x}×${bin.y} mean, live preview)` : ''}`;
}
