/**
 * `ascan roby 0 2 <n-1> 0.1 lima_simulator`: a step scan whose timer also triggers a Lima detector.
 * Frames (`<u2`, 256 x 320) go to real HDF5 files, `frame_per_file` frames each, named as Lima does
 * (`scanNNNN/lima_simulator_%04d.h5`, dataset `/entry_0000/ESRF-ID00/lima_simulator/data`); the
 * `lima_simulator:image` stream carries only `{last_index, last_index_saved}` statuses, like Bliss.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatFilePath } from '../../../lib/blissdata/lima';
import { limaStreamDefinition, nextLimaAcquisition } from '../../../lib/blissdata/writer/plugins';
import type { Hdf5FileWriter, Hdf5Stack } from '../hdf5-writer';
import { LIMA_FRAME, limaFrame } from '../models/frames';
import { gaussian } from '../models/peaks';
import type { ScanRun, ScenarioContext } from '../scan-run';
import { DIODE1_PEAK } from './bliss-devices';
import { runAscan, STEP_SCAN_DEFAULTS, type StepDetector } from './step-scans';

export const LIMA_STREAM = 'lima_simulator:image';

/** The detector's ROI counters as Bliss describes them in scan_info (`rois`): a box around the centre and an arc. */
export const LIMA_ROIS = {
  'lima_simulator:roi_counters:centre': { kind: 'rect', x: 120, y: 88, width: 80, height: 80 },
  'lima_simulator:roi_counters:ring': { kind: 'arc', cx: 160, cy: 128, r1: 90, r2: 110, a1: -60, a2: 60 },
};
export const LIMA_DEFAULTS = {
  points: 20,
  rate: 4,
  framesPerFile: 5,
  serverUrl: 'id00/limaccds/simulator1',
  bufferMaxNumber: 64,
  dataPath: '/entry_0000/ESRF-ID00/lima_simulator/data',
};

/**
 * When `last_index_saved` moves: `file` (default) only when a file is closed, so it never points into
 * an open file; `frame` after every frame written, as Lima's saving task reports it (the file holding
 * that frame is then still open, which blissdata's "file complete" rule accounts for).
 */
export type LimaSavedReport = 'file' | 'frame';

export interface LimaParams {
  filePattern: string;
  dataPath: string;
  framesPerFile: number;
  framesPerAcquisition: number;
  acquisitionOffset: number;
  serverUrl: string;
  frameShape: [number, number];
  savedReport: LimaSavedReport;
  dataDir: string;
}

/** Spot brightness follows diode1's peak along roby, never quite vanishing. */
function spotIntensity(x: number): number {
  return 0.15 + 0.85 * gaussian(x, DIODE1_PEAK.centre, DIODE1_PEAK.sigma * 2);
}

function limaDetector(ctx: ScenarioContext, npoints: number, savedReport: LimaSavedReport, dataDir: string) {
  return async (_number: number, imagesDir: string): Promise<StepDetector> => {
    // Loaded on demand: h5wasm takes ~800 MB of resident memory once imported, which the other
    // scenarios (and a CLI that never runs Lima) should not pay.
    const { Hdf5FileWriter: FileWriter } = await import('../hdf5-writer');
    const { serverUrl, framesPerFile, dataPath, bufferMaxNumber } = LIMA_DEFAULTS;
    const frameShape: [number, number] = [LIMA_FRAME.height, LIMA_FRAME.width];
    const filePattern = `${imagesDir}/lima_simulator_%04d.h5`;
    // Lima prepare: the server's acquisition counter, which readers compare before trusting its buffer.
    const acquisitionOffset = await nextLimaAcquisition(ctx.store.redis, serverUrl);
    const definition = limaStreamDefinition({
      dtype: 'uint16',
      shape: frameShape,
      serverUrl,
      bufferMaxNumber,
      framesPerAcquisition: npoints,
      acquisitionOffset,
      saving: { filePath: filePattern, dataPath, fileFormat: 'hdf5', fileOffset: 0, framesPerFile },
    });

    let file: { writer: Hdf5FileWriter; stack: Hdf5Stack } | null = null;
    let lastIndex = -1;
    let lastSaved = -1;
    const status = (run: ScanRun) => run.stream(LIMA_STREAM).sendJson({ last_index: lastIndex, last_index_saved: lastSaved });
    const closeFile = (run: ScanRun) => {
      if (!file) return;
      run.files.push(file.writer.close());
      file = null;
      if (savedReport === 'file') {
        lastSaved = lastIndex;
        status(run);
      }
    };

    const params: LimaParams = { filePattern, dataPath, framesPerFile, framesPerAcquisition: npoints, acquisitionOffset, serverUrl, frameShape, savedReport, dataDir };
    return {
      device: { key: 'lima_simulator', type: 'lima', channels: [{ name: LIMA_STREAM, dim: 2, definition }] },
      params: { lima: params },
      info: { rois: LIMA_ROIS },
      async acquire(run, index, position) {
        const frame = limaFrame(LIMA_FRAME, index, spotIntensity(position), ctx.random);
        if (!file) {
          // A single acquisition, file_offset 0: file k holds frames k*fpf .. k*fpf+fpf-1.
          const filePath = formatFilePath(filePattern, Math.floor(index / framesPerFile));
          // Overwrite: a restarted Redis restarts scan numbers while old image folders remain.
          const writer = await FileWriter.create(filePath, { overwrite: true });
          file = { writer, stack: writer.createStack(dataPath, { dtype: '<u2', pointShape: frameShape }) };
        }
        file.stack.append(frame);
        lastIndex = index;
        if (savedReport === 'frame') lastSaved = index;
        status(run);
        if (file.stack.length >= framesPerFile) closeFile(run);
      },
      async finish(run) {
        // Lima closes its last, possibly partial, file when the acquisition stops (or is aborted).
        closeFile(run);
      },
    };
  };
}

export async function runLimaScan(ctx: ScenarioContext, options: { savedReport?: LimaSavedReport } = {}) {
  let dataDir = ctx.dataDir;
  if (!dataDir) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'lantern-sim-'));
    ctx.log(`no --data-dir given: Lima files go to ${dataDir}`);
  }
  const npoints = Math.max(2, Math.round(ctx.points ?? LIMA_DEFAULTS.points));
  const limaCtx: ScenarioContext = { ...ctx, dataDir, rate: ctx.rate ?? LIMA_DEFAULTS.rate };
  return runAscan(limaCtx, {
    npoints,
    save: true,
    countTime: STEP_SCAN_DEFAULTS.countTime,
    detector: limaDetector(limaCtx, npoints, options.savedReport ?? 'file', dataDir),
  });
}
