/**
 * Lantern's application without Next.js, in its own process, for the Node-only benchmark scenarios:
 * createApplication (socket.io, shared tails, REST API) on an HTTP port, configured from the
 * environment exactly like server/main.ts. Prints one line `LANTERN_READY <port>` once listening, and
 * shuts down cleanly on SIGTERM. On the parent's request (IPC) it profiles a measurement window with the
 * inspector (bench/lantern-server.ts profileStart/profileStop), measures its own event-loop delay
 * (lagStart/lagStop) and reports how its live flushes went (stats).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { createApplication } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { OWN_WORK_TICK_MS, ownWorkProbe } from '../testing/own-work';

/** Own-work delays of a window (testing/own-work.ts): the part of each 10 ms tick's lateness this process caused. */
function ownDelayProbe(): { stop(): { p99: number; max: number } } {
  const probe = ownWorkProbe();
  return {
    stop() {
      const own = probe.stop().map((gap) => Math.max(0, gap - OWN_WORK_TICK_MS));
      own.sort((a, b) => a - b);
      return { p99: own[Math.min(own.length - 1, Math.floor(own.length * 0.99))] ?? 0, max: own.at(-1) ?? 0 };
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const http = createServer();
  const app = await createApplication(http, { config, logger });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, resolve);
  });
  process.stdout.write(`LANTERN_READY ${(http.address() as AddressInfo).port}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    void (async () => {
      await app.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      process.exit(0);
    })();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The benchmark's parent owns this process: exit when it goes away.
  process.on('disconnect', stop);
  // CPU profiles of a measurement window only (not start-up), on the parent's request.
  let session: Session | null = null;
  let lag: IntervalHistogram | null = null;
  let own: ReturnType<typeof ownDelayProbe> | null = null;
  process.on('message', (message: { id: number; cmd: 'profile-start' | 'profile-stop' | 'lag-start' | 'lag-stop' | 'stats'; file?: string }) => {
    void (async () => {
      let value: unknown;
      if (message.cmd === 'lag-start') {
        // Timer delay sampled every 10 ms: how late the loop runs anything (a request, a flush).
        lag = monitorEventLoopDelay({ resolution: 10 });
        lag.enable();
        own = ownDelayProbe();
      } else if (message.cmd === 'lag-stop' && lag && own) {
        lag.disable();
        const ownDelay = own.stop();
        value = { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6, count: lag.count, ownP99: ownDelay.p99, ownMax: ownDelay.max };
        lag = null;
        own = null;
      } else if (message.cmd === 'stats') {
        value = { flushes: { ...app.live.flushes }, coalescing: app.live.coalescing };
      } else if (message.cmd === 'profile-start' && !session) {
        session = new Session();
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 200 });
        await session.post('Profiler.start');
      } else if (message.cmd === 'profile-stop' && session) {
        const { profile } = await session.post('Profiler.stop');
        if (message.file) writeFileSync(message.file, JSON.stringify(profile));
        session.disconnect();
        session = null;
      }
      process.send?.({ id: message.id, value });
    })();
  });
}

main().catch((error: unknown) => {
  console.error(`bench server failed to start: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
