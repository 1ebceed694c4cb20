/** MCA spectra, 2D images and Lima frames in HDF5 files, read back through the reader and hdf5-reader. */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limaRoisOf } from '../../lib/analysis/image/lima-rois';
import { limaFrameLocation, parseLimaInfo, savedFrameLocation } from '../../lib/blissdata/lima';
import { DataRoots } from '../../server/files/data-roots';
import { Hdf5Reader } from '../../server/files/hdf5-reader';
import { withRedis } from '../../testing/redis-fixture';
import {
  DIGIT_VALUE,
  IMAGE2D_STREAM,
  LIMA_DEFAULTS,
  LIMA_STREAM,
  lineChannel,
  MCA_LINES,
  MCA_STREAMS,
  runLimaScan,
  runRepeated,
  runScenario,
  scenarioContext,
  type LimaParams,
  type SimulatedScan,
  type McaScanParams,
} from './index';
import { loadScan, numbers, publishedNumeric, readJson, readNumeric, readStream, sameBytes } from './test-helpers';

const redis = withRedis();
let dataDir = '';
let reader: Hdf5Reader;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-sim-test-'));
  reader = new Hdf5Reader({ roots: new DataRoots([dataDir]) });
});
afterAll(async () => {
  reader.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('mca', () => {
  it('publishes 4096-channel <u4 spectra with emission lines where configured', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'mca', { points: 4, rate: 1000, seed: 5 });
    const p = sim.params as unknown as McaScanParams;
    const scan = await loadScan(store, sim.key);
    expect(scan.info).toMatchObject({ type: 'loopscan', title: 'loopscan 4 0.1', npoints: 4 });
    expect((scan.info.devices as Record<string, unknown>).mca1).toMatchObject({ type: 'mca', channels: Object.values(MCA_STREAMS) });
    expect((scan.info.channels as Record<string, unknown>)[MCA_STREAMS.spectrum]).toMatchObject({ dim: 1 });
    expect(scan.doc.data_streams[MCA_STREAMS.spectrum]?.encoding).toEqual({ type: 'numeric', dtype_str: '<u4', shape: [4096] });

    const spectra = await readStream(scan, MCA_STREAMS.spectrum);
    expect(spectra.type === 'numeric' && spectra.pointShape).toEqual([4096]);
    expect(spectra.count).toBe(4);
    const data = spectra.type === 'numeric' ? spectra.data : new Uint32Array();
    expect(sameBytes(data, publishedNumeric(sim.published, MCA_STREAMS.spectrum))).toBe(true);
    const sum = new Float64Array(4096);
    for (let i = 0; i < data.length; i++) sum[i % 4096] = (sum[i % 4096] ?? 0) + Number(data[i]);
    for (const line of MCA_LINES.filter((l) => l.height >= 500)) {
      const c = lineChannel(line);
      const window = numbers(sum.subarray(c - 15, c + 16));
      expect(Math.abs(window.indexOf(Math.max(...window)) - 15)).toBeLessThanOrEqual(3);
    }
    expect(p.lineChannels).toContain(804);
    expect(numbers(await readNumeric(scan, MCA_STREAMS.realtime)).every((t) => Math.abs(t - 0.1) < 0.01)).toBe(true);
    expect((await readStream(scan, MCA_STREAMS.deadtime)).count).toBe(4);
  });
});

describe('image2d', () => {
  it('publishes 64 x 64 <f4 images as a dim-2 numeric stream', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'image2d', { points: 3, rate: 1000 });
    const scan = await loadScan(store, sim.key);
    expect((scan.info.channels as Record<string, unknown>)[IMAGE2D_STREAM]).toMatchObject({ dim: 2 });
    const images = await readStream(scan, IMAGE2D_STREAM);
    if (images.type !== 'numeric') throw new Error('not numeric');
    expect([images.count, images.pointShape, images.data.constructor]).toEqual([3, [64, 64], Float32Array]);
    expect(sameBytes(images.data, publishedNumeric(sim.published, IMAGE2D_STREAM))).toBe(true);
    expect([0, 1, 2].map((n) => images.data[n * 64 * 64])).toEqual([0, 1, 2]);
  });
});

interface Status {
  last_index: number;
  last_index_saved: number;
}

