'use client';
/** Vertical colour bar beside a raster: the colormap ramp with min/max and intermediate ticks (log ticks in log mode). */
import { useEffect, useRef } from 'react';
import { lutColor } from '@/lib/plot-math/colormap';
import { formatNumber } from '../view-axes';
import styles from '../plots.module.css';
import { colorbarTicks } from './raster-geometry';

export function Colorbar({ lut, min, max, log, kiosk }: { lut: Uint8Array; min: number; max: number; log: boolean; kiosk?: boolean }) {
  const rampRef = useRef<HTMLCanvasElement | null>(null);
  useEffect(() => {
    const c = rampRef.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = 1;
    c.height = 256;
    const img = ctx.createImageData(1, 256);
    for (let i = 0; i < 256; i++) img.data.set(lut.subarray(4 * (255 - i), 4 * (255 - i) + 4), 4 * i);
    ctx.putImageData(img, 0, 0);
  }, [lut]);
  const ticks = colorbarTicks(min, max, log);
  return (
    <div className={styles.colorbar} aria-label={`colour scale ${formatNumber(min)} to ${formatNumber(max)}${log ? ' (log)' : ''}`} role="img" title={`mid colour ${lutColor(lut, 128)}`}>
      <div className={styles.colorbarInner} style={{ fontSize: kiosk ? 16 : undefined }}>
        <canvas ref={rampRef} className={styles.colorbarRamp} style={{ imageRendering: 'pixelated', height: '100%' }} />
        <div className={styles.colorbarTicks}>
          {ticks.map((t, i) => (
            <span key={i}>{formatNumber(t, 4)}</span>
          ))}
        </div>
      </div>
    </div>
  );
}
