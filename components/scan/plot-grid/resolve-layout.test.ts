import { describe, expect, it } from 'vitest';
import type { PlotModel } from '@/lib/plot-model';
import { addPlot, layoutColumns, layoutFromParams, movePlot, removePlot, writeLayoutParams } from '@/lib/view-state/layout';
import { defaultLayout, resolveLayout } from './resolve-layout';

const plots = [
  { kind: 'curve', id: 'curve', title: 'curve' },
  { kind: 'mca', id: 'mca:mca1', title: 'mca1' },
  { kind: 'image', id: 'image:cam1', title: 'cam1' },
  { kind: 'image', id: 'image:cam2', title: 'cam2' },
] as unknown as PlotModel[];

describe('plot layout', () => {
  it('resolves ids and kinds, in order, without duplicates, and names what is missing', () => {
    const r = resolveLayout({ plots: ['image', 'curve', 'image', 'mca:mca1', 'curve', 'scatter'] }, plots);
    expect(r.models.map((m) => m.id)).toEqual(['image:cam1', 'curve', 'image:cam2', 'mca:mca1']);
    expect(r.missing).toEqual(['scatter']);
  });

  it('round-trips through the URL, ids with commas and colons included', () => {
    const layout = { plots: ['curve', 'mca:a,b', 'image:x\\y'], columns: 3 };
    const params = writeLayoutParams(new URLSearchParams('session=s&layout=old&cols=2'), layout);
    expect(params.get('session')).toBe('s');
    expect(layoutFromParams(new URLSearchParams(params.toString()))).toEqual({ layout, ignored: [] });
    expect(writeLayoutParams(params, null).toString()).toBe('session=s');
    expect(layoutFromParams({ session: 's' }).layout).toBeNull();
  });

  it('reports columns it cannot use and keeps at most 12 plots', () => {
    const r = layoutFromParams(new URLSearchParams('layout=curve,image&cols=9'));
    expect(r.layout).toEqual({ plots: ['curve', 'image'] });
    expect(r.ignored).toEqual(['cols=9: expected a whole number from 1 to 4']);
    const many = layoutFromParams({ layout: Array.from({ length: 15 }, (_, i) => `p${i}`).join(',') });
    expect(many.layout?.plots).toHaveLength(12);
    expect(many.ignored[0]).toMatch(/at most 12 plots/);
  });

  it('moves, adds and removes plots; columns never exceed the plots shown', () => {
    const l = { plots: ['a', 'b', 'c'] };
    expect(movePlot(l, 0, 2).plots).toEqual(['b', 'c', 'a']);
    expect(movePlot(l, 2, 0).plots).toEqual(['c', 'a', 'b']);
    expect(movePlot(l, 5, 0)).toBe(l);
    expect(addPlot(l, 'b')).toBe(l);
    expect(addPlot(l, 'd').plots).toEqual(['a', 'b', 'c', 'd']);
    expect(removePlot(l, 1).plots).toEqual(['a', 'c']);
    expect(layoutColumns({ plots: [], columns: 3 }, 2)).toBe(2);
    expect(layoutColumns({ plots: [] }, 5)).toBe(2);
    expect(layoutColumns({ plots: [] }, 1)).toBe(1);
  });

  it('starts a grid with the plot in front first', () => {
    expect(defaultLayout(plots, 'mca:mca1', 3).plots).toEqual(['mca:mca1', 'curve', 'image:cam1']);
  });
});
