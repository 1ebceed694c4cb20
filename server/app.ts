/**
 * createApplication(httpServer, deps): everything Lantern serves on one HTTP server. Requests and
 * websocket upgrades are routed in this one place: socket.io (engine.io), vendored scripts, the REST
 * API, then Next.js.
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Server as EngineServer } from 'engine.io';
import { Server } from 'socket.io';
import { DataStore } from '../lib/blissdata/data-store';
import type { ClientToServerEvents, LodRequest, ServerToClientEvents } from '../lib/wire/contract';
import { installAuth } from './auth';
import type { Config } from './config';
import { DataRoots } from './files/data-roots';
import { Hdf5Reader } from './files/hdf5-reader';
import { captureHdf5Diagnostics } from './hdf5-diagnostics';
import { createApiRouter, pngOf } from './http/api';
import { httpRateLimit, isStateChanging, originAllowed, originRefusal, securityHeaders } from './http/exposure';
import { installScanLookup } from './http/scan-lookup';
import { createVendorHandler } from './http/vendor';
import { createStaticAssetHandler } from './http/static-assets';
import { LiveService } from './live/live-service';
import { lodReply } from './live/lod';
import { LodCache } from './data/lod-cache';
import { ScanIndex } from './live/scan-index';
import { createSharedTail } from './live/shared-tail';
import { RedisStatus } from './live/redis-status';
import { registerSocketHandlers } from './live/socket-handlers';
import type { Logger } from './logger';
import { Metrics } from './metrics';
import { openCatalogue } from './catalogue/open';
import { openRedisConnections } from './redis/connections';
import { watchReplicaLink } from './redis/replica-link';
import { startWhenReady } from './redis/startup';
import { HttpError, sendError } from './http/http-error';

export interface NextHandlers {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> | void;
  /** The production build's static files (`.next/static`), answered from memory; absent in development. */
  staticDir?: string;
}

export interface ApplicationDeps {
  config: Config;
  logger: Logger;
  /** Next.js handlers; absent in API-only tests. */
  next?: NextHandlers;
}

export interface Application {
  io: Server<ClientToServerEvents, ServerToClientEvents>;
  live: LiveService;
  index: ScanIndex;
  metrics: Metrics;
  close(): Promise<void>;
}

const SOCKET_PATH = '/socket.io/';

