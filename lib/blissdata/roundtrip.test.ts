/** Writer -> reader round trips through a real redis-server, over RESP2 and RESP3. */
import { describe, expect, it } from 'vitest';
import { withRedis } from '../../testing/redis-fixture';
import type { NumericArray } from './dtype';
import { ScanState } from './scan-document';
import { Scan } from './scan';
import { jsonStreamDefinition, numericStreamDefinition, ScanWriter } from './writer/scan-writer';
import { limaStreamDefinition, scanSequenceDefinition, sendLimaStatus, sendSubscan, nextLimaAcquisition } from './writer/plugins';
import { IndexNotYetThereError, IndexWontBeThereError, UnsupportedStreamError } from './errors';

const redis = withRedis();
const identity = { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'demo' };

interface DtypeCase {
  dtype: string;
  make: (n: number) => NumericArray;
}

const dtypes: DtypeCase[] = [
  { dtype: '<f8', make: (n) => Float64Array.from({ length: n }, (_, i) => i * 1.5 - 3) },
  { dtype: '<f4', make: (n) => Float32Array.from({ length: n }, (_, i) => i * 0.25) },
  { dtype: '<i8', make: (n) => BigInt64Array.from({ length: n }, (_, i) => BigInt(i) * -1234567890123n) },
  { dtype: '<i4', make: (n) => Int32Array.from({ length: n }, (_, i) => i * -70000) },
  { dtype: '<i2', make: (n) => Int16Array.from({ length: n }, (_, i) => i * -300) },
  { dtype: '|i1', make: (n) => Int8Array.from({ length: n }, (_, i) => (i % 200) - 100) },
  { dtype: '<u8', make: (n) => BigUint64Array.from({ length: n }, (_, i) => BigInt(i) * 9007199254740993n) },
  { dtype: '<u4', make: (n) => Uint32Array.from({ length: n }, (_, i) => i * 100000) },
  { dtype: '<u2', make: (n) => Uint16Array.from({ length: n }, (_, i) => (i * 257) % 65536) },
  { dtype: '|u1', make: (n) => Uint8Array.from({ length: n }, (_, i) => i % 256) },
  { dtype: '|b1', make: (n) => Uint8Array.from({ length: n }, (_, i) => i % 2) },
  { dtype: '<c16', make: (n) => Float64Array.from({ length: n * 2 }, (_, i) => i / 2) },
  { dtype: '<c8', make: (n) => Float32Array.from({ length: n * 2 }, (_, i) => -i) },
];

async function readBack(protocol: 2 | 3, key: string) {
  const store = await redis.store({ protocol });
  return Scan.load(store, key);
}

