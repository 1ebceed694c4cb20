/** `npm run demo` starts Redis, the simulator and Lantern, serves scans, and Ctrl-C leaves nothing behind. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../testing/redis-launcher';

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} not seen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

describe('npm run demo', () => {
  it('serves simulated scans and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    // Its own process group, like a terminal: Ctrl-C sends SIGINT to the whole group.
    const demo = spawn('node', ['scripts/demo.mjs', '--port', String(port)], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    demo.stdout.on('data', (c: Buffer) => (output += c.toString()));
    demo.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      const redisPort = Number(await until(() => /127\.0\.0\.1:(\d+); simulated data/.exec(output)?.[1], 60_000, 'redis start'));
      const dataDir = await until(() => /simulated data in (\S+)/.exec(output)?.[1], 1000, 'data folder');
      const scans = await until(
        async () => {
          const reply = await fetch(`http://127.0.0.1:${port}/api/scans`).then((r) => (r.ok ? (r.json() as Promise<{ scans: { key: string; session: string }[] }>) : undefined), () => undefined);
          return reply?.scans.length ? reply.scans : undefined;
        },
        90_000,
        'a scan through the REST API',
      );
      expect(scans[0]!.session).toBe('demo_session');
      expect(existsSync(dataDir)).toBe(true);
      expect(await listening(redisPort)).toBe(true);

      process.kill(-demo.pid!, 'SIGINT');
      const code = await new Promise<number | null>((resolve) => demo.once('exit', (c) => resolve(c)));
      expect(code).toBe(0);
      await until(async () => ((await listening(redisPort)) ? undefined : true), 10_000, 'redis stopped');
      await until(async () => ((await listening(port)) ? undefined : true), 10_000, 'Lantern stopped');
      expect(existsSync(dataDir)).toBe(false);
      // Nothing of the demo's process group is left running. A grandchild that got the same Ctrl-C may
      // still be finishing when the demo exits (seen under CI load): give it the seconds a user would.
      const inGroup = () => spawnSync('pgrep', ['-g', String(demo.pid)]).stdout.toString().trim().split('\n').filter(Boolean);
      for (let i = 0; i < 60 && inGroup().length; i++) await new Promise((r) => setTimeout(r, 250));
      const left = inGroup();
      const described = left.length ? spawnSync('ps', ['-o', 'pid=,stat=,args=', '-p', left.join(',')]).stdout.toString().trim() : '';
      expect(described).toBe('');
    } finally {
      try {
        process.kill(-demo.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, 180_000);
});
