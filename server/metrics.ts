/** Prometheus metrics (prom-client) for /metrics. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Readings of the running server, taken at each scrape. */
export interface MetricSources {
  clients(): number;
  followedScans(): number;
  tailedStreams(): number;
  /** Since start, only grows. */
  redisReconnects(): number;
  /** Since start, only grows. */
  xreadCalls(): number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly pointsInCounter = new Counter({ name: 'lantern_points_in_total', help: 'Points read from Redis by the shared tails', registers: [this.registry] });
  private readonly pointsOutCounter = new Counter({ name: 'lantern_points_out_total', help: 'Points sent to clients (points x receivers)', registers: [this.registry] });
  private readonly bytesOutCounter = new Counter({ name: 'lantern_bytes_out_total', help: 'Data frame bytes sent to clients (bytes x receivers)', registers: [this.registry] });
  // No label per client: socket ids are unbounded, and a series per id would grow the registry (and
  // every scrape) for as long as the server runs. The debug log line of each drop names the client.
  private readonly dropsCounter = new Counter({
    name: 'lantern_client_drops_total',
    help: 'Times a client fell behind its send budget and was served from Redis instead of live',
    registers: [this.registry],
  });
  // Per viewer and flush: how the live room's frames left (server/live/broadcast-frames.ts).
  private readonly liveWritesCounter = new Counter({
    name: 'lantern_live_writes_total',
    help: "Live flushes written to a viewer: 'prebuilt' as one packet of websocket frames built once for all, 'emit' as ordinary socket.io emits (polling, upgrading)",
    labelNames: ['path'],
    registers: [this.registry],
  });
  readonly flushDuration = new Histogram({
    name: 'lantern_flush_duration_seconds',
    help: 'Time to flush coalesced data to clients',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'lantern_' });
  }

  /**
   * Publishes readings of the running parts, read at each scrape. Called once they all exist
   * (server/app.ts): the live service itself counts into these metrics, so it cannot be built first.
   */
  observe(sources: MetricSources): void {
    const registers = [this.registry];
    const gauge = (name: string, help: string, read: () => number) =>
      new Gauge({ name, help, registers, collect() { this.set(read()); } });
    // Counts that only grow since start are counters (rate() and resets work on them), read as a total.
    const counter = (name: string, help: string, read: () => number) =>
      new Counter({ name, help, registers, collect() { this.reset(); this.inc(read()); } });
    gauge('lantern_clients', 'Connected socket.io clients', sources.clients);
    gauge('lantern_followed_scans', 'Scans followed because someone watches them', sources.followedScans);
    gauge('lantern_tailed_streams', 'Streams tailed by the shared multiplexed XREAD', sources.tailedStreams);
    counter('lantern_redis_reconnects_total', 'Redis reconnections since start', sources.redisReconnects);
    counter('lantern_xread_calls_total', 'XREAD calls issued by the shared tail since start', sources.xreadCalls);
  }

  pointsIn(n: number): void {
    if (n > 0) this.pointsInCounter.inc(n);
  }

  framesOut(points: number, bytes: number, receivers: number): void {
    if (receivers <= 0) return;
    if (points > 0) this.pointsOutCounter.inc(points * receivers);
    if (bytes > 0) this.bytesOutCounter.inc(bytes * receivers);
  }

  liveWrites(prebuilt: number, emitted: number): void {
    if (prebuilt > 0) this.liveWritesCounter.inc({ path: 'prebuilt' }, prebuilt);
    if (emitted > 0) this.liveWritesCounter.inc({ path: 'emit' }, emitted);
  }

  clientDrop(): void {
    this.dropsCounter.inc();
  }
}
