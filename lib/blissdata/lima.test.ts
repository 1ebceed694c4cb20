import { describe, expect, it } from 'vitest';
import { IndexNotYetThereError, IndexWontBeThereError } from './errors';
import {
  mergeLimaStatuses,
  FrameNeverAcquiredError,
  FrameNotAcquiredError,
  FrameNotSavedYetError,
  LimaInfoError,
  LimaNotSavedError,
  LimaStatusError,
  UnsupportedLimaFormatError,
  formatFilePath,
  framesAvailable,
  isFrameSaved,
  lastReadableIndex,
  limaFrameLocation,
  parseLimaInfo,
  parseLimaStatus,
  savedFrameLocation,
  type LimaInfo,
} from './lima';

// lima_info of the protocol's worked example (section 11).
const example = {
  protocol_version: 1,
  server_url: 'id00/limaccds/simulator1',
  buffer_max_number: 64,
  frame_per_acquisition: 3,
  acquisition_offset: 17,
  file_path: '/data/id00/scan0042/lima_simulator_%04d.h5',
  data_path: '/entry_0000/ESRF-ID00/lima_simulator/data',
  file_format: 'hdf5',
  file_offset: 0,
  frame_per_file: 100,
};

function info(overrides: Record<string, unknown>): LimaInfo {
  return parseLimaInfo({ ...example, ...overrides });
}

const status = (lastIndex: number, lastIndexSaved: number) => ({ lastIndex, lastIndexSaved });

describe('parseLimaInfo', () => {
  it('reads the worked example', () => {
    expect(parseLimaInfo(example)).toEqual({
      protocolVersion: 1,
      serverUrl: 'id00/limaccds/simulator1',
      bufferMaxNumber: 64,
      acquisitionOffset: 17,
      framePerAcquisition: 3,
      saving: {
        filePath: '/data/id00/scan0042/lima_simulator_%04d.h5',
        dataPath: '/entry_0000/ESRF-ID00/lima_simulator/data',
        fileFormat: 'hdf5',
        fileOffset: 0,
        framePerFile: 100,
      },
    });
  });

  it('treats absent saving keys (or a null file_path) as not saved', () => {
    const { file_path: _f, data_path: _d, file_format: _ff, file_offset: _o, frame_per_file: _p, ...unsaved } = example;
    expect(parseLimaInfo(unsaved).saving).toBeNull();
    expect(info({ file_path: null }).saving).toBeNull();
  });

  it('tolerates extra keys and missing Tango keys', () => {
    const parsed = parseLimaInfo({ protocol_version: 1, frame_per_acquisition: 0, something_new: [1] });
    expect(parsed).toMatchObject({ serverUrl: null, bufferMaxNumber: null, acquisitionOffset: null, saving: null });
  });

  it('refuses other protocol versions before looking at the rest', () => {
    expect(() => parseLimaInfo({ protocol_version: 2, name: 'lima2' })).toThrow(/unsupported lima protocol_version 2/);
    expect(() => parseLimaInfo({ frame_per_acquisition: 3 })).toThrow(/protocol_version undefined/);
    expect(() => parseLimaInfo(null)).toThrow(LimaInfoError);
  });

  it('refuses malformed values and incomplete saving', () => {
    expect(() => info({ frame_per_acquisition: -1 })).toThrow(/frame_per_acquisition/);
    expect(() => info({ frame_per_acquisition: 1.5 })).toThrow(LimaInfoError);
    expect(() => info({ frame_per_file: 0 })).toThrow(/frame_per_file/);
    expect(() => info({ file_offset: undefined })).toThrow(/file_path is set but file_offset missing/);
    expect(() => info({ data_path: null })).toThrow(/hdf5 saving without data_path/);
    expect(() => info({ file_path: '/data/img.h5' })).toThrow(/exactly one integer conversion/);
  });

  it('accepts EDF saving without data_path and lowercases the format', () => {
    expect(info({ file_format: 'EDF', data_path: null, file_path: '/d/img_%04d.edf' }).saving).toMatchObject({
      fileFormat: 'edf',
      dataPath: null,
    });
  });
});

describe('parseLimaStatus / framesAvailable', () => {
  it('reads a status entry', () => {
    const s = parseLimaStatus({ last_index: 7, last_index_saved: 5 });
    expect(s).toEqual(status(7, 5));
    expect(framesAvailable(s)).toBe(8);
    expect(framesAvailable(parseLimaStatus({ last_index: -1, last_index_saved: -1 }))).toBe(0);
  });

  it('refuses a malformed status', () => {
    expect(() => parseLimaStatus({ last_index: 3 })).toThrow(LimaStatusError);
    expect(() => parseLimaStatus({ last_index: -2, last_index_saved: -1 })).toThrow(/last_index/);
  });
});

