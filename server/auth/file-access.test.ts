/**
 * Access control for scans gone from Redis, end to end: real Redis, real HDF5 files, the real SQLite
 * catalogue, protected mode. A scan reopened from its file is allowed or refused on every route (REST,
 * page, socket.io) exactly as it was in Redis; share links made while it was in Redis keep working
 * after it left; file keys are staff-only unless the catalogue knows the scan saved there; and the
 * catalogue search of a scoped user holds only what that user may see, whatever the query or cursor.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataStore } from '../../lib/blissdata/data-store';
import { numericStreamDefinition, ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { fileScanKey } from '../catalogue/file-scans';
import { Hdf5FileWriter } from '../../scripts/simulator/hdf5-writer';
import { TestClient, withLantern } from '../testing/lantern-fixture';
import { rawRequest } from './testing/http-client';

const SECRET = 'a-test-link-secret-that-is-long-enough-0123456789';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-file-access-'));
const lantern = withLantern({ env: { LANTERN_ACCESS: 'protected', LANTERN_TRUSTED_PROXIES: '127.0.0.1', LANTERN_STAFF_GROUPS: 'beamline-staff', LANTERN_LINK_SECRET: SECRET, DATA_ROOTS: dataDir } });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const alice = { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'proposal:ih0001' };
const bob = { 'x-forwarded-user': 'bob', 'x-forwarded-groups': 'session:beta' };
const carol = { 'x-forwarded-user': 'carol', 'x-forwarded-groups': 'proposal:ih0002' };
const staff = { 'x-forwarded-user': 'sam', 'x-forwarded-groups': 'beamline-staff' };

interface Saved {
  key: string;
  file: string;
  entry: string;
  proposal: string;
  session: string;
}

let store: DataStore;
/** Saved scans, by proposal and session; all but `live` are expired from Redis before the tests. */
const scans: Record<'A' | 'B' | 'C' | 'A2', Saved> = {} as never;
let live: Saved;
let orphanKey: string;
let linkMadeWhileLive: string;

