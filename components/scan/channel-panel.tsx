'use client';
/**
 * Channel selection of a curve plot, as Flint's curve property panel: x (or point index), curves on the
 * left and right axes, and a monitor to normalise by. Edits go to the plot's view state (so into the
 * URL) and are remembered for the next scan of the same kind.
 */
import { useMemo } from 'react';
import { listCurveCandidates, type CurveCandidate, type CurvePlotModel } from '@/lib/plot-model';
import type { PlotViewState } from '../plots/plot-types';
import { effectiveCurves } from './points-held';
import { useScan, useScanActions, useScanStoreObject } from './scan-store-provider';
import { epochText, formatValue } from './value-format';

const NO_VIEW: PlotViewState = {};

function LastValue({ name, epoch }: { name: string; epoch: boolean }) {
  const store = useScanStoreObject();
  useScan((s) => s.version);
  const buffer = store.buffers().streamByName(name);
  if (!buffer || buffer.latestIndex < 0) return <span className="muted">—</span>;
  const v = buffer.value(buffer.latestIndex);
  return <span className="num">{epoch ? epochText(v) : formatValue(v)}</span>;
}

function ChannelName({ c }: { c: CurveCandidate }) {
  return (
    <span className="chan__name" title={`${c.name}${c.unit ? ` [${c.unit}]` : ''}${c.described ? '' : ' — not in the acquisition chain (Flint would not show it)'}`}>
      {c.displayName}
      {c.unit ? <span className="chan__unit"> {c.unit}</span> : null}
      {!c.present ? <span className="chan__tag">no data yet</span> : null}
      {!c.described ? <span className="chan__tag">extra</span> : null}
    </span>
  );
}

export function ChannelPanel({ model }: { model: CurvePlotModel }) {
  const setup = useScan((s) => s.setup);
  const view = useScan((s) => s.views[model.id]) ?? NO_VIEW;
  const actions = useScanActions();
  const candidates = useMemo(() => (setup ? listCurveCandidates(setup) : []), [setup]);
  const { x, y, y2 } = effectiveCurves(model, view);
  const normalize = view.normalize ?? null;
  const patch = (p: Partial<PlotViewState>) => actions.patchView(model.id, p);
  const toggle = (name: string, axis: 'left' | 'right') => {
    const left = axis === 'left' ? (y.includes(name) ? y.filter((n) => n !== name) : [...y, name]) : y.filter((n) => n !== name);
    const right = axis === 'right' ? (y2.includes(name) ? y2.filter((n) => n !== name) : [...y2, name]) : y2.filter((n) => n !== name);
    patch({ y: left, y2: right });
  };
  const group = `chan-${model.id}`;
  return (
    <section className="panel chanpanel" aria-label="Channels">
      <div className="panel__head">
        <h2 className="panel__title">Channels</h2>
        <button type="button" className="btn btn--small btn--ghost" onClick={() => actions.resetView(model.id)} title="Back to the scan's own selection">
          Reset
        </button>
      </div>
      <table className="table chantable">
        <thead>
          <tr>
            <th>Channel</th>
            <th title="x axis">X</th>
            <th title="Curve on the left y axis">Y</th>
            <th title="Curve on the right y axis">Y2</th>
            <th title="Divide every curve by this monitor">Mon</th>
            <th className="num">Last</th>
          </tr>
        </thead>
        <tbody>
          <tr className="chan chan--index">
            <td>
              <span className="chan__name">point index</span>
              <span className="chan__hint"> · no monitor</span>
            </td>
            <td>
              <input type="radio" name={`${group}-x`} aria-label="x: point index" checked={x === null} onChange={() => patch({ x: null })} />
            </td>
            <td />
            <td />
            <td>
              <input type="radio" name={`${group}-mon`} aria-label="no monitor" checked={normalize === null} onChange={() => patch({ normalize: null })} />
            </td>
            <td />
          </tr>
          {candidates.map((c) => (
            <tr key={c.name} className={`chan${c.present ? '' : ' chan--absent'}${c.described ? '' : ' chan--extra'}`} data-channel={c.name}>
              <td>
                <ChannelName c={c} />
              </td>
              <td>
                <input type="radio" name={`${group}-x`} aria-label={`x: ${c.displayName}`} checked={x === c.name} onChange={() => patch({ x: c.name })} />
              </td>
              <td>
                <input type="checkbox" aria-label={`y: ${c.displayName}`} checked={y.includes(c.name)} onChange={() => toggle(c.name, 'left')} />
              </td>
              <td>
                <input type="checkbox" aria-label={`y2: ${c.displayName}`} checked={y2.includes(c.name)} onChange={() => toggle(c.name, 'right')} />
              </td>
              <td>
                <input type="radio" name={`${group}-mon`} aria-label={`monitor: ${c.displayName}`} checked={normalize === c.name} onChange={() => patch({ normalize: c.name })} />
              </td>
              <td className="num">
                <LastValue name={c.name} epoch={c.timeKind === 'epoch'} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {candidates.length === 0 ? <p className="empty">This scan has no scalar channel.</p> : null}
    </section>
  );
}
