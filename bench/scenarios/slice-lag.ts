/**
 * slice_lag: how late the server's event loop runs while the largest slices it allows are downloaded at
 * once — one stream of LANTERN_SLICE_MAX_BYTES (default 64 MiB: 8 Mi float64 points) fetched whole as
 * CSV, JSON and binary together. The server measures its own loop delay (monitorEventLoopDelay, 10 ms
 * resolution) over the downloads, and the part of it its own CPU work explains (bench/server-entry.ts); meanwhile /api/health is asked every 50 ms, its round trips the
 * same delay as a browser would feel it. Each body is checked for its size (rows, bytes). Figures are
 * medians over the repeats.
 */
import type { BenchContext, ScenarioResult } from '../context';
import { median, percentile, round, sleep } from '../stats';

const SLICE_MAX_BYTES = 64 * 1024 * 1024;
const POINTS = SLICE_MAX_BYTES / 8;

/** Reads a body as it arrives, keeping only its byte count and, for CSV, its line count. */
async function drain(response: Response, countLines = false): Promise<{ bytes: number; lines: number }> {
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  let bytes = 0;
  let lines = 0;
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (countLines) for (let at = value.indexOf(10); at >= 0; at = value.indexOf(10, at + 1)) lines++;
  }
  return { bytes, lines };
}

/** /api/health round trips every `everyMs` until stopped. */
function healthProbe(url: string, everyMs: number): { stop(): Promise<number[]> } {
  const times: number[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/health`);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return times;
    },
  };
}

export async function sliceLag(ctx: BenchContext): Promise<ScenarioResult> {
  const repeats = ctx.quick ? 1 : 3;
  const server = await ctx.startServer({ LANTERN_SLICE_MAX_BYTES: String(SLICE_MAX_BYTES) });
  const notes: string[] = [];
  const lagP99: number[] = [];
  const lagMax: number[] = [];
  const ownP99: number[] = [];
  const ownMax: number[] = [];
  const healthP99: number[] = [];
  const seconds: number[] = [];
  const problems: string[] = [];
  try {
    const { keys, streams } = await ctx.publisher.createScans({ count: 1, streams: 1, name: 'slice_lag', npoints: POINTS });
    await ctx.publisher.publish({ keys, points: POINTS, batch: 1000, rate: 0, close: true });
    const base = `${server.url}/api/scans/${encodeURIComponent(keys[0]!)}/streams/${encodeURIComponent(streams[0]!)}?from=0&to=${POINTS}`;
    for (let r = 0; r < repeats; r++) {
      await sleep(300);
      if (r === 0) await server.profileStart();
      await server.lagStart();
      const probe = healthProbe(server.url, 50);
      const t0 = performance.now();
      const [csv, json, binary] = await Promise.all([fetch(`${base}&format=csv`).then((r) => drain(r, true)), fetch(`${base}&format=json`).then(drain), fetch(`${base}&format=binary`).then(drain)]);
      seconds.push((performance.now() - t0) / 1000);
      const health = await probe.stop();
      const lag = await server.lagStop();
      if (r === 0) await server.profileStop('slice_lag');
      if (csv.lines !== POINTS + 1) problems.push(`csv: ${csv.lines} lines, expected ${POINTS + 1}`);
      if (binary.bytes !== POINTS * 8) problems.push(`binary: ${binary.bytes} bytes, expected ${POINTS * 8}`);
      if (json.bytes < POINTS * 2) problems.push(`json: only ${json.bytes} bytes`);
      lagP99.push(lag.p99);
      lagMax.push(lag.max);
      ownP99.push(lag.ownP99);
      ownMax.push(lag.ownMax);
      healthP99.push(percentile(health, 99));
      ctx.log(`  #${r + 1}: ${round(seconds.at(-1)!)} s for csv ${round(csv.bytes / 1e6)} MB, json ${round(json.bytes / 1e6)} MB, binary ${round(binary.bytes / 1e6)} MB; loop delay p50 ${round(lag.p50)} ms, p99 ${round(lag.p99)} ms, max ${round(lag.max)} ms (own work: p99 ${round(lag.ownP99)} ms, max ${round(lag.ownMax)} ms); /api/health p99 ${round(healthP99.at(-1)!)} ms over ${health.length}`);
    }
    await ctx.publisher.delete(keys);
  } finally {
    await server.stop();
  }
  notes.push(
    `1 float64 stream of ${POINTS} points (LANTERN_SLICE_MAX_BYTES ${SLICE_MAX_BYTES}), fetched whole as csv, json and binary at once, ${repeats} repeat(s): ${round(median(seconds))} s`,
    `server loop delay max ${round(median(lagMax))} ms; the part explained by the server's own CPU time (not by other processes holding the cores): p99 ${round(median(ownP99))} ms, max ${round(median(ownMax))} ms; /api/health round trip p99 ${round(median(healthP99))} ms (probe every 50 ms)`,
    ...problems,
  );
  return { fields: { slice_lag_p99_ms: round(median(lagP99)), slice_lag_max_ms: round(median(lagMax)), slice_lag_own_p99_ms: round(median(ownP99)), slice_health_p99_ms: round(median(healthP99)), slice_all_bytes_delivered: problems.length === 0 }, notes };
}
