/** The scan list store against a fake socket: watch, live updates, removal, session changes, re-watch on reconnect. */
import { describe, expect, it } from 'vitest';
import type { ScanSummary } from '@/lib/wire/contract';
import type { LanternSocket } from '../client/socket';
import { bindScanList, createScanListStore, mergeScans } from './scan-list-store';

const row = (n: number, session: string | null = 's1', state: ScanSummary['state'] = 'CLOSED'): ScanSummary => ({
  key: `k${n}`,
  historyId: `${1000 + n}-0`,
  number: n,
  name: 'ascan',
  session,
  title: `ascan ${n}`,
  type: 'ascan',
  state,
  startTime: null,
  endTime: null,
  endReason: null,
  progress: { published: 0, expected: null },
});

function fakeSocket(lists: Record<string, ScanSummary[]>) {
  const handlers = new Map<string, ((...a: unknown[]) => void)[]>();
  const socket = {
    connected: true,
    requests: [] as unknown[],
    emitted: [] as string[],
    on(e: string, h: (...a: unknown[]) => void) {
      handlers.set(e, [...(handlers.get(e) ?? []), h]);
    },
    off(e: string, h: (...a: unknown[]) => void) {
      handlers.set(e, (handlers.get(e) ?? []).filter((x) => x !== h));
    },
    emit(e: string, payload?: { session?: string }, ack?: (error: Error | null, reply: unknown) => void) {
      // A request (socket.timeout().emit with an acknowledgement) is answered as the server would.
      if (ack) void socket.emitWithAck(e, payload ?? {}).then((reply) => ack(null, reply));
      else socket.emitted.push(e);
    },
    timeout() {
      return socket;
    },
    async emitWithAck(_e: string, payload: { session?: string }) {
      socket.requests.push(payload);
      return { ok: true, value: { scans: lists[payload.session ?? '*'] ?? [] } };
    },
    fire(e: string, ...args: unknown[]) {
      for (const h of handlers.get(e) ?? []) h(...args);
    },
  };
  return socket;
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('scan list store', () => {
  it('merges updates newest first, by history id, and drops other sessions', () => {
    expect(mergeScans([row(1), row(3)], [row(2), { ...row(3), state: 'STARTED' }], null).map((s) => [s.number, s.state])).toEqual([
      [3, 'STARTED'],
      [2, 'CLOSED'],
      [1, 'CLOSED'],
    ]);
    expect(mergeScans([], [row(1, 's1'), row(2, 's2')], 's2').map((s) => s.number)).toEqual([2]);
    // `ms-seq` ids compare as numbers, not text.
    expect(mergeScans([], [{ ...row(1), historyId: '999-5' }, { ...row(2), historyId: '1000-0' }], null).map((s) => s.number)).toEqual([2, 1]);
  });

  it('watches, applies updates and removals, re-watches on reconnect and on a session change', async () => {
    const socket = fakeSocket({ '*': [row(2), row(1, 's2')], s2: [row(1, 's2')] });
    const store = createScanListStore();
    const unbind = bindScanList(store, socket as unknown as LanternSocket, 50);
    await tick();
    expect(store.getState().loaded).toBe(true);
    expect(store.getState().scans.map((s) => s.key)).toEqual(['k2', 'k1']);
    expect(store.getState().sessions).toEqual(['s1', 's2']);

    socket.fire('scans:update', [row(3, 's3', 'STARTED')]);
    expect(store.getState().scans[0]?.key).toBe('k3');
    expect(store.getState().sessions).toEqual(['s1', 's2', 's3']);
    socket.fire('scans:removed', ['k2']);
    expect(store.getState().scans.map((s) => s.key)).toEqual(['k3', 'k1']);

    socket.fire('connect');
    await tick();
    expect(socket.requests).toHaveLength(2);

    store.getState().setSession('s2');
    await tick();
    expect(socket.requests.at(-1)).toEqual({ session: 's2', limit: 50 });
    expect(store.getState().scans.map((s) => s.key)).toEqual(['k1']);
    // Sessions seen before stay in the menu.
    expect(store.getState().sessions).toEqual(['s1', 's2', 's3']);

    unbind();
    expect(socket.emitted).toContain('scans:unwatch');
  });
});
