/**
 * Raw stream entries as ioredis returns them (Buffer replies), in RESP2 or RESP3 shape, turned into
 * data-stream batches and seals.
 */
import { MAX_STREAM_POINTS, pointRangeIsSane } from './bounds';
import { parseLen } from './encoding/entry';
import { PayloadDecodeError } from './errors';
import { entryIndex, isSealId } from './keys';

/** One XRANGE/XREAD entry: id and field/value pairs, values kept as bytes. */
export interface RawEntry {
  id: string;
  fields: Uint8Array[];
}

export interface BatchEntry {
  kind: 'batch';
  id: string;
  /** Index of the first point of the batch. */
  index: number;
  /** Number of points (the `len` field, 1 when absent). */
  count: number;
  payload: Uint8Array;
}

export interface SealEntry {
  kind: 'seal';
  /** Total number of points of the stream. */
  total: number;
}

export type DataEntry = BatchEntry | SealEntry;

const decoder = new TextDecoder();

export function bytesToText(bytes: Uint8Array | string): string {
  return typeof bytes === 'string' ? bytes : decoder.decode(bytes);
}

function field(entry: RawEntry, name: string): Uint8Array | undefined {
  const f = entry.fields;
  for (let i = 0; i + 1 < f.length; i += 2) {
    const k = f[i]!;
    // Field names are short ASCII; compare bytes to avoid decoding every field.
    if (k.length === name.length) {
      let same = true;
      for (let j = 0; j < k.length; j++) if (k[j] !== name.charCodeAt(j)) same = false;
      if (same) return f[i + 1];
    }
  }
  return undefined;
}

export function fieldText(entry: RawEntry, name: string): string | undefined {
  const value = field(entry, name);
  return value === undefined ? undefined : bytesToText(value);
}

/** Interprets one entry of a data stream: a batch (`payload`, `len`) or the seal (`id` = total points). */
export function parseDataEntry(streamKey: string, entry: RawEntry): DataEntry {
  if (isSealId(entry.id)) {
    const total = fieldText(entry, 'id');
    if (total === undefined || !/^[0-9]+$/.test(total)) {
      throw new PayloadDecodeError(streamKey, entry.id, `seal entry without a valid id field (${JSON.stringify(total)})`);
    }
    if (!pointRangeIsSane(0, Number(total))) throw new PayloadDecodeError(streamKey, entry.id, `seal total ${total} exceeds ${MAX_STREAM_POINTS} points`);
    return { kind: 'seal', total: Number(total) };
  }
  const payload = field(entry, 'payload');
  if (payload === undefined) throw new PayloadDecodeError(streamKey, entry.id, 'entry has no payload field');
  const index = entryIndex(entry.id);
  const count = parseLen(field(entry, 'len'), { streamKey, entryId: entry.id });
  if (!pointRangeIsSane(index, count)) {
    throw new PayloadDecodeError(streamKey, entry.id, `points ${entry.id.split('-')[0]}+${count} lie beyond ${MAX_STREAM_POINTS}, the most a stream may hold`);
  }
  return { kind: 'batch', id: entry.id, index, count, payload };
}

type Reply = unknown;

function asBytes(value: Reply): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return new TextEncoder().encode(value);
  if (typeof value === 'number') return new TextEncoder().encode(String(value));
  throw new TypeError(`unexpected reply element ${typeof value}`);
}

function asText(value: Reply): string {
  if (value instanceof Uint8Array) {
    // Ids and keys are ASCII: latin1 decoding is cheaper than UTF-8 and identical for them.
    let s = '';
    for (let i = 0; i < value.length; i++) s += String.fromCharCode(value[i]!);
    return s;
  }
  return String(value);
}

/** Converts an XRANGE/XREVRANGE reply (array of [id, [f, v, ...]]) to entries. */
export function toEntries(reply: Reply): RawEntry[] {
  if (reply == null) return [];
  if (!Array.isArray(reply)) throw new TypeError('stream range reply is not an array');
  return reply.map((item: Reply) => {
    const [id, fields] = item as [Reply, Reply];
    let values: Uint8Array[];
    if (Array.isArray(fields)) values = fields.map(asBytes);
    else if (fields && typeof fields === 'object' && !(fields instanceof Uint8Array)) {
      // RESP3 with map replies turned into objects: keep field order.
      values = Object.entries(fields as Record<string, Reply>).flatMap(([k, v]) => [asBytes(k), asBytes(v)]);
    } else values = [];
    return { id: asText(id), fields: values };
  });
}

/**
 * Converts an XREAD reply to [stream key, entries] pairs. RESP2 gives [[key, entries], ...]; RESP3 gives a
 * map, which ioredis's legacy mapping flattens to [key, entries, key, entries] (or an object/Map otherwise).
 */
export function toStreamReads(reply: Reply): Array<[string, RawEntry[]]> {
  if (reply == null) return [];
  if (reply instanceof Map) return [...reply.entries()].map(([k, v]) => [asText(k), toEntries(v)]);
  if (!Array.isArray(reply)) {
    if (typeof reply === 'object') return Object.entries(reply as Record<string, Reply>).map(([k, v]) => [k, toEntries(v)]);
    throw new TypeError('XREAD reply is not an array');
  }
  if (reply.length === 0) return [];
  if (Array.isArray(reply[0])) return reply.map((pair: Reply) => [asText((pair as Reply[])[0]), toEntries((pair as Reply[])[1])]);
  const out: Array<[string, RawEntry[]]> = [];
  for (let i = 0; i + 1 < reply.length; i += 2) out.push([asText(reply[i]), toEntries(reply[i + 1])]);
  return out;
}
