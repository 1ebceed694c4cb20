/** The parent side of bench/publisher-worker.ts: a typed RPC over the child's IPC channel. */
import type { ScenarioName } from '../scripts/simulator';
import { cpuSeconds } from './process-metrics';
import { spawnTs, stopChild, waitForLine, type Spawned } from './child-process';

export type PublisherCommand =
  | { cmd: 'init'; args: { redisUrl: string } }
  | { cmd: 'createScans'; args: { count: number; streams: number; name: string; npoints: number; image?: { dtype: string; shape: number[] }; session?: string; plots?: unknown[] } }
  | { cmd: 'publishImages'; args: { key: string; frames: number; fps: number } }
  | { cmd: 'scenarioStart'; args: { scenario: ScenarioName; points?: number; rate: number; session?: string } }
  | { cmd: 'scenarioWait'; args: { key: string } }
  | { cmd: 'scenarioStop'; args: { key: string } }
  | { cmd: 'publish'; args: { keys: string[]; points: number; batch: number; rate: number; timestamps?: boolean; close?: boolean; indexValues?: boolean } }
  | { cmd: 'close'; args: { keys: string[] } }
  | { cmd: 'delete'; args: { keys: string[] } };

export interface PublishResult {
  /** Wall-clock ms (timeOrigin + now) of the first and after the last XADD's reply. */
  t0: number;
  t1: number;
  xadds: number;
  points: number;
  /** Worst lag behind the requested rate, ms (0 when publishing as fast as possible). */
  lateMs: number;
}

export class Publisher {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  private constructor(private readonly spawned: Spawned) {
    spawned.child.on('message', (message: { id: number; result?: unknown; error?: string }) => {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`publisher: ${message.error}`));
      else call.resolve(message.result);
    });
    spawned.child.once('exit', (code) => {
      for (const call of this.pending.values()) call.reject(new Error(`publisher exited (${code}):\n${spawned.output()}`));
      this.pending.clear();
    });
  }

  static async start(redisUrl: string): Promise<Publisher> {
    const spawned = spawnTs('bench/publisher-worker.ts');
    await waitForLine(spawned, /PUBLISHER_READY/);
    const publisher = new Publisher(spawned);
    await publisher.call({ cmd: 'init', args: { redisUrl } });
    return publisher;
  }

  get pid(): number {
    return this.spawned.pid;
  }

  cpuSeconds(): number {
    return cpuSeconds(this.pid);
  }

  private call<R>(command: PublisherCommand): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.spawned.child.send({ id, ...command });
    });
  }

  createScans(args: Extract<PublisherCommand, { cmd: 'createScans' }>['args']): Promise<{ keys: string[]; streams: string[] }> {
    return this.call({ cmd: 'createScans', args });
  }

  publish(args: Extract<PublisherCommand, { cmd: 'publish' }>['args']): Promise<PublishResult> {
    return this.call({ cmd: 'publish', args });
  }

  /** `stamps[i]`: wall-clock ms (timeOrigin + now) at which frame i was in Redis. */
  publishImages(args: Extract<PublisherCommand, { cmd: 'publishImages' }>['args']): Promise<{ t0: number; t1: number; frames: number; lateMs: number; stamps: number[] }> {
    return this.call({ cmd: 'publishImages', args });
  }

  /** Starts a simulator scenario (scripts/simulator); resolves with its key once announced (PREPARED). */
  scenarioStart(args: Extract<PublisherCommand, { cmd: 'scenarioStart' }>['args']): Promise<{ key: string; streams: string[] }> {
    return this.call({ cmd: 'scenarioStart', args });
  }

  /** Waits for a scenario started with scenarioStart to end (scan CLOSED). */
  scenarioWait(key: string): Promise<void> {
    return this.call({ cmd: 'scenarioWait', args: { key } });
  }

  /** Aborts a scenario started with scenarioStart (USER_ABORT) and waits for its end. */
  scenarioStop(key: string): Promise<void> {
    return this.call({ cmd: 'scenarioStop', args: { key } });
  }

  close(keys: string[]): Promise<void> {
    return this.call({ cmd: 'close', args: { keys } });
  }

  delete(keys: string[]): Promise<void> {
    return this.call({ cmd: 'delete', args: { keys } });
  }

  async stop(): Promise<void> {
    await stopChild(this.spawned.child);
  }
}
