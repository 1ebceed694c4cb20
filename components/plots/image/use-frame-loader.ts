'use client';
/**
 * Frames the buffer does not hold (Lima frames, older 2D frames picked on the slider) come from the
 * REST frame route as raw bytes, "latest wins": one request in flight, later wishes replace each
 * other. A failure is remembered so that the frame is not asked again until the detector has moved on;
 * a Lima frame in a file still being written, while following, turns into a hint to show the newest
 * frame of a complete file instead.
 */
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { FrameError, LatestLoader } from '../../data/frame-fetch';
import { loadFrame, type LoadedFrame } from '../../data/frame-loader';
import type { AutoscaleMode } from '@/lib/plot-math/autoscale';
import type { PlotDataSource } from '../plot-types';
import type { FrameCounts, HeldFrame } from './image-frames';
import { mayRetry, type ReadableHint } from './lima-follow';

export interface FrameLoaderState {
  /** The frame held for drawing (fetched or copied from the buffer), null before the first. */
  heldFrame(): HeldFrame | null;
  /** Holds a frame of the buffer, made from the one held before (its array reused) unless `identity` is held already. */
  holdFromBuffer(identity: string, make: (previous: HeldFrame | null) => HeldFrame): void;
  /** The server's last word on which Lima frame is in a complete file. */
  readableHint(): ReadableHint | null;
  frameError: { index: number; error: unknown } | null;
  /** Time of the last frame fetch, ms. */
  fetchMs(): number;
  /** Asks for frame `want` unless it is held, in flight, or failed and not worth retrying yet. */
  request(want: number, counts: FrameCounts): void;
}

export function useFrameLoader(
  source: PlotDataSource,
  channel: string,
  refs: { scale: MutableRefObject<{ mode: AutoscaleMode; log: boolean }>; follow: MutableRefObject<boolean>; counts: MutableRefObject<FrameCounts>; redraw: () => void },
): FrameLoaderState {
  const held = useRef<HeldFrame | null>(null);
  const failed = useRef<{ index: number; saved: number; sealed: boolean } | null>(null);
  const readableHint = useRef<ReadableHint | null>(null);
  const fetchMs = useRef(0);
  const [frameError, setFrameError] = useState<{ index: number; error: unknown } | null>(null);
  const loader = useRef<LatestLoader<number, LoadedFrame> | null>(null);
  // The source object changes with every data update; loaders live per scan and channel.
  const sourceRef = useRef(source);
  const refsRef = useRef(refs);
  useEffect(() => {
    sourceRef.current = source;
    refsRef.current = refs;
  });
  const scanKey = source.key;

  useEffect(() => {
    const l = new LatestLoader<number, LoadedFrame>(
      (n, signal) => loadFrame(sourceRef.current.frameUrl(channel, n, { format: 'raw' }), n, signal, refsRef.current.scale.current.mode, refsRef.current.scale.current.log),
      (n, result) => {
        if (result.ok) {
          const { frame: f, range, mode, log } = result.value;
          held.current = { index: n, width: f.width, height: f.height, layers: f.layers, data: f.data, binX: 1, binY: 1, identity: `fetch:${n}`, range: range ? { range, mode, log } : null };
          fetchMs.current = result.value.fetchMs;
          failed.current = null;
          setFrameError(null);
        } else if (!(result.error instanceof DOMException && result.error.name === 'AbortError')) {
          const { saved, sealed } = refsRef.current.counts.current;
          failed.current = { index: n, saved, sealed };
          const e = result.error;
          if (e instanceof FrameError && e.kind === 'not-saved' && e.lastReadable !== null && refsRef.current.follow.current) {
            // Following: show the newest frame of a complete file instead, and say why in the footer.
            readableHint.current = { saved, sealed, readable: e.lastReadable };
          } else {
            setFrameError({ index: n, error: e });
          }
        }
        refsRef.current.redraw();
      },
    );
    loader.current = l;
    held.current = null;
    failed.current = null;
    readableHint.current = null;
    return () => l.dispose();
  }, [scanKey, channel]);

  const request = useCallback((want: number, counts: FrameCounts) => {
    const l = loader.current;
    const h = held.current;
    if (!l || (h?.index === want && h.binX === 1 && h.binY === 1)) return;
    // Do not hammer a frame that failed, unless more frames were saved since (or the stream ended).
    if (!mayRetry(failed.current, want, counts.saved, counts.sealed)) return;
    if (!(l.busy && l.lastStarted === want)) l.want(want);
  }, []);

  const heldFrame = useCallback(() => held.current, []);
  const holdFromBuffer = useCallback((identity: string, make: (previous: HeldFrame | null) => HeldFrame) => {
    if (held.current?.identity === identity) return;
    held.current = make(held.current);
    failed.current = null;
  }, []);
  const hint = useCallback(() => readableHint.current, []);
  const lastFetchMs = useCallback(() => fetchMs.current, []);
  return { heldFrame, holdFromBuffer, readableHint: hint, frameError, fetchMs: lastFetchMs, request };
}
