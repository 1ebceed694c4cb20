/** Statistics wait for level-of-detail replies in progress, never for ever. */
import { describe, expect, it } from 'vitest';
import { LodFirst } from './lod-first';

describe('LodFirst', () => {
  it('lets statistics start at once when no level of detail is being answered', async () => {
    const gate = new LodFirst();
    const order: string[] = [];
    await gate.idle().then(() => order.push('stats'));
    expect(order).toEqual(['stats']);
  });

  it('starts statistics only once every reply in progress has settled, failed ones included', async () => {
    const gate = new LodFirst();
    const order: string[] = [];
    let finishA!: () => void;
    let failB!: (e: Error) => void;
    const a = gate.reply(() => new Promise<void>((r) => (finishA = r))).then(() => order.push('lod a'));
    const b = gate.reply(() => new Promise<void>((_, reject) => (failB = reject))).catch(() => order.push('lod b failed'));
    const stats = gate.idle(60_000).then(() => order.push('stats'));
    finishA();
    await a;
    expect(order).toEqual(['lod a']);
    failB(new Error('stream gone'));
    await Promise.all([b, stats]);
    expect(order.slice(0, 1)).toEqual(['lod a']);
    expect(order.slice(1).sort()).toEqual(['lod b failed', 'stats']);
  });

  it('holds statistics back no longer than its bound while a reply hangs', async () => {
    const gate = new LodFirst();
    let finish!: () => void;
    const hanging = gate.reply(() => new Promise<string>((r) => (finish = () => r('late'))));
    const order: string[] = [];
    await gate.idle(20).then(() => order.push('stats'));
    finish();
    order.push(await hanging);
    expect(order).toEqual(['stats', 'late']);
  });
});
