/**
 * Compressed detector files: frames stored with the HDF5 filter plugins Lima and Dectris/Eiger use are
 * decoded with the h5wasm-plugins filters. The fixtures were written by the real HDF5 library (h5py with
 * Debian's hdf5plugin: scripts/fixtures/compressed-hdf5.py; Zstd by HDF5-in-h5wasm with the HDF Group's
 * H5Z-ZSTD, scripts/fixtures/compressed-zstd.mjs, since Debian ships no Zstd filter for h5py). A frame
 * of a Lima stream (upstream blissdata `streams/lima/stream.py`, `lima/client.py`) whose file is
 * bitshuffle-LZ4 compressed is served by the REST frame route like any other.
 */
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { limaStreamDefinition, sendLimaStatus } from '../../lib/blissdata/writer/plugins';
import { withLantern } from '../testing/lantern-fixture';
import { DataRoots } from './data-roots';
import { Hdf5Reader, UnsupportedDatasetError } from './hdf5-reader';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const root = mkdtempSync(path.join(os.tmpdir(), 'lantern-compressed-'));
const lantern = withLantern();
beforeAll(() => lantern.restart({ DATA_ROOTS: root }));

/** Frame f as the fixture scripts wrote it: (f * 1000 + y * 20 + x) * 7 % 65521, 16 × 20 pixels. */
const frame = (f: number) => Array.from({ length: 320 }, (_, i) => ((f * 1000 + Math.floor(i / 20) * 20 + (i % 20)) * 7) % 65521);

describe('compressed HDF5 frames', () => {
  const reader = new Hdf5Reader({ roots: new DataRoots([fixtures]) });
  const main = path.join(fixtures, 'compressed-frames.h5');

  it.each([
    ['bitshuffle-LZ4 (32008)', 'bslz4_u2', '<u2'],
    ['bitshuffle-LZ4 (32008), 32-bit like Eiger', 'bslz4_u4', '<u4'],
    ['LZ4 (32004)', 'lz4_u2', '<u2'],
    ['LZ4 (32004), 32-bit', 'lz4_u4', '<u4'],
    ['Blosc-LZ4 with shuffle (32001)', 'blosc_u2', '<u2'],
    ['Blosc-LZ4 with shuffle (32001), 32-bit', 'blosc_u4', '<u4'],
    ['Blosc-Zstd (32001)', 'blosc_zstd_u2', '<u2'],
    ['deflate (built in)', 'deflate_u2', '<u2'],
  ])('reads frames stored with %s', async (_what, name, dtype) => {
    for (const f of [0, 2]) {
      const read = await reader.readFrame(main, `/entry_0000/instrument/${name}/data`, f);
      expect(read.dtype).toBe(dtype);
      expect(read.shape).toEqual([16, 20]);
      expect(Array.from(read.data as ArrayLike<number>)).toEqual(frame(f));
    }
  });

  it('reads frames stored with Zstd (32015)', async () => {
    const read = await reader.readFrame(path.join(fixtures, 'compressed-frames-zstd.h5'), '/entry_0000/instrument/zstd_u2/data', 1);
    expect(Array.from(read.data as ArrayLike<number>)).toEqual(frame(1));
  });

  it('names a filter no plugin provides, and the filters it can decode', async () => {
    const read = reader.readFrame(path.join(fixtures, 'compressed-frames-unknown-filter.h5'), '/entry_0000/instrument/odd/data', 0);
    await expect(read).rejects.toThrow(UnsupportedDatasetError);
    await expect(read).rejects.toThrow(/compressed with HDF5 filter 32099 .*cannot decode; it decodes .*bshuf \(32008\)/);
  });

  it('serves a frame of a Lima stream whose file is bitshuffle-LZ4 compressed', async () => {
    mkdirSync(path.join(root, 'scan0007'));
    copyFileSync(main, path.join(root, 'scan0007', 'eiger_0000.h5'));
    const store = await lantern.redis.store();
    const writer = await ScanWriter.create(store, { name: 'ct', number: 7, data_policy: 'no_policy' }, {});
    const lima = writer.declareStream(
      'eiger:image',
      limaStreamDefinition({
        dtype: 'uint32',
        shape: [16, 20],
        serverUrl: 'id00/limaccds/eiger',
        bufferMaxNumber: 8,
        framesPerAcquisition: 0,
        acquisitionOffset: 0,
        saving: { filePath: path.join(root, 'scan0007', 'eiger_%04d.h5'), dataPath: '/entry_0000/instrument/bslz4_u4/data', fileFormat: 'hdf5', fileOffset: 0, framesPerFile: 3 },
      }),
    );
    await writer.prepare();
    sendLimaStatus(lima, 2, 2);
    await writer.close();
    const response = await fetch(`${lantern.url}/api/scans/${writer.key}/streams/eiger%3Aimage/frames/2?format=raw`);
    expect(response.status).toBe(200);
    expect([response.headers.get('x-dtype'), response.headers.get('x-shape')]).toEqual(['<u4', '16,20']);
    expect(Array.from(new Uint32Array(await response.arrayBuffer()))).toEqual(frame(2));
  });
});
