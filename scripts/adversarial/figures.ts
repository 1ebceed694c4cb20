/**
 * Before/after figures of the abuses of issue 9, without assertions (so it also runs against older
 * code): an unrelated control viewer's points per second, the event-loop lag (p99/max) and the RSS of
 * the process hosting Lantern, while each abuse runs. Lantern runs in this process (createApplication,
 * no Next.js) against a private redis-server.
 *
 *   npx tsx scripts/adversarial/figures.ts
 *   FIGURES_SKIP=entry npx tsx scripts/adversarial/figures.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { DataStore } from '../../lib/blissdata/data-store';
import { initDatabase } from '../../lib/blissdata/writer/init-db';
import { numericStreamDefinition, ScanWriter } from '../../lib/blissdata/writer/scan-writer';
import { WIRE_PROTOCOL } from '../../lib/wire/contract';
import { decodeFrame } from '../../lib/wire/frame';
import { createApplication } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../server/logger';
import { startRedis } from '../../testing/redis-launcher';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const withTimeout = <T>(p: Promise<T>, ms: number, fallback: T) => Promise.race([p, sleep(ms).then(() => fallback)]);

/** FIGURES_SKIP=entry,SIGSTOP leaves out the abuses whose name contains one of the words (e.g. one that
 * breaks older code for all the next ones). */
const skip = (process.env.FIGURES_SKIP ?? '').split(',');

