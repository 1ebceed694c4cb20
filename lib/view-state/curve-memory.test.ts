import { describe, expect, it } from 'vitest';
import { normalizeScanInfo } from '../blissdata/scan-info';
import { emptyBook, parseBook, recall, remember } from './curve-memory';

const info = (extra: Record<string, unknown> = {}) => normalizeScanInfo({ type: 'ascan', channels: {}, ...extra }).info;
const channels = new Set(['axis:roby', 'diode1', 'diode2', 'mon']);

describe('remembered curve selection', () => {
  it('replays x, y, y2 and normalize for the same kind and plot', () => {
    const book = remember(emptyBook(), 'K', 'curve', { x: 'axis:roby', y: ['diode2'], y2: ['mon'], normalize: 'mon', zoomX: [1, 2], colormap: 'gray' }, 100);
    expect(recall(book, 'K', 'curve', info(), channels)).toEqual({ x: 'axis:roby', y: ['diode2'], y2: ['mon'], normalize: 'mon' });
    expect(recall(book, 'other kind', 'curve', info(), channels)).toBeNull();
    expect(recall(book, 'K', 'other plot', info(), channels)).toBeNull();
  });

  it('honours displayed_channels and a newer plotselect (Flint resolveCurvePlotUpdate)', () => {
    const book = remember(emptyBook(), 'K', 'curve', { y: ['diode2'] }, 100);
    expect(recall(book, 'K', 'curve', info({ display_extra: { displayed_channels: ['diode1'] } }), channels)).toBeNull();
    expect(recall(book, 'K', 'curve', info({ display_extra: { plotselect: ['diode1'], plotselect_time: 200 } }), channels)).toBeNull();
    expect(recall(book, 'K', 'curve', info({ display_extra: { plotselect: ['diode1'], plotselect_time: 50 } }), channels)).toEqual({ y: ['diode2'] });
  });

  it('drops channels the new scan lacks, and gives up when no curve is left', () => {
    const book = remember(emptyBook(), 'K', 'curve', { x: 'axis:gone', y: ['diode1', 'gone'], normalize: 'gone' }, 1);
    expect(recall(book, 'K', 'curve', info(), channels)).toEqual({ y: ['diode1'] });
    const none = remember(emptyBook(), 'K', 'curve', { y: ['gone'] }, 1);
    expect(recall(none, 'K', 'curve', info(), channels)).toBeNull();
    const index = remember(emptyBook(), 'K', 'curve', { x: null }, 1);
    expect(recall(index, 'K', 'curve', info(), channels)).toEqual({ x: null });
  });

  it('survives a round trip through text, keeps the newest entries and rejects garbage', () => {
    let book = emptyBook();
    for (let i = 0; i < 100; i++) book = remember(book, `K${i}`, 'curve', { y: ['diode1'] }, i);
    const back = parseBook(JSON.stringify(book));
    expect(back.entries).toHaveLength(64);
    expect(recall(back, 'K99', 'curve', info(), channels)).toEqual({ y: ['diode1'] });
    expect(recall(back, 'K0', 'curve', info(), channels)).toBeNull();
    expect(parseBook('not json')).toEqual(emptyBook());
    expect(parseBook('{"version":2,"entries":[]}')).toEqual(emptyBook());
    expect(parseBook('{"version":1,"entries":[["k",null],["k2",{"y":["a"]}],["k3",{"y":["a"],"editTime":3}]]}').entries).toEqual([['k3', { y: ['a'], editTime: 3 }]]);
  });

  it('forgets a plot whose selection was reset to the defaults', () => {
    const book = remember(remember(emptyBook(), 'K', 'curve', { y: ['diode1'] }, 1), 'K', 'curve', { zoomX: [0, 1] }, 2);
    expect(book.entries).toEqual([]);
  });
});
