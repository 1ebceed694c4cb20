'use client';
/**
 * Per-curve math (Flint sets it one curve at a time): an expression drawn instead of the channel, a monitor
 * to divide by, negative, derivative. A pure view: it writes `view.math` through `onChange`.
 */
import { useState } from 'react';
import type { CurveMathView } from '@/lib/view-state/plot-view-state';
import type { CurveSpec } from './curve-prepare';
import styles from './curve-tools.module.css';

export interface MathPanelProps {
  specs: readonly CurveSpec[];
  math: Readonly<Record<string, CurveMathView>>;
  /** Scalar channels a monitor may be: full name and what to show. */
  channels: readonly { name: string; label: string }[];
  /** Why a curve's math cannot be computed, by curve channel. */
  errors: Readonly<Record<string, string>>;
  short(name: string): string;
  onChange(math: Record<string, CurveMathView> | undefined): void;
}

export function CurveMathPanel({ specs, math, channels, errors, short, onChange }: MathPanelProps) {
  const set = (curve: string, patch: Partial<CurveMathView>) => {
    const next: Record<string, CurveMathView> = { ...math, [curve]: { ...math[curve], ...patch } };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete next[curve]![k as keyof CurveMathView];
    if (!Object.keys(next[curve]!).length) delete next[curve];
    onChange(Object.keys(next).length ? next : undefined);
  };
  return (
    <div aria-label="curve math">
      {specs.map((s) => {
        const own = math[s.name] ?? {};
        const name = short(s.name);
        return (
          <div key={`${s.name}|${s.axis}`} className={styles.row}>
            <span>
              <span className={styles.chip} style={{ borderColor: s.color }}>
                {name}
              </span>{' '}
              = <output aria-label={`math of ${name}`}>{s.label}</output>
            </span>
            <ExpressionInput name={name} value={own.expr ?? ''} onApply={(expr) => set(s.name, { expr: expr || undefined })} />
            <label>
              monitor{' '}
              <select aria-label={`monitor for ${name}`} value={own.monitor === undefined ? '' : own.monitor === null ? '-' : own.monitor} onChange={(e) => set(s.name, { monitor: e.target.value === '' ? undefined : e.target.value === '-' ? null : e.target.value })}>
                <option value="">as the plot</option>
                <option value="-">none</option>
                {channels.map((c) => (
                  <option key={c.name} value={c.name}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input type="checkbox" aria-label={`negative ${name}`} checked={s.negate} onChange={(e) => set(s.name, { negate: e.target.checked || undefined })} /> negative
            </label>
            <label>
              <input type="checkbox" aria-label={`derivative of ${name}`} checked={s.derivative} onChange={(e) => set(s.name, { derivative: e.target.checked })} /> d/dx
            </label>
            {errors[s.name] ? (
              <span role="alert" className={styles.error}>
                {name}: {errors[s.name]}
              </span>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}

/** Typed freely, applied on Enter or when leaving the field (not at every key: a half-typed expression is an error). */
function ExpressionInput({ name, value, onApply }: { name: string; value: string; onApply(expr: string): void }) {
  const [text, setText] = useState(value);
  const [last, setLast] = useState(value);
  if (value !== last) {
    setLast(value);
    setText(value);
  }
  const apply = () => {
    if (text.trim() !== value) onApply(text.trim());
  };
  return (
    <input
      className={styles.expr}
      aria-label={`expression for ${name}`}
      placeholder="expression, e.g. diode1 / mon"
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={apply}
      onKeyDown={(e) => {
        if (e.key === 'Enter') apply();
      }}
    />
  );
}
