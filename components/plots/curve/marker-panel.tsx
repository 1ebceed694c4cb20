'use client';
/**
 * Markers: the statistics marked on the plot, each on its own (view.markers), and the ones the user
 * places (vertical at an x, horizontal at a left-axis y) and removes (view.vmarks/hmarks). A pure view.
 */
import { useState } from 'react';
import { STAT_MARKS, statMarksShown, type PlotViewState, type StatMarkName } from '@/lib/view-state/plot-view-state';
import { formatNumber } from '../view-axes';
import styles from './curve-tools.module.css';

export interface MarkerPanelProps {
  vmarks: readonly number[];
  hmarks: readonly number[];
  /** The crosshair's position, to mark it in one click. */
  at: { x: number; y: number } | null;
  xLabel: string;
  /** The statistics marked (view.markers). */
  markers: PlotViewState['markers'];
  onChange(patch: { vmarks?: number[]; hmarks?: number[]; markers?: StatMarkName[] | boolean }): void;
}

const STAT_TITLES: Record<StatMarkName, string> = { peak: 'x of the maximum (Bliss peak())', cen: 'centre of the FWHM (Bliss cen())', com: 'centre of mass (Bliss com())' };

export function MarkerPanel({ vmarks, hmarks, at, xLabel, markers, onChange }: MarkerPanelProps) {
  const shown = statMarksShown(markers);
  const toggleStat = (m: StatMarkName) => {
    const next = shown.includes(m) ? shown.filter((s) => s !== m) : STAT_MARKS.filter((s) => s === m || shown.includes(s));
    // All or none keep the link's short form (marks=1 / marks=0).
    onChange({ markers: next.length === STAT_MARKS.length ? true : next.length === 0 ? false : next });
  };
  const add = (kind: 'vmarks' | 'hmarks', v: number) => {
    const list = kind === 'vmarks' ? vmarks : hmarks;
    if (!list.includes(v)) onChange({ [kind]: [...list, v] });
  };
  const remove = (kind: 'vmarks' | 'hmarks', i: number) => {
    const list = (kind === 'vmarks' ? vmarks : hmarks).filter((_, k) => k !== i);
    onChange({ [kind]: list.length ? list : undefined });
  };
  return (
    <div>
      <div className={styles.row} role="group" aria-label="statistics marked">
        statistics marked:
        {STAT_MARKS.map((m) => (
          <button key={m} type="button" aria-pressed={shown.includes(m)} aria-label={`${m} marker`} title={`Mark ${STAT_TITLES[m]} of each curve`} onClick={() => toggleStat(m)}>
            {m}
          </button>
        ))}
      </div>
      <div className={styles.row}>
        <NumberAdd label="vertical marker at" onAdd={(v) => add('vmarks', v)} />
        <NumberAdd label="horizontal marker at" onAdd={(v) => add('hmarks', v)} />
      </div>
      {at ? (
        <div className={styles.row}>
          <button type="button" onClick={() => add('vmarks', Number(at.x.toPrecision(6)))}>
            mark {xLabel} {formatNumber(at.x, 6)}
          </button>
          <button type="button" onClick={() => add('hmarks', Number(at.y.toPrecision(6)))}>
            mark y {formatNumber(at.y, 6)}
          </button>
        </div>
      ) : null}
      <ul className={styles.legend} aria-label="markers">
        {vmarks.map((v, i) => (
          <li key={`v${i}`} className={styles.chip}>
            {xLabel} = {formatNumber(v, 6)}
            <button type="button" aria-label={`remove marker ${xLabel} = ${formatNumber(v, 6)}`} onClick={() => remove('vmarks', i)}>
              ×
            </button>
          </li>
        ))}
        {hmarks.map((v, i) => (
          <li key={`h${i}`} className={styles.chip}>
            y = {formatNumber(v, 6)}
            <button type="button" aria-label={`remove marker y = ${formatNumber(v, 6)}`} onClick={() => remove('hmarks', i)}>
              ×
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function NumberAdd({ label, onAdd }: { label: string; onAdd(v: number): void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = () => {
    const v = Number(text);
    if (text.trim() === '' || !Number.isFinite(v)) return setProblem(`${label}: not a number`);
    setProblem(null);
    setText('');
    onAdd(v);
  };
  return (
    <span>
      <input
        className={styles.num}
        aria-label={label}
        placeholder={label}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') submit();
        }}
      />
      <button type="button" onClick={submit}>
        add
      </button>
      {problem ? (
        <span role="alert" className={styles.error}>
          {problem}
        </span>
      ) : null}
    </span>
  );
}
