/** socket.io event handlers: requests validated with zod, typed error replies, per-socket cleanup. */
import { z } from 'zod';
import { BlissdataError, ScanNotFoundError, StreamNotFoundError } from '../../lib/blissdata/errors';
import { WIRE_PROTOCOL, type Ack, type ConnectErrorData, type ErrorCode, type ScanSnapshot } from '../../lib/wire/contract';
import type { Limits } from '../config';
import type { Logger } from '../logger';
import { mapRedisError } from '../redis/errors';
import { writePacketsTogether } from './engine-internals';
import { checkKeys, ClientRateLimit, LimitError } from './limits';
import type { LanternServer } from './live-context';
import type { LiveService } from './live-service';
import { sessionRoom, type ScanIndex } from './scan-index';
import type { LanternSocket } from './live-context';

const scanKey = z.string().min(1).max(200);
const schemas = {
  watch: z.object({ session: z.string().min(1).max(200).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict(),
  subscribe: z
    .object({
      key: scanKey,
      have: z.record(z.string(), z.number().int().min(0)).optional(),
      display: z.object({ width: z.number().int().min(1).max(65_536), height: z.number().int().min(1).max(65_536) }).strict().optional(),
    })
    .strict(),
  unsubscribe: z.object({ key: scanKey }).strict(),
};

function codeOf(error: unknown): ErrorCode {
  if (error instanceof LimitError) return 'too-many';
  if (error instanceof ScanNotFoundError || error instanceof StreamNotFoundError) return 'not-found';
  if (error instanceof BlissdataError) return 'bad-request';
  return 'internal';
}

/** Runs a handler and always answers the ack once, with a typed error instead of throwing. */
function handle<T>(logger: Logger, timeoutMs: number, ack: unknown, work: () => Promise<T>): void {
  const reply = typeof ack === 'function' ? (ack as Ack<T>) : () => undefined;
  work().then(
    (value) => reply({ ok: true, value }),
    (error: unknown) => {
      if (error instanceof z.ZodError) {
        reply({ ok: false, code: 'bad-request', error: error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ') });
        return;
      }
      const redis = mapRedisError(error, timeoutMs);
      if (redis) {
        reply({ ok: false, code: redis.status === 503 ? 'unavailable' : 'internal', error: redis.message });
        return;
      }
      const code = codeOf(error);
      if (code === 'internal') logger.error({ err: (error as Error).message }, 'request failed');
      reply({ ok: false, code, error: (error as Error).message });
    },
  );
}

export function registerSocketHandlers(
  io: LanternServer,
  deps: {
    live: LiveService;
    index: ScanIndex;
    logger: Logger;
    limits: Limits;
    /** Subscribes live, or to the scan's file once it is gone from Redis (the scan catalogue). */
    subscribeOrReopen?: (socket: LanternSocket, key: string, have: Record<string, number>, subscribeLive: () => Promise<ScanSnapshot>) => Promise<ScanSnapshot>;
  },
): void {
  const { live, index, logger, limits } = deps;
  const rate = new ClientRateLimit(limits.socketEventsPerSecond);
  io.use((socket, next) => {
    const protocol = (socket.handshake.auth as { protocol?: unknown }).protocol;
    if (protocol !== WIRE_PROTOCOL) {
      const refusal = new Error(`wire protocol ${String(protocol)} not supported: this server speaks ${WIRE_PROTOCOL}; reload the page`);
      // A typed code, so the client tells "reload needed" from other refusals without reading the message.
      next(Object.assign(refusal, { data: { code: 'protocol', type: 'WireProtocolError' } satisfies ConnectErrorData }));
      return;
    }
    next();
  });

  io.on('connection', (socket: LanternSocket) => {
    writePacketsTogether(socket);
    let watching: string | null = null;
    socket.on('scans:watch', (request, ack) =>
      handle(logger, limits.redisTimeoutMs, ack, async () => {
        await rate.check(socket.id);
        const { session, limit } = schemas.watch.parse(request);
        if (watching) void socket.leave(watching);
        watching = sessionRoom(session);
        void socket.join(watching);
        return { scans: index.list({ session, limit }) };
      }),
    );
    socket.on('scans:unwatch', () => {
      if (watching) void socket.leave(watching);
      watching = null;
    });
    socket.on('scan:subscribe', (request, ack) =>
      handle(logger, limits.redisTimeoutMs, ack, async () => {
        await rate.check(socket.id);
        checkKeys((request as { have?: unknown } | null)?.have, 'have', limits.requestKeys);
        const { key, have, display } = schemas.subscribe.parse(request);
        const subscribeLive = () => live.subscribe(socket, key, have ?? {}, display ?? null);
        return deps.subscribeOrReopen ? deps.subscribeOrReopen(socket, key, have ?? {}, subscribeLive) : subscribeLive();
      }),
    );
    socket.on('scan:unsubscribe', (request) => {
      const parsed = schemas.unsubscribe.safeParse(request);
      if (parsed.success) live.unsubscribe(socket, parsed.data.key);
    });
    socket.on('disconnect', () => {
      live.disconnect(socket);
      rate.forget(socket.id);
    });
  });
}
