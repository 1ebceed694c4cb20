/**
 * Stream kind resolution against upstream blissdata `scan.py` `_wrap_event_stream` (plugin from
 * `info.plugin`; else json `format` lima_v1/lima_v2/subscan; else, for a non-json stream,
 * `self.info.get("save", False)` truthiness and `"data_path" in info` make a legacy file-backed stream)
 * and `streams/hdf5_fallback.py` (Hdf5BackedStream wraps a stream of any encoding).
 */
import { describe, expect, it } from 'vitest';
import { pythonTruthy } from './scan';
import { resolveStreamKind } from './stream-kind';

const numeric = { type: 'numeric' as const, dtype_str: '<f8', shape: [] };

describe('resolveStreamKind', () => {
  it('takes scan_info.save with Python truthiness for legacy file-backed streams', () => {
    for (const save of [true, 1, 'yes', [1], { a: 1 }]) {
      expect(resolveStreamKind({ encoding: numeric, info: { data_path: '1.1/x' }, scanSaved: pythonTruthy(save), scanPath: '/d/s.h5' })).toEqual({ kind: 'hdf5_fallback', file: { filePath: '/d/s.h5', dataPath: '1.1/x' } });
    }
    for (const save of [false, 0, '', [], {}, null, undefined]) {
      expect(resolveStreamKind({ encoding: numeric, info: { data_path: '1.1/x' }, scanSaved: pythonTruthy(save), scanPath: '/d/s.h5' })).toEqual({ kind: 'array' });
    }
  });

  it('accepts hdf5_fallback on any encoding, as Hdf5BackedStream does', () => {
    const info = { plugin: 'hdf5_fallback', file_path: '/d/s.h5', data_path: '1.1/notes' };
    expect(resolveStreamKind({ encoding: { type: 'json' }, info, scanSaved: true, scanPath: null })).toEqual({ kind: 'hdf5_fallback', file: { filePath: '/d/s.h5', dataPath: '1.1/notes' }, plugin: 'hdf5_fallback' });
    expect(resolveStreamKind({ encoding: null, info, scanSaved: true, scanPath: null }).kind).toBe('broken');
  });

  it('keeps an unknown plugin name and breaks only that stream', () => {
    expect(resolveStreamKind({ encoding: numeric, info: { plugin: 'mosca' }, scanSaved: false, scanPath: null })).toMatchObject({ kind: 'broken', plugin: 'mosca', error: expect.stringContaining('"mosca"') });
  });
});
