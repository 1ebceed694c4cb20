/**
 * h5wasm with the HDF5 compression filter plugins of the `h5wasm-plugins` package loaded: detector files
 * (Lima, Dectris/Eiger) are very often bitshuffle-LZ4, LZ4, Zstd or Blosc compressed, which the HDF5
 * build inside h5wasm cannot decode by itself. Every reader and writer of HDF5 files should get the
 * module from here, so that the filters are there whoever opens a file first.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import h5wasm from 'h5wasm/node';

export type H5Module = Awaited<typeof h5wasm.ready>;

/** Filters compiled into h5wasm's HDF5: deflate, shuffle, fletcher32, szip... as HDF5 numbers them. */
const BUILTIN_FILTERS: ReadonlyMap<number, string> = new Map([
  [1, 'deflate'],
  [2, 'shuffle'],
  [3, 'fletcher32'],
  [4, 'szip'],
  [5, 'nbit'],
  [6, 'scaleoffset'],
]);

/** The plugins h5wasm-plugins ships, by HDF5 registered filter id (https://github.com/HDFGroup/hdf5_plugins). */
const PLUGIN_FILTERS: ReadonlyMap<number, string> = new Map([
  [307, 'bz2'],
  [32000, 'lzf'],
  [32001, 'blosc'],
  [32004, 'lz4'],
  [32008, 'bshuf'],
  [32013, 'zfp'],
  [32015, 'zstd'],
  [32019, 'jpeg'],
  [32022, 'bitgroom'],
  [32023, 'bitround'],
  [32026, 'blosc2'],
]);

let loaded: Promise<{ h5: H5Module; filters: ReadonlyMap<number, string> }> | null = null;

async function load(): Promise<{ h5: H5Module; filters: ReadonlyMap<number, string> }> {
  const h5 = await h5wasm.ready;
  const filters = new Map(BUILTIN_FILTERS);
  // h5wasm/node reads the real file system (NODERAWFS): HDF5 dlopens the plugins from the package's folder.
  const folder = path.join(path.dirname(createRequire(import.meta.url).resolve('h5wasm-plugins/package.json')), 'plugins');
  if (!h5.get_plugin_search_paths().includes(folder)) h5.insert_plugin_search_path(folder, 0);
  for (const [id, name] of PLUGIN_FILTERS) if (existsSync(path.join(folder, `libH5Z${name}.so`))) filters.set(id, name);
  return { h5, filters };
}

/** The h5wasm module, with the plugins' folder first in HDF5's plugin search path. */
export async function h5wasmWithPlugins(): Promise<H5Module> {
  loaded ??= load();
  return (await loaded).h5;
}

/** The filters HDF5 can decode once the plugins are loaded: id -> short name. */
export async function availableFilters(): Promise<ReadonlyMap<number, string>> {
  loaded ??= load();
  return (await loaded).filters;
}