const get = (p: string, headers: Record<string, string> = {}) => rawRequest(`${lantern.url}${p}`, { headers });
const post = (p: string, body: unknown, headers: Record<string, string>) =>
  rawRequest(`${lantern.url}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const scanPath = (key: string, rest = '') => `/api/scans/${encodeURIComponent(key)}${rest}`;
/** Every REST route kind that reads a scan. */
const routesOf = (key: string) => [
  scanPath(key),
  scanPath(key, '/streams/dev%3Ax'),
  scanPath(key, '/streams/dev%3Ax?format=csv'),
  scanPath(key, '/streams/dev%3Ax?format=binary'),
  scanPath(key, '/streams/dev%3Ax/lod?buckets=2'),
  scanPath(key, '/streams/det%3Aimage/frames/1?format=raw'),
];
const withToken = (p: string, token: string) => `${p}${p.includes('?') ? '&' : '?'}token=${token}`;

/** An HDF5 file as Bliss writes one entry, and the scan published into Redis with its identity. */
async function saveScan(name: string, number: number, proposal: string, session: string): Promise<Saved> {
  const file = path.join(dataDir, proposal, session, `${name}.h5`);
  const entry = `${number}.1`;
  const w = await Hdf5FileWriter.create(file);
  w.group(`/${entry}`, { NX_class: 'NXentry' });
  w.value(`/${entry}/title`, `loopscan 3 0.1 ${name}`);
  w.createStack(`/${entry}/instrument/x/value`, { dtype: '<f8', pointShape: [] }).append([number, number + 0.5, number + 1], 3);
  w.createStack(`/${entry}/instrument/det/image`, { dtype: '<u2', pointShape: [2, 3] }).append(Array.from({ length: 18 }, (_, i) => number * 100 + i), 3);
  w.link(`/${entry}/instrument/x/value`, `/${entry}/measurement/x`);
  w.link(`/${entry}/instrument/det/image`, `/${entry}/measurement/image`);
  w.close();
  const scan = await ScanWriter.create(store, { name: 'loopscan', number, data_policy: 'ESRF', session, proposal, path: file }, { title: `loopscan 3 0.1 ${name}`, type: 'loopscan', save: true, npoints: 3 });
  const x = scan.declareStream('dev:x', numericStreamDefinition('<f8', []));
  const image = scan.declareStream('det:image', numericStreamDefinition('<u2', [2, 3]));
  await scan.prepare();
  await scan.start();
  x.send(Float64Array.from([number, number + 0.5, number + 1]));
  image.send(Uint16Array.from({ length: 18 }, (_, i) => number * 100 + i));
  await scan.stop();
  await scan.close();
  return { key: scan.key, file, entry, proposal, session };
}

/** What blissdata's TTL does at the end: the scan and its streams leave Redis. */
async function expire(key: string): Promise<void> {
  const doc = JSON.parse((await store.redis.call('JSON.GET', key)) as string) as { data_streams: Record<string, { pk: string }>; state_stream: { pk: string } };
  await store.redis.del(key, store.keys.streamKey(doc.state_stream.pk), ...Object.values(doc.data_streams).map((s) => store.keys.streamKey(s.pk)));
}

interface SearchBody {
  scans: { key: string; source: string; state: string; proposal: string | null; session: string | null }[];
  next: string | null;
}

async function search(query: string, headers: Record<string, string>): Promise<SearchBody> {
  const res = await get(`/api/scans?${query}`, headers);
  expect(res.status, `${query}: ${res.text}`).toBe(200);
  return res.json<SearchBody>();
}

/** Every page of a search, following `next`. */
async function searchAll(query: string, headers: Record<string, string>): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const body = await search(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers);
    keys.push(...body.scans.map((s) => s.key));
    cursor = body.next;
    if (!cursor) return keys;
  }
  throw new Error('search never ended');
}

beforeAll(async () => {
  store = await lantern.redis.store();
  scans.A = await saveScan('a', 11, 'ih0001', 'alpha');
  scans.B = await saveScan('b', 12, 'ih0002', 'alpha');
  scans.C = await saveScan('c', 13, 'ih0002', 'beta');
  scans.A2 = await saveScan('a2', 14, 'ih0001', 'gamma');
  live = await saveScan('live', 15, 'ih0001', 'alpha');
  const all = [...Object.values(scans), live];
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await search('limit=100', staff)).scans;
    if (all.every((s) => found.some((f) => f.key === s.key && f.state === 'CLOSED'))) break;
    if (Date.now() > deadline) throw new Error('scans not catalogued within 15 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  // A link made while C was still in Redis.
  const made = await post('/api/links', { scan: scans.C.key }, staff);
  expect(made.status, made.text).toBe(201);
  linkMadeWhileLive = made.json<{ token: string }>().token;
  // Let the catalogue record the closed state before the scans leave.
  await new Promise((r) => setTimeout(r, 200));
  for (const s of Object.values(scans)) await expire(s.key);
  // A fresh Lantern (as after a restart, or long after the expiry): nothing of these scans is left in
  // memory, only in the catalogue.
  await lantern.restart();

  // A file no catalogued scan was saved to.
  const orphan = path.join(dataDir, 'orphan.h5');
  const w = await Hdf5FileWriter.create(orphan);
  w.group('/1.1', { NX_class: 'NXentry' });
  w.value('/1.1/title', 'ct 0.1');
  w.createStack('/1.1/instrument/x/value', { dtype: '<f8', pointShape: [] }).append([7], 1);
  w.link('/1.1/instrument/x/value', '/1.1/measurement/x');
  w.close();
  orphanKey = fileScanKey(orphan, '1.1');
});

describe('a scan gone from Redis', () => {
  it('is served from its file to users of its proposal or session, on every route kind', async () => {
    for (const [who, key] of [
      [alice, scans.A.key],
      [alice, scans.A2.key],
      [bob, scans.C.key],
      [carol, scans.B.key],
      [staff, scans.B.key],
    ] as const) {
      for (const p of routesOf(key)) {
        const res = await get(p, who);
        expect(res.status, `${who['x-forwarded-user']} ${p}: ${res.text}`).toBe(200);
        expect(res.headers['x-source'], p).toBe('file');
      }
    }
    const slice = (await get(scanPath(scans.A.key, '/streams/dev%3Ax'), alice)).json();
    expect(slice).toEqual({ from: 0, to: 3, dtype: '<f8', shape: [], data: [11, 11.5, 12], expired: null, fromFile: [0, 3], source: 'file' });
  });

  it('is refused (403) to users of other proposals and sessions, on every route kind', async () => {
    for (const [who, key] of [
      [alice, scans.B.key],
      [alice, scans.C.key],
      [bob, scans.A.key],
      [bob, scans.B.key],
      [carol, scans.A.key],
    ] as const) {
      for (const p of routesOf(key)) {
        const res = await get(p, who);
        expect(res.status, `${who['x-forwarded-user']} ${p}`).toBe(403);
        expect(res.text).not.toContain('loopscan');
      }
    }
    // The page too: a clear refusal rather than the scan.
    const page = await get(`/scans/${encodeURIComponent(scans.B.key)}`, alice);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/link-error?reason=forbidden');
    expect((await get(`/scans/${encodeURIComponent(scans.A.key)}`, alice)).headers.location).toBeUndefined();
    // Nor can it be shared by someone who may not see it.
    expect((await post('/api/links', { scan: scans.B.key }, alice)).status).toBe(403);
  });

  it('opens on socket.io for users who may see it, and is refused to the others', async () => {
    const client = await TestClient.connect(lantern.url, { headers: alice });
    try {
      const snapshot = await client.subscribe(scans.A.key);
      expect(snapshot).toMatchObject({ key: scans.A.key, source: 'file' });
      await expect(client.subscribe(scans.B.key)).rejects.toThrow(/^forbidden: scan .* is not in your proposals/);
      await expect(client.subscribe(scans.C.key)).rejects.toThrow(/^forbidden/);
      await expect(client.subscribe(orphanKey)).rejects.toThrow(/^forbidden/);
    } finally {
      client.close();
    }
  });

  it('keeps share links working: made while in Redis, and made after it left', async () => {
    for (const p of routesOf(scans.C.key)) expect((await get(withToken(p, linkMadeWhileLive))).status, p).toBe(200);
    for (const p of routesOf(scans.B.key)) expect((await get(withToken(p, linkMadeWhileLive))).status, p).toBe(403);
    const viewer = await TestClient.connect(lantern.url, { auth: { token: linkMadeWhileLive } });
    try {
      expect(await viewer.subscribe(scans.C.key)).toMatchObject({ source: 'file' });
      await expect(viewer.subscribe(scans.A.key)).rejects.toThrow(/^forbidden/);
    } finally {
      viewer.close();
    }

    const made = await post('/api/links', { scan: scans.B.key }, carol);
    expect(made.status, made.text).toBe(201);
    const { token } = made.json<{ token: string }>();
    for (const p of routesOf(scans.B.key)) expect((await get(withToken(p, token))).status, p).toBe(200);
    expect((await get(withToken(scanPath(scans.C.key), token))).status).toBe(403);

    const session = await post('/api/links', { session: 'beta' }, staff);
    const sessionToken = session.json<{ token: string }>().token;
    expect((await get(withToken(scanPath(scans.C.key, '/streams/dev%3Ax'), sessionToken))).status).toBe(200);
    expect((await get(withToken(scanPath(scans.B.key, '/streams/dev%3Ax'), sessionToken))).status).toBe(403);
  });

  it('answers a scan nobody knows with a plain 404 to scoped users', async () => {
    const res = await get(scanPath('esrf:scan:01NEVER0SEEN0000000000000'), alice);
    expect(res.status).toBe(404);
    expect(res.json()).toEqual({ error: 'no scan esrf:scan:01NEVER0SEEN0000000000000', type: 'ScanNotFoundError' });
  });
});

describe('file keys', () => {
  it('take the proposal and session of the scan catalogued in that file entry', async () => {
    const key = fileScanKey(scans.A.file, scans.A.entry);
    expect((await get(scanPath(key, '/streams/x'), alice)).json()).toMatchObject({ data: [11, 11.5, 12], source: 'file' });
    expect((await get(scanPath(key), bob)).status).toBe(403);
    expect((await get(scanPath(fileScanKey(scans.C.file, scans.C.entry), '/streams/x'), bob)).status).toBe(200);
    expect((await get(scanPath(fileScanKey(scans.C.file, scans.C.entry)), alice)).status).toBe(403);
  });

  it('are staff-only when no catalogued scan was saved there', async () => {
    for (const who of [alice, bob, carol]) expect((await get(scanPath(orphanKey), who)).status).toBe(403);
    // Another entry of a known file is not the known scan.
    expect((await get(scanPath(fileScanKey(scans.A.file, '99.1')), alice)).status).toBe(403);
    const res = await get(scanPath(orphanKey, '/streams/x'), staff);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ data: [7], source: 'file' });
  });
});

describe('search for scoped users', () => {
  const keysOf = (...list: Saved[]) => list.map((s) => s.key).sort();

  it('searches the catalogue, scans from files included, holding only what the user may see', async () => {
    const mine = await search('limit=100', alice);
    expect(mine.scans.map((s) => s.key).sort()).toEqual(keysOf(scans.A, scans.A2, live));
    expect(mine.scans.find((s) => s.key === scans.A.key)).toMatchObject({ source: 'file', proposal: 'ih0001' });
    expect(mine.scans.find((s) => s.key === live.key)).toMatchObject({ source: 'redis' });
    expect((await search('limit=100', bob)).scans.map((s) => s.key)).toEqual([scans.C.key]);
    expect((await search('limit=100', carol)).scans.map((s) => s.key).sort()).toEqual(keysOf(scans.B, scans.C));
    expect((await search('limit=100', staff)).scans.map((s) => s.key)).toEqual(expect.arrayContaining(keysOf(scans.A, scans.B, scans.C, scans.A2, live)));
  });

  it('never shows another proposal by any query, filter or cursor', async () => {
    const queries = ['q=loopscan', 'q=b', `q=${encodeURIComponent(scans.B.key)}`, 'proposal=ih0002', 'session=alpha', 'session=beta', 'type=loopscan', 'from=2000-01-01', 'endReason=SUCCESS', 'q=ih0002'];
    for (const query of queries) {
      for (const limit of [1, 2, 100]) {
        const seen = await searchAll(`${query}&limit=${limit}`, alice);
        expect(seen.every((k) => [scans.A.key, scans.A2.key, live.key].includes(k)), `${query}&limit=${limit}: ${seen.join(' ')}`).toBe(true);
        expect(new Set(seen).size).toBe(seen.length);
      }
    }
    // Paging one by one walks exactly the visible scans, newest first, none skipped.
    expect(await searchAll('limit=1', alice)).toEqual((await search('limit=100', alice)).scans.map((s) => s.key));
    expect((await search('session=alpha&limit=100', alice)).scans.map((s) => s.key).sort()).toEqual(keysOf(scans.A, live));
    expect((await search('proposal=ih0002', alice)).scans).toEqual([]);
    // A cursor from someone else's search only pages on within the user's own scans.
    const staffPage = await search('limit=1', staff);
    const after = await searchAll(`limit=1&cursor=${encodeURIComponent(staffPage.next!)}`, alice);
    expect(after.every((k) => [scans.A.key, scans.A2.key, live.key].includes(k))).toBe(true);
  });

  it('gives a share link holder the linked scan or session only', async () => {
    expect((await search(`limit=100&token=${linkMadeWhileLive}`, {})).scans.map((s) => s.key)).toEqual([scans.C.key]);
    const session = await post('/api/links', { session: 'alpha' }, staff);
    const token = session.json<{ token: string }>().token;
    expect((await search(`limit=100&token=${token}`, {})).scans.map((s) => s.key).sort()).toEqual(keysOf(scans.A, scans.B, live));
  });

  it('refuses a bad query with 400, as for staff', async () => {
    const res = await get('/api/scans?from=yesterday', alice);
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: expect.stringMatching(/from must be an ISO date/) });
    expect((await get('/api/scans?cursor=bm9wZQ', alice)).status).toBe(400);
  });
});
