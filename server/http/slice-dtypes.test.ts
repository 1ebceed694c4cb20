/**
 * REST slices of every shape and dtype blissdata's numeric encoding allows, against what the socket
 * sends for the same points. Byte layouts follow upstream blissdata `streams/encoding/numeric.py`
 * (NumericStreamEncoder): fixed shapes are `batch.tobytes()`, variable shapes (a -1 in `shape`) are
 * `msgpack.packb((point_shape, batch.tobytes()))` with `len` = points of the batch, and `decode`
 * reshapes each entry by its own `(len, *shape)`. The payloads written here are checked byte for byte
 * against that layout before Lantern reads them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import { until, withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();
let key = '';
let varKey = '';

const path = (stream: string, query = '') => `${lantern.url}/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(stream)}${query}`;

/** msgpack.packb(((n,), raw)) as Python's msgpack writes it: fixarray(2), fixarray(1) of a positive fixint, bin 8. */
function upstreamVariablePayload(n: number, raw: Uint8Array): Uint8Array {
  return Uint8Array.from([0x92, 0x91, n, 0xc4, raw.byteLength, ...raw]);
}

beforeAll(async () => {
  const store = await lantern.redis.store();
  const writer = await ScanWriter.create(store, { name: 'dtypes', number: 1, data_policy: 'no_policy' }, {});
  const variable = writer.declareStream('var', numericStreamDefinition('<f8', [-1]));
  const complex = writer.declareStream('cplx', numericStreamDefinition('<c16', [2]));
  const bool = writer.declareStream('flag', numericStreamDefinition('|b1', []));
  const int64 = writer.declareStream('big', numericStreamDefinition('<i8', []));
  const uint64 = writer.declareStream('ubig', numericStreamDefinition('<u8', []));
  const half = writer.declareStream('half', numericStreamDefinition('<f2', []));
  await writer.prepare();
  await writer.start();
  // Entries of 3 points of shape [2], then 3 points of shape [5].
  variable.send(Float64Array.from([1, 2, 3, 4, 5, 6]), [2]);
  variable.send(Float64Array.from({ length: 15 }, (_, i) => 10 + i), [5]);
  complex.send(Float64Array.from([1, 2, 3, 4, 5, -6, -0.5, 8]));
  bool.send(Uint8Array.from([1, 0, 1]));
  int64.send(BigInt64Array.from([2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n]));
  uint64.send(BigUint64Array.from([2n ** 64n - 1n]));
  half.send(Float32Array.from([0.5, -2, 65504]));
  await writer.stop();
  await writer.close();
  key = writer.key;
  varKey = variable.key;
});

describe('REST slices of variable shapes (NumericStreamEncoder.decode reshapes each entry)', () => {
  it('writes the upstream msgpack layout', async () => {
    const entries = await lantern.redis.client({ protocol: 2 }).xrangeBuffer(varKey, '-', '+');
    expect(entries.map(([id]) => id.toString())).toEqual(['0-1', '3-1', '18446744073709551615-18446744073709551615']);
    const first = entries[0]![1];
    expect(first.map(String).filter((_, i) => i % 2 === 0)).toEqual(['payload', 'len']);
    expect(new Uint8Array(first[1]!)).toEqual(upstreamVariablePayload(2, new Uint8Array(Float64Array.from([1, 2, 3, 4, 5, 6]).buffer)));
    expect(first[3]!.toString()).toBe('3');
  });

  it('serves json with each point nested by its own shape', async () => {
    const body = await (await fetch(path('var'))).json();
    const fives = [0, 1, 2].map((p) => Array.from({ length: 5 }, (_, i) => 10 + p * 5 + i));
    expect(body).toEqual({ dtype: '<f8', shape: [-1], data: [[1, 2], [3, 4], [5, 6], ...fives], from: 0, to: 6, expired: null, fromFile: null });
    expect((await (await fetch(path('var', '?from=2&to=4'))).json()).data).toEqual([[5, 6], fives[0]]);
  });

  it('serves csv rows of each point own width', async () => {
    const text = await (await fetch(path('var', '?from=1&to=4&format=csv'))).text();
    expect(text).toBe('index,"var[variable shape, C order]"\n1,3,4\n2,5,6\n3,10,11,12,13,14\n');
  });

  it('serves binary with the shape of every run, and X-Shape only when one shape', async () => {
    const mixed = await fetch(path('var', '?from=2&format=binary'));
    expect(mixed.headers.get('x-point-shapes')).toBe('1:2;3:5');
    expect(mixed.headers.get('x-shape')).toBeNull();
    expect(Array.from(new Float64Array(await mixed.arrayBuffer()))).toEqual([5, 6, ...Array.from({ length: 15 }, (_, i) => 10 + i)]);
    const uniform = await fetch(path('var', '?from=3&to=5&format=binary'));
    expect(uniform.headers.get('x-shape')).toBe('2,5');
    expect(uniform.headers.get('x-point-shapes')).toBe('2:5');
    expect(new Float64Array(await uniform.arrayBuffer()).length).toBe(10);
  });

  it('agrees with what the socket sends for the same points', async () => {
    const client = await lantern.client();
    await client.subscribe(key);
    await until(() => client.have(key, 'var') === 6 && client.have(key, 'cplx') === 2, 10_000, 'socket data');
    const rest = (await (await fetch(path('var'))).json()) as { data: number[][] };
    expect(client.values(key, 'var')).toEqual(rest.data.flat());
    const complex = new Float64Array(await (await fetch(path('cplx', '?format=binary'))).arrayBuffer());
    expect(client.values(key, 'cplx')).toEqual(Array.from(complex));
  });
});

