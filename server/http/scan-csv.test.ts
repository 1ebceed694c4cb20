/** Whole-scan CSV: every scalar channel in one table, real Redis, values as published, gaps empty. */
import { expect, it } from 'vitest';
import { numericStreamDefinition, ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { withLantern } from '../testing/lantern-fixture';

const lantern = withLantern();

it('lists every scalar channel per point, spectra left out, trimmed and missing points empty, never 0', async () => {
  const store = await lantern.redis.store();
  const writer = await ScanWriter.create(store, { name: 'ascan', number: 12, data_policy: 'no_policy', session: 'csv' }, { title: 'ascan', type: 'ascan', npoints: 25_000 });
  const x = writer.declareStream('axis:roby', numericStreamDefinition('<f8', []));
  const d = writer.declareStream('diode,1', numericStreamDefinition('<i4', []));
  const short = writer.declareStream('mon', numericStreamDefinition('<f4', []));
  const mca = writer.declareStream('mca', numericStreamDefinition('<u4', [3]));
  await writer.prepare();
  await writer.start();
  const n = 25_000;
  for (let a = 0; a < n; a += 5000) {
    x.send(Float64Array.from({ length: 5000 }, (_, k) => (a + k) * 0.5));
    d.send(Int32Array.from({ length: 5000 }, (_, k) => a + k - 7));
  }
  short.send(Float32Array.of(1.5, 2.5));
  mca.send(new Uint32Array(3));
  await writer.flush();
  await store.redis.xtrim(d.key, 'MINID', '5000-1');
  await writer.close();

  const res = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/csv`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  expect(res.headers.get('content-disposition')).toMatch(/scan_12_ascan\.csv/);
  const lines = (await res.text()).trimEnd().split('\n');
  expect(lines[0]).toBe('index,axis:roby,"diode,1",mon');
  expect(lines).toHaveLength(n + 1);
  expect(lines[1]).toBe('0,0,,1.5');
  expect(lines[2]).toBe('1,0.5,,2.5');
  expect(lines[3]).toBe('2,1,,');
  expect(lines[5001]).toBe(`5000,2500,4993,`);
  expect(lines[n]).toBe(`${n - 1},${(n - 1) * 0.5},${n - 8},`);
  expect((await fetch(`${lantern.url}/api/scans/esrf%3Ascan%3Anope/csv`)).status).toBe(404);

  // The selected channels only, in the order asked; a comma in a name is escaped as in view links.
  const some = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/csv?channels=${encodeURIComponent('mon,diode\\,1')}`);
  const picked = (await some.text()).trimEnd().split('\n');
  expect(picked[0]).toBe('index,mon,"diode,1"');
  expect(picked[1]).toBe('0,1.5,');
  expect(picked[5001]).toBe('5000,,4993');
  const bad = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/csv?channels=mca`);
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { error: string }).error).toBe('channels: "mca" is not a scalar channel of this scan');
}, 60_000);