describe.each([2, 3] as const)('round trips over RESP%i', (protocol) => {
  it.each(dtypes)('numeric $dtype: scalars, spectra and images, batched', async ({ dtype, make }) => {
    const writerStore = await redis.store({ protocol });
    const scan = await ScanWriter.create(writerStore, identity, { title: dtype });
    const scalar = scan.declareStream('scalar', numericStreamDefinition(dtype, []));
    const spectrum = scan.declareStream('spectrum', numericStreamDefinition(dtype, [16]));
    const image = scan.declareStream('image', numericStreamDefinition(dtype, [3, 4]));
    await scan.prepare();
    await scan.start();
    const scalars = make(10);
    // Complex points are two elements (re, im).
    const k = dtype.includes('c') ? 2 : 1;
    scalar.send(scalars.subarray(0, k) as NumericArray);
    scalar.send(scalars.subarray(k, 7 * k) as NumericArray);
    scalar.send(scalars.subarray(7 * k) as NumericArray);
    const spectra = make(16 * 3);
    spectrum.send(spectra);
    const images = make(12 * 2);
    image.send(images.subarray(0, 12 * k) as NumericArray);
    image.send(images.subarray(12 * k) as NumericArray);
    await scan.stop();

    const reader = await readBack(protocol, scan.key);
    expect(reader.state).toBe(ScanState.STOPPED);
    const s = reader.streams.get('scalar')!;
    expect(s.kind).toBe('array');
    expect(await s.length()).toEqual({ length: 10, sealed: true });
    const all = await s.slice(0, 10);
    expect(all.points.type).toBe('numeric');
    if (all.points.type !== 'numeric') throw new Error('not numeric');
    expect([...all.points.data]).toEqual([...scalars]);
    const mid = await s.slice(3, 8);
    expect(mid.index).toBe(3);
    if (mid.points.type !== 'numeric') throw new Error('not numeric');
    expect([...mid.points.data]).toEqual([...scalars.subarray(3 * k, 8 * k)]);
    const one = await s.get(8);
    if (one.type !== 'numeric') throw new Error('not numeric');
    expect([...one.data]).toEqual([...scalars.subarray(8 * k, 9 * k)]);
    const last = await s.get(-1);
    if (last.type !== 'numeric') throw new Error('not numeric');
    expect([...last.data]).toEqual([...scalars.subarray(9 * k, 10 * k)]);
    await expect(s.get(10)).rejects.toBeInstanceOf(IndexWontBeThereError);

    const sp = await reader.streams.get('spectrum')!.slice(1, 2);
    if (sp.points.type !== 'numeric') throw new Error('not numeric');
    expect(sp.points.pointShape).toEqual([16]);
    const per = dtype.includes('c') ? 32 : 16;
    expect([...sp.points.data]).toEqual([...spectra.subarray(per, 2 * per)]);

    const latest = await reader.streams.get('image')!.latest();
    expect(latest.sealed).toBe(true);
    expect(latest.length).toBe(2);
    const decoded = reader.streams.get('image')!.decode([latest.batch!]);
    if (decoded.type !== 'numeric') throw new Error('not numeric');
    expect(decoded.pointShape).toEqual([3, 4]);
    expect([...decoded.data]).toEqual([...images.subarray(images.length / 2)]);
  });

  it('big-endian streams and variable shapes (msgpack form)', async () => {
    const scan = await ScanWriter.create(await redis.store({ protocol }), identity, {});
    const be = scan.declareStream('be', numericStreamDefinition('>u2', []));
    const variable = scan.declareStream('var', numericStreamDefinition('<f8', [-1]));
    await scan.prepare();
    // The writer refuses host-order data for a big-endian stream, like numpy byte-order checks in Python.
    expect(() => be.send(new Uint16Array([1, 2]))).toThrow();
    variable.send(new Float64Array([1, 2, 3]), [3]);
    variable.send(new Float64Array([4, 5, 6, 7, 8, 9, 10, 11]), [4]);
    // A big-endian payload written as Python would (raw bytes in > order) decodes to host values.
    await redis.client().xadd(be.key, '0-1', 'payload', Buffer.from([0x01, 0x02, 0x00, 0x05]), 'len', '2');
    await scan.close();
    const reader = await readBack(protocol, scan.key);
    const v = reader.streams.get('var')!;
    const first = await v.get(0);
    if (first.type !== 'numeric') throw new Error('not numeric');
    expect(first.pointShape).toEqual([3]);
    expect([...first.data]).toEqual([1, 2, 3]);
    const second = await v.slice(1, 3);
    if (second.points.type !== 'numeric') throw new Error('not numeric');
    expect(second.points.pointShape).toEqual([4]);
    expect([...second.points.data]).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
    const bePoints = await reader.streams.get('be')!.slice(0, 2);
    if (bePoints.points.type !== 'numeric') throw new Error('not numeric');
    expect([...bePoints.points.data]).toEqual([0x0102, 5]);
  });

  it('json streams, an empty sealed stream, and not-yet-published indices', async () => {
    const scan = await ScanWriter.create(await redis.store({ protocol }), identity, {});
    const events = scan.declareStream('events', jsonStreamDefinition());
    const empty = scan.declareStream('empty', numericStreamDefinition('<f8', []));
    await scan.prepare();
    await scan.start();
    events.sendJson({ a: 1, text: 'héllo' });
    events.sendJson([1, 2, null]);
    await events.flush();
    const live = await readBack(protocol, scan.key);
    await expect(live.streams.get('events')!.get(2)).rejects.toBeInstanceOf(IndexNotYetThereError);
    await expect(live.streams.get('events')!.get(-1)).rejects.toBeInstanceOf(IndexNotYetThereError);
    expect(await live.streams.get('empty')!.length()).toEqual({ length: 0, sealed: false });
    await scan.stop();
    expect(empty.sealed).toBe(true);
    const reader = await readBack(protocol, scan.key);
    expect(await reader.streams.get('empty')!.length()).toEqual({ length: 0, sealed: true });
    const values = await reader.streams.get('events')!.slice(0, 5);
    expect(values.points).toEqual({ type: 'json', values: [{ a: 1, text: 'héllo' }, [1, 2, null]], count: 2 });
    expect(reader.streams.get('events')!.kind).toBe('json');
  });
});

