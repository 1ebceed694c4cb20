'use client';
/**
 * Under an MCA spectrum: the ROI table with live integrals (per ROI and detector, on the spectrum shown:
 * one point, or the sum/average over the scan), a form to add a ROI by its bounds (in the axis's unit),
 * and the energy calibration (the scan's hint, the user's a + b·ch, or channel numbers).
 */
import { useState, type FormEvent } from 'react';
import type { EnergyCalibration } from '@/lib/analysis/mca/calibration';
import { MAX_ROIS } from '@/lib/view-state/mca-params';
import type { McaRoiView } from '@/lib/view-state/plot-view-state';
import type { PlotViewState } from '../plot-types';
import type { ActiveCalibration } from './mca-calibration';
import { roiFromRange, type RoiRow } from './mca-rois';
import styles from './mca.module.css';

const num = (v: number) => (Number.isNaN(v) ? '—' : String(Number(v.toPrecision(10))));
const energy = (v: number) => String(Number(v.toPrecision(6)));

function RoiTable({ rows, rois, onRemove }: { rows: RoiRow[]; rois: McaRoiView[]; onRemove(i: number): void }) {
  if (rois.length === 0) return <div className={styles.calFrom}>No ROI: drag across the spectrum (“select ROI”) or give its bounds.</div>;
  return (
    <table className={styles.rois} aria-label="MCA ROIs">
      <thead>
        <tr>
          <th>ROI</th>
          <th>detector</th>
          <th>channels</th>
          <th>energy</th>
          <th>sum</th>
          <th>net</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          <tr key={`${r.index}|${r.detector}`} data-roi={r.roi} data-start={r.start} data-stop={r.stop}>
            <td>{r.roi}</td>
            <td>{r.detector}</td>
            <td className="num">
              {r.start}–{r.stop - 1}
            </td>
            <td className="num">{r.energy ? `${energy(r.energy[0])}–${energy(r.energy[1])}` : '—'}</td>
            <td className="num" data-value={r.sum}>
              {num(r.sum)}
            </td>
            <td className="num" data-value={r.net}>
              {num(r.net)}
            </td>
            <td>
              {rows.findIndex((o) => o.index === r.index) === i ? (
                <button type="button" onClick={() => onRemove(r.index)} aria-label={`Remove ROI ${r.roi}`}>
                  ×
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AddRoi({ cal, channels, onAdd }: { cal: EnergyCalibration | null; channels: number; onAdd(roi: McaRoiView): void }) {
  const [error, setError] = useState('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const [from, to] = [Number(f.get('from')), Number(f.get('to'))];
    const name = String(f.get('name') ?? '').trim();
    // Bounds in channels are the first and last channel; in energy, the channels whose centres lie between.
    const roi = Number.isFinite(from) && Number.isFinite(to) && String(f.get('from')) !== '' ? roiFromRange(from, to, cal, channels) : null;
    if (!roi) return setError(`bounds must be numbers within the spectrum (${cal ? 'energies' : `channels 0–${channels - 1}`})`);
    setError('');
    onAdd(name ? { name, ...roi } : roi);
  };
  const unit = cal ? (cal.unit ?? 'energy') : 'ch';
  return (
    <form className={styles.forms} onSubmit={submit} aria-label="Add a ROI">
      <span>ROI</span>
      <input name="name" className={styles.short} placeholder="name" aria-label="ROI name" />
      <input name="from" inputMode="decimal" placeholder={`from (${unit})`} aria-label="ROI from" />
      <input name="to" inputMode="decimal" placeholder={`to (${unit})`} aria-label="ROI to" />
      <button type="submit">add</button>
      {error ? <span role="alert">{error}</span> : null}
    </form>
  );
}

function Calibration({ active, hint, onViewChange }: { active: ActiveCalibration | null; hint: EnergyCalibration | null; onViewChange(p: Partial<PlotViewState>): void }) {
  const [error, setError] = useState('');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const a = Number(f.get('a'));
    const b = Number(f.get('b'));
    const unit = String(f.get('unit') ?? '').trim();
    if (String(f.get('a')) === '' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return setError('a and b must be numbers, b not 0');
    setError('');
    onViewChange({ calibration: { a, b, ...(unit ? { unit } : {}) }, zoomX: null });
  };
  const c = active?.cal;
  return (
    <form className={styles.forms} onSubmit={submit} aria-label="Energy calibration" key={c ? `${c.a}|${c.b}|${c.unit}` : 'none'}>
      <span>
        E = a + b·ch <span className={styles.calFrom}>{active ? (active.from === 'scan' ? '(from the scan)' : '(yours)') : '(channel numbers)'}</span>
      </span>
      <input name="a" defaultValue={c?.a ?? ''} inputMode="decimal" placeholder="a" aria-label="calibration a" />
      <input name="b" defaultValue={c?.b ?? ''} inputMode="decimal" placeholder="b" aria-label="calibration b" />
      <input name="unit" className={styles.short} defaultValue={c?.unit ?? 'keV'} aria-label="energy unit" />
      <button type="submit">apply</button>
      {active ? (
        <button type="button" onClick={() => onViewChange({ calibration: null, zoomX: null })}>
          channels
        </button>
      ) : null}
      {hint && active?.from !== 'scan' ? (
        <button type="button" onClick={() => onViewChange({ calibration: undefined, zoomX: null })}>
          scan’s calibration
        </button>
      ) : null}
      {error ? <span role="alert">{error}</span> : null}
    </form>
  );
}

export function McaTools(props: { rows: RoiRow[]; rois: McaRoiView[]; active: ActiveCalibration | null; hint: EnergyCalibration | null; channels: number; onViewChange(p: Partial<PlotViewState>): void }) {
  const { rois, onViewChange } = props;
  const add = (roi: McaRoiView) => rois.length < MAX_ROIS && onViewChange({ rois: [...rois, roi] });
  return (
    <div className={styles.tools}>
      <RoiTable rows={props.rows} rois={rois} onRemove={(i) => onViewChange({ rois: rois.filter((_, k) => k !== i) })} />
      <AddRoi cal={props.active?.cal ?? null} channels={props.channels} onAdd={add} />
      <Calibration active={props.active} hint={props.hint} onViewChange={onViewChange} />
    </div>
  );
}
