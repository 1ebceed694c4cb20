/**
 * GET /api/scans/{key}/streams/{name}/frames/{n}: 2D numeric streams from Redis, Lima frames from real HDF5
 * files at the blissdata frame -> file mapping, and DATA_ROOTS enforcement (nothing outside is opened).
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decode as decodePng } from 'fast-png';
import h5wasm from 'h5wasm/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { limaStreamDefinition, sendLimaStatus, type LimaSavingInput } from '../../lib/blissdata/writer/plugins';
import { ScanWriter, numericStreamDefinition } from '../../lib/blissdata/writer/scan-writer';
import type { StreamWriter } from '../../lib/blissdata/writer/stream-writer';
import { writeFrameStack } from '../../scripts/simulator/hdf5-writer';
import { withLantern } from '../testing/lantern-fixture';

// Every open() of the server's file code goes through here, to prove refused paths are never opened.
const opened = vi.hoisted(() => [] as string[]);
vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof original.open = (file, ...rest) => {
    opened.push(String(file));
    return original.open(file, ...rest);
  };
  return { ...original, open, default: { ...original, open } };
});

const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'lantern-frames-')));
const root = path.join(tmp, 'data');
const outside = path.join(tmp, 'outside');
mkdirSync(root, { recursive: true });
mkdirSync(outside, { recursive: true });

const lantern = withLantern({ env: { DATA_ROOTS: root } });

const H = 4;
const W = 5;
const DATA_PATH = '/entry_0000/instrument/lima_simulator/data';
/** Recognisable pixels: frame n, row y, column x -> 1000n + 10y + x. */
const limaPixels = (n: number) => Uint16Array.from({ length: H * W }, (_, i) => 1000 * n + 10 * Math.floor(i / W) + (i % W));

/** 2D numeric stream frames, <u2 [4, 6]. */
const IMG_H = 4;
const IMG_W = 6;
const imagePixels = (n: number) => Uint16Array.from({ length: IMG_H * IMG_W }, (_, i) => 500 * n + 7 * i);

function saving(filePath: string, framesPerFile = 2): LimaSavingInput {
  return { filePath, dataPath: DATA_PATH, fileFormat: 'hdf5', fileOffset: 0, framesPerFile };
}

function limaStream(writer: ScanWriter, name: string, save?: LimaSavingInput): StreamWriter {
  return writer.declareStream(
    name,
    limaStreamDefinition({ dtype: 'uint16', shape: [H, W], serverUrl: 'id00/limaccds/simulator1', bufferMaxNumber: 16, framesPerAcquisition: 0, acquisitionOffset: 0, saving: save }),
  );
}

let sealedScan: ScanWriter;
let runningScan: ScanWriter;
/** The h5wasm.File constructor, replaced by a recorder for the refusal tests. */
const h5Opened: string[] = [];
const OriginalFile = h5wasm.File;

