/**
 * The HDF5 library inside h5wasm prints its error stack ("HDF5-DIAG: Error detected in HDF5 ...", then
 * "#000: file line N in fn(): message" and "major:/minor:" lines) to file descriptor 2 (Emscripten's
 * NODERAWFS writes with fs.writeSync), which would put non-JSON lines into Lantern's JSON log. Those
 * lines are taken out and logged as one structured line per stack; the newest stack is kept so the
 * API can name the cause of a failed read. Anything else written to fd 2 passes unchanged.
 */
import fs from 'node:fs';
import type { Logger } from './logger';

export interface Hdf5Frame {
  fn: string;
  message: string;
  major?: string;
  minor?: string;
}

export interface Hdf5Diagnostics {
  /** Increases with each captured stack: a request compares it before and after a read. */
  seq: number;
  header: string;
  stack: Hdf5Frame[];
}

const START = /^HDF5-DIAG: (.*)$/;
const FRAME = /^\s+#\d+: .* in ([^()]+)\(\): (.*)$/;
const DETAIL = /^\s+(major|minor): (.*)$/;

let logger: Logger | null = null;
let latest: Hdf5Diagnostics | null = null;
let seq = 0;
let block: Hdf5Diagnostics | null = null;

function flush(): void {
  if (!block) return;
  logger?.warn({ hdf5: { header: block.header, stack: block.stack } }, `HDF5 error: ${block.stack.at(-1)?.message ?? block.header}`);
  block = null;
}

/** True when the line belonged to an HDF5 error stack (and was captured). */
function capture(line: string): boolean {
  const start = START.exec(line);
  if (start) {
    flush();
    block = { seq: ++seq, header: start[1]!, stack: [] };
    latest = block;
    setImmediate(flush);
    return true;
  }
  if (!block) return false;
  const frame = FRAME.exec(line);
  if (frame) {
    block.stack.push({ fn: frame[1]!, message: frame[2]! });
    return true;
  }
  const detail = DETAIL.exec(line);
  if (detail && block.stack.length) {
    block.stack.at(-1)![detail[1] as 'major' | 'minor'] = detail[2]!;
    return true;
  }
  return false;
}

let installed = false;
/** The start of a line not terminated yet, while it may belong to an HDF5 stack. */
let partial = '';

function install(): void {
  if (installed) return;
  installed = true;
  const writeSync = fs.writeSync.bind(fs) as (fd: number, data: unknown, ...rest: unknown[]) => number;
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 2 || !(ArrayBuffer.isView(data) || typeof data === 'string')) return writeSync(fd, data, ...rest);
    // (fd, buffer, offset, length, position) or (fd, string, ...): the bytes this call writes. Emscripten
    // passes its whole heap (an Int8Array) with an offset and a length.
    const offset = typeof data === 'string' ? 0 : Number(rest[0] ?? 0);
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset + offset, rest[1] === undefined ? data.byteLength - offset : Number(rest[1]));
    const text = partial + bytes.toString('utf8');
    if (!block && !text.startsWith('HDF5-DIAG')) {
      partial = '';
      return writeSync(fd, data, ...rest);
    }
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    const passed = lines.filter((line) => !capture(line));
    if (passed.length) writeSync(2, `${passed.join('\n')}\n`);
    return bytes.byteLength;
  }) as typeof fs.writeSync;
}

/** The newest HDF5 error stack, if any. */
export function latestHdf5Diagnostics(): Hdf5Diagnostics | null {
  return latest;
}

export function hdf5DiagnosticsSeq(): number {
  return seq;
}

/** Sends captured HDF5 error stacks to `target` (without it they are only kept for the API). */
export function captureHdf5Diagnostics(target: Logger): void {
  logger = target;
  install();
}
