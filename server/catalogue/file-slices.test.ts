/**
 * Slices and level of detail of a scan read from its file go through the same code as for a scan in
 * Redis (server/http/slice-route.ts): LANTERN_SLICE_MAX_BYTES, exact int64, nested spectra, CSV,
 * binary, and reads spanning several file chunks. Real HDF5 file, real server and Redis.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hdf5FileWriter } from '../../scripts/simulator/hdf5-writer';
import { withLantern } from '../testing/lantern-fixture';
import { fileScanKey } from './file-scans';

const MAX_BYTES = 2 * 1024 * 1024;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lantern-file-slices-'));
const lantern = withLantern({ env: { DATA_ROOTS: dataDir, LANTERN_SLICE_MAX_BYTES: String(MAX_BYTES) } });
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** 200 000 float64 points: 1.6 MB, more than one file read (1 MiB) yet under the limit. */
const BIG = Float64Array.from({ length: 200_000 }, (_, i) => Math.sin(i / 1000) * 1000 + i / 7);
const HUGE_POINTS = 300_000;
const INTS = [2n ** 53n + 1n, -3n, 9_223_372_036_854_775_807n];
const SPECTRA = Uint32Array.from({ length: 12 }, (_, i) => i * 10);
let key: string;

const stream = (name: string, query = '') => `${lantern.url}/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(name)}${query}`;

beforeAll(async () => {
  const filePath = path.join(dataDir, 'slices.h5');
  const w = await Hdf5FileWriter.create(filePath);
  w.group('/3.1', { NX_class: 'NXentry' });
  w.value('/3.1/title', 'timescan 0.01');
  const add = (name: string, dtype: string, pointShape: number[], values: ArrayLike<number | bigint>, points: number) => {
    w.createStack(`/3.1/instrument/${name}/data`, { dtype, pointShape }).append(values, points);
    w.link(`/3.1/instrument/${name}/data`, `/3.1/measurement/${name}`);
  };
  add('big', '<f8', [], BIG, BIG.length);
  add('huge', '<f8', [], new Float64Array(HUGE_POINTS), HUGE_POINTS);
  add('ints', '<i8', [], INTS, INTS.length);
  add('mca', '<u4', [4], SPECTRA, 3);
  w.close();
  key = fileScanKey(filePath, '3.1');
});

describe('slices of a scan from its file', () => {
  it('refuses more than LANTERN_SLICE_MAX_BYTES with 413, saying how to page', async () => {
    const res = await fetch(stream('huge'));
    expect(res.status).toBe(413);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/slice too large: 300000 points of 8 bytes of huge \[0, 300000\) exceed the limit of 2097152 bytes per request \(LANTERN_SLICE_MAX_BYTES\); ask pages of at most 262144 points/);
    expect((await fetch(stream('huge', '?from=0&to=262144&format=binary'))).status).toBe(200);
  });

  it('streams a slice read in several chunks, in binary and JSON', async () => {
    const binary = await fetch(stream('big', '?format=binary'));
    expect(binary.headers.get('x-source')).toBe('file');
    expect(binary.headers.get('x-shape')).toBe('200000');
    expect(binary.headers.get('x-from-file')).toBe('0,200000');
    expect(new Float64Array(await binary.arrayBuffer())).toEqual(BIG);
    const json = (await fetch(stream('big', '?from=131000&to=131100')).then((r) => r.json())) as { from: number; to: number; data: number[]; source: string };
    expect(json).toMatchObject({ from: 131000, to: 131100, source: 'file' });
    expect(json.data).toEqual(Array.from(BIG.subarray(131000, 131100)));
  });

  it('keeps every digit of 64-bit integers, as JSON strings on request and in CSV', async () => {
    const asStrings = (await fetch(stream('ints', '?int64=string')).then((r) => r.json())) as { dtype: string; data: string[] };
    expect(asStrings).toMatchObject({ dtype: '<i8', data: INTS.map(String) });
    const raw = await fetch(stream('ints')).then((r) => r.text());
    expect(raw).toContain(`"data":[${INTS.join(',')}]`);
    expect(await fetch(stream('ints', '?format=csv')).then((r) => r.text())).toBe(`index,ints\n0,${INTS[0]}\n1,${INTS[1]}\n2,${INTS[2]}\n`);
    expect((await fetch(stream('ints', '?int64=float'))).status).toBe(400);
  });

  it('nests spectra by point in JSON and flattens them in CSV', async () => {
    const body = (await fetch(stream('mca', '?from=1')).then((r) => r.json())) as Record<string, unknown>;
    expect(body).toEqual({ dtype: '<u4', shape: [4], data: [[40, 50, 60, 70], [80, 90, 100, 110]], from: 1, to: 3, expired: null, fromFile: [1, 3], source: 'file' });
    expect(await fetch(stream('mca', '?to=1&format=csv')).then((r) => r.text())).toBe('index,mca[0],mca[1],mca[2],mca[3]\n0,0,10,20,30\n');
  });

  it('reduces a long stream to its level of detail, chunk by chunk, as for Redis', async () => {
    const res = await fetch(stream('big', '/lod?from=1000&to=150000&buckets=4'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-source')).toBe('file');
    expect([res.headers.get('x-from'), res.headers.get('x-to')]).toEqual(['1000', '150000']);
    const triplets = new Float64Array(await res.arrayBuffer());
    const part = BIG.subarray(1000, 150000);
    expect(triplets.length % 3).toBe(0);
    const mins = triplets.filter((_, i) => i % 3 === 1);
    const maxs = triplets.filter((_, i) => i % 3 === 2);
    expect(Math.min(...mins)).toBe(part.reduce((a, b) => Math.min(a, b)));
    expect(Math.max(...maxs)).toBe(part.reduce((a, b) => Math.max(a, b)));
    expect((await fetch(stream('mca', '/lod'))).status).toBe(422);
    expect((await fetch(stream('big', '/lod?buckets=0'))).status).toBe(400);
  });
});
