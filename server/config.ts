/** Lantern's configuration, from environment variables validated at start-up (one line per problem). */
import path from 'node:path';
import { z } from 'zod';
import { parseAuthConfig, type AuthConfig } from './auth/config';

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const schema = z.object({
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_ROOTS: z
    .string()
    .default('')
    .transform((v) => v.split(':').filter(Boolean))
    .refine((roots) => roots.every((r) => r.startsWith('/')), 'every folder must be an absolute path'),
  LOG_LEVEL: z.enum(levels).default('info'),
  LANTERN_IDENTITY_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only').default('esrf'),
  LANTERN_FLUSH_MS: z.coerce.number().int().min(5).max(1000).default(25),
  /** Bytes queued for one client before it counts as lagging (then only re-reads from Redis catch it up). */
  LANTERN_CLIENT_BUDGET_BYTES: z.coerce.number().int().min(65536).default(8 * 1024 * 1024),
  LANTERN_HISTORY_SIZE: z.coerce.number().int().min(1).max(100_000).default(2048),
  /** Largest REST slice of a stream, in bytes of decoded point data (served in chunks, with backpressure). */
  LANTERN_SLICE_MAX_BYTES: z.coerce.number().int().min(1024).max(2 ** 40).default(64 * 1024 * 1024),
  /** The scan catalogue's folder (SQLite file catalogue.sqlite), created at start. */
  LANTERN_DATA_DIR: z.string().min(1).default('lantern-data'),
  // Limits and exposure (README, "Limits" and "Security headers").
  LANTERN_MAX_SUBSCRIPTIONS: z.coerce.number().int().min(1).max(10_000).default(32),
  LANTERN_MAX_REQUEST_KEYS: z.coerce.number().int().min(1).max(1_000_000).default(4096),
  LANTERN_MAX_SCAN_DOCUMENT_MB: z.coerce.number().positive().max(1024).default(8),
  LANTERN_MAX_STREAMS_PER_SCAN: z.coerce.number().int().min(1).max(100_000).default(1000),
  LANTERN_SOCKET_EVENTS_PER_SECOND: z.coerce.number().int().min(0).default(50),
  LANTERN_HTTP_REQUESTS_PER_SECOND: z.coerce.number().int().min(0).default(200),
  LANTERN_REDIS_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5000),
  LANTERN_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(/[\s,]+/).filter(Boolean))
    .refine((origins) => origins.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), 'origins look like https://portal.example.org (scheme and host, no path), or *'),
  LANTERN_FRAME_ANCESTORS: z
    .string()
    .default("'self'")
    .refine((v) => !/[;,]/.test(v), 'space-separated CSP sources, e.g. "\'self\' https://portal.example.org"'),
});

export type Config = {
  redisUrl: string;
  port: number;
  host: string;
  dataRoots: string[];
  logLevel: (typeof levels)[number];
  identityPrefix: string;
  flushMs: number;
  clientBudgetBytes: number;
  historySize: number;
  sliceMaxBytes: number;
  dataDir: string;
  limits: Limits;
  /** Origins allowed besides the one Lantern is served from (browsers send it with socket.io and POSTs). */
  allowedOrigins: string[];
  /** CSP frame-ancestors sources: who may embed the pages (a facility portal showing the kiosk). */
  frameAncestors: string;
  dev: boolean;
  /** Access control: modes, identities, share links (server/auth/config.ts). */
  auth: AuthConfig;
};

export interface Limits {
  subscriptionsPerClient: number;
  /** Entries in one request's maps and lists (e.g. the `have` map of a subscribe). */
  requestKeys: number;
  /** Largest scan document read (Redis memory, then JSON text); a larger scan is listed as unusable. */
  scanDocumentBytes: number;
  /** Data streams of one scan that are read; the others are listed as not read. */
  streamsPerScan: number;
  /** socket.io requests per client per second (0: unlimited). */
  socketEventsPerSecond: number;
  /** REST requests per IP address per second (0: unlimited). */
  httpRequestsPerSecond: number;
  /** Longest wait for a Redis reply in a request path before answering 503. */
  redisTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  // Empty variables count as unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  const auth = parseAuthConfig(present as Record<string, string>);
  if (!result.success || !auth.config) {
    const problems = result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(present[String(i.path[0])])})`);
    throw new ConfigError([...problems, ...auth.problems]);
  }
  const c = result.data;
  return {
    redisUrl: c.REDIS_URL,
    port: c.PORT,
    host: c.HOST,
    dataRoots: c.DATA_ROOTS,
    logLevel: c.LOG_LEVEL,
    identityPrefix: c.LANTERN_IDENTITY_PREFIX,
    flushMs: c.LANTERN_FLUSH_MS,
    clientBudgetBytes: c.LANTERN_CLIENT_BUDGET_BYTES,
    historySize: c.LANTERN_HISTORY_SIZE,
    sliceMaxBytes: c.LANTERN_SLICE_MAX_BYTES,
    dataDir: path.resolve(c.LANTERN_DATA_DIR),
    limits: {
      subscriptionsPerClient: c.LANTERN_MAX_SUBSCRIPTIONS,
      requestKeys: c.LANTERN_MAX_REQUEST_KEYS,
      scanDocumentBytes: Math.round(c.LANTERN_MAX_SCAN_DOCUMENT_MB * 2 ** 20),
      streamsPerScan: c.LANTERN_MAX_STREAMS_PER_SCAN,
      socketEventsPerSecond: c.LANTERN_SOCKET_EVENTS_PER_SECOND,
      httpRequestsPerSecond: c.LANTERN_HTTP_REQUESTS_PER_SECOND,
      redisTimeoutMs: c.LANTERN_REDIS_TIMEOUT_MS,
    },
    allowedOrigins: c.LANTERN_ALLOWED_ORIGINS,
    frameAncestors: c.LANTERN_FRAME_ANCESTORS,
    dev: env.NODE_ENV !== 'production',
    auth: auth.config,
  };
}
