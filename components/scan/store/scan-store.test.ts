/** The scan store against a fake socket: subscription, resume, coalescing, view state and memory. */
import { describe, expect, it } from 'vitest';
import { emptyBook, type CurveBook } from '@/lib/view-state/curve-memory';
import type { ScanSnapshot, ScanSummary, StreamMeta } from '@/lib/wire/contract';
import { encodeFrame } from '@/lib/wire/frame';
import type { LanternSocket } from '../../client/socket';
import { addRange, createScanStore, type CurveMemory } from './scan-store';

const KEY = 'esrf:scan:TEST';

class FakeSocket {
  connected = true;
  active = true;
  readonly requests: { event: string; payload: unknown }[] = [];
  readonly emitted: { event: string; payload: unknown }[] = [];
  private readonly handlers = new Map<string, Set<(...args: unknown[]) => void>>();
  reply: (event: string, payload: unknown) => unknown = () => ({ ok: false, error: 'no reply set', code: 'internal' });

  on(event: string, handler: (...args: unknown[]) => void) {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
    return this;
  }
  off(event: string, handler: (...args: unknown[]) => void) {
    this.handlers.get(event)?.delete(handler);
    return this;
  }
  emit(event: string, payload: unknown, ack?: (error: Error | null, reply: unknown) => void) {
    // A request (socket.timeout().emit with an acknowledgement) is answered as the server would.
    if (ack) void this.emitWithAck(event, payload).then((reply) => ack(null, reply));
    else this.emitted.push({ event, payload });
    return this;
  }
  timeout() {
    return this;
  }
  async emitWithAck(event: string, payload: unknown) {
    this.requests.push({ event, payload });
    return this.reply(event, payload);
  }
  /** Server -> client event. */
  fire(event: string, ...args: unknown[]) {
    for (const h of this.handlers.get(event) ?? []) h(...args);
  }
  listeners(event: string): number {
    return this.handlers.get(event)?.size ?? 0;
  }
}

const summary = (state: ScanSummary['state'], extra: Partial<ScanSummary> = {}): ScanSummary => ({
  key: KEY,
  historyId: '1-0',
  number: 7,
  name: 'ascan',
  session: 's',
  title: 'ascan samx 0 1 3 0.1',
  type: 'ascan',
  state,
  startTime: '2026-11-21T10:00:00+00:00',
  endTime: null,
  endReason: null,
  progress: { published: 0, expected: 4 },
  ...extra,
});

function meta(id: number, name: string, extra: Partial<StreamMeta> = {}): StreamMeta {
  return { id, name, kind: 'array', dtype: '<f8', shape: [], delivery: 'all', length: 0, sealed: false, firstAvailable: 0, unit: null, error: null, ...extra };
}

function snapshot(ids: { x: number; y: number } = { x: 1, y: 2 }, scanId = 5, state: ScanSummary['state'] = 'STARTED'): ScanSnapshot {
  return {
    key: KEY,
    scanId,
    summary: summary(state),
    identity: { name: 'ascan', number: 7 },
    info: {
      type: 'ascan',
      title: 'ascan samx 0 1 3 0.1',
      npoints: 4,
      channels: { 'axis:samx': { dim: 0 }, 'det:y': { dim: 0 } },
      devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det'] }, det: { channels: ['det:y'] } },
      acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det'], scalars: ['axis:samx', 'det:y'], spectra: [], images: [], master: { scalars: ['axis:samx'] } } },
    },
    streams: [meta(ids.x, 'axis:samx'), meta(ids.y, 'det:y')],
  };
}

function frame(scanId: number, streamId: number, index: number, values: number[]): Uint8Array {
  return encodeFrame({ flags: 0, scanId, streamId, index, count: values.length, dtype: '<f8', pointShape: [] }, [new Uint8Array(Float64Array.from(values).buffer)]);
}

const tick = (ms = 30) => new Promise((r) => setTimeout(r, ms));

function setup(options: Parameters<typeof createScanStore>[1] = {}) {
  const socket = new FakeSocket();
  let snap = snapshot();
  socket.reply = (event) => (event === 'scan:subscribe' ? { ok: true, value: snap } : { ok: false, error: 'unexpected', code: 'internal' });
  const store = createScanStore(KEY, options);
  const unbind = store.bind(socket as unknown as LanternSocket);
  return { socket, store, unbind, setSnapshot: (s: ScanSnapshot) => (snap = s) };
}

