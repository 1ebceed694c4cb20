/**
 * What viewers are told about Redis behind Lantern. Several sources may find it unusable at once (the
 * shared tail lost its connection, the probe gets no answer, the database is not initialised); viewers
 * get one status: live only when none is down, else the first problem's message. Sent on every change
 * and to each client when it connects, so a page opened during an outage says so at once.
 */
import type { Logger } from '../logger';
import type { LanternServer } from './live-context';

export type StatusSource = 'tail' | 'probe' | 'database';

export class RedisStatus {
  private readonly problems = new Map<StatusSource, string>();
  private sent: string | null = null;

  constructor(
    private readonly io: LanternServer,
    private readonly logger: Logger,
  ) {
    io.on('connection', (socket) => {
      const problem = this.problem;
      if (problem !== null) socket.emit('status', { state: 'redis-down', message: problem });
    });
  }

  /** The problem shown to viewers, or null when live. */
  get problem(): string | null {
    return this.problems.values().next().value ?? null;
  }

  set(source: StatusSource, problem: string | null): void {
    const before = this.problems.get(source) ?? null;
    if (before === problem) return;
    if (problem === null) this.problems.delete(source);
    else this.problems.set(source, problem);
    if (problem !== null) this.logger.warn({ source, problem }, 'Redis unusable; viewers are told');
    else this.logger.info({ source }, 'Redis usable again');
    const now = this.problem;
    if (now === this.sent) return;
    this.sent = now;
    this.io.emit('status', now === null ? { state: 'live' } : { state: 'redis-down', message: now });
  }
}
