/** The CLI as a child process: one JSON line per scan on stdout, clean USER_ABORT on SIGINT. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { withRedis } from '../../testing/redis-fixture';
import { loadScan, readStream } from './test-helpers';

const redis = withRedis();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves when `n` stdout lines have arrived. */
  waitLines(n: number): Promise<void>;
}

function simulate(args: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/simulator/cli.ts', '--redis', redis.server.url, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    const parts = out.split('\n');
    out = parts.pop() ?? '';
    lines.push(...parts);
    for (const wake of waiters.splice(0)) wake();
  });
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr: () => err,
    exit,
    async waitLines(n) {
      while (lines.length < n) {
        await Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), exit.then(() => Promise.reject(new Error(`exited early: ${err}`)))]);
      }
    },
  };
}

function parse(line: string | undefined): { key: string; scenario: string; number: number; session: string; streams: string[] } {
  return JSON.parse(line ?? 'null');
}

describe('simulate CLI', () => {
  it('--scenario ct prints one JSON line for its scan', async () => {
    const run = simulate(['--scenario', 'ct']);
    expect(await run.exit, run.stderr()).toBe(0);
    expect(run.lines).toHaveLength(1);
    const line = parse(run.lines[0]);
    expect(Object.keys(line)).toEqual(['key', 'scenario', 'number', 'session', 'streams']);
    expect(line).toMatchObject({ scenario: 'ct', session: 'demo_session', number: 1 });
    const scan = await loadScan(await redis.store(), line.key);
    expect(scan.info).toMatchObject({ type: 'ct', end_reason: 'SUCCESS' });
    expect([...scan.streams.keys()]).toEqual(line.streams);
  });

  it('--scenario ascan --points 5 --rate 1000 continues the session numbering', async () => {
    const run = simulate(['--scenario', 'ascan', '--points', '5', '--rate', '1000']);
    expect(await run.exit, run.stderr()).toBe(0);
    expect(run.lines).toHaveLength(1);
    const line = parse(run.lines[0]);
    expect(line).toMatchObject({ scenario: 'ascan', number: 2 });
    expect(line.streams).toContain('axis:roby');
    const scan = await loadScan(await redis.store(), line.key);
    expect((await readStream(scan, 'axis:roby')).count).toBe(5);
  });

  it('prints a line per scan of a sequence, and per run with --count', async () => {
    const run = simulate(['--scenario', 'sequence', '--points', '2', '--rate', '1000', '--count', '2', '--session', 'seq']);
    expect(await run.exit, run.stderr()).toBe(0);
    expect(run.lines.map((l) => parse(l).number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  }, 30_000);

  it('closes a running scan with USER_ABORT on SIGINT and exits 0', async () => {
    const run = simulate(['--scenario', 'timescan', '--rate', '50', '--session', 'interrupted']);
    await run.waitLines(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    run.child.kill('SIGINT');
    expect(await run.exit, run.stderr()).toBe(0);
    const scan = await loadScan(await redis.store(), parse(run.lines[0]).key);
    expect(scan.info).toMatchObject({ type: 'timescan', end_reason: 'USER_ABORT' });
    expect((await readStream(scan, 'timer:elapsed_time')).sealed).toBe(true);
    expect(run.stderr()).toContain('USER_ABORT');
  });

  it('refuses an unknown scenario', async () => {
    const run = simulate(['--scenario', 'nope']);
    expect(await run.exit).not.toBe(0);
    expect(run.stderr()).toMatch(/nope/);
    expect(run.lines).toEqual([]);
  });
});
