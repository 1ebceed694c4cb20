/**
 * `GET /api/scans/:key/streams/:name?from&to&format=json|csv|binary`: points of one stream, streamed out
 * in chunks with backpressure so that the largest allowed slice neither blocks the event loop nor sits
 * whole in memory. Fixed-shape and json streams are refused up front (413) beyond `maxBytes` of point
 * data; variable-shape streams, whose size is only known once read, are read first up to that limit.
 */
import type { ServerResponse } from 'node:http';
import { parseDtype } from '../../lib/blissdata/dtype';
import { isVariableShape } from '../../lib/blissdata/encoding';
import { fixedPointBytes, type PointSource } from '../data/point-source';
import { decodedDtype, type PointPiece, type PointRun } from '../data/points';
import type { Logger } from '../logger';
import { HttpError, intParam } from './http-error';
import { csvHeader, runToCsv, runToJson, type TextOptions } from './slice-text';

/** LANTERN_SLICE_MAX_BYTES default: 8 Mi float64 points. */
export const DEFAULT_SLICE_MAX_BYTES = 64 * 1024 * 1024;

export interface SliceDeps {
  logger: Logger;
  /** Largest slice, in bytes of decoded point data (LANTERN_SLICE_MAX_BYTES). */
  maxBytes: number;
}

/** Budgeted bytes per point of a json stream (their size is unknown before reading). */
const JSON_POINT_BYTES = 256;
/** Elements serialised between two writes: a few milliseconds of work at most. */
const TEXT_ELEMENTS_PER_WRITE = 8192;

export class ClientGoneError extends Error {}

/**
 * Writes with backpressure: waits for 'drain' when the socket buffer is full, and lets other work run.
 * Both ways resume from a macrotask: 'drain' comes from a nextTick when the kernel took the bytes at
 * once (a fast reader on loopback), and resuming there chained chunk after chunk in one task without
 * ever returning to the event loop (bench slice_lag: stalls of 0.4-1.2 s with three big slices).
 */
export async function write(res: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  if (res.destroyed) throw new ClientGoneError('client went away');
  const flushed = res.write(chunk);
  await new Promise<void>((resolve, reject) => {
    if (flushed) {
      setImmediate(resolve);
      return;
    }
    const done = () => {
      res.off('close', gone);
      setImmediate(resolve);
    };
    const gone = () => {
      res.off('drain', done);
      reject(new ClientGoneError('client went away'));
    };
    res.once('drain', done);
    res.once('close', gone);
  });
}

function tooLarge(stream: PointSource, from: number, to: number, pointBytes: number, maxBytes: number, what: string): HttpError {
  const fit = Math.max(1, Math.floor(maxBytes / Math.max(1, pointBytes)));
  return new HttpError(
    'SliceTooLarge',
    `slice too large: ${what} of ${stream.name} [${from}, ${to}) exceed the limit of ${maxBytes} bytes per request (LANTERN_SLICE_MAX_BYTES); ` +
      `ask pages of at most ${fit} points with from/to (e.g. from=${from}&to=${from + fit}), and prefer format=binary for bulk data`,
  );
}

async function* fromArray(pieces: PointPiece[]): AsyncGenerator<PointPiece> {
  yield* pieces;
}

/** Reads a variable-shape slice whole, refusing it once its decoded size passes the limit. */
async function readBounded(stream: PointSource, from: number, to: number, deps: SliceDeps): Promise<PointPiece[]> {
  const pieces: PointPiece[] = [];
  let bytes = 0;
  for await (const piece of stream.read(from, to)) {
    if (piece.type === 'numeric') {
      bytes += piece.data.byteLength;
      if (bytes > deps.maxBytes) {
        const perPoint = piece.data.byteLength / piece.count;
        throw tooLarge(stream, from, to, perPoint, deps.maxBytes, `the points up to index ${piece.index + piece.count}`);
      }
    }
    pieces.push(piece);
  }
  return pieces;
}

