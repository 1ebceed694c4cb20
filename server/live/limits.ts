/** Per-client caps on the socket.io side: what one browser (or script) may make the server do. */
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/** A request refused because it exceeds a documented, configurable limit. */
export class LimitError extends Error {
  constructor(
    message: string,
    /** The environment variable that sets the limit, for the message and the logs. */
    readonly setting: string,
  ) {
    super(`${message} (limit set by ${setting})`);
    this.name = 'LimitError';
  }
}

/** Requests per client per second; `check` throws a LimitError past it. */
export class ClientRateLimit {
  private readonly limiter: RateLimiterMemory | null;

  constructor(private readonly perSecond: number) {
    this.limiter = perSecond > 0 ? new RateLimiterMemory({ points: perSecond, duration: 1 }) : null;
  }

  async check(client: string): Promise<void> {
    if (!this.limiter) return;
    try {
      await this.limiter.consume(client);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new LimitError(`too many requests: at most ${this.perSecond} per second per client; retry in ${Math.ceil(error.msBeforeNext)} ms`, 'LANTERN_SOCKET_EVENTS_PER_SECOND');
    }
  }

  forget(client: string): void {
    void this.limiter?.delete(client);
  }
}

/** Entries of a request's map, counted before it is validated entry by entry. */
export function checkKeys(value: unknown, what: string, max: number): void {
  if (value && typeof value === 'object' && Object.keys(value).length > max) {
    throw new LimitError(`${what} has ${Object.keys(value).length} entries, at most ${max} are accepted`, 'LANTERN_MAX_REQUEST_KEYS');
  }
}
