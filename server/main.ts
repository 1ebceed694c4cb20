/** Lantern's entry point: configuration, Next.js and socket.io on one HTTP port, graceful shutdown. */
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';
import { createApplication } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger, redactSecrets } from './logger';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(redactSecrets(`configuration: ${problem}`));
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const httpServer = createServer();
  const nextApp = next({ dev: config.dev, hostname: config.host, port: config.port, httpServer });
  await nextApp.prepare();
  const app = await createApplication(httpServer, {
    config,
    logger,
    // Next's dist directory is `.next` under its project directory, the working directory here.
    next: { handle: nextApp.getRequestHandler(), upgrade: nextApp.getUpgradeHandler(), staticDir: config.dev ? undefined : path.resolve('.next', 'static') },
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  logger.info({ url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`, redis: redactSecrets(config.redisUrl), dataRoots: config.dataRoots }, 'Lantern is listening');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void (async () => {
      await app.close();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections();
      await closed;
      await nextApp.close?.();
      process.exit(0);
    })();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(redactSecrets(`Lantern failed to start: ${error instanceof Error ? error.message : String(error)}`));
  process.exit(1);
});
