/**
 * Protected mode end to end on the real server and Redis: identities from trusted proxy headers (and only
 * from the trusted address), proposal/session/staff scoping on every REST route kind and on socket.io
 * (list, live list updates, subscribe), and signed share links (valid, out of scope, expired, tampered,
 * revoked by key rotation, surviving a restart).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { io as connect } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { WIRE_PROTOCOL, type ScanSummary } from '../../lib/wire/contract';
import { TestClient, until, withLantern } from '../testing/lantern-fixture';
import { LinkSigner } from './links';
import { cookieFrom, rawRequest } from './testing/http-client';

const SECRET = 'a-test-link-secret-that-is-long-enough-0123456789';
const OTHER_SECRET = 'another-test-link-secret-long-enough-9876543210';
const ENV = { LANTERN_ACCESS: 'protected', LANTERN_TRUSTED_PROXIES: '127.0.0.1', LANTERN_STAFF_GROUPS: 'beamline-staff', LANTERN_LINK_SECRET: SECRET };
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
const lantern = withLantern({ env: ENV, logger: pino({ level: 'info' }, sink) });

/** The untrusted peer: another loopback address than the configured proxy. */
const UNTRUSTED = '127.0.0.2';
const alice = { 'x-forwarded-user': 'alice', 'x-forwarded-groups': 'users, proposal:ih0001' };
const bob = { 'x-forwarded-user': 'bob', 'x-forwarded-groups': 'session:beta' };
const staff = { 'x-forwarded-user': 'sam', 'x-forwarded-groups': 'beamline-staff' };

let A: ScanWriter; // ih0001, alpha
let B: ScanWriter; // ih0002, alpha
let C: ScanWriter; // ih0002, beta

async function publish(identity: { proposal: string; session: string; number: number }): Promise<ScanWriter> {
  const store = await lantern.redis.store({ maxRetriesPerRequest: null });
  const scan = await ScanWriter.create(store, { name: 'ascan', number: identity.number, data_policy: 'no_policy', session: identity.session, proposal: identity.proposal }, { title: `scan ${identity.number}`, npoints: 3 });
  const x = scan.declareStream('x', numericStreamDefinition('<f8', []));
  const image = scan.declareStream('det:image', numericStreamDefinition('<u2', [2, 3]));
  await scan.prepare();
  await scan.start();
  x.send(Float64Array.from([1, 2, 3]));
  image.send(Uint16Array.from({ length: 18 }, (_, i) => identity.number * 100 + i));
  await scan.close();
  return scan;
}

const get = (path: string, headers: Record<string, string> = {}, from?: string) => rawRequest(`${lantern.url}${path}`, { headers, from });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(`${lantern.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const scanPath = (s: ScanWriter, rest = '') => `/api/scans/${encodeURIComponent(s.key)}${rest}`;
/** One path of each REST route kind that reads a scan. */
const routesOf = (s: ScanWriter) => [scanPath(s), scanPath(s, '/streams/x'), scanPath(s, '/streams/x?format=csv'), scanPath(s, '/streams/x/lod?buckets=10'), scanPath(s, `/streams/${encodeURIComponent('det:image')}/frames/0?format=raw`)];
const keys = (list: ScanSummary[]) => list.map((s) => s.key).sort();

beforeAll(async () => {
  A = await publish({ proposal: 'ih0001', session: 'alpha', number: 1 });
  B = await publish({ proposal: 'ih0002', session: 'alpha', number: 2 });
  C = await publish({ proposal: 'ih0002', session: 'beta', number: 3 });
  await until(() => lantern.app.index.list().length === 3, 10_000, 'the 3 scans are listed');
});

/** A socket.io handshake that must be refused; resolves with the server's error. */
async function refusedHandshake(options: { headers?: Record<string, string>; auth?: Record<string, unknown>; localAddress?: string }): Promise<{ message: string; type: unknown }> {
  const socket = connect(lantern.url, { transports: ['websocket'], auth: { protocol: WIRE_PROTOCOL, ...options.auth }, extraHeaders: options.headers, reconnection: false, ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
  try {
    return await new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('handshake accepted')));
      socket.once('connect_error', (error: Error & { data?: { type?: unknown } }) => resolve({ message: error.message, type: error.data?.type }));
    });
  } finally {
    socket.disconnect();
  }
}

describe('anonymous requests in protected mode', () => {
  it('get nothing but health and the login: 401 JSON on the API, a redirect to /login for pages', async () => {
    expect((await get('/api/health')).status).toBe(200);
    for (const path of ['/api/scans', '/metrics', ...routesOf(A)]) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(res.json()).toEqual({ error: expect.stringMatching(/sign in required/), type: 'Unauthorized' });
    }
    const page = await get(`/scans/${encodeURIComponent(A.key)}?plot=x`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/login?next=${encodeURIComponent(`/scans/${encodeURIComponent(A.key)}?plot=x`)}`);
    expect((await post('/api/links', { scan: A.key })).status).toBe(401);
  });

  it('are refused on socket.io', async () => {
    expect(await refusedHandshake({})).toEqual({ message: expect.stringMatching(/sign in required/), type: 'Unauthorized' });
  });
});