describe('stream kinds', () => {
  it('resolves lima, scan_sequence, hdf5_fallback and legacy file-backed streams; unknown plugins break only their stream', async () => {
    const store = await redis.store();
    const counter = `id00/limaccds/sim-${Date.now()}`;
    expect(await nextLimaAcquisition(store.redis, counter)).toBe(0);
    expect(await nextLimaAcquisition(store.redis, counter)).toBe(1);
    const scan = await ScanWriter.create(store, { ...identity, path: '/data/scan.h5' }, { save: true });
    const lima = scan.declareStream(
      'lima_simulator:image',
      limaStreamDefinition({
        dtype: 'uint16', shape: [64, 48], serverUrl: counter, bufferMaxNumber: 16, framesPerAcquisition: 10, acquisitionOffset: 1,
        saving: { filePath: '/data/lima_%04d.h5', dataPath: '/entry_0000/measurement/data', fileFormat: 'hdf5', fileOffset: 0, framesPerFile: 5 },
      }),
    );
    const subscans = scan.declareStream('SUBSCANS', scanSequenceDefinition());
    scan.declareStream('fallback', numericStreamDefinition('<f8', [], { plugin: 'hdf5_fallback', file_path: '/data/scan.h5', data_path: '1.1/measurement/x', save: true }));
    scan.declareStream('legacy', numericStreamDefinition('<f8', [], { data_path: '1.1/measurement/y' }));
    scan.declareStream('weird', numericStreamDefinition('<f8', [], { plugin: 'no_such_plugin' }));
    scan.declareStream('lima2', jsonStreamDefinition({ plugin: 'lima2', format: 'lima_v2' }));
    await scan.prepare();
    sendLimaStatus(lima, 3, 1);
    sendLimaStatus(lima, 7, 4);
    sendSubscan(subscans, 'esrf:scan:01J9Z3K7Q2M4X8B6N5T1V0W2Y3', 2);
    await scan.close();

    const reader = await Scan.load(store, scan.key);
    const kinds = Object.fromEntries([...reader.streams.values()].map((s) => [s.name, s.kind]));
    expect(kinds).toEqual({
      'lima_simulator:image': 'lima', SUBSCANS: 'scan_sequence', fallback: 'hdf5_fallback', legacy: 'hdf5_fallback', weird: 'broken', lima2: 'lima2',
    });
    expect(reader.streams.get('legacy')!.resolved.file).toEqual({ filePath: '/data/scan.h5', dataPath: '1.1/measurement/y' });
    expect(reader.streams.get('fallback')!.resolved.file).toEqual({ filePath: '/data/scan.h5', dataPath: '1.1/measurement/x' });
    expect(reader.streams.get('weird')!.error).toBe('stream plugin "no_such_plugin" is not supported by Lantern: this stream cannot be shown, the rest of the scan can');
    expect(reader.streams.get('lima2')!.error).toMatch(/older Lima2 stream form .* is not supported/);
    await expect(reader.streams.get('weird')!.slice(0, 1)).rejects.toBeInstanceOf(UnsupportedStreamError);
    const status = await reader.streams.get('lima_simulator:image')!.latest();
    expect(reader.streams.get('lima_simulator:image')!.decode([status.batch!])).toEqual({ type: 'json', values: [{ last_index: 7, last_index_saved: 4 }], count: 1 });
    const children = await reader.streams.get('SUBSCANS')!.slice(0, 10);
    expect(children.points).toEqual({ type: 'json', values: [{ key: 'esrf:scan:01J9Z3K7Q2M4X8B6N5T1V0W2Y3', scan_number: 2 }], count: 1 });
  });
});
