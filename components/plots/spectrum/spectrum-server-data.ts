/**
 * What the spectrum plot fetches from the REST slice route (`format=binary`): point spectra the buffers
 * do not hold (one request at a time, newest wish wins) and, for sums of latest-only streams, every
 * point in chunks fetched one after the other. Results land in refs; `schedule` asks for a redraw.
 */
import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { fetchSlice, LatestLoader, sliceUrl, type DecodedSlice } from '../../data/frame-fetch';
import type { PlotDataSource } from '../plot-types';
import type { Schedule } from '../shared/use-live-redraw';
import { SpectrumAccumulator } from './spectrum-data';

/** Bytes per slice request when summing a latest-only stream. */
export const SUM_CHUNK_BYTES = 8 * 1024 * 1024;

export interface FetchedSpectrum {
  index: number;
  data: Float64Array;
  pointShape: number[];
}

export interface RemoteSum {
  /** Points looked at: [0, acc.upTo). */
  acc: SpectrumAccumulator;
  error: unknown;
}

type PointResult = { channel: string; index: number; slice: DecodedSlice }[];
type SumResult = { channel: string; from: number; slice: DecodedSlice };

export function toFloat64(data: DecodedSlice['data']): Float64Array {
  if (data instanceof Float64Array) return data;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  return Float64Array.from(data as ArrayLike<number>);
}

/** Adds a fetched chunk to a remote sum; points the server no longer has (expired) are skipped, counted. */
export function addSumChunk(rs: RemoteSum, from: number, slice: Pick<DecodedSlice, 'from' | 'count' | 'pointShape' | 'data'>): void {
  if (rs.acc.upTo !== from) return;
  const per = slice.pointShape.reduce((a, b) => a * b, 1);
  const gap = Math.max(0, slice.from - from);
  if (gap) {
    rs.acc.skipped += gap;
    rs.acc.upTo += gap;
  }
  if (slice.count > 0) rs.acc.addPoints(toFloat64(slice.data), slice.count, per);
  rs.error = null;
}

const aborted = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

export function useSpectrumServerData(source: PlotDataSource, scheduleRef: MutableRefObject<Schedule>) {
  const fetched = useRef(new Map<string, FetchedSpectrum>());
  const remoteSums = useRef(new Map<string, RemoteSum>());
  const accumulators = useRef(new Map<string, SpectrumAccumulator>());
  const [fetchError, setFetchError] = useState<unknown>(null);
  const pointLoaderRef = useRef<LatestLoader<string, PointResult> | null>(null);
  const sumLoaderRef = useRef<LatestLoader<string, SumResult> | null>(null);

  // The source object changes with every data update; loaders live per scan.
  const sourceRef = useRef(source);
  useEffect(() => {
    sourceRef.current = source;
  });
  const scanKey = source.key;

  useEffect(() => {
    const url = (channel: string, from: number, to: number) => sliceUrl(sourceRef.current.frameUrl(channel, 0), from, to);
    const pointLoader = new LatestLoader<string, PointResult>(
      async (key, signal) => {
        const { index, channels } = JSON.parse(key) as { index: number; channels: string[] };
        return Promise.all(channels.map(async (channel) => ({ channel, index, slice: await fetchSlice(url(channel, index, index + 1), signal) })));
      },
      (_key, result) => {
        if (result.ok) {
          for (const r of result.value) {
            if (r.slice.count < 1) continue;
            fetched.current.set(r.channel, { index: r.index, data: toFloat64(r.slice.data), pointShape: r.slice.pointShape });
          }
          setFetchError(null);
        } else if (!aborted(result.error)) setFetchError(result.error);
        scheduleRef.current();
      },
    );
    const sumLoader = new LatestLoader<string, SumResult>(
      async (key, signal) => {
        const { channel, from, to } = JSON.parse(key) as { channel: string; from: number; to: number };
        return { channel, from, slice: await fetchSlice(url(channel, from, to), signal) };
      },
      (key, result) => {
        if (result.ok) {
          const rs = remoteSums.current.get(result.value.channel);
          if (rs) addSumChunk(rs, result.value.from, result.value.slice);
        } else if (!aborted(result.error)) {
          const rs = remoteSums.current.get((JSON.parse(key) as { channel: string }).channel);
          if (rs) rs.error = result.error;
        }
        scheduleRef.current();
      },
    );
    pointLoaderRef.current = pointLoader;
    sumLoaderRef.current = sumLoader;
    fetched.current.clear();
    remoteSums.current.clear();
    accumulators.current.clear();
    return () => {
      pointLoader.dispose();
      sumLoader.dispose();
    };
  }, [scanKey, scheduleRef]);

  return { fetched, remoteSums, accumulators, fetchError, pointLoaderRef, sumLoaderRef };
}
