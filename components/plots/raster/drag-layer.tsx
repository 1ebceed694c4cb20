'use client';
/**
 * A layer over the plot area that takes drags for a tool (profile line, ROI rectangle, a click for a
 * row or column) instead of plotly's zoom, with a rubber band while dragging. The raster view keeps it
 * exactly over the plot area (`layerRef`, placed with the pixel canvas).
 */
import { useRef, useState, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import styles from '../plots.module.css';

export type DragShape = 'line' | 'rect' | 'point';
type Px = { x: number; y: number };

export function DragLayer({ layerRef, shape, label, onDrag }: { layerRef: RefObject<HTMLDivElement | null>; shape: DragShape; label: string; onDrag(a: Px, b: Px): void }) {
  const start = useRef<Px | null>(null);
  const [band, setBand] = useState<{ a: Px; b: Px } | null>(null);
  const at = (e: ReactPointerEvent<HTMLDivElement>): Px => {
    const box = e.currentTarget.getBoundingClientRect();
    return { x: Math.min(box.width, Math.max(0, e.clientX - box.left)), y: Math.min(box.height, Math.max(0, e.clientY - box.top)) };
  };
  return (
    <div
      ref={layerRef}
      className={styles.dragLayer}
      aria-label={label}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.currentTarget.setPointerCapture?.(e.pointerId);
        start.current = at(e);
        setBand({ a: start.current, b: start.current });
      }}
      onPointerMove={(e) => {
        if (start.current) setBand({ a: start.current, b: at(e) });
      }}
      onPointerUp={(e) => {
        const a = start.current;
        start.current = null;
        setBand(null);
        if (a) onDrag(a, at(e));
      }}
      onPointerCancel={() => {
        start.current = null;
        setBand(null);
      }}
    >
      {band && shape !== 'point' ? (
        <svg className={styles.dragBand} aria-hidden="true">
          {shape === 'line' ? (
            <line x1={band.a.x} y1={band.a.y} x2={band.b.x} y2={band.b.y} />
          ) : (
            <rect x={Math.min(band.a.x, band.b.x)} y={Math.min(band.a.y, band.b.y)} width={Math.abs(band.b.x - band.a.x)} height={Math.abs(band.b.y - band.a.y)} />
          )}
        </svg>
      ) : null}
    </div>
  );
}