describe('formatFilePath', () => {
  it.each([
    ['/d/img_%04d.h5', 7, '/d/img_0007.h5'],
    ['/d/img_%04d.h5', 12345, '/d/img_12345.h5'],
    ['/d/img_%d.h5', 42, '/d/img_42.h5'],
    ['/d/img_%05d.h5', 3, '/d/img_00003.h5'],
    ['/d/img_%i.h5', 3, '/d/img_3.h5'],
    ['/d/img_%u.h5', 3, '/d/img_3.h5'],
    ['/d/img_%4d.h5', 3, '/d/img_   3.h5'],
    ['/d/img_%-4d.h5', 3, '/d/img_3   .h5'],
    ['/d/img_%-04d.h5', 3, '/d/img_3   .h5'],
    ['/d/img_%+03d.h5', 3, '/d/img_+03.h5'],
    ['/d/img_%.3d.h5', 3, '/d/img_003.h5'],
    ['/d/100%%_%03d.h5', 1, '/d/100%_001.h5'],
    ['/d/%ld.h5', 9, '/d/9.h5'],
  ])('%s %% %d = %s (as Python)', (pattern, n, expected) => {
    expect(formatFilePath(pattern, n)).toBe(expected);
  });

  it.each(['/d/img.h5', '/d/%d_%d.h5', '/d/img_%s.h5', '/d/img_%f.h5', '/d/50%.h5', '/d/%(n)d.h5'])('refuses %s', (pattern) => {
    expect(() => formatFilePath(pattern, 1)).toThrow(LimaInfoError);
  });
});

/**
 * Independent model of Lima's saving: walks the frames, starting a new file when the current one
 * is full or a new acquisition starts. The arithmetic under test must agree with it everywhere.
 */
function simulate(framePerAcquisition: number, framePerFile: number, fileOffset: number, frames: number) {
  const where: { fileNumber: number; indexInFile: number; acquisition: number }[] = [];
  let file = fileOffset - 1;
  let inFile = framePerFile;
  for (let n = 0; n < frames; n++) {
    const acquisition = framePerAcquisition ? Math.floor(n / framePerAcquisition) : 0;
    const startsAcquisition = framePerAcquisition ? n % framePerAcquisition === 0 : n === 0;
    if (startsAcquisition || inFile === framePerFile) {
      file += 1;
      inFile = 0;
    }
    where.push({ fileNumber: file, indexInFile: inFile, acquisition });
    inFile += 1;
  }
  return where;
}

describe('limaFrameLocation', () => {
  it('follows the blissdata docstring example (7 frames per acquisition, 3 per file)', () => {
    const i = info({ frame_per_acquisition: 7, frame_per_file: 3 });
    expect(limaFrameLocation(i, 6)).toMatchObject({ acquisition: 0, fileInAcquisition: 2, indexInFile: 0, fileNumber: 2 });
    expect(limaFrameLocation(i, 7)).toMatchObject({ acquisition: 1, fileInAcquisition: 0, indexInFile: 0, fileNumber: 3 });
    expect(limaFrameLocation(i, 12)).toMatchObject({ acquisition: 1, fileInAcquisition: 1, indexInFile: 2, fileNumber: 4 });
    expect(limaFrameLocation(i, 13)).toEqual({
      filePath: '/data/id00/scan0042/lima_simulator_0005.h5',
      dataPath: '/entry_0000/ESRF-ID00/lima_simulator/data',
      fileFormat: 'hdf5',
      indexInFile: 0,
      fileNumber: 5,
      acquisition: 1,
      fileInAcquisition: 2,
    });
  });

  it('numbers Dectris files from file_offset 1', () => {
    const i = info({ frame_per_acquisition: 10, frame_per_file: 4, file_offset: 1, file_path: '/d/series_data_%06d.h5', data_path: '/entry/data/data' });
    expect(limaFrameLocation(i, 0)).toMatchObject({ filePath: '/d/series_data_000001.h5', dataPath: '/entry/data/data', indexInFile: 0 });
    expect(limaFrameLocation(i, 9)).toMatchObject({ filePath: '/d/series_data_000003.h5', indexInFile: 1 });
    expect(limaFrameLocation(i, 10)).toMatchObject({ filePath: '/d/series_data_000004.h5', indexInFile: 0, acquisition: 1 });
  });

  it('puts all frames in one acquisition when frame_per_acquisition is 0', () => {
    const i = info({ frame_per_acquisition: 0, frame_per_file: 100 });
    expect(limaFrameLocation(i, 250)).toMatchObject({ acquisition: 0, fileNumber: 2, indexInFile: 50, filePath: '/data/id00/scan0042/lima_simulator_0002.h5' });
  });

  it.each([
    [7, 3, 0],
    [6, 3, 0],
    [1, 100, 0],
    [5, 1, 1],
    [10, 4, 1],
    [0, 4, 0],
    [0, 1, 1],
    [3, 100, 0],
  ])('agrees with a simulated Lima (fpa %i, fpf %i, offset %i)', (fpa, fpf, offset) => {
    const i = info({ frame_per_acquisition: fpa, frame_per_file: fpf, file_offset: offset });
    simulate(fpa, fpf, offset, 40).forEach((expected, n) => {
      expect(limaFrameLocation(i, n)).toMatchObject(expected);
    });
  });

  it('refuses unsaved streams and bad frame numbers', () => {
    expect(() => limaFrameLocation(info({ file_path: null }), 0)).toThrow(LimaNotSavedError);
    expect(() => limaFrameLocation(info({}), -1)).toThrow(RangeError);
    expect(() => limaFrameLocation(info({}), 1.5)).toThrow(RangeError);
  });
});

