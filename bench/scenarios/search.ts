/**
 * search: GET /api/scans over a catalogue of 100 000 scans (free text, filters, date ranges, deep
 * pages), measured end to end over HTTP against a Lantern server process. The catalogue is filled
 * directly (SQLite, as Lantern records scans) with varied sessions, types, motors, counters and
 * titles over a year; the goal is under 100 ms per search. The same searches restricted to what one
 * user may see (a few proposals and sessions, as the access policy passes them to the catalogue) are
 * timed on the catalogue itself, in this process: signing a user in over HTTP would need an OIDC
 * provider, and the scope only changes the SQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseSearchQuery } from '../../server/catalogue/search-route';
import { SqliteCatalogue } from '../../server/catalogue/sqlite-catalogue';
import type { CatalogueRecord, SearchScope } from '../../server/catalogue/types';
import type { BenchContext, ScenarioResult } from '../context';
import { median, percentile, round } from '../stats';

const SCANS = 100_000;
const TYPES = ['ascan', 'dscan', 'a2scan', 'amesh', 'loopscan', 'timescan', 'ct', 'fscan', 'sequence'];
const MOTORS = ['roby', 'robz', 'samx', 'samy', 'samz', 'phi', 'kappa', 'energy', 'gap1', 'slit_vg', 'slit_hg', 'mono_bragg', 'detz', 'omega', 'chi', 'tth', 'th', 'dz', 'dy', 'bsy'];
const COUNTERS = ['diode1', 'diode2', 'mon', 'i0', 'it', 'ifluo', 'p201_0', 'ct32', 'mca_det0_sum', 'roi1', 'roi2', 'roi3', 'xmap_det1', 'pilatus_roi'];
const YEAR_MS = 365 * 86_400_000;
const START = Date.UTC(2025, 0, 1);

/** A deterministic pseudo-random sequence (the same catalogue every run). */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function records(): CatalogueRecord[] {
  const rand = lcg(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  return Array.from({ length: SCANS }, (_, i) => {
    const type = pick(TYPES);
    const motor = type === 'ascan' || type === 'dscan' || type === 'fscan' ? [pick(MOTORS)] : type === 'a2scan' || type === 'amesh' ? [pick(MOTORS), pick(MOTORS)] : [];
    const counters = [pick(COUNTERS), pick(COUNTERS), pick(COUNTERS)];
    const session = `session_${i % 40}`;
    const proposal = `ih${String(1000 + (i % 300)).padStart(4, '0')}`;
    const start = START + Math.floor((i / SCANS) * YEAR_MS);
    const title = motor.length ? `${type} ${motor.map((m) => `${m} ${round(rand() * 10, 3)} ${round(10 + rand() * 10, 3)}`).join(' ')} ${Math.floor(rand() * 100)} 0.1` : `${type} ${Math.floor(rand() * 1000)} 0.1`;
    const number = (i % 5000) + 1;
    return {
      key: `esrf:scan:bench${String(i).padStart(21, '0')}`,
      historyId: `${start}-0`,
      number,
      name: type,
      session,
      proposal,
      collection: 'sample',
      dataset: String(1 + (i % 50)).padStart(4, '0'),
      title,
      type,
      motors: motor,
      channels: [...motor.map((m) => `axis:${m}`), ...counters.map((c) => `simulation_controller:${c}`), 'timer:elapsed_time', 'timer:epoch'],
      state: 'CLOSED',
      startTime: new Date(start).toISOString(),
      endTime: new Date(start + 60_000).toISOString(),
      endReason: rand() < 0.05 ? 'USER_ABORT' : 'SUCCESS',
      points: 41,
      expected: 41,
      file: `/data/visitor/${proposal}/id00/sample/sample_${number}.h5`,
      entry: `${number}.1`,
      error: null,
      document: { identity: { name: type, number, session, proposal }, info: { title, type, npoints: 41, plots: [{ kind: 'curve-plot', items: [{ kind: 'curve', x: motor[0] ? `axis:${motor[0]}` : 'timer:elapsed_time' }] }] }, streams: [] },
    };
  });
}

/** The searches a user makes, from broad to narrow. */
const QUERIES: [string, string][] = [
  ['newest', ''],
  ['text common', 'q=diode1'],
  ['text rare', 'q=mono_bragg+pilatus'],
  ['text no match', 'q=nothingmatchesthis'],
  ['session', 'session=session_7'],
  ['session+type', 'session=session_7&type=ascan'],
  ['motor', 'motor=samz'],
  ['motor+text', 'motor=energy&q=i0'],
  ['date range', 'from=2025-06-01&to=2025-06-07'],
  ['proposal+date+aborted', 'proposal=ih1042&from=2025-03-01&to=2025-09-30&endReason=USER_ABORT'],
  ['text+date', 'q=roby&from=2025-11-01&to=2025-12-31'],
];

/** A user's scope: the proposals of their experiments and the sessions of their beamline. */
const USER_SCOPE: SearchScope = { proposals: ['ih1042', 'ih1007', 'ih1251'], sessions: ['session_7'], keys: [] };
/** A staff-like scope: a hundred proposals. */
const STAFF_SCOPE: SearchScope = { proposals: Array.from({ length: 100 }, (_, i) => `ih${1000 + 3 * i}`), sessions: [], keys: [] };

/** The searches within a scope, timed on the catalogue (ms each, and per-query notes). */
function scopedSearches(catalogue: SqliteCatalogue, repeats: number): { samples: number[]; notes: string[] } {
  const samples: number[] = [];
  const notes: string[] = [];
  for (const [scopeName, within] of [['user', USER_SCOPE], ['staff', STAFF_SCOPE]] as const) {
    for (const [name, q] of QUERIES) {
      const query = { ...parseSearchQuery(Object.fromEntries(new URLSearchParams(`limit=50&${q}`))), within };
      catalogue.search(query);
      const times: number[] = [];
      let found = 0;
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now();
        found = catalogue.search(query).records.length;
        times.push(performance.now() - t0);
      }
      samples.push(...times);
      notes.push(`scoped (${scopeName}) ${name}: p50 ${round(median(times))} ms, max ${round(Math.max(...times))} ms (${found}${found === 50 ? '+' : ''} found)`);
    }
  }
  return { samples, notes };
}