describe('trusted proxy headers', () => {
  it('count only from LANTERN_TRUSTED_PROXIES, on REST and socket.io', async () => {
    expect((await get('/api/scans', staff)).status).toBe(200);
    const spoofed = await get('/api/scans', staff, UNTRUSTED);
    expect(spoofed.status).toBe(401);
    expect(await refusedHandshake({ headers: staff, localAddress: UNTRUSTED })).toMatchObject({ type: 'Unauthorized' });
    const trusted = await TestClient.connect(lantern.url, { headers: staff });
    const { scans } = await trusted.socket.emitWithAck('scans:watch', {}).then((r) => (r.ok ? r.value : { scans: [] }));
    expect(keys(scans)).toEqual(keys([A, B, C].map((s) => ({ key: s.key }) as ScanSummary)));
    trusted.close();
  });

  it('without a user are anonymous', async () => {
    expect((await get('/api/scans', { 'x-forwarded-groups': 'beamline-staff' })).status).toBe(401);
  });
});

describe('proposal and session scoping on every REST route kind', () => {
  it('lets a proposal member read its scans by every route and nothing of another proposal', async () => {
    for (const path of routesOf(A)) expect((await get(path, alice)).status, path).toBe(200);
    const frame = await get(scanPath(A, `/streams/${encodeURIComponent('det:image')}/frames/0?format=raw`), alice);
    expect(frame.headers['x-shape']).toBe('2,3');
    for (const s of [B, C]) {
      for (const path of routesOf(s)) {
        const res = await get(path, alice);
        expect(res.status, path).toBe(403);
        expect(res.json()).toEqual({ error: expect.stringContaining(s.key), type: 'Forbidden' });
      }
    }
  });

  it('lists only visible scans, with the session filter and paging', async () => {
    expect(keys((await get('/api/scans', alice)).json<{ scans: ScanSummary[] }>().scans)).toEqual([A.key]);
    expect(keys((await get('/api/scans?session=alpha', alice)).json<{ scans: ScanSummary[] }>().scans)).toEqual([A.key]);
    expect((await get('/api/scans?session=beta', alice)).json<{ scans: ScanSummary[] }>().scans).toEqual([]);
    expect(keys((await get('/api/scans', bob)).json<{ scans: ScanSummary[] }>().scans)).toEqual([C.key]);
    expect(keys((await get('/api/scans', staff)).json<{ scans: ScanSummary[] }>().scans)).toEqual([A.key, B.key, C.key].sort());
    expect((await get('/api/scans?limit=0', alice)).status).toBe(400);
  });

  it('gives session members the session, staff everything, and keeps other routes for staff', async () => {
    expect((await get(scanPath(C), bob)).status).toBe(200);
    expect((await get(scanPath(B), bob)).status).toBe(403);
    for (const s of [A, B, C]) expect((await get(scanPath(s, '/streams/x'), staff)).status).toBe(200);
    expect((await get('/metrics', alice)).status).toBe(403);
    expect((await get('/metrics', staff)).status).toBe(200);
    // An unknown scan is the route's own 404, whoever asks.
    expect((await get('/api/scans/esrf:scan:NOPE', alice)).status).toBe(404);
    // A key holding something else is not read for a scoped user: a plain 404.
    const other = await get(`/api/scans/${encodeURIComponent(`${A.key}:x`)}/streams/x`, alice);
    expect(other.status).toBe(404);
    expect(other.json()).toEqual({ error: `no scan ${A.key}:x`, type: 'ScanNotFoundError' });
  });

  it('refuses dot segments, so that the scan checked is the scan served', async () => {
    for (const path of [`${scanPath(A)}/..`, `${scanPath(A)}/%2e%2e/${encodeURIComponent(B.key)}/streams/x`, `${scanPath(B)}/streams/%2E%2E`, `/vendor/../api/scans/${encodeURIComponent(B.key)}`]) {
      const res = await get(path, alice);
      expect(res.status, path).toBe(400);
      expect(res.json()).toMatchObject({ type: 'BadRequest' });
    }
  });

  it('sends a browser opening a scan out of scope to a clear page', async () => {
    const res = await get(`/scans/${encodeURIComponent(B.key)}`, alice);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/link-error?reason=forbidden');
  });
});

