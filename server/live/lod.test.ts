/** Level of detail over socket.io: a long stream reduced to min/max buckets, peaks kept, expiry reported. */
import { describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();

/** Node's socket.io client delivers binary as a Buffer (a view), browsers as an ArrayBuffer. */
function float64(data: ArrayBuffer | Uint8Array): Float64Array {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  // Buffer.prototype.slice returns a view: copy into a fresh, aligned buffer.
  return new Float64Array(new Uint8Array(bytes).buffer);
}

describe('stream:lod', () => {
  it('reduces 1 000 000 points to buckets whose min/max keep a one-sample spike, and zooms to full resolution', async () => {
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'fscan', number: 1, data_policy: 'no_policy' }, {});
    const out = writer.declareStream('diode', numericStreamDefinition('<f8', []));
    await writer.prepare();
    const n = 1_000_000;
    for (let i = 0; i < n; i += 10_000) {
      const chunk = Float64Array.from({ length: 10_000 }, (_, k) => Math.sin((i + k) / 1000));
      if (i === 420_000) chunk[1234] = 50;
      out.send(chunk);
    }
    await writer.close();
    const client = await lantern.client();
    const reply = await client.socket.timeout(20_000).emitWithAck('stream:lod', { key: writer.key, stream: 'diode', from: 0, to: n, buckets: 1000 });
    if (!reply.ok) throw new Error(reply.error);
    const triplets = float64(reply.value.data);
    expect(triplets.length).toBe(3000);
    expect(reply.value).toMatchObject({ from: 0, to: n, expired: null });
    const maxima = Array.from({ length: 1000 }, (_, b) => triplets[b * 3 + 2]!);
    expect(Math.max(...maxima)).toBe(50);
    expect(triplets[421 * 3]).toBe(421_000);
    expect(maxima[421]).toBe(50);
    expect(Math.min(...Array.from({ length: 1000 }, (_, b) => triplets[b * 3 + 1]!))).toBeCloseTo(-1, 5);
    // Zoomed in, each bucket is one sample: the exact values come back.
    const zoom = await client.socket.emitWithAck('stream:lod', { key: writer.key, stream: 'diode', from: 421_230, to: 421_240, buckets: 1000 });
    if (!zoom.ok) throw new Error(zoom.error);
    const exact = float64(zoom.value.data);
    expect(exact.length).toBe(30);
    expect(exact[4 * 3 + 1]).toBe(50);
    expect(exact[0 * 3 + 1]).toBeCloseTo(Math.sin(421.23), 12);
  });

  it('answers bad requests and unknown streams with typed errors', async () => {
    const client = await lantern.client();
    const bad = await client.socket.emitWithAck('stream:lod', { key: 'x', stream: 's', from: 10, to: 5, buckets: 10 });
    expect(bad).toMatchObject({ ok: false, code: 'bad-request' });
    const missing = await client.socket.emitWithAck('stream:lod', { key: 'esrf:scan:01J9Z3K7Q2M4X8B6N5T1V0W2Y3', stream: 's', from: 0, to: 5, buckets: 10 });
    expect(missing).toMatchObject({ ok: false, code: 'not-found' });
  });
});
