/** Prometheus metrics (prom-client) for /metrics. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class Metrics {
  readonly registry = new Registry();
  private readonly pointsInCounter = new Counter({ name: 'lantern_points_in_total', help: 'Points read from Redis by the shared tails', registers: [this.registry] });
  private readonly pointsOutCounter = new Counter({ name: 'lantern_points_out_total', help: 'Points sent to clients (points x receivers)', registers: [this.registry] });
  private readonly bytesOutCounter = new Counter({ name: 'lantern_bytes_out_total', help: 'Data frame bytes sent to clients (bytes x receivers)', registers: [this.registry] });
  private readonly dropsCounter = new Counter({
    name: 'lantern_client_drops_total',
    help: 'Times a client fell behind its send budget and was served from Redis instead of live',
    labelNames: ['client'],
    registers: [this.registry],
  });
  readonly flushDuration = new Histogram({
    name: 'lantern_flush_duration_seconds',
    help: 'Time to flush coalesced data to clients',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });

  constructor(sources: { clients(): number; followedScans(): number; tailedStreams(): number; redisReconnects(): number; xreadCalls(): number }) {
    collectDefaultMetrics({ register: this.registry, prefix: 'lantern_' });
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
    gauge('lantern_clients', 'Connected socket.io clients', sources.clients);
    gauge('lantern_followed_scans', 'Scans followed because someone watches them', sources.followedScans);
    gauge('lantern_tailed_streams', 'Streams tailed by the shared multiplexed XREAD', sources.tailedStreams);
    gauge('lantern_redis_reconnects', 'Redis reconnections since start', sources.redisReconnects);
    gauge('lantern_xread_calls', 'XREAD calls issued by the shared tail', sources.xreadCalls);
  }

  pointsIn(n: number): void {
    if (n > 0) this.pointsInCounter.inc(n);
  }

  framesOut(points: number, bytes: number, receivers: number): void {
    if (receivers <= 0) return;
    if (points > 0) this.pointsOutCounter.inc(points * receivers);
    if (bytes > 0) this.bytesOutCounter.inc(bytes * receivers);
  }

  clientDrop(client: string): void {
    this.dropsCounter.inc({ client });
  }

  forgetClient(client: string): void {
    this.dropsCounter.remove({ client });
  }
}
