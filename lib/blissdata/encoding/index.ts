/** Stream encodings of blissdata (protocol section 6): parsing the `encoding` dict and entry payloads. */
export { parseEncoding, isVariableShape } from './encoding';
export type { Encoding, NumericEncoding, JsonEncoding, EntryLocation } from './encoding';
export { decodeNumeric, encodeNumeric, encodeNumericBatch } from './numeric';
export type { NumericBatch, EncodedBatch } from './numeric';
export { decodeJson, encodeJson } from './json';
export { parseLen, decodeEntry, entryFields } from './entry';
export type { LenField, EntryFields, DecodedEntry } from './entry';
