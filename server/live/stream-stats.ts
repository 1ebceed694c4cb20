/**
 * Curve statistics over a whole stream, computed on the server for curves the page does not hold
 * entirely (a reopened million-point scan): the same functions as the page (`curveStats`, Bliss's
 * peak/cen/fwhm/com), on every point, once per stream length, shared by every viewer and the REST API.
 * A growing scan is recomputed when asked with more points than the last result covers.
 */
import type { DataStream } from '../../lib/blissdata/data-stream';
import { parseDtype } from '../../lib/blissdata/dtype';
import { StreamNotFoundError, UnsupportedStreamError } from '../../lib/blissdata/errors';
import type { Scan } from '../../lib/blissdata/scan';
import { curveStats, type CurveStats } from '../../lib/plot-math/curve-stats';
import { normalize } from '../../lib/plot-math/transforms';
import { readPoints } from '../data/points';
import type { Hdf5Reader } from '../files/hdf5-reader';

/** Results kept (oldest dropped first): a few per curve of the scans being looked at. */
const MAX_ENTRIES = 256;

export interface StreamStatsReply {
  y: string;
  x: string | null;
  monitor: string | null;
  /** Points of the curve these figures cover (the shortest of y, x and monitor), and whether that is final. */
  points: number;
  sealed: boolean;
  /** Points gone from Redis (left out: never counted as zeros). */
  expired: [number, number] | null;
  stats: CurveStats;
}

function checkScalar(stream: DataStream): void {
  const encoding = stream.encoding;
  if (encoding?.type !== 'numeric' || encoding.shape.length !== 0 || parseDtype(encoding.dtype_str).complex) {
    throw new UnsupportedStreamError(`statistics need a real scalar numeric stream; ${stream.name} is not`);
  }
}

/**
 * Points [0, end) as float64, through the one read path (points trimmed from Redis come from the file
 * when it is readable); points neither holds are NaN (skipped by the statistics) and reported expired.
 */
async function readWhole(stream: DataStream, end: number, hdf5: Hdf5Reader | null): Promise<{ values: Float64Array; expired: [number, number] | null }> {
  const values = new Float64Array(end).fill(Number.NaN);
  let expired: [number, number] | null = null;
  for await (const piece of readPoints(stream, 0, end, { hdf5 })) {
    if (piece.type === 'expired') {
      expired = expired ? [expired[0], piece.index + piece.count] : [piece.index, piece.index + piece.count];
      continue;
    }
    if (piece.type !== 'numeric') break;
    const data = piece.data;
    for (let k = 0; k < piece.count; k++) values[piece.index + k] = Number(data[k]);
  }
  return { values, expired };
}

function streamOf(scan: Scan, name: string): DataStream {
  const stream = scan.streams.get(name);
  if (!stream) throw new StreamNotFoundError(scan.key, name);
  checkScalar(stream);
  return stream;
}

interface Entry {
  points: number;
  sealed: boolean;
  reply: Promise<StreamStatsReply>;
}

export class StreamStatsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly hdf5: Hdf5Reader | null = null) {}

  /** Statistics of `y` (divided by `monitor`) against `x` (null: the point index) over every point published. */
  async get(scan: Scan, y: string, x: string | null, monitor: string | null): Promise<StreamStatsReply> {
    const streams = [streamOf(scan, y), ...(x ? [streamOf(scan, x)] : []), ...(monitor ? [streamOf(scan, monitor)] : [])];
    const lengths = await Promise.all(streams.map((s) => s.length()));
    const points = Math.min(...lengths.map((l) => l.length));
    const sealed = lengths.every((l) => l.sealed);
    const key = JSON.stringify([scan.key, y, x, monitor]);
    const cached = this.entries.get(key);
    if (cached && cached.points >= points && cached.sealed === sealed) return cached.reply;
    const reply = this.compute(streams, y, x, monitor, points, sealed);
    const entry = { points, sealed, reply };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    // A failed computation is not kept: the next request tries again.
    reply.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return reply;
  }

  private async compute(streams: DataStream[], y: string, x: string | null, monitor: string | null, points: number, sealed: boolean): Promise<StreamStatsReply> {
    const [yRead, ...rest] = await Promise.all(streams.map((s) => readWhole(s, points, this.hdf5)));
    const xRead = x ? rest.shift()! : null;
    const monRead = monitor ? rest.shift()! : null;
    let yValues = yRead!.values;
    if (monRead) yValues = normalize(yValues, monRead.values);
    const xValues = xRead ? xRead.values : Float64Array.from({ length: points }, (_, i) => i);
    const expired = [yRead!, xRead, monRead].reduce<[number, number] | null>((acc, r) => (r?.expired ? (acc ? [Math.min(acc[0], r.expired[0]), Math.max(acc[1], r.expired[1])] : r.expired) : acc), null);
    // A fresh result object: the page's scratch-reusing form must not be shared between requests.
    const stats = { ...curveStats(xValues, yValues, 0, points) };
    return { y, x, monitor, points, sealed, expired, stats: { ...stats, max: { ...stats.max }, min: { ...stats.min } } };
  }
}
