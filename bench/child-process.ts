/**
 * Child processes of the benchmark, run with `node --import tsx` (so the pid is the Node process
 * itself, for /proc measurements): the Lantern bench server and the publisher. Both get an IPC channel,
 * so they end when the benchmark does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Spawned {
  child: ChildProcess;
  pid: number;
  output(): string;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export function spawnTs(script: string, options: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Spawned {
  return spawnNode(path.join(ROOT, script), { ...options, nodeArgs: ['--import', 'tsx', ...(options.nodeArgs ?? [])] });
}

/** A plain `node` child (JavaScript entry). */
export function spawnNode(file: string, options: { env?: Record<string, string>; nodeArgs?: string[] } = {}): Spawned {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), file], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 100_000) output = output.slice(-50_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  if (child.pid === undefined) throw new Error(`could not start ${file}`);
  return { child, pid: child.pid, output: () => output };
}

export function waitForLine(spawned: Spawned, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no ${pattern} from child within ${timeoutMs} ms:\n${spawned.output()}`)), timeoutMs);
    const check = () => {
      const match = pattern.exec(spawned.output());
      if (match) done(null, match);
    };
    const onExit = (code: number | null) => done(new Error(`child exited (${code}) before ${pattern}:\n${spawned.output()}`));
    const done = (error: Error | null, match?: RegExpExecArray) => {
      clearTimeout(timer);
      spawned.child.stdout?.off('data', check);
      spawned.child.off('exit', onExit);
      if (error) reject(error);
      else resolve(match!);
    };
    spawned.child.stdout?.on('data', check);
    spawned.child.once('exit', onExit);
    check();
  });
}

export async function stopChild(child: ChildProcess, timeoutMs = 8000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGCONT');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