async function checkLimaScan(sim: SimulatedScan, frames: number) {
  const store = await redis.store();
  const scan = await loadScan(store, sim.key);
  const lima = (sim.params as unknown as { lima: LimaParams }).lima;
  const stream = scan.streams.get(LIMA_STREAM);
  expect(stream?.kind).toBe('lima');
  const info = parseLimaInfo(stream?.info.lima_info);
  expect(info).toMatchObject({ serverUrl: LIMA_DEFAULTS.serverUrl, framePerAcquisition: frames, acquisitionOffset: lima.acquisitionOffset });
  expect(info.saving).toMatchObject({ fileFormat: 'hdf5', fileOffset: 0, framePerFile: 5, dataPath: LIMA_DEFAULTS.dataPath });
  expect(info.saving?.filePath).toBe(path.join(dataDir, 'demo_session/sample/sample_0001', `scan${String(sim.number).padStart(4, '0')}`, 'lima_simulator_%04d.h5'));
  expect(scan.info).toMatchObject({ save: true });
  expect(scan.identity.path).toBe(scan.info.filename);
  expect((scan.info.devices as Record<string, unknown>).lima_simulator).toMatchObject({ type: 'lima', channels: [LIMA_STREAM] });
  // Its ROI counters' geometry, as the image plot reads it to outline them.
  expect(limaRoisOf(scan.info)).toEqual({
    rois: [
      { name: 'lima_simulator:roi_counters:centre', device: 'lima_simulator', roi: 'centre', shape: { kind: 'rect', x: 120, y: 88, width: 80, height: 80 } },
      { name: 'lima_simulator:roi_counters:ring', device: 'lima_simulator', roi: 'ring', shape: { kind: 'arc', cx: 160, cy: 128, r1: 90, r2: 110, a1: -60, a2: 60 } },
    ],
    skipped: [],
  });

  const statuses = (await readJson(scan, LIMA_STREAM)) as Status[];
  expect(statuses).toEqual((sim.published[LIMA_STREAM] as { values: unknown[] }).values);
  for (const [i, s] of statuses.entries()) {
    const prev = statuses[i - 1];
    expect(s.last_index_saved).toBeLessThanOrEqual(s.last_index);
    if (prev) expect(s.last_index >= prev.last_index && s.last_index_saved >= prev.last_index_saved).toBe(true);
  }
  expect(statuses.at(-1)).toEqual({ last_index: frames - 1, last_index_saved: frames - 1 });

  // Every frame is where blissdata's mapping says, with its number in pixel [0, 0].
  const files = new Set<string>();
  for (let n = 0; n < frames; n++) {
    const location = savedFrameLocation(info, { lastIndex: frames - 1, lastIndexSaved: frames - 1 }, n, { sealed: true });
    files.add(location.filePath);
    const frame = await reader.readFrame(location.filePath, LIMA_DEFAULTS.dataPath, location.indexInFile);
    expect(frame.shape).toEqual([256, 320]);
    expect(frame.dtype).toBe('<u2');
    expect(frame.data[0]).toBe(n);
    // The corner block: zeros with the digits drawn at DIGIT_VALUE.
    expect(frame.data[1]).toBe(0);
    expect(numbers(frame.data.subarray(2 * 320, 20 * 320)).includes(DIGIT_VALUE)).toBe(true);
  }
  expect([...files].sort()).toEqual([...sim.files].sort());
  expect(sim.files.every((f) => existsSync(f))).toBe(true);
  expect(limaFrameLocation(info, frames - 1).fileNumber).toBe(Math.ceil(frames / 5) - 1);
  return statuses;
}

describe('lima', () => {
  it('writes HDF5 files at the mapped paths; last_index_saved moves when a file closes', async () => {
    const store = await redis.store();
    const sim = await runScenario(store, 'lima', { points: 12, rate: 1000, dataDir, seed: 2 });
    expect(sim.files.map((f) => path.basename(f))).toEqual(['lima_simulator_0000.h5', 'lima_simulator_0001.h5', 'lima_simulator_0002.h5']);
    const statuses = await checkLimaScan(sim, 12);
    expect(new Set(statuses.map((s) => s.last_index_saved))).toEqual(new Set([-1, 4, 9, 11]));
    expect(statuses.filter((s) => s.last_index_saved === s.last_index).map((s) => s.last_index)).toEqual([4, 9, 11]);
  });

  it("reports every saved frame in 'frame' mode", async () => {
    const store = await redis.store();
    const ctx = scenarioContext(store, 'lima', { points: 7, rate: 1000, dataDir });
    const sim = await runLimaScan(ctx, { savedReport: 'frame' });
    const statuses = await checkLimaScan(sim as SimulatedScan, 7);
    expect(statuses.every((s) => s.last_index_saved === s.last_index)).toBe(true);
  });

  it('uses a temporary folder, and says so, without a data dir', async () => {
    const store = await redis.store();
    const lines: string[] = [];
    const sim = await runScenario(store, 'lima', { points: 2, rate: 1000, log: (l) => lines.push(l) });
    const { dataDir: tmp } = (sim.params as unknown as { lima: LimaParams }).lima;
    expect(lines.join('\n')).toContain(tmp);
    expect(sim.files.every((f) => f.startsWith(tmp))).toBe(true);
    await rm(tmp, { recursive: true, force: true });
  });
});

describe('loop', () => {
  it('tours every scenario', async () => {
    const store = await redis.store();
    const announced: { scenario: string }[] = [];
    const ended: SimulatedScan[] = [];
    const runs = await runRepeated(store, 'loop', {
      count: 13,
      points: 4,
      rate: 5000,
      pauseMs: [0, 5],
      dataDir,
      onScan: (s) => announced.push(s),
      onRunEnd: (s) => ended.push(s),
    });
    expect(runs).toBe(13);
    expect(new Set(ended.map((s) => s.scenario))).toEqual(
      new Set(['ascan', 'amesh', 'ct', 'fast', 'mca', 'lima', 'timescan', 'image2d', 'dscan', 'sequence', 'aborted', 'sardana', 'xrf']),
    );
    // The sequence announces itself and its three children.
    expect(announced).toHaveLength(16);
    expect(ended.find((s) => s.scenario === 'aborted')?.endReason).toBe('USER_ABORT');
  });
});