describe('lastReadableIndex / isFrameSaved', () => {
  it('is negative until a file is known to be closed', () => {
    const i = info({ frame_per_acquisition: 7, frame_per_file: 3 });
    expect(lastReadableIndex(i, status(-1, -1))).toBeLessThan(0);
    expect(lastReadableIndex(i, status(2, 2))).toBeLessThan(0);
    expect(lastReadableIndex(i, status(3, 3))).toBe(2); // a frame in file 1 closes file 0
    expect(lastReadableIndex(i, status(6, 6))).toBe(5); // frame 6 is alone in the last file of acq 0
    expect(lastReadableIndex(i, status(7, 7))).toBe(6); // released by the next acquisition
    expect(lastReadableIndex(i, status(20, 13))).toBe(12);
  });

  it('handles frame_per_acquisition 0', () => {
    const i = info({ frame_per_acquisition: 0, frame_per_file: 100 });
    expect(lastReadableIndex(i, status(99, 99))).toBeLessThan(0);
    expect(lastReadableIndex(i, status(160, 150))).toBe(99);
  });

  it('releases the last file once the stream is sealed', () => {
    const i = info({});
    expect(isFrameSaved(i, status(2, 2), 2)).toBe(false);
    expect(isFrameSaved(i, status(2, 2), 2, { sealed: true })).toBe(true);
    expect(isFrameSaved(i, status(2, 1), 2, { sealed: true })).toBe(false);
  });

  it('is false for frames not acquired and for unsaved streams', () => {
    const i = info({ frame_per_acquisition: 0, frame_per_file: 10 });
    expect(isFrameSaved(i, status(30, 25), 19)).toBe(true);
    expect(isFrameSaved(i, status(30, 25), 20)).toBe(false);
    expect(isFrameSaved(i, status(30, 25), 31)).toBe(false);
    expect(isFrameSaved(info({ file_path: null }), status(30, 25), 0)).toBe(false);
  });
});

describe('savedFrameLocation', () => {
  const i = info({ frame_per_acquisition: 0, frame_per_file: 10 });

  it('returns the location of a frame in a complete file', () => {
    expect(savedFrameLocation(i, status(30, 25), 15)).toMatchObject({ filePath: '/data/id00/scan0042/lima_simulator_0001.h5', indexInFile: 5 });
  });

  it('says why a frame cannot be read', () => {
    expect(() => savedFrameLocation(i, status(30, 25), 22)).toThrow('frame 22 acquired but not saved yet: complete files hold frames 0..19');
    expect(() => savedFrameLocation(i, status(5, 5), 2)).toThrow('frame 2 acquired but not saved yet: no file is complete yet');
    expect(() => savedFrameLocation(i, status(30, 25), 31)).toThrow(FrameNotAcquiredError);
    expect(() => savedFrameLocation(i, status(30, 25), 31)).toThrow('frame 31 not acquired yet: 31 frame(s) acquired so far');
    expect(() => savedFrameLocation(i, status(30, 25), 31)).toThrow(IndexNotYetThereError);
    expect(() => savedFrameLocation(i, status(30, 30), 31, { sealed: true })).toThrow(FrameNeverAcquiredError);
    expect(() => savedFrameLocation(i, status(30, 30), 31, { sealed: true })).toThrow(IndexWontBeThereError);
    expect(() => savedFrameLocation(i, status(30, 25), 26, { sealed: true })).toThrow(FrameNotSavedYetError);
    expect(() => savedFrameLocation(info({ file_path: null }), status(3, 3), 0)).toThrow(LimaNotSavedError);
    expect(() => savedFrameLocation(info({ file_format: 'edf', data_path: null }), status(300, 300), 0)).toThrow(UnsupportedLimaFormatError);
    expect(() => savedFrameLocation(info({ file_format: 'cbf', data_path: null }), status(300, 300), 0)).toThrow('unsupported Lima file format "cbf"');
  });
});

describe('mergeLimaStatuses (upstream lima/client.py LimaClient.update: max of each index seen)', () => {
  it('never moves back on a later, lower status', () => {
    expect(mergeLimaStatuses([{ last_index: 5, last_index_saved: 4 }, { last_index: 3, last_index_saved: -1 }])).toEqual({ lastIndex: 5, lastIndexSaved: 4 });
    expect(mergeLimaStatuses([{ last_index: 5, last_index_saved: -1 }, { last_index: 4, last_index_saved: 4 }])).toEqual({ lastIndex: 5, lastIndexSaved: 4 });
    expect(mergeLimaStatuses([])).toBeNull();
    expect(() => mergeLimaStatuses([{ last_index: 'x' }])).toThrow(/invalid Lima status/);
  });
});
