'use client';
/**
 * The fit controls and results: model and background, curve, region (inputs, or dragged on the plot), the
 * parameter table with uncertainties and the result as text to copy. A pure view over `view.fit`.
 */
import { useState } from 'react';
import { FIT_BACKGROUNDS, FIT_MODELS } from '@/lib/analysis/fit/models';
import type { FitBackgroundName, FitModelName, FitView } from '@/lib/view-state/plot-view-state';
import { CopyButton } from './copy-button';
import type { FitState } from './use-curve-fit';
import styles from './curve-tools.module.css';

const MODEL_NAMES: Record<FitModelName, string> = { gaussian: 'Gaussian', lorentzian: 'Lorentzian', 'pseudo-voigt': 'pseudo-Voigt', erf: 'erf (edge)', linear: 'linear' };

export interface FitPanelProps {
  fit: FitView | undefined;
  state: FitState;
  curves: readonly { name: string; label: string }[];
  /** Dragging a region on the plot is on. */
  selecting: boolean;
  onSelecting(on: boolean): void;
  onChange(fit: FitView | undefined): void;
}

export function FitPanel({ fit, state, curves, selecting, onSelecting, onChange }: FitPanelProps) {
  const set = (patch: Partial<FitView>) => onChange({ model: fit?.model ?? 'gaussian', background: fit?.background ?? 'constant', ...fit, ...patch });
  const { shown } = state;
  return (
    <div>
      <div className={styles.row}>
        <select aria-label="fit model" value={fit?.model ?? ''} onChange={(e) => (e.target.value ? set({ model: e.target.value as FitModelName }) : onChange(undefined))}>
          <option value="">no fit</option>
          {FIT_MODELS.map((m) => (
            <option key={m} value={m}>
              {MODEL_NAMES[m]}
            </option>
          ))}
        </select>
        <select aria-label="fit background" value={fit?.background ?? 'constant'} disabled={!fit || fit.model === 'linear'} onChange={(e) => set({ background: e.target.value as FitBackgroundName })}>
          {FIT_BACKGROUNDS.map((b) => (
            <option key={b} value={b}>
              {b === 'none' ? 'no background' : `${b} background`}
            </option>
          ))}
        </select>
        {curves.length > 1 ? (
          <select aria-label="fit curve" value={fit?.curve ?? ''} disabled={!fit} onChange={(e) => set({ curve: e.target.value || undefined })}>
            <option value="">first curve</option>
            {curves.map((c) => (
              <option key={c.name} value={c.name}>
                {c.label}
              </option>
            ))}
          </select>
        ) : null}
      </div>
      {fit ? (
        <div className={styles.row}>
          <RegionInputs range={fit.range} onChange={(range) => set({ range })} />
          <button type="button" aria-pressed={selecting} onClick={() => onSelecting(!selecting)} title="Drag across the plot to choose the points fitted">
            select on plot
          </button>
          {fit.range ? (
            <button type="button" onClick={() => set({ range: undefined })}>
              visible range
            </button>
          ) : (
            <span className={styles.pinned}>over the visible range</span>
          )}
          {state.busy ? <span role="status">fitting…</span> : null}
        </div>
      ) : null}
      {fit && state.waiting ? <div role="status">The fit waits for the points of {state.curve ?? 'the curve'} (the plot may be showing the server&apos;s summary while they arrive).</div> : null}
      {fit && state.error ? (
        <div role="alert" className={styles.error}>
          Fit failed{state.curve ? ` (${state.curve})` : ''}: {state.error}
        </div>
      ) : null}
      {fit && shown ? (
        <>
          <div>{shown.summary}</div>
          <table className={styles.params} aria-label="fit parameters">
            <tbody>
              {shown.rows.map((r) => (
                <tr key={r.name} data-value={r.value} data-error={r.error}>
                  <th scope="row">{r.name}</th>
                  <td>{r.text}</td>
                </tr>
              ))}
              {shown.area ? (
                <tr>
                  <th scope="row">area</th>
                  <td>{shown.area}</td>
                </tr>
              ) : null}
            </tbody>
          </table>
          <div className={styles.row}>
            <CopyButton text={shown.text} label="copy fit as text" />
            <details>
              <summary>as text</summary>
              <pre aria-label="fit as text">{shown.text}</pre>
            </details>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** From/to of the fitted region, applied on Enter or leaving a field; both empty = the visible range. */
function RegionInputs({ range, onChange }: { range: [number, number] | undefined; onChange(range: [number, number] | undefined): void }) {
  const key = range ? range.join(',') : '';
  const [text, setText] = useState<[string, string]>(range ? [String(range[0]), String(range[1])] : ['', '']);
  const [last, setLast] = useState(key);
  const [problem, setProblem] = useState<string | null>(null);
  if (key !== last) {
    setLast(key);
    setText(range ? [String(range[0]), String(range[1])] : ['', '']);
  }
  const apply = (next: [string, string]) => {
    if (next[0].trim() === '' && next[1].trim() === '') {
      setProblem(null);
      if (range) onChange(undefined);
      return;
    }
    const a = Number(next[0]);
    const b = Number(next[1]);
    if (next[0].trim() === '' || next[1].trim() === '' || !Number.isFinite(a) || !Number.isFinite(b) || a === b) {
      setProblem('the region needs two different numbers');
      return;
    }
    setProblem(null);
    const r: [number, number] = [Math.min(a, b), Math.max(a, b)];
    if (!range || r[0] !== range[0] || r[1] !== range[1]) onChange(r);
  };
  const field = (i: 0 | 1, label: string) => (
    <input
      className={styles.num}
      aria-label={label}
      placeholder={i === 0 ? 'from' : 'to'}
      inputMode="decimal"
      value={text[i]}
      onChange={(e) => setText(i === 0 ? [e.target.value, text[1]] : [text[0], e.target.value])}
      onBlur={() => apply(text)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply(text);
      }}
    />
  );
  return (
    <>
      <label>region {field(0, 'fit from')}</label>
      {field(1, 'fit to')}
      {problem ? (
        <span role="alert" className={styles.error}>
          {problem}
        </span>
      ) : null}
    </>
  );
}