/** Steps through runs in sub-chunks of bounded work. */
function* subChunks(run: PointRun): Generator<[number, number]> {
  const per = run.type === 'numeric' ? Math.max(1, run.pointShape.reduce((n, d) => n * d, 1)) : 16;
  const step = Math.max(1, Math.floor(TEXT_ELEMENTS_PER_WRITE / per));
  for (let a = 0; a < run.count; a += step) yield [a, Math.min(run.count, a + step)];
}

/** A scan reopened from its file says so (X-Source: file); scans in Redis answer as they always did. */
function originHeaders(stream: PointSource): Record<string, string> {
  return stream.origin === 'file' ? { 'x-source': 'file' } : {};
}

function rangeHeader(range: [number, number] | null): string {
  return range ? range.join(',') : '';
}

export async function serveSlice(res: ServerResponse, stream: PointSource, query: Record<string, string>, deps: SliceDeps): Promise<void> {
  const format = query.format ?? 'json';
  if (format !== 'json' && format !== 'csv' && format !== 'binary') throw new HttpError('BadRequest', `format must be json, csv or binary, got ${JSON.stringify(format)}`);
  if (query.int64 !== undefined && query.int64 !== 'number' && query.int64 !== 'string') throw new HttpError('BadRequest', `int64 must be number or string, got ${JSON.stringify(query.int64)}`);
  const text: TextOptions = { bigintAsString: query.int64 === 'string' };
  const encoding = stream.encoding;
  if (stream.error || !encoding) throw new HttpError('StreamUnreadable', `stream ${stream.name} cannot be read: ${stream.error ?? 'no encoding'}`);
  if (format === 'binary' && encoding.type !== 'numeric') throw new HttpError('BadRequest', 'binary format is for numeric streams; use json or csv');

  const length = await stream.length();
  const from = Math.max(0, intParam(query.from, 'from', 0));
  const to = Math.max(from, Math.min(length, intParam(query.to, 'to', length)));
  const variable = encoding.type === 'numeric' && isVariableShape(encoding.shape);
  const pointBytes = fixedPointBytes(encoding) ?? JSON_POINT_BYTES;
  if (!variable && (to - from) * pointBytes > deps.maxBytes) {
    throw tooLarge(stream, from, to, pointBytes, deps.maxBytes, `${to - from} points of ${pointBytes} bytes`);
  }
  const firstAvailable = await stream.firstInRedis();
  const source = variable ? fromArray(await readBounded(stream, from, to, deps)) : stream.read(from, to);

  // Points trimmed at the head and not in any file: the slice starts after them.
  let expired: [number, number] | null = null;
  let next = await source.next();
  while (!next.done && next.value.type === 'expired') {
    expired = [expired?.[0] ?? next.value.index, next.value.index + next.value.count];
    next = await source.next();
  }
  const first = next.done ? to : next.value.index;
  const firstRun = next.done ? null : (next.value as PointRun);
  const predictedFromFile: [number, number] | null = firstRun?.source === 'file' ? [first, Math.min(to, Math.max(first, firstAvailable))] : null;
  const dtype = encoding.type === 'numeric' ? decodedDtype(parseDtype(encoding.dtype_str)) : 'json';
  const origin = originHeaders(stream);

  // The runs after the head, in order, stopping at a gap (points trimmed during the download that no file holds).
  let end = first;
  let fromFile: [number, number] | null = null;
  async function* runs(): AsyncGenerator<PointRun> {
    let piece: PointPiece | undefined = firstRun ?? undefined;
    while (piece) {
      if (piece.type === 'expired' || piece.index !== end) return;
      if (piece.source === 'file') fromFile = [fromFile?.[0] ?? piece.index, piece.index + piece.count];
      yield piece;
      end = piece.index + piece.count;
      const n = await source.next();
      piece = n.done ? undefined : n.value;
    }
  }

  try {
    if (format === 'binary') await sendBinary(res, stream, runs(), { first, to, dtype, expired, fromFile: predictedFromFile, variable });
    else if (format === 'csv') {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'x-from': String(first), 'x-expired': rangeHeader(expired), 'x-from-file': rangeHeader(predictedFromFile), ...origin });
      await write(res, csvHeader(stream.name, encoding.type === 'numeric' ? encoding.shape : null));
      for await (const run of runs()) for (const [a, b] of subChunks(run)) await write(res, runToCsv(run, a, b));
      res.end();
    } else {
      const shape = encoding.type === 'numeric' ? encoding.shape : [];
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...origin });
      await write(res, `{"dtype":${JSON.stringify(dtype)},"shape":${JSON.stringify(shape)},"data":[`);
      let firstElement = true;
      for await (const run of runs()) {
        for (const [a, b] of subChunks(run)) {
          await write(res, runToJson(run, a, b, firstElement, text));
          firstElement = false;
        }
      }
      res.end(`],"from":${first},"to":${end},"expired":${JSON.stringify(expired)},"fromFile":${JSON.stringify(fromFile)}${stream.origin === 'file' ? ',"source":"file"' : ''}}`);
    }
    if (end < to) deps.logger.warn({ stream: stream.name, from, to, end }, 'slice ended early: points trimmed from Redis during the download');
  } catch (error) {
    if (error instanceof ClientGoneError) return;
    throw error;
  } finally {
    await source.return(undefined);
  }
}

