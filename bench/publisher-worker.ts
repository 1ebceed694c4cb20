/**
 * The benchmark's publisher, in its own process (it must not share the Lantern server's or the
 * clients' event loop): creates blissdata scans with the project's ScanWriter and publishes float64
 * scalar streams with StreamWriter.send, pipelined (ioredis auto-pipelining; every XADD is queued without
 * waiting for its reply, and the queue is drained every few thousand commands to bound memory).
 *
 * Driven over the IPC channel by bench/publisher.ts: `{ id, cmd, args }` -> `{ id, result | error }`.
 * Latency runs put the publish time (performance.timeOrigin + performance.now(), ms) as the value of
 * the first stream of each scan.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { DataStore } from '../lib/blissdata/data-store';
import { initDatabase } from '../lib/blissdata/writer/init-db';
import { numericStreamDefinition, ScanWriter } from '../lib/blissdata/writer/scan-writer';
import type { StreamWriter } from '../lib/blissdata/writer/stream-writer';
import { blissScanInfo, creationInfo, describeChain, type ChannelDef } from '../scripts/simulator/scan-info';
import { runScenario, type ScenarioName } from '../scripts/simulator';
import type { PublisherCommand } from './publisher';

let redis: Redis | null = null;
let store: DataStore | null = null;
let scanNumber = 0;
const scans = new Map<string, ScanWriter>();

const now = () => performance.timeOrigin + performance.now();

/** Queued XADDs after which the publisher waits for Redis' replies (bounds the publisher's memory). */
const DRAIN_EVERY = 4096;

async function init(args: { redisUrl: string }): Promise<void> {
  redis = new Redis(args.redisUrl, { enableAutoPipelining: true, maxRetriesPerRequest: null });
  await initDatabase(redis);
  store = await DataStore.connect(redis);
  return;
}

async function createScans(args: { count: number; streams: number; name: string; npoints: number; image?: { dtype: string; shape: number[] }; session?: string; plots?: unknown[] }): Promise<{ keys: string[]; streams: string[] }> {
  if (!store) throw new Error('init first');
  const session = args.session ?? 'bench';
  const keys: string[] = new Array<string>(args.count);
  let names: string[] = [];
  const createOne = async (s: number) => {
    const number = ++scanNumber;
    const channels: ChannelDef[] = [];
    for (let i = 0; i < args.streams; i++) {
      const name = i === 0 ? 'bench:t' : `bench:ch${String(i).padStart(2, '0')}`;
      channels.push({ name, definition: numericStreamDefinition('<f8', []) });
    }
    if (args.image) channels.push({ name: 'bench:image', dtype: args.image.dtype, shape: args.image.shape, definition: numericStreamDefinition(args.image.dtype, args.image.shape) });
    const chain = describeChain('bench', { key: 'bench', name: 'bench', channels }, args.npoints);
    const info = blissScanInfo({
      name: args.name,
      type: 'timescan',
      title: `${args.name} ${args.npoints}`,
      number,
      session,
      user: 'bench',
      npoints: args.npoints,
      chain,
      filename: '',
      imagesPath: '',
      save: false,
      ...(args.plots ? { plots: args.plots } : {}),
    });
    const writer = await ScanWriter.create(store!, { name: args.name, number, data_policy: 'no_policy', session }, creationInfo(info));
    for (const decl of chain.streams) writer.declareStream(decl.name, decl.definition);
    writer.info = info;
    await writer.prepare();
    await writer.start();
    scans.set(writer.key, writer);
    keys[s] = writer.key;
    names = chain.streams.map((d) => d.name);
  };
  // Ten at a time: many_scans creates 100 scans, three round trips each.
  for (let s = 0; s < args.count; s += 10) await Promise.all(Array.from({ length: Math.min(10, args.count - s) }, (_, i) => createOne(s + i)));
  return { keys, streams: names };
}

