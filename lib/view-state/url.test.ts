import { describe, expect, it } from 'vitest';
import { statMarksShown, type PlotViewState } from './plot-view-state';
import { hasViewParams, joinChannelList, patchViewState, splitChannelList, viewStateFromParams, viewStateQuery, viewStateToParams } from './url';

const roundTrip = (plot: string | null, view: PlotViewState) => viewStateFromParams(viewStateToParams({ plot, view }).toString());

describe('view state in the URL', () => {
  it('round-trips every field', () => {
    const view: PlotViewState = {
      x: 'axis:roby',
      y: ['simulation_diode_sampling_controller:diode1', 'timer:elapsed_time'],
      y2: ['simulation_counter_controller:mon'],
      logX: false,
      logY: true,
      normalize: 'simulation_counter_controller:mon',
      derivative: true,
      zoomX: [0.25, 1.75],
      zoomY: [-3.5e-7, 1200],
      value: 'mca:roi1',
      colormap: 'magma',
      autoscale: 'percentile',
      logScale: true,
      frame: 17,
      follow: false,
      reduce: 'average',
    };
    expect(roundTrip('curve:main', view)).toEqual({ plot: 'curve:main', view, ignored: [] });
  });

  it('writes the documented parameter names', () => {
    const params = viewStateToParams({
      plot: 'p1',
      view: { x: 'a', y: ['b', 'c'], y2: ['d'], logX: true, logY: false, normalize: 'm', derivative: true, zoomX: [1, 2], zoomY: [3, 4], colormap: 'viridis', autoscale: 'sigma', logScale: false, frame: 3, follow: true, reduce: 'sum' },
    });
    expect(params.toString()).toBe('plot=p1&x=a&y=b%2Cc&y2=d&logx=1&logy=0&norm=m&deriv=1&zoom=1%2C2%2C3%2C4&cmap=viridis&scale=sigma&log=0&frame=3&follow=1&reduce=sum');
  });

  it('leaves defaults out: an empty view is an empty query', () => {
    expect(viewStateToParams({ plot: null, view: {} }).toString()).toBe('');
    expect(viewStateQuery({ plot: null, view: {} })).toBe('');
    expect(viewStateFromParams('')).toEqual({ plot: null, view: {}, ignored: [] });
  });

  it('tells "point index" (x empty) and "no curves" (y empty) apart from the defaults (absent)', () => {
    expect(viewStateFromParams('x=&y=&y2=&norm=&value=').view).toEqual({ x: null, y: [], y2: [], normalize: null, value: null });
    expect(roundTrip(null, { x: null, y: [], normalize: null })).toEqual({ plot: null, view: { x: null, y: [], normalize: null }, ignored: [] });
    expect(viewStateFromParams('plot=a').view).toEqual({});
  });

  it('keeps channel names with commas, backslashes, colons, spaces and # intact', () => {
    const names = ['#Pt No', 'a,b', 'back\\slash', 'axis:ro by', 'trailing\\'];
    expect(splitChannelList(joinChannelList(names))).toEqual(names);
    expect(roundTrip(null, { y: names }).view.y).toEqual(names);
    expect(roundTrip(null, { x: '#Pt No' }).view.x).toBe('#Pt No');
  });

  it('reads a zoom on x only, on y only, or both; reversed bounds stay reversed (a top-down image axis)', () => {
    expect(viewStateFromParams('zoom=1,2').view).toEqual({ zoomX: [1, 2] });
    expect(viewStateFromParams('zoom=,,5,-5').view).toEqual({ zoomY: [5, -5] });
    expect(viewStateFromParams('zoom=2,1,3,4').view).toEqual({ zoomX: [2, 1], zoomY: [3, 4] });
    expect(roundTrip(null, { zoomX: [20, 90], zoomY: [140, 60] }).view).toEqual({ zoomX: [20, 90], zoomY: [140, 60] });
    expect(roundTrip(null, { zoomY: [10, 20] }).view).toEqual({ zoomY: [10, 20] });
    expect(roundTrip(null, { zoomX: [1.0000000000000002, 1e300] }).view.zoomX).toEqual([1.0000000000000002, 1e300]);
  });

  it('keeps the right y axis apart: its own scale and zoom, and the markers setting', () => {
    const view = { logY: false, logY2: true, zoomY: [1, 2] as [number, number], zoomY2: [0.5, 4000] as [number, number], markers: true };
    expect(roundTrip('curve:a', view).view).toEqual(view);
    expect(viewStateFromParams('zoom2=1,2,3').ignored).toHaveLength(1);
    expect(viewStateFromParams('marks=maybe').ignored).toHaveLength(1);
  });

  it('marks each statistic on its own: a list of peak, cen, com besides 1 (all) and 0 (none)', () => {
    expect(viewStateFromParams('marks=com,peak').view.markers).toEqual(['peak', 'com']);
    expect(roundTrip('curve:a', { markers: ['cen'] }).view).toEqual({ markers: ['cen'] });
    expect(viewStateToParams({ plot: null, view: { markers: ['com', 'cen'] } }).get('marks')).toBe('cen,com');
    expect(viewStateToParams({ plot: null, view: { markers: [] } }).get('marks')).toBe('0');
    expect(viewStateFromParams('marks=1').view.markers).toBe(true);
    expect(viewStateFromParams('marks=peak,fwhm').ignored[0]).toMatch(/some of peak,cen,com/);
    expect(statMarksShown(true)).toEqual(['peak', 'cen', 'com']);
    expect(statMarksShown(['com', 'peak'])).toEqual(['peak', 'com']);
    expect(statMarksShown(undefined)).toEqual([]);
  });

  it('carries every other plot view as a nested query, and never lets one override the active plot', () => {
    const others = { 'mesh:a,b': { value: 'det:diode 2', colormap: 'gray' as const, zoomY: [9, 3] as [number, number] }, 'image:lima': { frame: 7, follow: false, logScale: true } };
    const params = viewStateToParams({ plot: 'curve:x', view: { logY2: true }, others: { ...others, 'curve:x': { logY: true } } }, 'session=s');
    expect(params.get('session')).toBe('s');
    const back = viewStateFromParams(params.toString());
    expect(back).toEqual({ plot: 'curve:x', view: { logY2: true }, others, ignored: [] });
    expect(hasViewParams('v.mesh%3Aa=cmap%3Dgray')).toBe(true);
    // A bad nested value is reported with where it was.
    expect(viewStateFromParams('v.img=cmap%3Djet').ignored[0]).toMatch(/^v\.img: cmap=jet/);
    // Old view parameters of the base are replaced, nested ones included.
    expect(viewStateToParams({ plot: null, view: {} }, 'v.old=log%3D1&x=a').toString()).toBe('');
  });

  it('ignores and reports values it cannot read instead of guessing', () => {
    const parsed = viewStateFromParams('zoom=1,abc&cmap=jet&scale=auto&frame=-1&logy=yes&reduce=max&follow=1&x=a');
    expect(parsed.view).toEqual({ follow: true, x: 'a' });
    expect(parsed.ignored).toHaveLength(6);
    expect(parsed.ignored.join('\n')).toMatch(/^zoom=1,abc:/m);
    expect(parsed.ignored.join('\n')).toMatch(/^cmap=jet:/m);
    for (const bad of ['zoom=1', 'zoom=1,1', 'zoom=,1', 'zoom=1,2,3', 'zoom=,', 'zoom=1,Infinity', 'zoom=,,,', 'frame=1.5', 'frame=']) {
      expect(viewStateFromParams(bad).ignored, bad).toHaveLength(1);
    }
  });

  it('accepts true/false for booleans too', () => {
    expect(viewStateFromParams('logx=true&deriv=false').view).toEqual({ logX: true, derivative: false });
  });

  it('keeps unrelated parameters of the base and replaces its view parameters', () => {
    const params = viewStateToParams({ plot: 'b', view: { y: ['z'] } }, '?session=demo&plot=a&x=old&cmap=gray');
    expect(params.toString()).toBe('session=demo&plot=b&y=z');
    expect(viewStateQuery({ plot: null, view: {} }, { session: 'demo', x: 'gone' })).toBe('?session=demo');
  });

  it('reads Next.js searchParams objects (first of repeated values)', () => {
    expect(viewStateFromParams({ plot: 'p', y: ['a,b', 'c'], x: undefined }).view).toEqual({ y: ['a', 'b'] });
    expect(viewStateFromParams({ plot: ['p', 'q'] }).plot).toBe('p');
  });

  it('hasViewParams ignores plot and unrelated parameters', () => {
    expect(hasViewParams('plot=a&session=s')).toBe(false);
    expect(hasViewParams('session=s&x=')).toBe(true);
    expect(hasViewParams(new URLSearchParams('cmap=gray'))).toBe(true);
  });

  it('patchViewState sets, replaces and (with undefined) removes fields', () => {
    const view: PlotViewState = { x: 'a', zoomX: [1, 2], logY: true };
    expect(patchViewState(view, { zoomX: undefined, x: null, y: ['b'] })).toEqual({ x: null, logY: true, y: ['b'] });
    expect(view).toEqual({ x: 'a', zoomX: [1, 2], logY: true });
  });
});
