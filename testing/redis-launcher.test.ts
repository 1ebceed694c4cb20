/** The launcher: private servers, restart on the same port, no orphans when the parent is killed. */
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { startRedis } from './redis-launcher';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('redis launcher', () => {
  it('starts a server with the JSON module on a free port, restarts it on the same port, and stops it', async () => {
    const server = await startRedis({ persistence: 'aof' });
    const client = new Redis(server.url, { maxRetriesPerRequest: null });
    try {
      expect(server.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
      expect(server.port).not.toBe(6379);
      await client.call('JSON.SET', 'doc', '.', '{"a":1}');
      const port = server.port;
      const firstPid = server.pid!;
      await server.restart();
      expect(server.port).toBe(port);
      expect(server.pid).not.toBe(firstPid);
      expect(alive(firstPid)).toBe(false);
      expect(JSON.parse((await client.call('JSON.GET', 'doc')) as string)).toEqual({ a: 1 });
      expect(await client.config('GET', 'save')).toEqual(['save', '']);
    } finally {
      client.disconnect();
      const pid = server.pid!;
      await server.stop();
      expect(alive(pid)).toBe(false);
    }
  });

  it('leaves no orphan server when its parent process is killed', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '-e', "import('./testing/redis-launcher.ts').then(async (m) => { const r = await m.startRedis(); console.log('PID', r.pid); setInterval(() => {}, 1000); })"],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await until(() => /PID \d+/.test(out), 20_000);
    const pid = Number(/PID (\d+)/.exec(out)![1]);
    expect(alive(pid)).toBe(true);
    child.kill('SIGKILL');
    await until(() => !alive(pid));
  });

  it('names the Debian package when redis-server is missing', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRedis()).rejects.toThrow('redis-server not found: install it with `apt-get install -y redis-server`');
    } finally {
      process.env.PATH = path;
    }
  });
});
