'use client';
/** The scatter plots' toolbar: value channel, monitor and colour scale (pure view), and the choice it shows. */
import { useMemo } from 'react';
import type { ScatterPlotModel } from '@/lib/plot-model';
import { ColourScaleControls } from '../raster/colour-scale-controls';
import { shortName } from '../plot-frame';
import type { PlotDataSource, PlotProps, PlotViewState } from '../plot-types';
import { scatterMonitorChoices, scatterValueChoices } from './mesh-channels';

export interface ValueChoice {
  value: string | null;
  choices: string[];
  monitor: string | null;
  monitors: string[];
}

/** The colour channel (any scalar channel of the scan, default from the hints) and its monitor. */
export function useValueChoice(model: ScatterPlotModel, view: PlotViewState, source: PlotDataSource): ValueChoice {
  const streams = source.snapshot.streams;
  const choices = useMemo(() => scatterValueChoices(model, streams), [model, streams]);
  const value = view.value && choices.includes(view.value) ? view.value : model.value;
  const monitors = useMemo(() => scatterMonitorChoices(model, value, streams), [model, value, streams]);
  const monitor = view.normalize && monitors.includes(view.normalize) ? view.normalize : null;
  return { value, choices, monitor, monitors };
}

function ChannelSelect({ label, value, options, onChange, none }: { label: string; value: string; options: string[]; onChange(v: string): void; none?: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label}>
      {none !== undefined ? <option value="">{none}</option> : null}
      {options.map((v) => (
        <option key={v} value={v}>
          {shortName(v)}
        </option>
      ))}
    </select>
  );
}

export function ScatterToolbar({ choice, view, onViewChange, showScale }: { choice: ValueChoice; view: PlotViewState; onViewChange: PlotProps['onViewChange']; showScale: boolean }) {
  const { value, choices, monitor, monitors } = choice;
  return (
    <>
      {choices.length > 1 ? (
        <label>
          value
          <ChannelSelect label="value channel" value={value ?? ''} options={choices} onChange={(v) => onViewChange({ value: v })} />
        </label>
      ) : null}
      {monitors.length ? (
        <label>
          ÷
          <ChannelSelect label="normalise by monitor" value={monitor ?? ''} options={monitors} none="no monitor" onChange={(v) => onViewChange({ normalize: v === '' ? null : v })} />
        </label>
      ) : null}
      <ColourScaleControls view={view} onViewChange={onViewChange} showScale={showScale} />
    </>
  );
}