describe('audit', () => {
  it('names the viewer (its address as the trusted proxy forwards it), the scan and the route kind', async () => {
    expect((await get(scanPath(A, '/streams/x?from=1'), { ...alice, 'x-forwarded-for': '198.51.100.7, 10.0.0.1' })).status).toBe(200);
    expect(lines).toContainEqual(expect.objectContaining({ audit: 'scan.open', user: 'alice', via: 'proxy', scan: A.key, proposal: 'ih0001', session: 'alpha', channel: 'rest', remote: '198.51.100.7' }));
    expect(lines).toContainEqual(expect.objectContaining({ audit: 'access.denied', user: 'alice', scan: B.key }));
    expect(lines).toContainEqual(expect.objectContaining({ audit: 'scan.open', user: 'alice', scan: A.key, channel: 'file' }));
  });
});

describe('scoping on socket.io', () => {
  it('filters the list and its live updates, and refuses subscriptions out of scope', async () => {
    const client = await TestClient.connect(lantern.url, { headers: alice });
    const updates: ScanSummary[] = [];
    client.socket.on('scans:update', (s) => updates.push(...s));
    const watched = await client.socket.emitWithAck('scans:watch', {});
    expect(watched.ok && keys(watched.value.scans)).toEqual([A.key]);
    const snapshot = await client.subscribe(A.key);
    expect(snapshot.identity).toMatchObject({ proposal: 'ih0001' });
    await until(() => client.values(A.key, 'x').length === 3, 10_000, 'data of A');
    await expect(client.subscribe(B.key)).rejects.toThrow(/forbidden: scan .* is not in your proposals/);
    expect(client.snapshots.has(B.key)).toBe(false);
    expect(lines).toContainEqual(expect.objectContaining({ audit: 'scan.open', user: 'alice', scan: A.key, channel: 'socket' }));

    // Live: a scan of another proposal, then one of alice's: only hers arrives.
    const other = await publish({ proposal: 'ih0002', session: 'alpha', number: 4 });
    const hers = await publish({ proposal: 'ih0001', session: 'gamma', number: 5 });
    await until(() => updates.some((s) => s.key === hers.key), 10_000, 'update of the new ih0001 scan');
    expect(updates.filter((s) => s.key === other.key)).toEqual([]);
    client.close();
  });

  it('answers a malformed watch or an unknown event itself, never with the unfiltered list', async () => {
    const client = await TestClient.connect(lantern.url, { headers: alice });
    const bad = await client.socket.emitWithAck('scans:watch', { session: 'alpha', extra: true } as never);
    expect(bad).toMatchObject({ ok: false, code: 'bad-request' });
    const emit = client.socket.emitWithAck.bind(client.socket) as unknown as (event: string, payload: unknown) => Promise<unknown>;
    expect(await emit('catalogue:list', {})).toMatchObject({ ok: false, code: 'forbidden' });
    client.close();
  });

  it('disconnects a link viewer when the link expires', async () => {
    const { token } = await new LinkSigner([SECRET]).sign({ scan: A.key }, 5);
    const viewer = await TestClient.connect(lantern.url, { auth: { token } });
    await viewer.subscribe(A.key);
    const reasons: string[] = [];
    viewer.socket.on('disconnect', (reason) => reasons.push(reason));
    await until(() => reasons.length > 0, 20_000, 'disconnected at expiry');
    expect(reasons[0]).toBe('io server disconnect');
    viewer.close();
  });

  it('filters a session watch (what the kiosk follows) the same way', async () => {
    const client = await TestClient.connect(lantern.url, { headers: alice });
    const watched = await client.socket.emitWithAck('scans:watch', { session: 'alpha' });
    expect(watched.ok && keys(watched.value.scans)).toEqual([A.key]);
    const staffClient = await TestClient.connect(lantern.url, { headers: staff });
    const all = await staffClient.socket.emitWithAck('scans:watch', { session: 'alpha' });
    expect(all.ok && all.value.scans.length).toBeGreaterThanOrEqual(3); // A, B and scan 4
    client.close();
    staffClient.close();
  });
});

