'use client';
/**
 * Drag-select of an MCA ROI on the spectrum: while on, a layer over the graph turns a horizontal drag
 * into an x range (plot units: channels or energies), read through the axis as plotly last drew it.
 */
import { useRef, useState, type PointerEvent, type RefObject } from 'react';
import { plotArea } from '../shared/use-plotly';
import styles from './mca.module.css';

export function RoiDragLayer({ graphRef, onRange }: { graphRef: RefObject<HTMLDivElement | null>; onRange(x0: number, x1: number): void }) {
  const layer = useRef<HTMLDivElement>(null);
  const [band, setBand] = useState<{ from: number; to: number } | null>(null);
  const start = useRef<number | null>(null);
  const local = (e: PointerEvent) => e.clientX - (layer.current?.getBoundingClientRect().left ?? 0);
  const toX = (px: number): number | null => {
    const area = plotArea(graphRef.current);
    if (!area || area.width <= 0) return null;
    const [r0, r1] = area.xRange;
    return r0 + ((px - area.left) / area.width) * (r1 - r0);
  };
  return (
    <div
      ref={layer}
      className={styles.dragLayer}
      aria-label="Drag across the spectrum to add a ROI"
      onPointerDown={(e) => {
        layer.current?.setPointerCapture(e.pointerId);
        start.current = local(e);
        setBand({ from: start.current, to: start.current });
      }}
      onPointerMove={(e) => {
        if (start.current !== null) setBand({ from: start.current, to: local(e) });
      }}
      onPointerUp={(e) => {
        const from = start.current;
        start.current = null;
        setBand(null);
        if (from === null) return;
        const x0 = toX(from);
        const x1 = toX(local(e));
        if (x0 !== null && x1 !== null && Math.abs(local(e) - from) >= 3) onRange(x0, x1);
      }}
    >
      {band ? <div className={styles.dragBand} style={{ left: Math.min(band.from, band.to), width: Math.abs(band.to - band.from) }} /> : null}
    </div>
  );
}