export async function createApplication(httpServer: HttpServer, deps: ApplicationDeps): Promise<Application> {
  const { config, logger } = deps;
  const redis = openRedisConnections(config.redisUrl, logger, { commandTimeoutMs: config.limits.redisTimeoutMs });
  const store = new DataStore(redis.command, {
    prefix: config.identityPrefix,
    maxDocumentBytes: config.limits.scanDocumentBytes,
    maxStreamsPerScan: config.limits.streamsPerScan,
    limitNames: { document: 'LANTERN_MAX_SCAN_DOCUMENT_MB', streams: 'LANTERN_MAX_STREAMS_PER_SCAN' },
  });
  const engine = new EngineServer({
    // Client messages are small (a subscribe with a `have` entry per stream: a few kB). Bigger ones
    // close the connection before they are parsed: parsing 1 MB of JSON costs the event loop ~100 ms.
    maxHttpBufferSize: 256 * 1024,
    perMessageDeflate: false,
    // Any web page a user opens could otherwise read live data from an internal Lantern.
    allowRequest: (req, callback) => (originAllowed(req, config.allowedOrigins) ? callback(null, true) : callback(originRefusal(req), false)),
  });
  const io: Server<ClientToServerEvents, ServerToClientEvents> = new Server({ path: SOCKET_PATH, serveClient: false });
  io.bind(engine);

  captureHdf5Diagnostics(logger);
  const hdf5 = new Hdf5Reader({ roots: new DataRoots(config.dataRoots) });
  const metrics = new Metrics();
  const status = new RedisStatus(io, logger);
  // The scan index and the live service share one tail; the live service asks the index for history
  // ids. Built in that order, each from parts that exist: no closure over a variable assigned later.
  const reader = createSharedTail(redis, status, config.flushMs);
  const catalogue = openCatalogue(config, store, logger, hdf5, pngOf);
  const index = new ScanIndex({ store, blocking: redis.history, reader, io, logger, size: config.historySize, onSeen: (s, doc) => catalogue.seen(s, doc) });
  const live = new LiveService({ io, store, reader, logger, metrics, hdf5, flushMs: config.flushMs, clientBudgetBytes: config.clientBudgetBytes, maxSubscriptions: config.limits.subscriptionsPerClient, historyIdOf: (k) => index.historyIdOf(k) });
  metrics.observe({
    clients: () => io.engine.clientsCount,
    followedScans: () => live.followedCount,
    tailedStreams: () => live.tailedCount,
    redisReconnects: () => redis.reconnects(),
    xreadCalls: () => reader.reads,
  });
  const access = installAuth({ config: config.auth, io, store, index, logger, catalogue: catalogue.catalogue });
  registerSocketHandlers(io, { live, index, logger, limits: config.limits, subscribeOrReopen: catalogue.subscribeOrReopen });
  live.start();
  // Lantern starts whatever the database: not initialised yet, emptied, unreachable. It says so and
  // begins listing scans (and completing the catalogue from them) once blissdata has initialised it.
  // Only a Redis without RedisJSON is fatal.
  const database = await startWhenReady({
    redis: redis.command,
    status,
    logger,
    timeoutMs: Math.min(config.limits.redisTimeoutMs, 2000),
    start: async () => {
      await index.start();
      catalogue.startBackfill();
    },
  }).catch(async (error: unknown) => {
    await live.stop();
    await redis.close();
    catalogue.close();
    throw error;
  });
  const replicaLink = watchReplicaLink({ redis: redis.command, io, logger });

  const lodCache = new LodCache();
  const lod = (request: LodRequest, client: string | undefined) => (client ? live.replying({ id: client }, () => lodReply(live, request, lodCache)) : lodReply(live, request, lodCache));
  const api = createApiRouter({
    store,
    lod,
    index,
    hdf5,
    metrics,
    logger,
    startedAt: Date.now(),
    database: () => database.state,
    redisTimeoutMs: config.limits.redisTimeoutMs,
    sliceMaxBytes: config.sliceMaxBytes,
    catalogue: catalogue.catalogue,
    fromFile: catalogue.fromFile,
  });
  // Unknown scan -> 404 page; a scan gone from Redis that the catalogue knows (or a file key) reopens from its file.
  installScanLookup(store, (key) => key.startsWith('file:') || catalogue.catalogue.get(key) !== undefined);
  const vendor = createVendorHandler();
  const staticAssets = deps.next?.staticDir ? createStaticAssetHandler(deps.next.staticDir) : async () => false;
  const routes = async (req: IncomingMessage, res: ServerResponse) => (await access.gate(req, res)) || (await vendor(req, res)) || (await staticAssets(req, res)) || api(req, res);

  const headers = securityHeaders(config);
  const rateLimit = httpRateLimit(config.limits.httpRequestsPerSecond);
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    headers(req, res);
    if (req.url?.startsWith(SOCKET_PATH)) {
      engine.handleRequest(req, res);
      return;
    }
    if (isStateChanging(req) && !originAllowed(req, config.allowedOrigins)) {
      sendError(res, new HttpError('OriginNotAllowed', originRefusal(req)));
      return;
    }
    const limited = req.url?.startsWith('/api/') || req.url?.startsWith('/metrics') ? rateLimit(req, res) : Promise.resolve(true);
    limited
      .then((go) => (go ? routes(req, res) : true))
      .then((handled) => {
        if (handled) return;
        if (deps.next) return deps.next.handle(req, res);
        sendError(res, new HttpError('NoRoute', 'not found'));
      })
      .catch((error: unknown) => {
        logger.error({ err: (error as Error).message, url: req.url }, 'request failed');
        if (!res.headersSent) res.writeHead(500).end();
      });
  };
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.url?.startsWith(SOCKET_PATH)) engine.handleUpgrade(req, socket, head);
    else if (deps.next?.upgrade) void deps.next.upgrade(req, socket, head);
    else socket.destroy();
  };
  httpServer.on('request', onRequest);
  httpServer.on('upgrade', onUpgrade);

  return {
    io,
    live,
    index,
    metrics,
    async close() {
      httpServer.off('request', onRequest);
      httpServer.off('upgrade', onUpgrade);
      replicaLink.stop();
      io.disconnectSockets(true);
      // Stop the loops, then close Redis: closing rejects their blocked reads, so nothing waits on a
      // Redis that may already be gone.
      database.stop();
      const stopped = Promise.all([index.stop(), live.stop()]);
      await redis.close();
      await stopped;
      engine.close();
      catalogue.close();
      await hdf5.close();
    },
  };
}