describe('share links', () => {
  const create = async (body: unknown, headers: Record<string, string> = staff) => post('/api/links', body, headers);

  it('grant exactly one scan, by ?token= and by socket auth.token', async () => {
    const res = await create({ scan: A.key, expiresInSeconds: 3600 }, alice);
    expect(res.status).toBe(201);
    const link = res.json<{ url: string; token: string; expiresAt: string }>();
    expect(link.url).toBe(`http://127.0.0.1:${new URL(lantern.url).port}/scans/${encodeURIComponent(A.key)}?token=${link.token}`);
    expect(Math.abs(Date.parse(link.expiresAt) - (Date.now() + 3600_000))).toBeLessThan(60_000);
    // The token holds its scope, id and times only.
    const claims = JSON.parse(Buffer.from(link.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(['aud', 'exp', 'iat', 'jti', 'scan']);

    for (const path of routesOf(A)) expect((await get(`${path}${path.includes('?') ? '&' : '?'}token=${link.token}`, {}, UNTRUSTED)).status, path).toBe(200);
    for (const path of routesOf(B)) expect((await get(`${path}${path.includes('?') ? '&' : '?'}token=${link.token}`, {}, UNTRUSTED)).status, path).toBe(403);
    expect(keys((await get(`/api/scans?token=${link.token}`)).json<{ scans: ScanSummary[] }>().scans)).toEqual([A.key]);

    const viewer = await TestClient.connect(lantern.url, { auth: { token: link.token } });
    await viewer.subscribe(A.key);
    const linkId = (JSON.parse(Buffer.from(link.token.split('.')[1]!, 'base64url').toString()) as { jti: string }).jti;
    expect(lines).toContainEqual(expect.objectContaining({ audit: 'scan.open', user: null, via: 'link', link: linkId, scan: A.key, channel: 'socket' }));
    expect(JSON.stringify(lines)).not.toContain(link.token.split('.')[2]);
    await until(() => viewer.values(A.key, 'x').length === 3, 10_000, 'data of A through the link');
    await expect(viewer.subscribe(C.key)).rejects.toThrow(/forbidden/);
    viewer.close();
  });

  it('grant a session when the creator sees all of it', async () => {
    expect((await create({ session: 'alpha' }, alice)).status).toBe(403); // alice only sees ih0001 of alpha
    const res = await create({ session: 'alpha' });
    expect(res.status).toBe(201);
    const { token, url, expiresAt } = res.json<{ token: string; url: string; expiresAt: string }>();
    expect(url).toMatch(/\/\?session=alpha&token=/);
    // Default expiry: three days.
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 3 * 24 * 3600_000))).toBeLessThan(60_000);
    expect((await get(`${scanPath(A)}?token=${token}`)).status).toBe(200);
    expect((await get(`${scanPath(B)}?token=${token}`)).status).toBe(200);
    expect((await get(`${scanPath(C)}?token=${token}`)).status).toBe(403);
  });

  it('cannot be made for what the creator does not see, nor by a link holder', async () => {
    expect((await create({ scan: B.key }, alice)).status).toBe(403);
    expect((await create({ scan: 'esrf:scan:NOPE' }, alice)).status).toBe(404);
    expect((await create({ scan: A.key, expiresInSeconds: 10 }, alice)).status).toBe(400);
    expect((await create({ scan: A.key, session: 'alpha' })).status).toBe(400);
    expect((await rawRequest(`${lantern.url}/api/links`, { method: 'POST', headers: { ...staff, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const { token } = (await create({ scan: A.key })).json<{ token: string }>();
    const relink = await post(`/api/links?token=${token}`, { scan: A.key }, {});
    expect(relink.status).toBe(403);
  });

  it('refuse expired and tampered tokens with 401 JSON, a clear page for browsers, and on socket.io', async () => {
    const expired = (await new LinkSigner([SECRET]).sign({ scan: A.key }, -5)).token;
    const res = await get(`${scanPath(A)}?token=${expired}`);
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: expect.stringMatching(/expired on \d{4}-/), type: 'LinkExpired' });
    const { token } = (await create({ scan: A.key })).json<{ token: string }>();
    const [h, p, s] = token.split('.') as [string, string, string];
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), scan: B.key })).toString('base64url');
    for (const bad of [`${h}.${widened}.${s}`, `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`, 'not-a-token']) {
      const r = await get(`${scanPath(B)}?token=${bad}`);
      expect(r.status).toBe(401);
      expect(r.json()).toMatchObject({ type: 'LinkInvalid' });
    }
    const page = await get(`/scans/${encodeURIComponent(A.key)}?token=${expired}`);
    expect(page.headers.location).toBe('/link-error?reason=expired');
    expect((await get(`/scans/${encodeURIComponent(A.key)}?token=${h}.${widened}.${s}`)).headers.location).toBe('/link-error?reason=invalid');
    expect(await refusedHandshake({ auth: { token: expired } })).toMatchObject({ type: 'LinkExpired' });
    expect(await refusedHandshake({ auth: { token: `${h}.${widened}.${s}` } })).toMatchObject({ type: 'LinkInvalid' });
  });

  it('opened in a browser become a links cookie that the page requests carry', async () => {
    const { token } = (await create({ scan: A.key })).json<{ token: string }>();
    const page = await get(`/scans/${encodeURIComponent(A.key)}?plot=x&token=${token}`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/scans/${encodeURIComponent(A.key)}?plot=x`);
    const cookie = cookieFrom(page, 'lantern_links');
    expect(cookie).toBe(`lantern_links=${token}`);
    expect(String(page.headers['set-cookie'])).toMatch(/HttpOnly/i);
    expect(String(page.headers['set-cookie'])).toMatch(/SameSite=Lax/i);
    expect((await get(scanPath(A, '/streams/x'), { cookie: cookie! })).status).toBe(200);
    // Never a redirect to another site.
    expect((await get(`//evil.example/x?token=${token}`)).headers.location).toBe('/');
    expect((await get(scanPath(B, '/streams/x'), { cookie: cookie! })).status).toBe(403);
    const viewer = await TestClient.connect(lantern.url, { headers: { cookie: cookie! } });
    await viewer.subscribe(A.key);
    viewer.close();
  });

  it('are forgotten by a POST to /auth/logout only: a GET (an image, a prefetch) or another site cannot sign anyone out', async () => {
    const { token } = (await create({ scan: A.key })).json<{ token: string }>();
    const cookie = cookieFrom(await get(`/scans/${encodeURIComponent(A.key)}?token=${token}`), 'lantern_links')!;
    const byGet = await get('/auth/logout', { cookie });
    expect(byGet.status).toBe(405);
    expect(byGet.headers.allow).toBe('POST');
    expect(byGet.headers['set-cookie']).toBeUndefined();
    expect(byGet.json<{ error: string }>().error).toMatch(/POST only/);
    const crossSite = await rawRequest(`${lantern.url}/auth/logout`, { method: 'POST', headers: { cookie, origin: 'http://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers['set-cookie']).toBeUndefined();
    const signedOut = await rawRequest(`${lantern.url}/auth/logout`, { method: 'POST', headers: { cookie, origin: lantern.url } });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.location).toBe('/login?signedOut=1');
    expect(String(signedOut.headers['set-cookie'])).toMatch(/lantern_links=;.*Max-Age=0/i);
  });

  it('survive a restart with the same secret and die when their key is retired', async () => {
    const { token } = (await create({ scan: A.key })).json<{ token: string }>();
    await lantern.restart({ ...ENV, LANTERN_LINK_SECRET: `${OTHER_SECRET} ${SECRET}` });
    expect((await get(`${scanPath(A)}?token=${token}`)).status).toBe(200);
    const fresh = (await create({ scan: A.key })).json<{ token: string }>().token;
    await lantern.restart({ ...ENV, LANTERN_LINK_SECRET: OTHER_SECRET });
    const revoked = await get(`${scanPath(A)}?token=${token}`);
    expect(revoked.status).toBe(401);
    expect(revoked.json()).toMatchObject({ type: 'LinkInvalid', error: expect.stringMatching(/revoked/) });
    expect((await get(`${scanPath(A)}?token=${fresh}`)).status).toBe(200);
  });
});
