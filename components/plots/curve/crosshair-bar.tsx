'use client';
/**
 * The crosshair readout as text beside the plot (Flint's status bar): x, and y of each curve at that x;
 * a click on the plot pins it, and with a motor on x the Bliss command that moves there, to copy.
 */
import { moveCommand } from '@/lib/analysis/cursor';
import { formatNumber } from '../view-axes';
import { CopyButton } from './copy-button';
import type { Crosshair } from './use-crosshair';
import styles from './curve-tools.module.css';

export interface CrosshairBarProps {
  crosshair: Crosshair | null;
  xLabel: string;
  /** The motor on the x axis (`roby` for `axis:roby`), and its display decimals from scan_info. */
  motor: string | undefined;
  decimals: number | undefined;
  onUnpin(): void;
}

/** The move command for a position, or null when it cannot be made (no motor, position not finite). */
export function moveText(motor: string | undefined, x: number, decimals: number | undefined, pixel: number | undefined): string | null {
  if (!motor || !Number.isFinite(x)) return null;
  try {
    return moveCommand(motor, x, { decimals, pixelSize: pixel });
  } catch {
    return null;
  }
}

export function CrosshairBar({ crosshair: c, xLabel, motor, decimals, onUnpin }: CrosshairBarProps) {
  const move = c ? moveText(motor, c.x, decimals, c.pixel) : null;
  return (
    <div className={styles.readout}>
      <output aria-label="crosshair" aria-live="off">
        {c ? (
          <>
            <span>
              {xLabel} {formatNumber(c.x, 6)}
            </span>
            {c.values.map((v) => (
              <span key={v.key} style={{ color: v.color }}>
                {' '}
                · {v.label} {formatNumber(v.y, 6)}
              </span>
            ))}
          </>
        ) : (
          <span className={styles.pinned}>move over the plot to read values; click to pin</span>
        )}
      </output>
      {c?.pinned ? (
        <>
          <span className={styles.pinned}>pinned</span>
          <button type="button" onClick={onUnpin}>
            unpin
          </button>
        </>
      ) : null}
      {move ? (
        <>
          <code aria-label="move command">{move}</code>
          <CopyButton text={move} label="copy" title={`Copy "${move}" to paste into the Bliss shell`} />
        </>
      ) : null}
    </div>
  );
}
