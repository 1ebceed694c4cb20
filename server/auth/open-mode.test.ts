/**
 * Open mode (the default): everything is served as before, to anyone; share links can still be made by
 * anyone and a bad one is still refused; audit lines name the viewer, the scan and the link id, never a
 * token.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import type { ScanSummary } from '../../lib/wire/contract';
import { TestClient, until, withLantern } from '../testing/lantern-fixture';
import { rawRequest } from './testing/http-client';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  },
});
const lantern = withLantern({ env: { LANTERN_LINK_SECRET: 'open-mode-link-secret-long-enough-0123456789' }, logger: pino({ level: 'info' }, sink) });
let scan: ScanWriter;

beforeAll(async () => {
  const store = await lantern.redis.store({ maxRetriesPerRequest: null });
  scan = await ScanWriter.create(store, { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'alpha', proposal: 'ih0001' }, { title: 'scan', npoints: 2 });
  const x = scan.declareStream('x', numericStreamDefinition('<f8', []));
  await scan.prepare();
  await scan.start();
  x.send(Float64Array.from([4, 5]));
  await scan.close();
  await until(() => lantern.app.index.list().length === 1, 10_000, 'scan listed');
});

const get = (path: string, headers: Record<string, string> = {}) => rawRequest(`${lantern.url}${path}`, { headers });

describe('open mode', () => {
  it('serves everything without identity, on REST and socket.io', async () => {
    expect((await get('/api/scans')).json<{ scans: ScanSummary[] }>().scans.map((s) => s.key)).toEqual([scan.key]);
    expect((await get(`/api/scans/${encodeURIComponent(scan.key)}/streams/x`)).json()).toMatchObject({ data: [4, 5] });
    expect((await get('/metrics')).status).toBe(200);
    const client = await TestClient.connect(lantern.url);
    await client.subscribe(scan.key);
    await until(() => client.values(scan.key, 'x').length === 2, 10_000, 'data');
    client.close();
    const me = (await get('/auth/me')).json();
    expect(me).toMatchObject({ access: 'open', all: true, canCreateLinks: true, login: false });
  });

  it('lets anyone create a link, refuses a tampered one, and audits without tokens', async () => {
    const res = await rawRequest(`${lantern.url}/api/links`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-user': 'ignored-not-trusted' }, body: JSON.stringify({ scan: scan.key }) });
    expect(res.status).toBe(201);
    const { token, id } = res.json<{ token: string; id: string }>();
    expect((await get(`/api/scans/${encodeURIComponent(scan.key)}?token=${token}`)).status).toBe(200);
    const tampered = await get(`/api/scans/${encodeURIComponent(scan.key)}?token=${token.slice(0, -4)}AAAA`);
    expect(tampered.status).toBe(401);
    expect(tampered.json()).toMatchObject({ type: 'LinkInvalid' });

    const created = lines.find((l) => l.audit === 'link.create');
    expect(created).toMatchObject({ link: id, scan: scan.key, via: 'open' });
    const opened = lines.filter((l) => l.audit === 'scan.open' && l.link === id);
    expect(opened).toEqual([expect.objectContaining({ scan: scan.key, proposal: 'ih0001', session: 'alpha', channel: 'rest', links: [id] })]);
    expect(lines.some((l) => l.audit === 'access.denied')).toBe(true);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    // The X-Forwarded-User of an untrusted peer is not believed, and said so once.
    expect(lines.filter((l) => /X-Forwarded-User ignored/.test(String(l.msg)))).toHaveLength(1);
  });
});