async function main(): Promise<void> {
  const redis = await startRedis();
  const admin = new Redis(redis.url);
  await initDatabase(admin);
  const store = await DataStore.connect(new Redis(redis.url, { maxRetriesPerRequest: null }));
  const http = createServer();
  const app = await createApplication(http, { config: loadConfig({ REDIS_URL: redis.url, LOG_LEVEL: 'silent', LANTERN_FLUSH_MS: '25', LANTERN_REDIS_TIMEOUT_MS: '1000' }), logger: createLogger('silent') });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client = async (): Promise<Socket> => {
    const s = connect(url, { transports: ['websocket'], auth: { protocol: WIRE_PROTOCOL }, forceNew: true, reconnection: false });
    await new Promise<void>((r, j) => s.once('connect', () => r()).once('connect_error', j));
    return s;
  };
  const subscribe = (s: Socket, key: string, extra: Record<string, unknown> = {}) => withTimeout(new Promise<unknown>((r) => s.emit('scan:subscribe', { key, ...extra }, r)), 10_000, 'timeout');
  let n = 1;
  const scan = async (streams = ['x']) => {
    const writer = await ScanWriter.create(store, { name: 'ascan', number: n++, data_policy: 'no_policy', session: 'figures' }, { title: 'figures', npoints: 1e6 });
    const outs = streams.map((s) => writer.declareStream(s, numericStreamDefinition('<f8', [])));
    await writer.prepare();
    await writer.start();
    return { writer, outs };
  };

  // The control viewer: 1 kHz (20 points every 20 ms) on its own scan; points counted as frames arrive.
  const control = await scan(['control']);
  const viewer = await client();
  let received = 0;
  viewer.on('scan:data', (f: ArrayBuffer) => (received += decodeFrame(new Uint8Array(f)).count));
  const redDown: string[] = [];
  viewer.on('status', (s: { state: string }) => s.state === 'redis-down' && redDown.push(s.state));
  await subscribe(viewer, control.writer.key);
  let next = 0;

  const rows: string[] = [];
  const victims: Socket[] = [];
  /** `prepare` runs before the window (creating scans is not the abuse); `abuse` inside it. */
  const measure = async <T>(what: string, prepare: () => Promise<T>, abuse: (prepared: T) => Promise<string | void>) => {
    if (skip.some((word) => word && what.includes(word))) return;
    const prepared = await prepare();
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    const start = received;
    const downBefore = redDown.length;
    const t0 = performance.now();
    let note: string | void = '';
    const publishing = (async () => {
      while (performance.now() - t0 < 4000) {
        control.outs[0]!.send(Float64Array.from({ length: 20 }, (_, i) => next + i));
        next += 20;
        await control.outs[0]!.flush();
        await sleep(20);
      }
    })();
    const abusing = abuse(prepared).then((r) => (note = r));
    await publishing;
    await withTimeout(abusing, 10_000, undefined);
    await sleep(500);
    lag.disable();
    const seconds = (performance.now() - t0) / 1000;
    const row = `| ${what} | ${Math.round((received - start) / seconds)} | ${Math.round(lag.percentile(99) / 1e6)} | ${Math.round(lag.max / 1e6)} | ${Math.round(process.memoryUsage().rss / 2 ** 20)} | ${redDown.length - downBefore} | ${note ?? ''} |`;
    rows.push(row);
    console.log(row);
  };

  console.log('| abuse | control points/s | lag p99 ms | lag max ms | RSS MB | redis-down statuses | notes |\n|---|---|---|---|---|---|---|');
  await measure('none (baseline)', async () => undefined, async () => undefined);

  await measure('entry id 18446744073709551614-1 in another viewed scan', async () => {
    const victim = await scan(['x']);
    const v = await client();
    await subscribe(v, victim.writer.key);
    return { victim, v };
  }, async ({ victim, v }) => {
    await admin.xadd(victim.outs[0]!.key, '18446744073709551614-1', 'payload', Buffer.alloc(8));
    // The victim's viewer stays (a kiosk would): the malformed stream is followed during the whole window.
    victims.push(v);
  });

  await measure('2000 duplicate subscribe pairs + disconnect', () => Promise.all(Array.from({ length: 10 }, () => scan(['a', 'b']))), async (scans) => {
    const heap = process.memoryUsage().heapUsed;
    for (let round = 0; round < 200; round++) {
      const s = await client();
      for (const { writer } of scans) for (let k = 0; k < 2; k++) s.emit('scan:subscribe', { key: writer.key });
      s.disconnect();
    }
    await sleep(1500);
    return `followed after: ${app.live.followedCount}, tailed: ${app.live.tailedCount}, heap +${((process.memoryUsage().heapUsed - heap) / 2 ** 20).toFixed(0)} MB`;
  });

  await measure('one client subscribes to 500 scans', () => Promise.all(Array.from({ length: 500 }, () => scan(['a', 'b', 'c']))), async (scans) => {
    const s = await client();
    const replies = await Promise.all(scans.map(({ writer }) => subscribe(s, writer.key)));
    const refused = replies.filter((r) => (r as { ok?: boolean }).ok === false).length;
    const tailed = app.live.tailedCount;
    s.disconnect();
    return `refused ${refused}, tailed streams then ${tailed}`;
  });

  await measure('20 subscribes with a 60000-key have map', () => scan(['x']), async (target) => {
    const have = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`s${i}`, i]));
    const s = await client();
    const t = performance.now();
    let answered = 0;
    for (let i = 0; i < 20 && s.connected; i++) if ((await subscribe(s, target.writer.key, { have })) !== 'timeout') answered++;
    const connected = s.connected;
    s.disconnect();
    return `${answered} answered, ${Math.round((performance.now() - t) / 20)} ms per request${connected ? '' : ', connection closed by the server'}`;
  });

  await measure('Redis SIGSTOP 3 s: GET /api/scans/:key', async () => undefined, async () => {
    process.kill(redis.pid!, 'SIGSTOP');
    const t = performance.now();
    const status = await withTimeout(fetch(`${url}/api/scans/${control.writer.key}`).then((r) => String(r.status)), 3000, 'no answer after 3 s');
    const ms = Math.round(performance.now() - t);
    await sleep(Math.max(0, 3000 - ms));
    process.kill(redis.pid!, 'SIGCONT');
    return `${status} in ${ms} ms; viewer statuses during the stall counted in the previous column`;
  });

  viewer.disconnect();
  for (const v of victims) v.disconnect();
  await withTimeout(app.close(), 5000, undefined);
  http.closeAllConnections();
  await redis.stop();
  process.exit(0);
}

void main();
