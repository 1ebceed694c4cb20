'use client';
/** Markers the user places (vertical at an x, horizontal at a left-axis y) and removes; a pure view over view.vmarks/hmarks. */
import { useState } from 'react';
import { formatNumber } from '../view-axes';
import styles from './curve-tools.module.css';

export interface MarkerPanelProps {
  vmarks: readonly number[];
  hmarks: readonly number[];
  /** The crosshair's position, to mark it in one click. */
  at: { x: number; y: number } | null;
  xLabel: string;
  onChange(patch: { vmarks?: number[]; hmarks?: number[] }): void;
}

export function MarkerPanel({ vmarks, hmarks, at, xLabel, onChange }: MarkerPanelProps) {
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
