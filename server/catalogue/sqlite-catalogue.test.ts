/** The SQLite catalogue on a real file: recording, updating, free text, filters, paging, persistence. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteCatalogue } from './sqlite-catalogue';
import { SearchQueryError, type CatalogueRecord } from './types';

const dir = mkdtempSync(path.join(os.tmpdir(), 'catalogue-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scan(n: number, over: Partial<CatalogueRecord> = {}): CatalogueRecord {
  const motor = n % 2 ? 'roby' : 'robz';
  return {
    key: `esrf:scan:${String(n).padStart(26, '0')}`,
    historyId: `${1_700_000_000_000 + n}-0`,
    number: n,
    name: n % 3 ? 'ascan' : 'loopscan',
    session: n % 4 ? 'demo_session' : 'other',
    proposal: 'id002512',
    collection: 'sample',
    dataset: '0001',
    title: n % 3 ? `ascan ${motor} 0 2 40 0.1` : 'loopscan 10 0.1',
    type: n % 3 ? 'ascan' : 'loopscan',
    motors: n % 3 ? [motor] : [],
    channels: [...(n % 3 ? [`axis:${motor}`] : []), 'simulation_diode_sampling_controller:diode1', 'timer:elapsed_time'],
    state: 'CLOSED',
    startTime: new Date(Date.UTC(2026, 0, 1) + n * 3_600_000).toISOString(),
    endTime: null,
    endReason: n === 5 ? 'USER_ABORT' : 'SUCCESS',
    points: 41,
    expected: 41,
    file: `/data/id00/sample_0001/sample_0001.h5`,
    entry: `${n}.1`,
    error: null,
    document: { identity: { name: 'ascan', number: n }, info: { title: 'x', plots: [{ kind: 'curve-plot' }] }, streams: [{ name: 'axis:roby', encoding: { type: 'numeric', dtype_str: '<f8', shape: [] }, info: { unit: 'mm' } }] },
    ...over,
  };
}

describe('SqliteCatalogue', () => {
  const catalogue = SqliteCatalogue.open(path.join(dir, 'nested', 'folder'));
  catalogue.record(Array.from({ length: 30 }, (_, i) => scan(i + 1)));

  it('creates its folder and keeps every field, the document included', () => {
    expect(catalogue.filePath).toBe(path.join(dir, 'nested', 'folder', 'catalogue.sqlite'));
    expect(catalogue.count()).toBe(30);
    expect(catalogue.get(scan(7).key)).toEqual(scan(7));
    expect(catalogue.get('esrf:scan:nope')).toBeUndefined();
  });

  it('searches free text over title and names, as word prefixes, all words required', () => {
    const numbers = (q: string) => catalogue.search({ q, limit: 100 }).records.map((r) => r.number);
    expect(numbers('roby')).toEqual([29, 25, 23, 19, 17, 13, 11, 7, 5, 1]);
    expect(numbers('loopscan')).toEqual([30, 27, 24, 21, 18, 15, 12, 9, 6, 3]);
    expect(numbers('diode1 robz')).toEqual([28, 26, 22, 20, 16, 14, 10, 8, 4, 2]);
    expect(numbers('dio')).toHaveLength(30);
    expect(numbers('ascan "roby" OR NOT')).toEqual([]);
    expect(numbers('nothing-like-it')).toEqual([]);
    expect(() => catalogue.search({ q: '***', limit: 10 })).toThrow(SearchQueryError);
  });

  it('filters by session, proposal, type, motor, end reason and start time', () => {
    const numbers = (query: Omit<Parameters<typeof catalogue.search>[0], 'limit'>) => catalogue.search({ ...query, limit: 100 }).records.map((r) => r.number);
    expect(numbers({ session: 'other' })).toEqual([28, 24, 20, 16, 12, 8, 4]);
    expect(numbers({ type: 'LOOPSCAN', session: 'other' })).toEqual([24, 12]);
    expect(numbers({ motor: 'ROBY', q: 'diode1' })).toEqual([29, 25, 23, 19, 17, 13, 11, 7, 5, 1]);
    expect(numbers({ endReason: 'USER_ABORT' })).toEqual([5]);
    expect(numbers({ proposal: 'id002512', from: Date.UTC(2026, 0, 1, 10), to: Date.UTC(2026, 0, 1, 13) })).toEqual([12, 11, 10]);
    expect(numbers({ proposal: 'other' })).toEqual([]);
  });

  it('pages newest first with an opaque cursor, without repeats or gaps', () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = catalogue.search({ limit: 7, cursor, q: 'sample' });
      seen.push(...page.records.map((r) => r.number));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
    expect(() => catalogue.search({ limit: 7, cursor: 'garbage' })).toThrow(/cursor/);
  });

  it('updates a scan in place, its text index and motors too', () => {
    catalogue.record([scan(7, { title: 'renamed mesh', motors: ['samy'], state: 'CLOSED', endReason: 'FAILURE' })]);
    expect(catalogue.count()).toBe(30);
    expect(catalogue.search({ q: 'renamed', limit: 5 }).records.map((r) => r.number)).toEqual([7]);
    expect(catalogue.search({ motor: 'samy', limit: 5 }).records.map((r) => r.number)).toEqual([7]);
    expect(catalogue.search({ motor: 'roby', q: 'renamed', limit: 5 }).records).toEqual([]);
    expect(catalogue.get(scan(7).key)?.endReason).toBe('FAILURE');
    expect(catalogue.closedAmong([scan(7).key, 'esrf:scan:unknown'])).toEqual(new Set([scan(7).key]));
  });

  it('keeps scans whose document was unusable, with the reason', () => {
    const broken = scan(31, { title: null, type: null, motors: [], channels: [], document: null, file: null, entry: null, error: 'info: expected object' });
    catalogue.record([broken]);
    expect(catalogue.get(broken.key)).toEqual(broken);
    catalogue.record([scan(31)]);
    expect(catalogue.get(broken.key)?.error).toBeNull();
    catalogue.record([{ ...scan(31), error: 'info: expected object', document: null }]);
    // A later unusable read keeps the last good document (what the file reopening needs).
    expect(catalogue.get(broken.key)?.document).toEqual(scan(31).document);
  });

  it('keeps everything in its file across a reopen', () => {
    catalogue.close();
    const again = SqliteCatalogue.open(path.join(dir, 'nested', 'folder'));
    try {
      expect(again.count()).toBe(31);
      expect(again.get(scan(8).key)).toEqual(scan(8));
      expect(again.search({ q: 'renamed', limit: 5 }).records.map((r) => r.number)).toEqual([7]);
    } finally {
      again.close();
    }
  });
});

describe('SqliteCatalogue.open', () => {
  it('says which folder it cannot create, and why', () => {
    const file = path.join(dir, 'a-file');
    rmSync(file, { force: true });
    writeFileSync(file, 'x');
    expect(() => SqliteCatalogue.open(path.join(file, 'catalogue'))).toThrow(new RegExp(`cannot create the scan catalogue folder ${file}/catalogue: .*(ENOTDIR|EEXIST)`));
  });
});