describe('scan store', () => {
  it('subscribes, builds the plot models and chooses the first plot', async () => {
    const { socket, store } = setup();
    await tick();
    expect(socket.requests[0]).toEqual({ event: 'scan:subscribe', payload: { key: KEY, have: {} } });
    const state = store.api.getState();
    expect(state.status).toBe('ready');
    expect(state.setup?.plots.map((p) => p.kind)).toContain('curve');
    expect(state.activePlot).toBe(state.setup?.plots[0]?.id);
    expect(state.summary?.state).toBe('STARTED');
  });

  it('coalesces many frames into one version bump, and refuses frames of other subscriptions', async () => {
    const { socket, store } = setup();
    await tick();
    const before = store.api.getState().version;
    for (let i = 0; i < 4; i++) socket.fire('scan:data', frame(5, 2, i, [10 * i]));
    socket.fire('scan:data', frame(99, 2, 0, [666]));
    expect(store.api.getState().version).toBe(before);
    await tick();
    expect(store.api.getState().version).toBe(before + 1);
    const y = store.buffers().streamByName('det:y')!;
    expect([0, 1, 2, 3].map((i) => y.value(i))).toEqual([0, 10, 20, 30]);
  });

  it('resumes after a reconnection with the points it holds', async () => {
    const { socket, store } = setup();
    await tick();
    socket.fire('scan:data', frame(5, 1, 0, [0, 0.5, 1]));
    socket.fire('scan:data', frame(5, 2, 0, [1, 2]));
    socket.connected = false;
    socket.fire('disconnect', 'transport close');
    socket.connected = true;
    socket.fire('connect');
    await tick();
    expect(socket.requests.at(-1)).toEqual({ event: 'scan:subscribe', payload: { key: KEY, have: { 'axis:samx': 3, 'det:y': 2 } } });
    expect(store.api.getState().resumes).toBe(1);
    expect(store.buffers().streamByName('det:y')!.value(1)).toBe(2);
  });

  it('starts over when a restarted server numbers the streams differently', async () => {
    const { socket, store, setSnapshot } = setup();
    await tick();
    socket.fire('scan:data', frame(5, 2, 0, [1, 2]));
    const first = store.buffers();
    setSnapshot(snapshot({ x: 2, y: 1 }, 1));
    socket.fire('connect');
    await tick();
    // The resume (with `have`) is followed by a fresh subscription with nothing held.
    expect(socket.requests.slice(-2).map((r) => (r.payload as { have: unknown }).have)).toEqual([{ 'det:y': 2 }, {}]);
    expect(store.buffers()).not.toBe(first);
    expect(store.api.getState().buffersEpoch).toBe(1);
    socket.fire('scan:data', frame(1, 1, 0, [5]));
    expect(store.buffers().streamByName('det:y')!.value(0)).toBe(5);
  });

  it('a document beats a progress summary still waiting for the next frame', async () => {
    const { socket, store } = setup();
    await tick();
    // The server may send CLOSED in a progress summary built from the old document...
    socket.fire('scan:progress', { key: KEY, summary: summary('CLOSED'), streams: [] });
    // ...then the document with the end reason.
    socket.fire('scan:doc', { ...snapshot(), summary: summary('CLOSED', { endReason: 'SUCCESS', endTime: '2026-11-21T10:00:05+00:00' }) });
    await tick();
    expect(store.api.getState().summary?.endReason).toBe('SUCCESS');
  });

  it('records stream errors, expired ranges and a deleted scan', async () => {
    const { socket, store } = setup();
    await tick();
    socket.fire('scan:stream-error', { key: KEY, stream: 'det:y', error: 'payload is 12 bytes, expected 16' });
    socket.fire('scan:expired', { key: KEY, stream: 'det:y', from: 0, to: 10 });
    socket.fire('scan:expired', { key: KEY, stream: 'det:y', from: 10, to: 20 });
    socket.fire('scan:stream-error', { key: 'other', stream: 'det:y', error: 'not ours' });
    socket.fire('scan:gone', { key: KEY, reason: 'deleted' });
    const state = store.api.getState();
    expect(state.streamErrors).toEqual({ 'det:y': 'payload is 12 bytes, expected 16' });
    expect(state.expired).toEqual({ 'det:y': [[0, 20]] });
    expect(state.gone).toBe('deleted');
    expect(store.buffers().streamByName('det:y')!.has(5)).toBe(false);
  });

  it('reports a missing scan, and unsubscribes and detaches when unbound', async () => {
    const socket = new FakeSocket();
    socket.reply = () => ({ ok: false, error: 'scan esrf:scan:TEST not found', code: 'not-found' });
    const store = createScanStore(KEY);
    const unbind = store.bind(socket as unknown as LanternSocket);
    await tick();
    expect(store.api.getState().status).toBe('not-found');
    unbind();
    expect(socket.emitted).toContainEqual({ event: 'scan:unsubscribe', payload: { key: KEY } });
    expect(socket.listeners('scan:data')).toBe(0);
    expect(socket.listeners('connect')).toBe(0);
  });

  it('applies the URL view to the plot it names, and remembers curve edits for the next scan', async () => {
    let book: CurveBook = emptyBook();
    const memory: CurveMemory = { load: () => book, save: (b) => (book = b) };
    const a = setup({ initial: { plot: 'curve', view: { zoomX: [0, 1] }, explicit: true }, memory });
    await tick();
    const plot = a.store.api.getState().activePlot!;
    expect(a.store.api.getState().views[plot]).toEqual({ zoomX: [0, 1] });
    a.store.actions.patchView(plot, { x: null });
    expect(book.entries).toHaveLength(1);
    a.unbind();

    const b = setup({ memory });
    await tick();
    expect(b.store.api.getState().views[plot]).toEqual({ x: null });
    b.store.actions.resetView(plot);
    expect(b.store.api.getState().views[plot]).toBeUndefined();
    expect(book.entries).toHaveLength(0);
  });
});

describe('addRange', () => {
  it('merges overlapping and touching ranges', () => {
    expect(addRange([], 5, 10)).toEqual([[5, 10]]);
    expect(addRange([[0, 5]], 5, 10)).toEqual([[0, 10]]);
    expect(addRange([[0, 2], [8, 9]], 3, 4)).toEqual([[0, 2], [3, 4], [8, 9]]);
    expect(addRange([[0, 2], [8, 9]], 1, 8)).toEqual([[0, 9]]);
    expect(addRange([[0, 2]], 3, 3)).toEqual([[0, 2]]);
  });
});
