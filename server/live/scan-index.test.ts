/** The scan list over socket.io: recent scans, new ones and their state changes pushed live, per session. */
import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '../../lib/wire/contract';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { withLantern, until } from '../testing/lantern-fixture';

const lantern = withLantern();

describe('scan list', () => {
  it('pushes new scans, state changes and progress to watchers of their session only', async () => {
    const store = await lantern.redis.store();
    const client = await lantern.client();
    const all = await lantern.client();
    const updates: ScanSummary[] = [];
    const everything: ScanSummary[] = [];
    client.socket.on('scans:update', (scans) => updates.push(...scans));
    all.socket.on('scans:update', (scans) => everything.push(...scans));
    const first = await client.socket.emitWithAck('scans:watch', { session: 'alpha' });
    expect(first).toEqual({ ok: true, value: { scans: [] } });
    await all.socket.emitWithAck('scans:watch', {});

    const writer = await ScanWriter.create(store, { name: 'ascan', number: 12, data_policy: 'no_policy', session: 'alpha' }, { title: 'ascan roby 0 1 9 0.1', type: 'ascan', npoints: 10, start_time: '2026-01-01T00:00:00+00:00' });
    const other = await ScanWriter.create(store, { name: 'ct', number: 3, data_policy: 'no_policy', session: 'beta' }, { title: 'ct 0.1', type: 'ct' });
    const x = writer.declareStream('axis:roby', numericStreamDefinition('<f8', []));
    await until(() => updates.some((s) => s.key === writer.key), 5000, 'new scan pushed');
    expect(updates.find((s) => s.key === writer.key)).toMatchObject({ number: 12, name: 'ascan', session: 'alpha', title: 'ascan roby 0 1 9 0.1', type: 'ascan', state: 'CREATED' });
    await writer.prepare();
    await writer.start();
    x.send(Float64Array.from({ length: 4 }, (_, i) => i));
    await until(() => updates.some((s) => s.key === writer.key && s.state === 'STARTED' && s.progress.published === 4), 5000, 'progress pushed');
    expect(updates.find((s) => s.progress.published === 4)!.progress.expected).toBe(10);
    await writer.close('USER_ABORT');
    await until(() => updates.some((s) => s.key === writer.key && s.state === 'CLOSED'), 5000, 'closed pushed');
    expect(updates.filter((s) => s.key === writer.key).at(-1)).toMatchObject({ state: 'CLOSED', endReason: 'USER_ABORT' });
    // The beta scan reaches watchers of every session, not those of alpha.
    await until(() => everything.some((s) => s.key === other.key), 5000, 'beta scan pushed to all');
    expect(updates.some((s) => s.key === other.key)).toBe(false);

    const listed = await client.socket.emitWithAck('scans:watch', { session: 'alpha' });
    expect(listed.ok && listed.value.scans.map((s) => s.key)).toEqual([writer.key]);
    const rest = await fetch(`${lantern.url}/api/scans?limit=1`).then((r) => r.json() as Promise<{ scans: ScanSummary[] }>);
    expect(rest.scans.map((s) => s.key)).toEqual([other.key]);
  });

  it('refuses clients of another wire protocol version with a clear message', async () => {
    const { io } = await import('socket.io-client');
    const socket = io(lantern.url, { transports: ['websocket'], auth: { protocol: 999 }, reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(error.message).toMatch(/wire protocol 999 not supported: this server speaks 2/);
    expect((error as Error & { data?: unknown }).data).toEqual({ code: 'protocol', type: 'WireProtocolError' });
  });
});
