/** Publishing scans for the e2e tests (simulator scenarios and hand-made broken ones) and reading pages back. */
import type { Page } from 'playwright-core';
import type { DataStore } from '../lib/blissdata/data-store';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import { runScenario, type ScenarioName, type ScenarioOptions, type SimulatedScan } from '../scripts/simulator/index';

export interface RunningScan {
  /** Resolves once the scan is created and prepared (streams known). */
  key: Promise<string>;
  /** Resolves when the scan ended, with everything it published. */
  done: Promise<SimulatedScan>;
  abort(): void;
}

/** Starts a simulator scenario without waiting for its end. */
export function startScan(store: DataStore, scenario: ScenarioName, options: ScenarioOptions = {}): RunningScan {
  const controller = new AbortController();
  let announce!: (key: string) => void;
  const key = new Promise<string>((resolve) => (announce = resolve));
  const done = runScenario(store, scenario, { seed: 1, ...options, signal: controller.signal, onScan: (s) => announce(s.key) });
  done.catch(() => undefined);
  return { key: Promise.race([key, done.then((s) => s.key)]), done, abort: () => controller.abort() };
}

/** The numbers a stream published, as plain numbers. */
export function publishedNumbers(scan: SimulatedScan, stream: string): number[] {
  const data = scan.published[stream];
  if (data?.type !== 'numeric') throw new Error(`scan ${scan.key} published nothing numeric on ${stream}`);
  return Array.from(data.data as ArrayLike<number | bigint>, Number);
}

/**
 * A scan with two good scalar streams and one whose Redis entry is corrupt (12 bytes cannot hold float64
 * points): the server reports "payload is 12 bytes, expected 16 ...", the other streams must keep working.
 */
export async function publishCorruptScan(store: DataStore, options: { session: string; number: number }): Promise<{ key: string; good: number[] }> {
  const channels = {
    'axis:samx': { dim: 0, unit: 'mm', display_name: 'samx' },
    'det:good': { dim: 0, display_name: 'good' },
    'det:bad': { dim: 0, display_name: 'bad' },
  };
  const info = {
    type: 'ascan',
    name: 'ascan',
    title: 'ascan samx 0 1 3 0.1 (corrupt det:bad)',
    scan_nb: options.number,
    session_name: options.session,
    npoints: 4,
    start_time: new Date().toISOString(),
    channels,
    devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det'] }, det: { channels: ['det:good', 'det:bad'] } },
    acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det'], scalars: ['axis:samx', 'det:good', 'det:bad'], spectra: [], images: [], master: { scalars: ['axis:samx'] } } },
  };
  const writer = await ScanWriter.create(store, { name: 'ascan', number: options.number, data_policy: 'no_policy', session: options.session }, info);
  const x = writer.declareStream('axis:samx', numericStreamDefinition('<f8', []));
  const good = writer.declareStream('det:good', numericStreamDefinition('<f8', []));
  const bad = writer.declareStream('det:bad', numericStreamDefinition('<f8', []));
  await writer.prepare();
  await writer.start();
  const values = [10, 20, 30, 40];
  x.send(Float64Array.from([0, 1 / 3, 2 / 3, 1]));
  good.send(Float64Array.from(values));
  await writer.flush();
  // 12 bytes announced as 2 points of <f8: cannot be decoded.
  await store.redis.xadd(bad.key, '0-1', 'payload', Buffer.alloc(12), 'len', '2');
  await writer.close();
  return { key: writer.key, good: values };
}

