/**
 * GET /api/scans?q=&session=&proposal=&type=&motor=&endReason=&from=&to=&limit=&cursor= over the
 * catalogue. Scans still in Redis come with their live row (state, progress) and `"source": "redis"`;
 * the others as catalogued, `"source": "file"` (they reopen from their HDF5 file).
 */
import { z } from 'zod';
import { isDeletedTtl, type DataStore } from '../../lib/blissdata/data-store';
import type { ScanSummary } from '../../lib/wire/contract';
import { summaryOfRecord } from './from-document';
import { SearchQueryError, type ScanCatalogue, type SearchQuery, type SearchScope } from './types';

export type ScanSource = 'redis' | 'file';
export type SearchResult = ScanSummary & { source: ScanSource; file: string | null; proposal: string | null; motors: string[] };

const DAY_MS = 86_400_000;

/** An ISO date or date-time; a bare date as `to` includes that whole day. */
function dateParam(name: string, value: string | undefined, bound: 'from' | 'to'): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || !Number.isFinite(ms)) throw new SearchQueryError(`${name} must be an ISO date like 2026-05-31 or 2026-05-31T14:00:00Z, got ${JSON.stringify(value)}`);
  return bound === 'to' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? ms + DAY_MS : ms;
}

const text = z.string().trim().min(1).max(500).optional().catch(undefined);

export function parseSearchQuery(query: Record<string, string | undefined>): SearchQuery {
  const limitText = query.limit ?? '';
  const limit = limitText === '' ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new SearchQueryError(`limit must be an integer between 1 and 10000, got ${JSON.stringify(limitText)}`);
  for (const name of ['q', 'session', 'proposal', 'type', 'motor', 'endReason', 'cursor'] as const) {
    if ((query[name]?.length ?? 0) > 500) throw new SearchQueryError(`${name} is longer than 500 characters`);
  }
  const from = dateParam('from', query.from, 'from');
  const to = dateParam('to', query.to, 'to');
  if (from !== undefined && to !== undefined && to < from) throw new SearchQueryError('to is before from');
  const pick = (name: string) => text.parse(query[name]);
  return { q: pick('q'), session: pick('session'), proposal: pick('proposal'), type: pick('type'), motor: pick('motor'), endReason: pick('endReason'), from, to, limit, cursor: pick('cursor') };
}

export async function searchScans(
  deps: { catalogue: ScanCatalogue; store: DataStore; live(key: string): ScanSummary | undefined },
  query: Record<string, string | undefined>,
  within?: SearchScope,
): Promise<{ scans: SearchResult[]; next: string | null }> {
  const page = deps.catalogue.search({ ...parseSearchQuery(query), within });
  // Which results Redis still holds: one pipelined TTL for the page (-2: gone; a few seconds: being
  // deleted by blissdata, which is gone already for a viewer).
  const ttls = page.records.length ? ((await deps.store.redis.pipeline(page.records.map((r) => ['ttl', r.key])).exec()) ?? []) : [];
  const scans = page.records.map((record, i): SearchResult => {
    const ttl = Number(ttls[i]?.[1]);
    const inRedis = !ttls[i]?.[0] && Number.isFinite(ttl) && !isDeletedTtl(ttl);
    // A scan gone from Redis is over, even if Lantern last saw it running (it stopped before it closed).
    const summary = (inRedis && deps.live(record.key)) || { ...summaryOfRecord(record), ...(inRedis ? {} : { state: 'CLOSED' as const }) };
    return { ...summary, source: inRedis ? 'redis' : 'file', file: record.file, proposal: record.proposal, motors: record.motors };
  });
  return { scans, next: page.next };
}