beforeAll(async () => {
  const store = await lantern.redis.store({ maxRetriesPerRequest: null });

  // A closed scan: a 2D numeric stream, a scalar stream, and Lima streams whose files are complete.
  sealedScan = await ScanWriter.create(store, { name: 'ascan', number: 1, data_policy: 'no_policy', session: 'frames' }, { title: 'ascan with images', npoints: 3 });
  const image = sealedScan.declareStream('lima simulator:image', numericStreamDefinition('<u2', [IMG_H, IMG_W]));
  const scalar = sealedScan.declareStream('diode1', numericStreamDefinition('<f8', []));
  const done = limaStream(sealedScan, 'lima_simulator:image', saving(path.join(root, 'scan0001', 'lima_simulator_%04d.h5')));
  const missing = limaStream(sealedScan, 'lima missing:image', saving(path.join(root, 'scan0001', 'never_written_%04d.h5')));
  const etc = limaStream(sealedScan, 'evil etc:image', saving('/etc/lantern_%04d.h5'));
  const dotdot = limaStream(sealedScan, 'evil dotdot:image', saving(`${root}/../outside/secret_%04d.h5`));
  const symlinked = limaStream(sealedScan, 'evil symlink:image', saving(path.join(root, 'escape', 'secret_%04d.h5')));
  const unsaved = limaStream(sealedScan, 'unsaved:image');
  limaStream(sealedScan, 'silent lima:image', saving(path.join(root, 'scan0001', 'silent_%04d.h5')));
  const short = limaStream(sealedScan, 'short file:image', saving(path.join(root, 'scan0001', 'short_%04d.h5')));
  const notHdf5 = limaStream(sealedScan, 'not hdf5:image', saving(path.join(root, 'scan0001', 'text_%04d.h5')));
  const otherDataset = limaStream(sealedScan, 'other dataset:image', saving(path.join(root, 'scan0001', 'other_%04d.h5')));
  await sealedScan.prepare();
  await sealedScan.start();
  image.send(Uint16Array.from([...imagePixels(0), ...imagePixels(1), ...imagePixels(2)]));
  scalar.send(Float64Array.from([1, 2, 3]));
  // Lima wrote 5 frames, 2 per file: files 0000 (0, 1), 0001 (2, 3), 0002 (4).
  await writeFrameStack(path.join(root, 'scan0001', 'lima_simulator_0000.h5'), DATA_PATH, '<u2', [limaPixels(0), limaPixels(1)], [H, W]);
  await writeFrameStack(path.join(root, 'scan0001', 'lima_simulator_0001.h5'), DATA_PATH, '<u2', [limaPixels(2), limaPixels(3)], [H, W]);
  await writeFrameStack(path.join(root, 'scan0001', 'lima_simulator_0002.h5'), DATA_PATH, '<u2', [limaPixels(4)], [H, W]);
  sendLimaStatus(done, 2, 1);
  sendLimaStatus(done, 4, 4);
  sendLimaStatus(missing, 1, 1);
  // Real HDF5 files outside DATA_ROOTS, reachable by '..' or through a symlink inside the root.
  await writeFrameStack(path.join(outside, 'secret_0000.h5'), DATA_PATH, '<u2', [limaPixels(9), limaPixels(9)], [H, W]);
  symlinkSync(outside, path.join(root, 'escape'));
  for (const s of [etc, dotdot, symlinked]) sendLimaStatus(s, 1, 1);
  sendLimaStatus(unsaved, 1, -1);
  // Broken files: one frame where the mapping expects two, a text file, another dataset path.
  await writeFrameStack(path.join(root, 'scan0001', 'short_0000.h5'), DATA_PATH, '<u2', [limaPixels(0)], [H, W]);
  sendLimaStatus(short, 1, 1);
  writeFileSync(path.join(root, 'scan0001', 'text_0000.h5'), 'not an HDF5 file\n');
  sendLimaStatus(notHdf5, 0, 0);
  await writeFrameStack(path.join(root, 'scan0001', 'other_0000.h5'), '/entry_0000/measurement/data', '<u2', [limaPixels(0)], [H, W]);
  sendLimaStatus(otherDataset, 0, 0);
  await sealedScan.stop();
  await sealedScan.close();

  // A running scan: Lima is mid-way, frames acquired but their file still open.
  runningScan = await ScanWriter.create(store, { name: 'timescan', number: 2, data_policy: 'no_policy', session: 'frames' }, { title: 'timescan', npoints: 0 });
  const live = limaStream(runningScan, 'lima_simulator:image', saving(path.join(root, 'scan0002', 'lima_simulator_%04d.h5')));
  const liveImage = runningScan.declareStream('image', numericStreamDefinition('<u2', [IMG_H, IMG_W]));
  await runningScan.prepare();
  await runningScan.start();
  await writeFrameStack(path.join(root, 'scan0002', 'lima_simulator_0000.h5'), DATA_PATH, '<u2', [limaPixels(0), limaPixels(1)], [H, W]);
  // 6 frames acquired, 5 saved: file 0002 (frames 4, 5) is still being written, so 0..3 are readable.
  sendLimaStatus(live, 5, 4);
  liveLima = live;
  liveImage.send(imagePixels(0));
  await runningScan.flush();

  h5wasm.File = new Proxy(OriginalFile, {
    construct(target, args: ConstructorParameters<typeof OriginalFile>) {
      h5Opened.push(String(args[0]));
      return Reflect.construct(target, args) as InstanceType<typeof OriginalFile>;
    },
  });
});

