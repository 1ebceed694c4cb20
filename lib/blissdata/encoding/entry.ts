/**
 * One data-stream entry (`payload`, optional `len`) decoded according to the stream's encoding.
 */
import { PayloadDecodeError } from '../errors';
import type { Encoding, EntryLocation } from './encoding';
import { decodeJson } from './json';
import { decodeNumeric, type NumericBatch } from './numeric';

/** The `len` field as it may arrive: Buffer/bytes from ioredis, text, or already a number. */
export type LenField = Uint8Array | string | number | null | undefined;

export interface EntryFields {
  payload: Uint8Array;
  len?: LenField;
}

export type DecodedEntry = ({ type: 'numeric' } & NumericBatch) | { type: 'json'; count: 1; value: unknown };

function lenText(len: Uint8Array | string | number): string {
  if (typeof len === 'string') return len;
  if (typeof len === 'number') return String(len);
  // ASCII digits: latin1 is enough, and any other byte makes the check below fail.
  let s = '';
  for (let i = 0; i < len.length && i < 32; i++) s += String.fromCharCode(len[i]!);
  return len.length > 32 ? `${s}…` : s;
}

/**
 * Number of points in an entry: absent means 1 (writers only set `len` when > 1). Python does
 * `int(fields.get(b"len", 1))`; this is stricter: plain decimal digits, a positive safe integer.
 * @throws PayloadDecodeError
 */
export function parseLen(len: LenField, where: EntryLocation): number {
  if (len === undefined || len === null) return 1;
  const text = lenText(len);
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new PayloadDecodeError(where.streamKey, where.entryId, `invalid len field ${JSON.stringify(text)}`);
  }
  return n;
}

/** The XADD fields for a batch: `len` only when > 1, as Python writers do. */
export function entryFields(batch: { payload: Uint8Array; len: number }): { payload: Uint8Array; len?: string } {
  return batch.len > 1 ? { payload: batch.payload, len: String(batch.len) } : { payload: batch.payload };
}

/**
 * Decodes an entry of a stream with the given (non-null) encoding.
 * @throws PayloadDecodeError (bad payload or `len`; a json entry with len > 1)
 */
export function decodeEntry(encoding: Encoding, fields: EntryFields, where: EntryLocation): DecodedEntry {
  const count = parseLen(fields.len, where);
  if (encoding.type === 'numeric') {
    return { type: 'numeric', ...decodeNumeric(fields.payload, encoding, count, where) };
  }
  if (count !== 1) {
    throw new PayloadDecodeError(where.streamKey, where.entryId, `json entries hold one value, len is ${count}`);
  }
  return { type: 'json', count: 1, value: decodeJson(fields.payload, where) };
}