/** Two scalar streams of 100 points; points 0-49 of `det:x` are trimmed from Redis (as the memory tracker does) and in no file. */
export async function publishTrimmedScan(store: DataStore, options: { session: string; number: number }): Promise<{ key: string }> {
  const channels = { 'axis:samx': { dim: 0, unit: 'mm', display_name: 'samx' }, 'det:x': { dim: 0, display_name: 'x' } };
  const info = {
    type: 'ascan',
    name: 'ascan',
    title: 'ascan samx 0 1 99 0.1 (trimmed det:x)',
    scan_nb: options.number,
    session_name: options.session,
    npoints: 100,
    start_time: new Date().toISOString(),
    channels,
    devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det'] }, det: { channels: ['det:x'] } },
    acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det'], scalars: ['axis:samx', 'det:x'], spectra: [], images: [], master: { scalars: ['axis:samx'] } } },
  };
  const writer = await ScanWriter.create(store, { name: 'ascan', number: options.number, data_policy: 'no_policy', session: options.session }, info);
  const axis = writer.declareStream('axis:samx', numericStreamDefinition('<f8', []));
  const det = writer.declareStream('det:x', numericStreamDefinition('<f8', []));
  await writer.prepare();
  await writer.start();
  for (let i = 0; i < 10; i++) {
    axis.send(Float64Array.from({ length: 10 }, (_, k) => (i * 10 + k) / 99));
    det.send(Float64Array.from({ length: 10 }, (_, k) => 1 + i * 10 + k));
  }
  await writer.flush();
  await store.redis.xtrim(det.key, 'MINID', '50-1');
  await writer.close();
  return { key: writer.key };
}

/** A running two-channel step scan (`axis:samx` = i / (points - 1), `det:y` = 1000 + i) published point by point by the caller. */
export async function openScan(store: DataStore, session: string, intervals: number, options: { number?: number; group?: string } = {}) {
  const points = intervals + 1;
  const info = {
    type: 'ascan',
    name: 'ascan',
    title: `ascan samx 0 1 ${intervals} 0.1`,
    session_name: session,
    npoints: points,
    start_time: new Date().toISOString(),
    channels: { 'axis:samx': { dim: 0, unit: 'mm', display_name: 'samx' }, 'det:y': { dim: 0, display_name: 'y' } },
    devices: { axis: { channels: ['axis:samx'], triggered_devices: ['det'] }, det: { channels: ['det:y'] } },
    acquisition_chain: { axis: { top_master: 'axis', devices: ['axis', 'det'], scalars: ['axis:samx', 'det:y'], spectra: [], images: [], master: { scalars: ['axis:samx'] } } },
    ...(options.group ? { group: options.group } : {}),
  };
  const writer = await ScanWriter.create(store, { name: 'ascan', number: options.number ?? 1, data_policy: 'no_policy', session }, info);
  const axis = writer.declareStream('axis:samx', numericStreamDefinition('<f8', []));
  const det = writer.declareStream('det:y', numericStreamDefinition('<f8', []));
  await writer.prepare();
  await writer.start();
  /** Publishes points [from, to). */
  const send = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      axis.send(Float64Array.of(i / intervals));
      det.send(Float64Array.of(1000 + i));
    }
  };
  return { writer, send, key: writer.key };
}

/** Reads one column of the data table (as numbers; "—" as NaN). */
export async function tableColumn(page: Page, header: string): Promise<number[]> {
  return page.evaluate((name) => {
    const table = document.querySelector('.datatable__table');
    if (!table) return [];
    const headers = [...table.querySelectorAll('thead th')].map((th) => (th.getAttribute('title') ?? th.textContent ?? '').trim());
    const col = headers.findIndex((h) => h === name);
    if (col < 0) throw new Error(`no column ${name} in ${headers.join(', ')}`);
    return [...table.querySelectorAll('tbody tr')].map((tr) => {
      const text = tr.children[col]?.textContent?.trim() ?? '';
      return text === '—' ? Number.NaN : Number(text);
    });
  }, header);
}

export async function pointCount(page: Page, plotId: string): Promise<number> {
  const value = await page.locator(`[data-plot-id="${plotId}"]`).first().getAttribute('data-point-count');
  return value === null ? -1 : Number(value);
}

/** Values equal to 6 significant digits (what the table shows). */
export function closeTo(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  return Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
}
