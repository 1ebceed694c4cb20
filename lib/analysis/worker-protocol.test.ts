import { afterEach, describe, expect, it } from 'vitest';
import { AnalysisClient, AnalysisError, SupersededError, type AnalysisPort } from './analysis-client';
import { evaluateModel } from './fit/models';
import { seededNormal } from '../plot-math/seeded-random.fixture';
import { curveStats } from '../plot-math/curve-stats';
import { handleAnalysisRequest } from './worker-handler';
import { fitRequestMessage, statsRequestMessage } from './worker-protocol';

const x = Float64Array.from({ length: 201 }, (_, i) => -5 + i * 0.05);
const y = evaluateModel('gaussian', 'linear', [100, 0.7, 1.2, 5, 0.5], x);

describe('handleAnalysisRequest', () => {
  it('answers a fit with its result and the curve buffers to transfer', () => {
    const { message: request, transfer } = fitRequestMessage(7, { model: 'gaussian', background: 'linear', x, y });
    expect(transfer).toEqual([request.request.x.buffer, request.request.y.buffer]);
    expect(request.request.x).not.toBe(x); // a copy: the caller's arrays stay usable
    const { message, transfer: back } = handleAnalysisRequest(request);
    expect(message.id).toBe(7);
    if (!message.ok || message.kind !== 'fit') throw new Error('fit failed');
    expect(message.result.parameters.map((p) => +p.value.toFixed(9))).toEqual([100, 0.7, 1.2, 5, 0.5]);
    expect(back).toEqual([message.result.curve.x.buffer, message.result.curve.y.buffer]);
  });

  it('computes the Bliss statistics of the first n points of a curve, as on the page', () => {
    const ys = Uint32Array.from(y, (v) => Math.round(v * 10)); // a <u4 channel: converted in the copy
    const { message: request, transfer } = statsRequestMessage(9, x, ys, 150);
    expect(transfer).toEqual([request.x.buffer, request.y.buffer]);
    expect([request.x.length, request.y.length]).toEqual([150, 150]);
    const { message } = handleAnalysisRequest(request);
    if (!message.ok || message.kind !== 'stats') throw new Error('stats failed');
    expect(message.result).toEqual(curveStats(x, ys, 0, 150));
    expect(message.result.peak).toBeCloseTo(0.7, 9);
  });

  it('turns errors into answers', () => {
    const { message } = fitRequestMessage(3, { model: 'gaussian', background: 'linear', x: [1, 2], y: [1, 2] });
    expect(handleAnalysisRequest(message).message).toEqual({
      id: 3,
      ok: false,
      error: { name: 'FitError', message: 'gaussian fit with linear background has 5 parameters and needs at least 6 points, got 2 in range' },
    });
    expect(handleAnalysisRequest({ id: 4, kind: 'eval' }).message).toEqual({ id: 4, ok: false, error: { name: 'Error', message: 'not an analysis request' } });
    expect(handleAnalysisRequest(null).message).toMatchObject({ id: -1, ok: false });
  });
});

describe('AnalysisClient over a real MessageChannel', () => {
  let channel: MessageChannel;
  afterEach(() => {
    channel.port1.close();
    channel.port2.close();
  });

  function connect(delayFirst = false): AnalysisClient {
    channel = new MessageChannel();
    // The "worker" end: what analysis.worker.ts does, on the other port (real structured clone + transfer).
    let first = delayFirst;
    channel.port2.onmessage = (event) => {
      const reply = () => {
        const { message, transfer } = handleAnalysisRequest(event.data);
        channel.port2.postMessage(message, transfer);
      };
      if (first) {
        first = false;
        setTimeout(reply, 50);
      } else reply();
    };
    channel.port1.start();
    return new AnalysisClient(channel.port1 as unknown as AnalysisPort);
  }

  it('fits in the other thread and leaves the caller arrays intact', async () => {
    const client = connect();
    const { result } = await client.fit({ model: 'gaussian', background: 'linear', x, y });
    expect(result.parameters[1]!.value).toBeCloseTo(0.7, 9);
    expect(result.curve.y).toBeInstanceOf(Float64Array);
    expect(x.length).toBe(201);
    expect(x[200]).toBeCloseTo(5, 12);
    const h = await client.histogram([1, 2, 3, 4], { bins: 2 });
    expect(Array.from(h.result.counts)).toEqual([2, 2]);
    await expect(client.fit({ model: 'erf', background: 'none', x: [], y: [] })).rejects.toThrow(AnalysisError);
    client.dispose();
  });

  it('supersedes a live refit by a newer one with the same key', async () => {
    const client = connect(true);
    const older = client.fit({ model: 'gaussian', background: 'linear', x, y }, 'curve-1');
    const other = client.fit({ model: 'gaussian', background: 'linear', x, y }, 'curve-2');
    const newer = client.fit({ model: 'gaussian', background: 'linear', x: x.subarray(0, 150), y }, 'curve-1');
    await expect(older).rejects.toThrow(SupersededError);
    expect((await newer).result.points).toBe(150);
    expect((await other).result.points).toBe(201);
    client.dispose();
  });
});

describe('fit cost', () => {
  it('fits 10 000 noisy points (time printed, not asserted)', () => {
    const xs = Float64Array.from({ length: 10_000 }, (_, i) => i * 0.001);
    const noise = seededNormal(42);
    const ys = evaluateModel('pseudo-voigt', 'linear', [1000, 4.2, 0.8, 0.3, 50, -2], xs).map((v) => v + noise(10));
    const { message } = fitRequestMessage(1, { model: 'pseudo-voigt', background: 'linear', x: xs, y: ys });
    // First call includes the JIT warm-up a fresh worker pays once; the third is the steady cost of a live refit.
    const times: string[] = [];
    let answer = handleAnalysisRequest(message).message;
    for (let run = 0; run < 3; run++) {
      // CPU time as well: on a loaded machine the wall-clock time mostly measures the other processes.
      const cpu = process.cpuUsage();
      answer = handleAnalysisRequest(message).message;
      const used = process.cpuUsage(cpu);
      if (answer.ok) times.push(`${answer.elapsed.toFixed(1)} ms (CPU ${((used.user + used.system) / 1000).toFixed(1)} ms)`);
    }
    if (!answer.ok || answer.kind !== 'fit') throw new Error('fit failed');
    const p = answer.result.parameters;
    console.log(`fit of 10 000 points (pseudo-Voigt + linear background, ${answer.result.iterations} iterations): ${times.join(', ')}`);
    // The fit is right: the true values are within 4 standard errors.
    [1000, 4.2, 0.8, 0.3, 50, -2].forEach((truth, k) => expect(Math.abs(p[k]!.value - truth)).toBeLessThan(4 * p[k]!.error));
  }, 120_000);
});