interface PublishArgs {
  keys: string[];
  /** Points per stream. */
  points: number;
  /** Points per XADD. */
  batch: number;
  /** Points per second per stream; 0 = as fast as possible. */
  rate: number;
  /** First stream of each scan carries the publish time (ms) of each point. */
  timestamps?: boolean;
  /** Close the scans (seal every stream) at the end. */
  close?: boolean;
  /**
   * Values that tell points apart (a timer and signals an eye can follow): the first stream carries the
   * point's index, the others a sawtooth of it, instead of the same ramp in every batch.
   */
  indexValues?: boolean;
}

async function publish(args: PublishArgs): Promise<{ t0: number; t1: number; xadds: number; points: number; lateMs: number }> {
  const writers = args.keys.map((k) => {
    const w = scans.get(k);
    if (!w) throw new Error(`unknown scan ${k}`);
    return { writer: w, streams: [...w.streams.values()] };
  });
  const steps = Math.ceil(args.points / args.batch);
  const ramp = new Float64Array(args.batch);
  for (let i = 0; i < ramp.length; i++) ramp[i] = i;
  const stamp = new Float64Array(args.batch);
  let xadds = 0;
  let queued = 0;
  let lateMs = 0;
  const t0 = now();
  const p0 = performance.now();
  for (let step = 0; step < steps; step++) {
    const n = Math.min(args.batch, args.points - step * args.batch);
    if (args.rate > 0) {
      const due = p0 + ((step * args.batch) / args.rate) * 1000;
      const wait = due - performance.now();
      if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -lateMs) lateMs = -wait;
    }
    for (const { streams } of writers) {
      for (let i = 0; i < streams.length; i++) {
        const stream = streams[i] as StreamWriter;
        let data: Float64Array;
        if (args.timestamps && i === 0) {
          const t = now();
          for (let j = 0; j < n; j++) stamp[j] = t;
          data = n === stamp.length ? stamp : stamp.subarray(0, n);
        } else if (args.indexValues) {
          const first = stream.length;
          const period = 100_000 * i + 7;
          for (let j = 0; j < n; j++) stamp[j] = i === 0 ? first + j : (first + j) % period;
          data = n === stamp.length ? stamp : stamp.subarray(0, n);
        } else data = n === ramp.length ? ramp : ramp.subarray(0, n);
        stream.send(data);
        xadds++;
        queued++;
      }
    }
    if (queued >= DRAIN_EVERY) {
      queued = 0;
      await Promise.all(writers.map(({ writer }) => writer.flush()));
    } else if (args.rate > 0 && step % 8 === 7) await yieldToLoop();
  }
  await Promise.all(writers.map(({ writer }) => writer.flush()));
  const t1 = now();
  if (args.close) await closeScans({ keys: args.keys });
  return { t0, t1, xadds, points: args.points * writers.reduce((n, w) => n + w.streams.length, 0), lateMs };
}

/**
 * Images at `fps` for `frames` frames on the scan's `bench:image` stream (uint16 2D), with the timer.
 * The stream is trimmed to its last entries as blissdata's memory tracker would, so Redis does not hold
 * gigabytes of frames.
 */
