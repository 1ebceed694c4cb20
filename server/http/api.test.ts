/** REST API on every route with real values: real Redis, real scans written through the blissdata writer. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter, jsonStreamDefinition, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import type { ScanSummary } from '../../lib/wire/contract';
import { until, withLantern } from '../testing/lantern-fixture';

// AOF: the last test stops and restarts Redis, and the database must survive it.
const lantern = withLantern({ redis: { persistence: 'aof' } });

const range = (from: number, to: number, f = (i: number) => i) => Array.from({ length: to - from }, (_, k) => f(from + k));

async function get(path: string, init?: RequestInit): Promise<Response> {
  return fetch(`${lantern.url}${path}`, init);
}

async function getJson<T = Record<string, unknown>>(path: string, status = 200): Promise<T> {
  const res = await get(path);
  const body = await res.text();
  expect(res.status, `${path}: ${body}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return JSON.parse(body) as T;
}

const streamPath = (key: string, name: string, query = '') => `/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(name)}${query}`;

interface Scans {
  /** Closed, session alpha: the stream zoo. */
  closed: ScanWriter;
  /** Running, session beta. */
  running: ScanWriter;
  /** Prepared, session alpha. */
  prepared: ScanWriter;
  /** Closed, with its `x` stream trimmed at the head. */
  trimmed: ScanWriter;
}
let scans: Scans;

const ROBY = range(0, 10, (i) => i * 0.25 - 1.5);
const PT_NO = range(0, 10);
const MCA = range(0, 10 * 8, (i) => i * 3);
const IMAGES = range(0, 5 * 2 * 3, (i) => 1000 + i);

beforeAll(async () => {
  const store = await lantern.redis.store({ maxRetriesPerRequest: null });

  const closed = await ScanWriter.create(
    store,
    { name: 'ascan', number: 7, data_policy: 'no_policy', session: 'alpha', proposal: 'ih0001' },
    { title: 'ascan roby -1.5 0.75 9 0.1', type: 'ascan', npoints: 10, channels: { diode1: { unit: 'cts' } } },
  );
  const roby = closed.declareStream('axis:roby', numericStreamDefinition('<f8', [], { unit: 'mm' }));
  const ptNo = closed.declareStream('#Pt No', numericStreamDefinition('<i4', []));
  const diode = closed.declareStream('diode1', numericStreamDefinition('<f8', []));
  const mca = closed.declareStream('mca1:spectrum', numericStreamDefinition('<u4', [8]));
  const image = closed.declareStream('lima simulator:image', numericStreamDefinition('<u2', [2, 3]));
  const notes = closed.declareStream('notes', jsonStreamDefinition());
  closed.declareStream('empty', numericStreamDefinition('<f8', []));
  const odd = closed.declareStream('odd/name?50% & more', numericStreamDefinition('<f8', []));
  await closed.prepare();
  await closed.start();
  roby.send(Float64Array.from(ROBY.slice(0, 4)));
  roby.send(Float64Array.from(ROBY.slice(4)));
  ptNo.send(Int32Array.from(PT_NO));
  diode.send(Float64Array.from(range(0, 6, (i) => i * i)));
  mca.send(Uint32Array.from(MCA));
  image.send(Uint16Array.from(IMAGES));
  notes.sendJson({ comment: 'start', at: 0 });
  notes.sendJson('plain text');
  odd.send(Float64Array.from([1.5, 2.5]));
  await closed.stop();
  await closed.close();

  const running = await ScanWriter.create(store, { name: 'loopscan', number: 8, data_policy: 'no_policy', session: 'beta' }, { title: 'loopscan 0 0.1', npoints: 0 });
  const r = running.declareStream('timer:elapsed_time', numericStreamDefinition('<f8', []));
  await running.prepare();
  await running.start();
  r.send(Float64Array.from([0, 0.1, 0.2]));
  await running.flush();

  const prepared = await ScanWriter.create(store, { name: 'ct', number: 9, data_policy: 'no_policy', session: 'alpha' }, { title: 'ct 0.1', npoints: 1 });
  prepared.declareStream('diode1', numericStreamDefinition('<f8', []));
  await prepared.prepare();

  const trimmed = await ScanWriter.create(store, { name: 'timescan', number: 10, data_policy: 'no_policy', session: 'gamma' }, { title: 'timescan', npoints: 100 });
  const x = trimmed.declareStream('x', numericStreamDefinition('<f8', []));
  await trimmed.prepare();
  await trimmed.start();
  for (let b = 0; b < 10; b++) x.send(Float64Array.from(range(b * 10, b * 10 + 10, (i) => i + 0.5)));
  await trimmed.close();
  // What blissdata's memory tracker does: drop whole entries at the head (ids 0-1, 10-1, 20-1).
  await store.redis.xtrim(x.key, 'MINID', '30');

  scans = { closed, running, prepared, trimmed };
  await until(() => lantern.app.index.list().length === 4, 10_000, 'scan index holds the 4 scans');
});

