/**
 * What Lantern exposes to the network, hardened: the Origin check (socket.io and state-changing
 * requests), security headers on every response (helmet), and a request rate per IP address on the API.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { HttpError, sendError } from './http-error';

/**
 * True when the request comes from a page Lantern served, from an allowed origin, or from no page at
 * all (curl, scripts and Node clients send no Origin; browsers always send it cross-origin). The
 * served origin is the request's own Host: behind a reverse proxy that rewrites Host, list the public
 * origin in LANTERN_ALLOWED_ORIGINS.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || allowed.includes('*')) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function originRefusal(req: IncomingMessage): string {
  return `origin ${JSON.stringify(req.headers.origin)} is not allowed: Lantern answers pages it served (${req.headers.host ?? 'its own host'}) and the origins listed in LANTERN_ALLOWED_ORIGINS`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Requests that may change something (POST, PUT, PATCH, DELETE): refused from other origins. */
export function isStateChanging(req: IncomingMessage): boolean {
  return !SAFE_METHODS.has(req.method ?? 'GET');
}

/**
 * The Content-Security-Policy the pages work under. Scripts: Lantern's own files and Next's inline
 * bootstrap scripts, which carry the response's nonce (Next reads it from the request's CSP header, so
 * the policy is copied there); no other inline script runs. Styles keep 'unsafe-inline': plotly injects
 * its own. Frames, images and canvases use data: and blob: URLs; socket.io connects to the same origin.
 * Next's development server also evaluates code and injects scripts without the nonce.
 */
export function securityHeaders(config: Pick<Config, 'frameAncestors' | 'dev'>): (req: IncomingMessage, res: ServerResponse) => void {
  const nonces = new WeakMap<ServerResponse, string>();
  const middleware = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...(config.dev ? ["'unsafe-inline'", "'unsafe-eval'"] : [(_req: IncomingMessage, res: ServerResponse) => `'nonce-${nonces.get(res)}'`])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...(config.dev ? ['ws:', 'wss:'] : [])],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: config.frameAncestors.split(/\s+/).filter(Boolean),
      },
    },
    // Nothing to other sites, as no-referrer; but the pages' own form POSTs (sign out) must carry their
    // Origin for the origin check, and under no-referrer browsers send `Origin: null` on them.
    referrerPolicy: { policy: 'same-origin' },
    // Lantern is often served over plain HTTP inside a beamline network: no HSTS, no upgrade.
    strictTransportSecurity: false,
    // frame-ancestors decides embedding; X-Frame-Options (older browsers) only when it says the same.
    xFrameOptions: config.frameAncestors.trim() === "'self'" ? { action: 'sameorigin' } : config.frameAncestors.trim() === "'none'" ? { action: 'deny' } : false,
  });
  return (req, res) => {
    nonces.set(res, randomBytes(16).toString('base64'));
    middleware(req, res, () => undefined);
    const policy = res.getHeader('content-security-policy');
    if (typeof policy === 'string') req.headers['content-security-policy'] = policy;
  };
}

/** REST requests per IP address per second; false when the request was answered with 429. */
export function httpRateLimit(perSecond: number): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  if (perSecond <= 0) return async () => true;
  const limiter = new RateLimiterMemory({ points: perSecond, duration: 1 });
  return async (req, res) => {
    try {
      await limiter.consume(req.socket.remoteAddress ?? 'unknown');
      return true;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
      sendError(res, new HttpError('RateLimited', `too many requests: at most ${perSecond} per second per address (LANTERN_HTTP_REQUESTS_PER_SECOND); retry in ${seconds} s`), { 'retry-after': String(seconds) });
      return false;
    }
  };
}