afterAll(() => {
  h5wasm.File = OriginalFile;
  rmSync(tmp, { recursive: true, force: true });
});

let liveLima: StreamWriter;

const framePath = (key: string, stream: string, n: number | string, query = '') =>
  `${lantern.url}/api/scans/${encodeURIComponent(key)}/streams/${encodeURIComponent(stream)}/frames/${n}${query}`;

async function errorOf(url: string, status: number): Promise<string> {
  const res = await fetch(url);
  const text = await res.text();
  expect(res.status, `${url}: ${text}`).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (JSON.parse(text) as { error: string }).error;
}

async function u16(res: Response): Promise<number[]> {
  const buf = Buffer.from(await res.arrayBuffer());
  return Array.from({ length: buf.length / 2 }, (_, i) => buf.readUInt16LE(i * 2));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('frames of a 2D numeric stream', () => {
  it('serves a frame raw: the <u2 pixels with dtype and shape headers', async () => {
    for (const n of [0, 2]) {
      const res = await fetch(framePath(sealedScan.key, 'lima simulator:image', n));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('x-dtype')).toBe('<u2');
      expect(res.headers.get('x-shape')).toBe('4,6');
      expect(res.headers.get('x-frame')).toBe(String(n));
      expect(await u16(res)).toEqual([...imagePixels(n)]);
    }
    const explicit = await fetch(framePath(sealedScan.key, 'lima simulator:image', 1, '?format=raw'));
    expect(await u16(explicit)).toEqual([...imagePixels(1)]);
  });

  it('serves a frame as a grayscale PNG, min..max scaled to 16 bits', async () => {
    const res = await fetch(framePath(sealedScan.key, 'lima simulator:image', 1, '?format=png'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const png = decodePng(bytes);
    expect({ width: png.width, height: png.height, depth: png.depth, channels: png.channels }).toEqual({ width: IMG_W, height: IMG_H, depth: 16, channels: 1 });
    // Pixels grow by 7 along the row-major order: a linear ramp from 0 to 65535.
    expect([...png.data]).toEqual(Array.from({ length: IMG_H * IMG_W }, (_, i) => Math.round((i * 65535) / (IMG_H * IMG_W - 1))));
  });

  it('bins k x k blocks (mean, float32): bin=2 halves the shape', async () => {
    const res = await fetch(framePath(sealedScan.key, 'lima simulator:image', 0, '?bin=2'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-dtype')).toBe('<f4');
    expect(res.headers.get('x-shape')).toBe('2,3');
    const px = imagePixels(0);
    const mean = (y: number, x: number) => (px[2 * y * IMG_W + 2 * x]! + px[2 * y * IMG_W + 2 * x + 1]! + px[(2 * y + 1) * IMG_W + 2 * x]! + px[(2 * y + 1) * IMG_W + 2 * x + 1]!) / 4;
    const expected = [0, 1].flatMap((y) => [0, 1, 2].map((x) => mean(y, x)));
    expect([...new Float32Array(await res.arrayBuffer())]).toEqual(expected);
    const png = decodePng(new Uint8Array(await (await fetch(framePath(sealedScan.key, 'lima simulator:image', 0, '?bin=2&format=png'))).arrayBuffer()));
    expect([png.width, png.height]).toEqual([3, 2]);
  });

  it('answers 404 for a frame beyond the end of a sealed stream, 409 while it may still come', async () => {
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', 3), 404)).toMatch(/sealed at 3 points/);
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', 100), 404)).toMatch(/sealed/);
    expect(await errorOf(framePath(runningScan.key, 'image', 1), 409)).toMatch(/not published yet/);
    const ok = await fetch(framePath(runningScan.key, 'image', 0));
    expect(await u16(ok)).toEqual([...imagePixels(0)]);
  });

  it('refuses bad parameters and streams without images', async () => {
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', -1), 400)).toMatch(/>= 0/);
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', 'abc'), 400)).toMatch(/integer/);
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', '99999999999999999999'), 400)).toMatch(/integer/);
    expect(await errorOf(framePath(sealedScan.key, 'lima_simulator:image', '9007199254740993'), 400)).toMatch(/integer/);
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', 0, '?bin=0'), 400)).toMatch(/bin/);
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', 0, '?bin=x'), 400)).toMatch(/bin/);
    expect(await errorOf(framePath(sealedScan.key, 'lima simulator:image', 0, '?format=jpeg'), 400)).toMatch(/format/);
    expect(await errorOf(framePath(sealedScan.key, 'diode1', 0), 422)).toMatch(/no images/);
    expect(await errorOf(framePath(sealedScan.key, 'nope', 0), 404)).toMatch(/nope/);
    expect(await errorOf(framePath('esrf:scan:01ARZ3NDEKTSV4RRFFQ69G5FAV', 'image', 0), 404)).toMatch(/does not exist/);
  });
});

describe('frames of a Lima stream, read from its HDF5 files', () => {
  it('serves saved frames with their pixels, from the file the mapping names', async () => {
    for (const n of [0, 1, 2, 3, 4]) {
      const res = await fetch(framePath(sealedScan.key, 'lima_simulator:image', n));
      expect(res.status, `frame ${n}`).toBe(200);
      expect(res.headers.get('x-dtype')).toBe('<u2');
      expect(res.headers.get('x-shape')).toBe(`${H},${W}`);
      expect(await u16(res), `frame ${n}`).toEqual([...limaPixels(n)]);
    }
    const png = await fetch(framePath(sealedScan.key, 'lima_simulator:image', 3, '?format=png'));
    expect([...new Uint8Array(await png.arrayBuffer()).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const binned = await fetch(framePath(sealedScan.key, 'lima_simulator:image', 2, '?bin=2'));
    // 4 x 5 in 2 x 2 blocks: 2 x 3, the last column averaged over the pixels it has.
    expect(binned.headers.get('x-shape')).toBe('2,3');
    expect([...new Float32Array(await binned.arrayBuffer())]).toEqual([2005.5, 2007.5, 2009, 2025.5, 2027.5, 2029]);
  });

  it('serves frames of complete files of a running acquisition, 409 for those acquired but not saved yet', async () => {
    const res = await fetch(framePath(runningScan.key, 'lima_simulator:image', 1));
    expect(res.status).toBe(200);
    expect(await u16(res)).toEqual([...limaPixels(1)]);
    // Frame 4 is saved, but in file 0002 which Lima has not closed yet; 5 is only acquired.
    expect(await errorOf(framePath(runningScan.key, 'lima_simulator:image', 4), 409)).toBe('frame 4 acquired but not saved yet: complete files hold frames 0..3');
    expect(await errorOf(framePath(runningScan.key, 'lima_simulator:image', 5), 409)).toMatch(/acquired but not saved yet/);
    expect(await errorOf(framePath(runningScan.key, 'lima_simulator:image', 6), 409)).toMatch(/not acquired yet: 6 frame/);
    // The answer names the newest frame a viewer following the scan can show instead.
    const body = (await (await fetch(framePath(runningScan.key, 'lima_simulator:image', 4))).json()) as { lastReadable?: number };
    expect(body.lastReadable).toBe(3);
  });

  it('keeps the highest indices of the statuses seen, as upstream lima/client.py LimaClient.update does', async () => {
    // A late status with lower values must not make saved frames unreadable again.
    sendLimaStatus(liveLima, 3, -1);
    await liveLima.flush();
    const res = await fetch(framePath(runningScan.key, 'lima_simulator:image', 1));
    expect(res.status).toBe(200);
    expect(await u16(res)).toEqual([...limaPixels(1)]);
    expect(await errorOf(framePath(runningScan.key, 'lima_simulator:image', 4), 409)).toBe('frame 4 acquired but not saved yet: complete files hold frames 0..3');
  });

  it('answers 404 when the frame is past the end of a sealed Lima stream', async () => {
    expect(await errorOf(framePath(sealedScan.key, 'lima_simulator:image', 5), 404)).toMatch(/will not be acquired: the stream ended with 5 frame/);
    // Sealed without a single status: Lima acquired nothing, and never will.
    expect(await errorOf(framePath(sealedScan.key, 'silent lima:image', 0), 404)).toMatch(/will not be acquired: the stream ended with 0 frame/);
  });

  it('answers 404 when the file blissdata names is missing', async () => {
    const error = await errorOf(framePath(sealedScan.key, 'lima missing:image', 0), 404);
    expect(error).toBe(`file ${JSON.stringify(path.join(root, 'scan0001', 'never_written_0000.h5'))} does not exist`);
  });

  it('answers 404 when the file lacks the frame or the dataset, 422 when it is not HDF5', async () => {
    expect(await u16(await fetch(framePath(sealedScan.key, 'short file:image', 0)))).toEqual([...limaPixels(0)]);
    expect(await errorOf(framePath(sealedScan.key, 'short file:image', 1), 404)).toMatch(/frame 1 out of range: dataset has 1 frames/);
    expect(await errorOf(framePath(sealedScan.key, 'other dataset:image', 0), 404)).toMatch(/dataset \/entry_0000\/instrument\/lima_simulator\/data not found/);
    expect(await errorOf(framePath(sealedScan.key, 'not hdf5:image', 0), 422)).toMatch(/is not an HDF5 file/);
  });

  it('answers 422 for a Lima stream whose frames are not saved to files', async () => {
    expect(await errorOf(framePath(sealedScan.key, 'unsaved:image', 0), 422)).toMatch(/not saved to files/);
  });

  it('answers 403 for a file_path outside DATA_ROOTS and opens nothing', async () => {
    const cases: [string, string][] = [
      ['evil etc:image', '/etc/lantern_0000.h5'],
      ['evil dotdot:image', `${root}/../outside/secret_0000.h5`],
      ['evil symlink:image', path.join(root, 'escape', 'secret_0000.h5')],
    ];
    opened.length = 0;
    h5Opened.length = 0;
    for (const [stream, filePath] of cases) {
      const error = await errorOf(framePath(sealedScan.key, stream, 0), 403);
      expect(error).toMatch(new RegExp(`^path ${JSON.stringify(filePath).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not allowed`));
      // The answer names the requested path only: nothing about the root or what exists outside.
      expect(error).not.toContain(outside);
    }
    expect(opened.filter((p) => !p.startsWith(`${root}/scan`))).toEqual([]);
    expect(h5Opened).toEqual([]);
    // The recorders do see opens: a legitimate frame, in a file not opened before, goes through both.
    rmSync(path.join(root, 'scan0002', 'lima_simulator_0000.h5'));
    await writeFrameStack(path.join(root, 'scan0002', 'lima_simulator_0000.h5'), DATA_PATH, '<u2', [limaPixels(7), limaPixels(8)], [H, W]);
    h5Opened.length = 0;
    const res = await fetch(framePath(runningScan.key, 'lima_simulator:image', 0));
    // The file was replaced: the reader notices (inode/mtime) and reads the new one.
    expect(await u16(res)).toEqual([...limaPixels(7)]);
    expect(opened).toContain(path.join(root, 'scan0002', 'lima_simulator_0000.h5'));
    expect(h5Opened.filter((p) => p.endsWith('lima_simulator_0000.h5'))).toHaveLength(1);
  });
});
