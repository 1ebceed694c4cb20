/**
 * The catalogue search restricted to what a user may see (proposals, sessions, linked scans), applied in
 * SQL so that limits and cursors page the visible scans only; and the lookup of the scans saved in one
 * file entry, which gives file keys their scope. Real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCatalogue } from './sqlite-catalogue';
import type { CatalogueRecord, SearchQuery, SearchScope } from './types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catalogue-scope-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROPOSALS = ['ih0001', 'ih0002', 'ih0003'];
const SESSIONS = ['alpha', 'beta'];

function scan(n: number): CatalogueRecord {
  const proposal = n % 11 === 0 ? null : PROPOSALS[n % 3]!;
  return {
    key: `esrf:scan:${String(n).padStart(26, '0')}`,
    historyId: `${1_700_000_000_000 + n}-0`,
    number: n,
    name: 'ascan',
    session: SESSIONS[n % 2]!,
    proposal,
    collection: null,
    dataset: null,
    title: `ascan roby 0 1 10 0.1 ${proposal ?? 'none'}`,
    type: 'ascan',
    motors: ['roby'],
    channels: ['axis:roby'],
    state: 'CLOSED',
    // Some start times shared, so that the cursor's tie-break on id is exercised.
    startTime: new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 3) * 60_000).toISOString(),
    endTime: null,
    endReason: 'SUCCESS',
    points: 10,
    expected: 10,
    file: `/data/${proposal ?? 'none'}/${SESSIONS[n % 2]}.h5`,
    entry: n % 5 === 0 ? null : `${n}.1`,
    error: null,
    document: null,
  };
}

const ALL = Array.from({ length: 200 }, (_, i) => scan(i + 1));
const catalogue = SqliteCatalogue.open(dir);
catalogue.record(ALL);

function visible(record: CatalogueRecord, scope: SearchScope): boolean {
  return (record.proposal !== null && scope.proposals.includes(record.proposal)) || (record.session !== null && scope.sessions.includes(record.session)) || scope.keys.includes(record.key);
}

/** Every page of a search. */
function pages(query: Omit<SearchQuery, 'cursor'>, start?: string): string[] {
  const keys: string[] = [];
  let cursor = start;
  for (let i = 0; i < 1000; i++) {
    const page = catalogue.search({ ...query, cursor });
    expect(page.records.length).toBeLessThanOrEqual(query.limit);
    keys.push(...page.records.map((r) => r.key));
    if (!page.next) return keys;
    cursor = page.next;
  }
  throw new Error('no last page');
}

describe('search within a scope', () => {
  const scopes: SearchScope[] = [
    { proposals: ['ih0001'], sessions: [], keys: [] },
    { proposals: [], sessions: ['beta'], keys: [] },
    { proposals: [], sessions: [], keys: [scan(7).key, scan(11).key, 'esrf:scan:unknown'] },
    { proposals: ['ih0002'], sessions: [], keys: [scan(22).key] },
    { proposals: [], sessions: [], keys: [] },
  ];

  it('pages exactly the visible scans, newest first, by every limit', () => {
    const newestFirst = [...ALL].reverse();
    for (const within of scopes) {
      const expected = newestFirst.filter((r) => visible(r, within)).map((r) => r.key);
      for (const limit of [1, 3, 7, 50, 1000]) expect(pages({ limit, within }), `${JSON.stringify(within)} limit ${limit}`).toEqual(expected);
    }
    expect(pages({ limit: 1000, within: scopes[4] })).toEqual([]);
  });

  it('is never widened by filters or text', () => {
    const within = scopes[0]!;
    for (const query of [{ proposal: 'ih0002' }, { q: 'ih0002' }, { session: 'beta' }, { q: 'ascan' }, { motor: 'roby' }, { type: 'ascan' }]) {
      const keys = pages({ ...query, limit: 4, within });
      expect(keys.every((k) => ALL.find((r) => r.key === k)!.proposal === 'ih0001'), JSON.stringify(query)).toBe(true);
    }
    expect(pages({ proposal: 'ih0002', limit: 10, within })).toEqual([]);
    expect(pages({ session: 'beta', limit: 10, within })).toHaveLength(ALL.filter((r) => r.proposal === 'ih0001' && r.session === 'beta').length);
  });

  it('holds a cursor from an unrestricted search to the scope', () => {
    const first = catalogue.search({ limit: 5 });
    const rest = pages({ limit: 5, within: scopes[1]! }, first.next!);
    const expected = [...ALL].reverse().slice(5).filter((r) => r.session === 'beta').map((r) => r.key);
    expect(rest).toEqual(expected);
  });
});

describe('findByFile', () => {
  it('finds the scans saved in an entry, by recorded entry or by number', () => {
    expect(catalogue.findByFile(scan(4).file!, '4.1')).toEqual([{ key: scan(4).key, proposal: scan(4).proposal, session: 'alpha' }]);
    // Entry not recorded: Bliss's `<number>.1`.
    expect(catalogue.findByFile(scan(10).file!, '10.1')).toEqual([{ key: scan(10).key, proposal: scan(10).proposal, session: 'alpha' }]);
    expect(catalogue.findByFile(scan(4).file!, '5.1')).toEqual([]);
    expect(catalogue.findByFile('/data/elsewhere.h5', '4.1')).toEqual([]);
  });
});