async function publishImages(args: { key: string; frames: number; fps: number }): Promise<{ t0: number; t1: number; frames: number; lateMs: number; stamps: number[] }> {
  const writer = scans.get(args.key);
  if (!writer || !redis) throw new Error(`unknown scan ${args.key}`);
  const image = writer.streams.get('bench:image')!;
  const timer = writer.streams.get('bench:t')!;
  const shape = (image.definition.encoding as { shape: number[] }).shape;
  const pixels = shape.reduce((a, b) => a * b, 1);
  // A few distinct frames (a moving gradient), cycled: generating 4 M pixels per frame is not the point.
  const patterns = Array.from({ length: 4 }, (_, k) => {
    const data = new Uint16Array(pixels);
    const w = shape[shape.length - 1]!;
    for (let i = 0; i < pixels; i++) data[i] = ((i % w) * 16 + Math.floor(i / w) * 8 + k * 4000) & 0xffff;
    return data;
  });
  const t0 = now();
  const p0 = performance.now();
  let lateMs = 0;
  // Wall-clock time each frame was published (its XADD sent), for the frame-to-screen latency.
  const stamps: number[] = [];
  for (let f = 0; f < args.frames; f++) {
    const wait = p0 + (f * 1000) / args.fps - performance.now();
    if (wait >= 1) await new Promise((r) => setTimeout(r, wait));
    else lateMs = Math.max(lateMs, -wait);
    timer.send(new Float64Array([(performance.now() - p0) / 1000]));
    image.send(patterns[f % patterns.length]!);
    // Each frame goes out at once (a frame held back for a batch would count its wait as latency).
    await writer.flush();
    stamps.push(now());
    if (f % 10 === 9) await redis.xtrim(image.key, 'MAXLEN', '~', 20);
  }
  await writer.flush();
  return { t0, t1: now(), frames: args.frames, lateMs, stamps };
}

/** Simulator scenarios (realistic scan_info and channels) running in the background, by scan key. */
const running = new Map<string, Promise<unknown>>();
const aborts = new Map<string, AbortController>();

async function scenarioStart(args: { scenario: ScenarioName; points?: number; rate: number; session?: string }): Promise<{ key: string; streams: string[] }> {
  if (!store) throw new Error('init first');
  return new Promise((resolve, reject) => {
    let announced = false;
    const controller = new AbortController();
    const run = runScenario(store!, args.scenario, {
      points: args.points,
      rate: args.rate,
      signal: controller.signal,
      session: args.session ?? 'bench',
      record: false,
      seed: 1,
      onScan: (scan) => {
        if (announced) return;
        announced = true;
        running.set(scan.key, run);
        aborts.set(scan.key, controller);
        resolve({ key: scan.key, streams: scan.streams });
      },
    });
    run.catch((error: unknown) => {
      if (!announced) reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

async function scenarioWait(args: { key: string }): Promise<void> {
  await running.get(args.key);
  running.delete(args.key);
  aborts.delete(args.key);
}

/** Ends a running scenario now (USER_ABORT), and waits for it. */
async function scenarioStop(args: { key: string }): Promise<void> {
  aborts.get(args.key)?.abort();
  await scenarioWait(args);
}

async function closeScans(args: { keys: string[] }): Promise<void> {
  await Promise.all(
    args.keys.map(async (key) => {
      const writer = scans.get(key);
      if (!writer) return;
      scans.delete(key);
      await writer.close('SUCCESS');
    }),
  );
}

async function deleteKeys(args: { keys: string[] }): Promise<void> {
  if (!redis) return;
  // Frees Redis memory between repeats: the scan documents and every stream of the scans.
  for (const key of args.keys) {
    const doc = (await redis.call('JSON.GET', key)) as string | null;
    if (!doc) continue;
    const parsed = JSON.parse(doc) as { state_stream: { pk: string }; data_streams: Record<string, { pk: string }> };
    const streamKeys = [parsed.state_stream.pk, ...Object.values(parsed.data_streams).map((s) => s.pk)].map((pk) => store!.keys.streamKey(pk));
    await redis.del(key, ...streamKeys);
  }
}

const handlers: { [K in PublisherCommand['cmd']]: (args: Extract<PublisherCommand, { cmd: K }>['args']) => Promise<unknown> } = {
  init,
  createScans,
  publish,
  close: closeScans,
  delete: deleteKeys,
  publishImages,
  scenarioStart,
  scenarioWait,
  scenarioStop,
};

process.on('message', (message: { id: number } & PublisherCommand) => {
  const handler = handlers[message.cmd] as (args: unknown) => Promise<unknown>;
  handler(message.args).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.stdout.write('PUBLISHER_READY\n');
