'use client';
/**
 * The histogram of the image shown, in the colour-scale controls, with the display range on it: drag a
 * handle (or type a bound) to set the range by hand, `auto` to go back to the autoscale.
 */
import { useEffect, useId, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Histogram } from '@/lib/analysis/image/histogram';
import { formatNumber } from '../view-axes';
import styles from '../plots.module.css';
import { imageHistogram } from './histogram-client';
import { barsPath, histogramSpan, nearerHandle, orderedRange, roundOnSpan, valueToX, xToValue } from './histogram-figure';

const W = 160;
const H = 28;
const BINS = 128;
/** New frames re-histogram at this pace at most. */
const INTERVAL_MS = 500;

export interface ColourHistogramProps {
  /** The pixels shown now. */
  values(): ArrayLike<number> | null;
  /** Changes when `values` give another frame or layer. */
  valuesKey: string;
  /** The range the colours span now (autoscale or set by hand). */
  range: { min: number; max: number } | null;
  manual: boolean;
  log: boolean;
  onRange(range: [number, number] | null): void;
}

function Bound({ label, value, onCommit }: { label: string; value: number | undefined; onCommit(v: number): void }) {
  const commit = (text: string) => {
    const v = Number(text);
    if (text.trim() !== '' && Number.isFinite(v) && v !== value) onCommit(v);
  };
  return (
    <input
      key={String(value)}
      type="number"
      step="any"
      aria-label={label}
      defaultValue={value === undefined ? '' : Number(value.toPrecision(6))}
      onBlur={(e) => commit(e.currentTarget.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commit(e.currentTarget.value);
      }}
    />
  );
}

export function ColourHistogram({ values, valuesKey, range, manual, log, onRange }: ColourHistogramProps) {
  const id = useId();
  const [hist, setHist] = useState<Histogram | null>(null);
  const [drag, setDrag] = useState<{ which: 'min' | 'max'; value: number } | null>(null);
  const latest = useRef(values);
  const last = useRef(0);
  useEffect(() => {
    latest.current = values;
  });
  useEffect(() => {
    let live = true;
    const run = () => {
      last.current = performance.now();
      const v = latest.current();
      if (!v || !v.length) return;
      imageHistogram(v, { bins: BINS, log }, `histogram:${id}`).then(
        (h) => {
          if (live && h) setHist(h);
        },
        (e: unknown) => console.error('colour histogram failed', e),
      );
    };
    const timer = setTimeout(run, Math.max(0, INTERVAL_MS - (performance.now() - last.current)));
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [valuesKey, log, id]);

  const span = hist ? histogramSpan(hist, range, log) : null;
  const shown = range && drag ? { ...range, [drag.which]: drag.value } : range;
  const xAt = (e: ReactPointerEvent<SVGSVGElement>) => e.clientX - e.currentTarget.getBoundingClientRect().left;
  const minX = span && shown ? valueToX(shown.min, span, W) : 0;
  const maxX = span && shown ? valueToX(shown.max, span, W) : W;

  return (
    <span className={styles.histogram}>
      <svg
        width={W}
        height={H}
        role="img"
        aria-label={hist ? `histogram of ${hist.counts.reduce((a, b) => a + b, 0)} pixel values, ${formatNumber(hist.dataMin)} to ${formatNumber(hist.dataMax)}` : 'histogram: waiting for a frame'}
        data-testid="colour-histogram"
        onPointerDown={(e) => {
          if (!span || !range) return;
          e.currentTarget.setPointerCapture?.(e.pointerId);
          const x = xAt(e);
          setDrag({ which: nearerHandle(x, minX, maxX), value: xToValue(x, span, W) });
        }}
        onPointerMove={(e) => {
          if (drag && span) setDrag({ which: drag.which, value: xToValue(xAt(e), span, W) });
        }}
        onPointerUp={() => {
          if (drag && range && span) {
            const v = roundOnSpan(drag.value, span);
            const r = drag.which === 'min' ? orderedRange(v, range.max) : orderedRange(range.min, v);
            if (r) onRange(r);
          }
          setDrag(null);
        }}
      >
        <rect x={0} y={0} width={W} height={H} fill="var(--p-panel)" />
        {hist && span ? <path d={barsPath(hist, span, W, H)} fill="var(--p-muted)" /> : null}
        {span && shown ? (
          <>
            <rect x={Math.min(minX, maxX)} y={0} width={Math.abs(maxX - minX)} height={H} fill="var(--p-accent)" opacity={0.15} />
            <line x1={minX} x2={minX} y1={0} y2={H} stroke="var(--p-accent)" strokeWidth={3} data-handle="min" />
            <line x1={maxX} x2={maxX} y1={0} y2={H} stroke="var(--p-accent)" strokeWidth={3} data-handle="max" />
          </>
        ) : null}
      </svg>
      <Bound label="display min" value={range?.min} onCommit={(v) => range && onRange(orderedRange(v, range.max))} />
      <Bound label="display max" value={range?.max} onCommit={(v) => range && onRange(orderedRange(range.min, v))} />
      <button type="button" aria-pressed={!manual} onClick={() => onRange(null)} title="Colour range from the autoscale">
        auto
      </button>
    </span>
  );
}
