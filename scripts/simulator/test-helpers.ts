/** Reading simulated scans back through Lantern's reader, for the simulator's tests. */
import type { DataStore } from '../../lib/blissdata/data-store';
import type { DecodedPoints } from '../../lib/blissdata/data-stream';
import type { NumericArray } from '../../lib/blissdata/dtype';
import { Scan } from '../../lib/blissdata/scan';
import { fieldText, toEntries } from '../../lib/blissdata/stream-entries';
import type { PublishedData } from './recorded-stream';

/** Every point of a stream, through `DataStream.length` and `slice`. */
export async function readStream(scan: Scan, name: string): Promise<DecodedPoints & { sealed: boolean }> {
  const stream = scan.streams.get(name);
  if (!stream) throw new Error(`scan ${scan.key} has no stream ${name} (has ${[...scan.streams.keys()].join(', ')})`);
  const { length, sealed } = await stream.length();
  const { points } = await stream.slice(0, length);
  return { ...points, sealed };
}

export async function readNumeric(scan: Scan, name: string): Promise<NumericArray> {
  const points = await readStream(scan, name);
  if (points.type !== 'numeric') throw new Error(`${name} is not numeric`);
  return points.data;
}

export async function readJson(scan: Scan, name: string): Promise<unknown[]> {
  const points = await readStream(scan, name);
  if (points.type !== 'json') throw new Error(`${name} is not json`);
  return points.values;
}

export function numbers(data: ArrayLike<number | bigint>): number[] {
  return Array.from(data, Number);
}

/** Byte-for-byte equality of two typed arrays (fast for 100 000 points). */
export function sameBytes(a: NumericArray, b: NumericArray): boolean {
  return a.constructor === b.constructor && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

export function publishedNumeric(published: Record<string, PublishedData>, name: string): NumericArray {
  const data = published[name];
  if (data?.type !== 'numeric') throw new Error(`nothing numeric published on ${name}`);
  return data.data;
}

/** States written to the scan's state stream, in order. */
export async function stateHistory(store: DataStore, scan: Scan): Promise<number[]> {
  const entries = toEntries(await store.redis.xrangeBuffer(scan.stateKey, '-', '+'));
  return entries.map((e) => Number(fieldText(e, 'state')));
}

/** Raw entries of a data stream (ids and field names), seal excluded. */
export async function rawEntries(store: DataStore, scan: Scan, name: string): Promise<{ id: string; fields: string[] }[]> {
  const stream = scan.streams.get(name);
  if (!stream) throw new Error(`no stream ${name}`);
  const reply = (await store.redis.xrange(stream.key, '-', '+')) as [string, string[]][];
  return reply
    .filter(([id]) => !id.startsWith('18446744073709551615'))
    .map(([id, kv]) => ({ id, fields: kv.filter((_, i) => i % 2 === 0) }));
}

export async function loadScan(store: DataStore, key: string): Promise<Scan> {
  return Scan.load(store, key);
}