export async function search(ctx: BenchContext): Promise<ScenarioResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-search-'));
  const notes: string[] = [];
  try {
    const fillStart = performance.now();
    const catalogue = SqliteCatalogue.open(dir);
    const all = records();
    for (let i = 0; i < all.length; i += 10_000) catalogue.record(all.slice(i, i + 10_000));
    const fillS = (performance.now() - fillStart) / 1000;
    ctx.log(`  catalogue of ${SCANS} scans filled in ${round(fillS)} s`);
    const scoped = scopedSearches(catalogue, ctx.quick ? 5 : 20);
    catalogue.close();
    const server = await ctx.startServer({ LANTERN_DATA_DIR: dir });
    const repeats = ctx.quick ? 10 : 40;
    const samples: number[] = [];
    const perQuery: string[] = [];
    try {
      const get = async (query: string) => {
        const t0 = performance.now();
        const res = await fetch(`${server.url}/api/scans?limit=50${query ? `&${query}` : ''}`);
        const body = (await res.json()) as { scans: unknown[]; next: string | null; error?: string };
        const ms = performance.now() - t0;
        if (!res.ok) throw new Error(`${query}: ${res.status} ${body.error}`);
        return { ms, body };
      };
      // Warm up (page cache, prepared statements).
      for (const [, q] of QUERIES) await get(q);
      for (const [name, q] of QUERIES) {
        const times: number[] = [];
        let found = 0;
        for (let r = 0; r < repeats; r++) {
          const { ms, body } = await get(q);
          times.push(ms);
          found = body.scans.length;
        }
        samples.push(...times);
        perQuery.push(`${name}: p50 ${round(median(times))} ms, max ${round(Math.max(...times))} ms (${found}${found === 50 ? '+' : ''} found)`);
      }
      // Deep paging: page 20 of a broad search, by cursor.
      const deep: number[] = [];
      for (let r = 0; r < Math.max(2, repeats / 10); r++) {
        let cursor: string | null = null;
        for (let page = 0; page < 20; page++) {
          const { ms, body }: { ms: number; body: { next: string | null } } = await get(`q=diode1${cursor ? `&cursor=${cursor}` : ''}`);
          deep.push(ms);
          cursor = body.next;
          if (!cursor) break;
        }
      }
      samples.push(...deep);
      perQuery.push(`20 pages of q=diode1 by cursor: p50 ${round(median(deep))} ms, max ${round(Math.max(...deep))} ms`);
    } finally {
      await server.stop();
    }
    notes.push(`${SCANS} scans over a year, ${QUERIES.length} searches x ${repeats} + deep paging, HTTP end to end (limit 50); catalogue filled in ${round(fillS)} s`, ...perQuery);
    notes.push(`scoped: the same searches within a user's scope (3 proposals + 1 session) and a staff scope (100 proposals), on the catalogue in process`, ...scoped.notes);
    return {
      fields: {
        search_100k_p50_ms: round(median(samples)),
        search_100k_p99_ms: round(percentile(samples, 99)),
        search_100k_max_ms: round(Math.max(...samples)),
        search_100k_scoped_p99_ms: round(percentile(scoped.samples, 99)),
        search_100k_scoped_max_ms: round(Math.max(...scoped.samples)),
      },
      notes,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
