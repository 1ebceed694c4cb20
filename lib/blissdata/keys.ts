/** Redis key names and stream-id constants of the blissdata protocol (version 1). */

export const PROTOCOL_VERSION = 1;
export const PROTOCOL_VERSION_KEY = '_PROTOCOL_VERSION_';
export const SCAN_HISTORY_KEY = '_SCAN_HISTORY_';
export const MEMORY_TRACKING_KEY = '_MEMORY_TRACKING_';
/** blissdata trims the history with `MAXLEN ~ 2048`. */
export const SCAN_HISTORY_MAXLEN = 2048;

/** 2^64 - 1: the millisecond part of the seal entry id. Kept as text: it is not a safe JS number. */
export const MAX_STREAM_ID = '18446744073709551615';
export const SEAL_ENTRY_ID = `${MAX_STREAM_ID}-${MAX_STREAM_ID}`;
/** XREAD after this id returns only the seal: a blocking wait for the end of a stream. */
export const BEFORE_SEAL_ID = `${MAX_STREAM_ID}-18446744073709551614`;

/** A scan counts as deleted when its TTL is -2 (gone) or within [0, 10] s (blissdata's delete_scan). */
export const DELETION_TTL_S = 10;

export const DEFAULT_IDENTITY_PREFIX = 'esrf';

/** Key names for one identity prefix (`esrf` at ESRF; sites may use their own identity model). */
export class KeySpace {
  readonly scanPrefix: string;
  readonly streamPrefix: string;
  readonly searchIndex: string;

  constructor(readonly prefix: string = DEFAULT_IDENTITY_PREFIX) {
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new Error(`invalid identity prefix ${JSON.stringify(prefix)}`);
    this.scanPrefix = `${prefix}:scan:`;
    this.streamPrefix = `${prefix}:stream:`;
    this.searchIndex = `${prefix}:scan:index`;
  }

  scanKey(pk: string): string {
    return this.scanPrefix + pk;
  }

  streamKey(pk: string): string {
    return this.streamPrefix + pk;
  }

  isScanKey(key: string): boolean {
    return key.startsWith(this.scanPrefix) && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(key.slice(this.scanPrefix.length));
  }

  scanPk(key: string): string {
    return key.slice(this.scanPrefix.length);
  }
}

/** True when a stream entry id is the seal (its millisecond part is 2^64 - 1). */
export function isSealId(id: string): boolean {
  return id.startsWith(MAX_STREAM_ID) && id.charCodeAt(MAX_STREAM_ID.length) === 45 /* '-' */;
}

/** Point index of a data-stream entry id `<index>-1`. Indices stay below 2^53 in any real scan. */
export function entryIndex(id: string): number {
  const dash = id.indexOf('-');
  return Number(dash < 0 ? id : id.slice(0, dash));
}

/** Entry id of a batch starting at `index` (the sequence part is always 1, as `0-0` is not a legal id). */
export function batchEntryId(index: number): string {
  return `${index}-1`;
}

function compareDecimal(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Orders stream entry ids (`ms-seq`, both up to 2^64 - 1) without losing precision. */
export function compareStreamIds(a: string, b: string): number {
  const [am = '0', as = '0'] = a.split('-');
  const [bm = '0', bs = '0'] = b.split('-');
  return compareDecimal(am, bm) || compareDecimal(as, bs);
}