describe('GET /api/health', () => {
  it('reports Redis reachable, protocol 1 and the JSON module', async () => {
    const body = await getJson<{ ok: boolean; redis: { reachable: boolean; latencyMs: number; protocolVersion: string; modules: string[] }; uptimeSeconds: number }>('/api/health');
    expect(body.ok).toBe(true);
    expect(body.redis.reachable).toBe(true);
    expect(body.redis.protocolVersion).toBe('1');
    expect(body.redis.modules).toContain('ReJSON');
    expect(body.redis.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });
});

describe('GET /api/scans', () => {
  it('lists scans newest first with their summary', async () => {
    const { scans: list } = await getJson<{ scans: ScanSummary[] }>('/api/scans');
    expect(list.map((s) => s.key)).toEqual([scans.trimmed.key, scans.prepared.key, scans.running.key, scans.closed.key]);
    const closed = list[3]!;
    expect(closed).toMatchObject({ number: 7, name: 'ascan', session: 'alpha', title: 'ascan roby -1.5 0.75 9 0.1', type: 'ascan', state: 'CLOSED', endReason: 'SUCCESS' });
    expect(closed.historyId).toMatch(/^\d+-\d+$/);
    expect(list[2]).toMatchObject({ number: 8, session: 'beta', state: 'STARTED' });
    expect(list[1]).toMatchObject({ number: 9, session: 'alpha', state: 'PREPARED' });
  });

  it('filters by session', async () => {
    const alpha = await getJson<{ scans: ScanSummary[] }>('/api/scans?session=alpha');
    expect(alpha.scans.map((s) => s.number)).toEqual([9, 7]);
    const beta = await getJson<{ scans: ScanSummary[] }>('/api/scans?session=beta');
    expect(beta.scans.map((s) => s.number)).toEqual([8]);
    const none = await getJson<{ scans: ScanSummary[] }>('/api/scans?session=nobody');
    expect(none.scans).toEqual([]);
  });

  it('applies limit and pages with before', async () => {
    const first = await getJson<{ scans: ScanSummary[] }>('/api/scans?limit=2');
    expect(first.scans.map((s) => s.number)).toEqual([10, 9]);
    const next = await getJson<{ scans: ScanSummary[] }>(`/api/scans?limit=2&before=${first.scans[1]!.historyId}`);
    expect(next.scans.map((s) => s.number)).toEqual([8, 7]);
    const last = await getJson<{ scans: ScanSummary[] }>(`/api/scans?limit=2&before=${next.scans[1]!.historyId}`);
    expect(last.scans).toEqual([]);
    const alphaPage = await getJson<{ scans: ScanSummary[] }>(`/api/scans?session=alpha&limit=1&before=${first.scans[1]!.historyId}`);
    expect(alphaPage.scans.map((s) => s.number)).toEqual([7]);
  });

  it('refuses a bad limit or before with a 400 JSON error', async () => {
    for (const q of ['limit=abc', 'limit=0', 'limit=-3', 'limit=10001', 'limit=1.5', 'before=yesterday']) {
      const body = await getJson<{ error: string }>(`/api/scans?${q}`, 400);
      expect(body.error, q).toMatch(/limit|before/);
    }
  });
});

interface StreamDetail {
  name: string;
  kind: string;
  dtype: string | null;
  shape: number[] | null;
  length: number;
  sealed: boolean;
  firstAvailable: number | null;
  unit: string | null;
  error: string | null;
}

describe('GET /api/scans/{key}', () => {
  it('returns identity, state, info and every stream', async () => {
    const body = await getJson<{ key: string; identity: Record<string, unknown>; state: string; info: Record<string, unknown>; streams: StreamDetail[] }>(
      `/api/scans/${encodeURIComponent(scans.closed.key)}`,
    );
    expect(body.key).toBe(scans.closed.key);
    expect(body.identity).toMatchObject({ name: 'ascan', number: 7, data_policy: 'no_policy', session: 'alpha', proposal: 'ih0001' });
    expect(body.state).toBe('CLOSED');
    expect(body.info).toMatchObject({ title: 'ascan roby -1.5 0.75 9 0.1', npoints: 10, end_reason: 'SUCCESS' });
    const byName = Object.fromEntries(body.streams.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['#Pt No', 'axis:roby', 'diode1', 'empty', 'lima simulator:image', 'mca1:spectrum', 'notes', 'odd/name?50% & more']);
    const sealed = { sealed: true, firstAvailable: 0, error: null, plugin: null };
    expect(byName['axis:roby']).toEqual({ name: 'axis:roby', kind: 'array', dtype: '<f8', shape: [], length: 10, unit: 'mm', ...sealed });
    expect(byName['#Pt No']).toEqual({ name: '#Pt No', kind: 'array', dtype: '<i4', shape: [], length: 10, unit: null, ...sealed });
    // Unit from scan_info.channels when the stream info has none.
    expect(byName.diode1).toEqual({ name: 'diode1', kind: 'array', dtype: '<f8', shape: [], length: 6, unit: 'cts', ...sealed });
    expect(byName['mca1:spectrum']).toEqual({ name: 'mca1:spectrum', kind: 'array', dtype: '<u4', shape: [8], length: 10, unit: null, ...sealed });
    expect(byName['lima simulator:image']).toEqual({ name: 'lima simulator:image', kind: 'array', dtype: '<u2', shape: [2, 3], length: 5, unit: null, ...sealed });
    expect(byName.notes).toEqual({ name: 'notes', kind: 'json', dtype: null, shape: null, length: 2, unit: null, ...sealed });
    expect(byName.empty).toEqual({ name: 'empty', kind: 'array', dtype: '<f8', shape: [], length: 0, unit: null, ...sealed });
  });

  it('shows a running scan with open streams', async () => {
    const body = await getJson<{ state: string; streams: StreamDetail[] }>(`/api/scans/${encodeURIComponent(scans.running.key)}`);
    expect(body.state).toBe('STARTED');
    expect(body.streams).toEqual([
      { name: 'timer:elapsed_time', kind: 'array', dtype: '<f8', shape: [], length: 3, sealed: false, firstAvailable: 0, unit: null, error: null, plugin: null },
    ]);
  });

  it('answers 404 with a JSON error for an unknown scan', async () => {
    const body = await getJson<{ error: string }>(`/api/scans/${encodeURIComponent('esrf:scan:01ARZ3NDEKTSV4RRFFQ69G5FAV')}`, 404);
    expect(body.error).toMatch(/does not exist/);
    const other = await getJson<{ error: string }>('/api/scans/nothing-here', 404);
    expect(other.error).toBeTruthy();
  });

  it('answers 404, not 500, for a key that is not a scan document', async () => {
    for (const key of ['_SCAN_HISTORY_', '_PROTOCOL_VERSION_', scans.closed.streams.get('diode1')!.key]) {
      const body = await getJson<{ error: string }>(`/api/scans/${encodeURIComponent(key)}`, 404);
      expect(body.error, key).toBeTruthy();
    }
  });
});

describe('GET /api/scans/{key}/streams/{name}', () => {
  it('serves a scalar stream as json, one number per point, across batches', async () => {
    const body = await getJson(streamPath(scans.closed.key, 'axis:roby'));
    expect(body).toEqual({ from: 0, to: 10, dtype: '<f8', shape: [], data: ROBY, expired: null, fromFile: null });
    const ints = await getJson(streamPath(scans.closed.key, '#Pt No'));
    expect(ints).toEqual({ from: 0, to: 10, dtype: '<i4', shape: [], data: PT_NO, expired: null, fromFile: null });
  });

  it('clips from/to to the stream', async () => {
    expect(await getJson(streamPath(scans.closed.key, 'axis:roby', '?from=3&to=6'))).toMatchObject({ from: 3, to: 6, data: ROBY.slice(3, 6) });
    expect(await getJson(streamPath(scans.closed.key, 'axis:roby', '?from=8&to=500'))).toMatchObject({ from: 8, to: 10, data: ROBY.slice(8) });
    expect(await getJson(streamPath(scans.closed.key, 'axis:roby', '?from=-5&to=2'))).toMatchObject({ from: 0, to: 2, data: ROBY.slice(0, 2) });
    expect(await getJson(streamPath(scans.closed.key, 'axis:roby', '?from=7'))).toMatchObject({ from: 7, to: 10, data: ROBY.slice(7) });
    expect(await getJson(streamPath(scans.closed.key, 'axis:roby', '?from=6&to=2'))).toMatchObject({ data: [] });
    expect(await getJson(streamPath(scans.closed.key, 'axis:roby', '?from=20'))).toMatchObject({ data: [] });
    expect(await getJson(streamPath(scans.closed.key, 'empty'))).toEqual({ from: 0, to: 0, dtype: '<f8', shape: [], data: [], expired: null, fromFile: null });
    expect((await getJson<{ error: string }>(streamPath(scans.closed.key, 'axis:roby', '?from=x'), 400)).error).toMatch(/from/);
    // Beyond 2^53 an index is not exact (and beyond 2^64 Redis refuses the id): a 400, not a 500.
    expect((await getJson<{ error: string }>(streamPath(scans.closed.key, 'axis:roby', '?from=99999999999999999999'), 400)).error).toMatch(/from/);
    expect((await getJson<{ error: string }>(streamPath(scans.closed.key, 'axis:roby', '?format=xml'), 400)).error).toMatch(/format/);
    // A typed refusal (lib/wire/http-errors.ts), not the class name of a generic error.
    expect(await getJson(streamPath(scans.closed.key, 'axis:roby', '?from=x'), 400)).toEqual({ type: 'BadRequest', error: 'from must be an integer, got "x"' });
  });

  it('nests spectra as [n] and images as [h, w] arrays', async () => {
    const spectra = await getJson<{ data: number[][] }>(streamPath(scans.closed.key, 'mca1:spectrum', '?from=2&to=4'));
    expect(spectra).toEqual({ from: 2, to: 4, dtype: '<u4', shape: [8], data: [MCA.slice(16, 24), MCA.slice(24, 32)], expired: null, fromFile: null });
    const images = await getJson(streamPath(scans.closed.key, 'lima simulator:image', '?from=4'));
    expect(images).toEqual({ from: 4, to: 5, dtype: '<u2', shape: [2, 3], data: [[IMAGES.slice(24, 27), IMAGES.slice(27, 30)]], expired: null, fromFile: null });
  });

  it('decodes any character of a stream name once: / ? % & included', async () => {
    expect(await getJson(streamPath(scans.closed.key, 'odd/name?50% & more', '?from=1'))).toEqual({ from: 1, to: 2, dtype: '<f8', shape: [], data: [2.5], expired: null, fromFile: null });
    // Not decoded twice: the literal text "%25" is another name.
    expect((await getJson(streamPath(scans.closed.key, 'odd/name?50%25 & more'), 404)).error).toBeTruthy();
  });

  it('serves json streams as their values', async () => {
    const body = await getJson(streamPath(scans.closed.key, 'notes'));
    expect(body).toEqual({ from: 0, to: 2, dtype: 'json', shape: [], data: [{ comment: 'start', at: 0 }, 'plain text'], expired: null, fromFile: null });
  });

  it('serves csv: a header line naming every column, then rows of the same width', async () => {
    const res = await get(streamPath(scans.closed.key, 'axis:roby', '?format=csv&from=2&to=5'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await res.text()).toBe(`index,axis:roby\n2,${ROBY[2]}\n3,${ROBY[3]}\n4,${ROBY[4]}\n`);
    // A spectrum has one column per channel, named by its position, so header and rows have the same width.
    const spectra = (await (await get(streamPath(scans.closed.key, 'mca1:spectrum', '?format=csv&from=1&to=3'))).text()).split('\n');
    expect(spectra[0]).toBe(`index,${Array.from({ length: 8 }, (_, i) => `mca1:spectrum[${i}]`).join(',')}`);
    expect(spectra.slice(1)).toEqual([`1,${MCA.slice(8, 16).join(',')}`, `2,${MCA.slice(16, 24).join(',')}`, '']);
    expect(new Set(spectra.slice(0, -1).map((line) => line.split(',').length))).toEqual(new Set([9]));
    // An image's columns are its pixels in C order, named [row,column]: quoted, since the name holds a comma.
    const images = (await (await get(streamPath(scans.closed.key, 'lima simulator:image', '?format=csv&from=4&to=5'))).text()).split('\n');
    expect(images[0]).toBe('index,"lima simulator:image[0,0]","lima simulator:image[0,1]","lima simulator:image[0,2]","lima simulator:image[1,0]","lima simulator:image[1,1]","lima simulator:image[1,2]"');
    expect(images.slice(1)).toEqual([`4,${IMAGES.slice(24, 30).join(',')}`, '']);
    // JSON values are RFC 4180 fields: quoted, quotes doubled, when they hold a comma or a quote.
    const notes = await (await get(streamPath(scans.closed.key, 'notes', '?format=csv'))).text();
    expect(notes).toBe('index,notes\n0,"{""comment"":""start"",""at"":0}"\n1,plain text\n');
  });

  it('serves binary: the raw little-endian values with dtype and shape headers', async () => {
    const res = await get(streamPath(scans.closed.key, 'axis:roby', '?format=binary&from=1&to=9'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('x-dtype')).toBe('<f8');
    expect(res.headers.get('x-shape')).toBe('8');
    expect(res.headers.get('x-from')).toBe('1');
    const bytes = Buffer.from(await res.arrayBuffer());
    const expected = Buffer.alloc(8 * 8);
    ROBY.slice(1, 9).forEach((v, i) => expected.writeDoubleLE(v, i * 8));
    expect(bytes.equals(expected)).toBe(true);

    const img = await get(streamPath(scans.closed.key, 'lima simulator:image', '?format=binary&from=1&to=3'));
    expect(img.headers.get('x-dtype')).toBe('<u2');
    expect(img.headers.get('x-shape')).toBe('2,2,3');
    const u16 = Buffer.from(await img.arrayBuffer());
    expect(Array.from({ length: u16.length / 2 }, (_, i) => u16.readUInt16LE(i * 2))).toEqual(IMAGES.slice(6, 18));

    const json = await getJson<{ error: string }>(streamPath(scans.closed.key, 'notes', '?format=binary'), 400);
    expect(json.error).toMatch(/numeric/);
  });

  it('answers 404 for an unknown stream or scan', async () => {
    expect((await getJson<{ error: string }>(streamPath(scans.closed.key, 'nope'), 404)).error).toMatch(/nope/);
    expect((await getJson<{ error: string }>(streamPath('esrf:scan:01ARZ3NDEKTSV4RRFFQ69G5FAV', 'x'), 404)).error).toMatch(/does not exist/);
    // The name is matched exactly: not decoded twice, not case-folded.
    expect((await getJson(streamPath(scans.closed.key, 'AXIS:ROBY'), 404)).error).toBeTruthy();
  });

  it('reports trimmed points as expired and serves only what remains, never zeros', async () => {
    const key = scans.trimmed.key;
    const whole = await getJson(streamPath(key, 'x'));
    expect(whole).toEqual({ from: 30, to: 100, dtype: '<f8', shape: [], data: range(30, 100, (i) => i + 0.5), expired: [0, 30], fromFile: null });
    const straddling = await getJson(streamPath(key, 'x', '?from=25&to=35'));
    expect(straddling).toEqual({ from: 30, to: 35, dtype: '<f8', shape: [], data: range(30, 35, (i) => i + 0.5), expired: [25, 30], fromFile: null });
    const gone = await getJson(streamPath(key, 'x', '?from=5&to=15'));
    expect(gone).toMatchObject({ data: [], expired: [5, 15] });
    const after = await getJson(streamPath(key, 'x', '?from=40&to=42'));
    expect(after).toEqual({ from: 40, to: 42, dtype: '<f8', shape: [], data: [40.5, 41.5], expired: null, fromFile: null });

    const csv = await get(streamPath(key, 'x', '?format=csv&from=28&to=31'));
    expect(csv.headers.get('x-expired')).toBe('28,30');
    expect(await csv.text()).toBe('index,x\n30,30.5\n');
    const bin = await get(streamPath(key, 'x', '?format=binary&from=28&to=32'));
    expect(bin.headers.get('x-expired')).toBe('28,30');
    expect(bin.headers.get('x-from')).toBe('30');
    expect(bin.headers.get('x-shape')).toBe('2');
    expect([...new Float64Array(await bin.arrayBuffer())]).toEqual([30.5, 31.5]);

    const detail = await getJson<{ streams: StreamDetail[] }>(`/api/scans/${encodeURIComponent(key)}`);
    expect(detail.streams[0]).toMatchObject({ name: 'x', length: 100, sealed: true, firstAvailable: 30 });
  });
});

describe('other routes', () => {
  it('answers 404 JSON for an unknown /api route and 405 for another method', async () => {
    expect((await getJson<{ error: string }>('/api/nothing', 404)).error).toMatch(/no route/);
    expect((await getJson<{ error: string }>(`${streamPath(scans.closed.key, 'axis:roby')}/what`, 404)).error).toMatch(/no route/);
    const post = await get('/api/scans', { method: 'POST' });
    expect(post.status).toBe(405);
    await post.text();
  });

  it('serves Prometheus metrics', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^# HELP lantern_clients /m);
    expect(text).toMatch(/^lantern_clients \d+$/m);
    expect(text).toMatch(/^lantern_tailed_streams \d+$/m);
    expect(text).toMatch(/^lantern_followed_scans \d+$/m);
  });
});

describe('GET /api/health while Redis is away', () => {
  // Last in the file: it stops Redis for a moment.
  it('answers 503 promptly, then ok again once Redis is back', async () => {
    await lantern.redis.server.halt();
    try {
      const started = Date.now();
      const res = await fetch(`${lantern.url}/api/health`, { signal: AbortSignal.timeout(8000) });
      const body = (await res.json()) as { ok: boolean; redis: { reachable: boolean } };
      expect(res.status).toBe(503);
      expect(body).toMatchObject({ ok: false, redis: { reachable: false } });
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await lantern.redis.server.start();
    }
    let body: { ok: boolean } = { ok: false };
    for (const deadline = Date.now() + 15_000; !body.ok && Date.now() < deadline; ) {
      body = (await (await fetch(`${lantern.url}/api/health`)).json()) as { ok: boolean };
      if (!body.ok) await new Promise((r) => setTimeout(r, 100));
    }
    expect(body.ok).toBe(true);
  });
});