describe('REST slices of complex, bool, 64-bit and half-float dtypes', () => {
  it('nests complex points by their shape, each item a [re, im] pair', async () => {
    const body = await (await fetch(path('cplx'))).json();
    expect(body).toMatchObject({ dtype: '<c16', shape: [2], data: [[[1, 2], [3, 4]], [[5, -6], [-0.5, 8]]] });
    expect(await (await fetch(path('cplx', '?format=csv'))).text()).toBe('index,cplx[0],cplx[1]\n0,1+2j,3+4j\n1,5-6j,-0.5+8j\n');
    const binary = await fetch(path('cplx', '?format=binary'));
    expect([binary.headers.get('x-dtype'), binary.headers.get('x-shape')]).toEqual(['<c16', '2,2']);
    expect(Array.from(new Float64Array(await binary.arrayBuffer()))).toEqual([1, 2, 3, 4, 5, -6, -0.5, 8]);
  });

  it('serves |b1 as booleans and says |b1', async () => {
    expect(await (await fetch(path('flag'))).json()).toMatchObject({ dtype: '|b1', data: [true, false, true] });
    expect(await (await fetch(path('flag', '?format=csv'))).text()).toBe('index,flag\n0,true\n1,false\n2,true\n');
    const binary = await fetch(path('flag', '?format=binary'));
    expect(binary.headers.get('x-dtype')).toBe('|b1');
    expect(Array.from(new Uint8Array(await binary.arrayBuffer()))).toEqual([1, 0, 1]);
  });

  it('writes 64-bit integers with every digit, or as strings on request', async () => {
    const text = await (await fetch(path('big'))).text();
    expect(text).toContain('"data":[9223372036854775807,-9223372036854775808,9007199254740993]');
    expect((await (await fetch(path('big', '?int64=string'))).json()).data).toEqual(['9223372036854775807', '-9223372036854775808', '9007199254740993']);
    expect(await (await fetch(path('ubig', '?format=csv'))).text()).toBe('index,ubig\n0,18446744073709551615\n');
    const binary = await fetch(path('big', '?format=binary'));
    expect(binary.headers.get('x-dtype')).toBe('<i8');
    expect(Array.from(new BigInt64Array(await binary.arrayBuffer()))).toEqual([2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n]);
    expect((await fetch(path('big', '?int64=text'))).status).toBe(400);
  });

  it('serves float16 widened to float32, saying so', async () => {
    const binary = await fetch(path('half', '?format=binary'));
    expect([binary.headers.get('x-dtype'), binary.headers.get('x-shape')]).toEqual(['<f4', '3']);
    expect(Array.from(new Float32Array(await binary.arrayBuffer()))).toEqual([0.5, -2, 65504]);
    expect((await (await fetch(path('half'))).json()).data).toEqual([0.5, -2, 65504]);
  });
});
