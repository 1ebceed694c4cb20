/**
 * Lantern's application without Next.js, in its own process, for the Node-only benchmark scenarios:
 * createApplication (socket.io, shared tails, REST API) on an HTTP port, configured from the
 * environment exactly like server/main.ts. Prints one line `LANTERN_READY <port>` once listening, and
 * shuts down cleanly on SIGTERM. On the parent's request (IPC) it profiles a measurement window with the
 * inspector (bench/lantern-server.ts profileStart/profileStop).
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { createApplication } from '../server/app';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';

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
  process.on('message', (message: { id: number; cmd: 'profile-start' | 'profile-stop'; file?: string }) => {
    void (async () => {
      if (message.cmd === 'profile-start' && !session) {
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
      process.send?.({ id: message.id });
    })();
  });
}

main().catch((error: unknown) => {
  console.error(`bench server failed to start: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