async function sendBinary(
  res: ServerResponse,
  stream: PointSource,
  runs: AsyncGenerator<PointRun>,
  plan: { first: number; to: number; dtype: string; expired: [number, number] | null; fromFile: [number, number] | null; variable: boolean },
): Promise<void> {
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'x-dtype': plan.dtype,
    'x-from': String(plan.first),
    'x-expired': rangeHeader(plan.expired),
    'x-from-file': rangeHeader(plan.fromFile),
    ...originHeaders(stream),
  };
  let pending: PointRun[] | null = null;
  if (plan.variable) {
    // Already in memory (bounded): describe each run's shape, since one X-Shape cannot.
    pending = [];
    for await (const run of runs) pending.push(run);
    const shapes: string[] = [];
    for (const run of pending as Extract<PointRun, { type: 'numeric' }>[]) {
      const shape = run.pointShape.join('x');
      const last = shapes.at(-1)?.split(':');
      if (last && last[1] === shape) shapes[shapes.length - 1] = `${Number(last[0]) + run.count}:${shape}`;
      else shapes.push(`${run.count}:${shape}`);
    }
    const total = pending.reduce((n, r) => n + r.count, 0);
    if (shapes.length === 1) headers['x-shape'] = [total, ...(pending[0] as Extract<PointRun, { type: 'numeric' }>).pointShape].join(',');
    const header = shapes.join(';');
    if (header.length > 8192) {
      throw new HttpError('StreamUnreadable', `points of ${stream.name} [${plan.first}, ${plan.first + total}) change shape ${shapes.length} times, too often to describe in X-Point-Shapes; use format=json or a smaller range`);
    }
    headers['x-point-shapes'] = header;
    headers['content-length'] = String(pending.reduce((n, r) => n + (r.type === 'numeric' ? r.data.byteLength : 0), 0));
  } else {
    const encoding = stream.encoding;
    const shape = encoding?.type === 'numeric' ? encoding.shape : [];
    headers['x-shape'] = [plan.to - plan.first, ...shape].join(',');
    headers['content-length'] = String((plan.to - plan.first) * (fixedPointBytes(stream.encoding) ?? 0));
  }
  res.writeHead(200, headers);
  const source = pending ? fromArray(pending) : runs;
  let end = plan.first;
  for await (const run of source) {
    if (run.type !== 'numeric') continue;
    await write(res, new Uint8Array(run.data.buffer, run.data.byteOffset, run.data.byteLength));
    end = run.index + run.count;
  }
  // Fewer bytes than Content-Length announced: cut the connection so that the client sees it.
  if (end < plan.to && !plan.variable) res.destroy();
  else res.end();
}
