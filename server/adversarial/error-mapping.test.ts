/**
 * Failures reaching a user are specific: a damaged HDF5 file gives 422 with the library's cause (its
 * diagnostics become one structured log line, never raw stderr lines), a data stream key of another
 * Redis type gives 502 WrongRedisType.
 */
import fs, { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { limaStreamDefinition, sendLimaStatus } from '../../lib/blissdata/writer/plugins';
import { ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { writeFrameStack } from '../../scripts/simulator/hdf5-writer';
import { captureHdf5Diagnostics } from '../hdf5-diagnostics';
import { createLogger } from '../logger';
import { withLantern } from '../testing/lantern-fixture';
import { report, runningScan } from './support';

// What reaches the real stderr (fd 2), below Lantern's capture (installed when the application starts).
const stderr: string[] = [];
const rawWrite = fs.writeSync.bind(fs) as (fd: number, data: unknown, ...rest: unknown[]) => number;
fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
  if (fd === 2) stderr.push(ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset + Number(rest[0] ?? 0), Number(rest[1] ?? data.byteLength)).toString() : String(data));
  return rawWrite(fd, data, ...rest);
}) as typeof fs.writeSync;

const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'lantern-errors-')));
const lantern = withLantern({ env: { DATA_ROOTS: root } });
afterAll(() => rmSync(root, { recursive: true, force: true }));

const DATA_PATH = '/entry_0000/instrument/lima_simulator/data';

describe('errors are mapped', () => {
  it('a Lima file with scrambled metadata: 422 Hdf5Error naming the cause, diagnostics as one structured log line', async () => {
    const lines: string[] = [];
    captureHdf5Diagnostics(
      createLogger(
        'warn',
        new Writable({
          write(chunk: Buffer, _e, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      ),
    );
    mkdirSync(path.join(root, 'scan'), { recursive: true });
    const file = path.join(root, 'scan', 'lima_0000.h5');
    await writeFrameStack(file, DATA_PATH, '<u2', [new Uint16Array(20), new Uint16Array(20)], [4, 5]);
    const bytes = readFileSync(file);
    for (let i = 200; i < 1200; i++) bytes[i] = (i * 7919) & 255;
    writeFileSync(file, bytes);
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const writer = await ScanWriter.create(store, { name: 'ct', number: 1, data_policy: 'no_policy', session: 'errors' }, { title: 'ct', npoints: 2 });
    const lima = writer.declareStream(
      'lima:image',
      limaStreamDefinition({ dtype: 'uint16', shape: [4, 5], serverUrl: 'id00/limaccds/simulator1', bufferMaxNumber: 16, framesPerAcquisition: 0, acquisitionOffset: 0, saving: { filePath: path.join(root, 'scan', 'lima_%04d.h5'), dataPath: DATA_PATH, fileFormat: 'hdf5', fileOffset: 0, framesPerFile: 2 } }),
    );
    await writer.prepare();
    await writer.start();
    sendLimaStatus(lima, 2, 1);
    await writer.stop();
    await writer.close();
    const stderrBefore = stderr.length;
    const res = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/streams/${encodeURIComponent('lima:image')}/frames/0?format=raw`);
    const body = (await res.json()) as { error: string; type: string };
    expect(res.status, JSON.stringify(body) + stderr.slice(stderrBefore).join("").slice(0, 500)).toBe(422);
    expect(body.type).toBe('Hdf5Error');
    report('scrambled HDF5 metadata', { status: res.status, error: JSON.stringify(body.error) });
    expect(body.error).toMatch(/^the HDF5 file cannot be read: .*(object header|metadata|signature|checksum|symbol|B-tree|heap)/i);
    await new Promise((r) => setImmediate(r));
    expect(stderr.slice(stderrBefore).join('')).not.toMatch(/HDF5-DIAG|#000/);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; hdf5?: { stack: { fn: string; message: string }[] } }).filter((l) => l.hdf5);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]!.hdf5!.stack.length).toBeGreaterThan(1);
    expect(logged[0]!.hdf5!.stack[0]).toMatchObject({ fn: expect.stringMatching(/^H5/), message: expect.any(String) });
  });

  it('a data stream key of another Redis type: 502 WrongRedisType, not 500', async () => {
    const store = await lantern.redis.store({ maxRetriesPerRequest: null });
    const { writer, outs } = await runningScan(store, ['x']);
    await lantern.redis.client().multi().del(outs[0]!.key).hset(outs[0]!.key, 'a', '1').exec();
    const res = await fetch(`${lantern.url}/api/scans/${encodeURIComponent(writer.key)}/streams/x?from=0&to=10`);
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({ type: 'WrongRedisType', error: expect.stringMatching(/holds another type than blissdata writes/) });
  });
});
