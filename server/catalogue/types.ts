/**
 * The scan catalogue: every scan Lantern has seen, kept after Redis forgets it, and searchable. The
 * interface is deliberately small (record, get, search, close) so that a site can put its own
 * database behind it; the default is SQLite (sqlite-catalogue.ts).
 */
import type { ScanSummary } from '../../lib/wire/contract';

/** Where one stream's points sit in the scan's HDF5 file, as recorded while the scan was in Redis. */
export interface RecordedStream {
  name: string;
  /** blissdata stream model (encoding, info) as published; info holds data_path, lima_info... */
  encoding: Record<string, unknown> | null;
  info: Record<string, unknown> | null;
}

/** What the catalogue keeps of a scan. Identity fields (session, proposal...) stay available for access policies. */
export interface CatalogueRecord {
  key: string;
  /** `_SCAN_HISTORY_` id when seen in Redis, else null (scans imported from files). */
  historyId: string | null;
  number: number;
  /** Identity name (the scan command: ascan, loopscan...). */
  name: string;
  session: string | null;
  proposal: string | null;
  collection: string | null;
  dataset: string | null;
  title: string | null;
  type: string | null;
  /** Motors moved (short names: `roby`). */
  motors: string[];
  /** Channel (stream) full names. */
  channels: string[];
  state: ScanSummary['state'];
  startTime: string | null;
  endTime: string | null;
  endReason: string | null;
  points: number;
  expected: number | null;
  /** The HDF5 file of the scan (identity path) and its NeXus entry (`<number>.1`). */
  file: string | null;
  entry: string | null;
  /** Why the scan's document could not be used when last seen (listed anyway, as the scan list does). */
  error: string | null;
  /** The scan document as last seen: identity, scan_info (plot hints included) and stream models. */
  document: { identity: Record<string, unknown>; info: Record<string, unknown>; streams: RecordedStream[] } | null;
}

export interface SearchQuery {
  /** Free text over title and names (key, type, session, proposal, motors, channels). */
  q?: string;
  session?: string;
  proposal?: string;
  type?: string;
  motor?: string;
  endReason?: string;
  /** Start time bounds, ms since epoch; `to` exclusive. */
  from?: number;
  to?: number;
  limit: number;
  /** Opaque: from the previous page's `next`. */
  cursor?: string;
  /**
   * Only the scans of these proposals or sessions, or with these keys (what a user who may not see
   * everything may see). Applied in the query itself, so that limits and cursors page the visible scans.
   */
  within?: SearchScope;
}

export interface SearchScope {
  proposals: readonly string[];
  sessions: readonly string[];
  keys: readonly string[];
}

export interface SearchPage {
  records: CatalogueRecord[];
  /** Cursor of the next page, null on the last one. */
  next: string | null;
}

export interface ScanCatalogue {
  /** Inserts or updates scans (one transaction). */
  record(records: readonly CatalogueRecord[]): void;
  get(key: string): CatalogueRecord | undefined;
  /** Scans catalogued as saved in entry `entry` of `file` (a file may be rewritten: several, newest first). */
  findByFile(file: string, entry: string): Pick<CatalogueRecord, 'key' | 'proposal' | 'session'>[];
  /** Newest first (start time, then insertion). */
  search(query: SearchQuery): SearchPage;
  /** Keys already catalogued as closed, among `keys` (the start-up backfill skips them). */
  closedAmong(keys: readonly string[]): Set<string>;
  count(): number;
  close(): void;
}

/** A bad search (unparsable cursor, date or text): the HTTP route answers 400 with this message. */
export class SearchQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchQueryError';
  }
}
