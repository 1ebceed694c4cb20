'use client';
/**
 * The crosshair: follows the mouse over the plot (one update per animation frame), a click pins it (and
 * unpins it), and the values at its x are read again when new points arrive (`refresh`, from the redraw).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { plotArea } from '../shared/use-plotly';
import { pixelSize, pixelToData, ProbeCache, type CrosshairCurve, type CrosshairValue } from './curve-crosshair';

export interface Crosshair {
  x: number;
  y: number;
  values: CrosshairValue[];
  pinned: boolean;
  /** x axis units per pixel, for the precision of a move command. */
  pixel: number | undefined;
}

export function useCrosshair(graphRef: RefObject<HTMLDivElement | null>, ready: boolean, log: { x: boolean; y: boolean }) {
  const curves = useRef<{ list: CrosshairCurve[]; revision: number }>({ list: [], revision: 0 });
  const probes = useRef(new ProbeCache());
  const at = useRef<{ x: number; y: number; pinned: boolean } | null>(null);
  const [shown, setShown] = useState<Crosshair | null>(null);
  const logRef = useRef(log);
  useEffect(() => {
    logRef.current = log;
  });

  const compute = useCallback(() => {
    const p = at.current;
    if (!p) return setShown(null);
    const values = probes.current.values(curves.current.list, p.x, curves.current.revision);
    setShown({ ...p, values, pixel: pixelSize(plotArea(graphRef.current), logRef.current.x) });
  }, [graphRef]);

  useEffect(() => {
    const gd = graphRef.current;
    if (!gd || !ready) return;
    let frame: number | null = null;
    let last: MouseEvent | null = null;
    const position = (e: MouseEvent) => {
      const area = plotArea(gd);
      if (!area) return null;
      const box = gd.getBoundingClientRect();
      return pixelToData(area, e.clientX - box.left, e.clientY - box.top, logRef.current);
    };
    const move = (e: MouseEvent) => {
      last = e;
      if (frame !== null || at.current?.pinned) return;
      frame = requestAnimationFrame(() => {
        frame = null;
        if (at.current?.pinned) return; // pinned since this move
        const d = last && position(last);
        at.current = d ? { ...d, pinned: false } : null;
        compute();
      });
    };
    const leave = () => {
      if (at.current?.pinned) return;
      at.current = null;
      compute();
    };
    // A click (press and release without moving: a drag zooms) pins or unpins. Not the DOM click: plotly
    // covers the page while a button is down, so the release lands elsewhere.
    let down: { x: number; y: number } | null = null;
    const press = (e: MouseEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    const release = (e: MouseEvent) => {
      const start = down;
      down = null;
      if (!start || Math.hypot(e.clientX - start.x, e.clientY - start.y) > 3) return;
      if (at.current?.pinned) at.current = { ...at.current, pinned: false };
      else {
        const d = position(e);
        if (!d) return;
        at.current = { ...d, pinned: true };
      }
      compute();
    };
    gd.addEventListener('mousemove', move);
    gd.addEventListener('mouseleave', leave);
    gd.addEventListener('mousedown', press, true);
    window.addEventListener('mouseup', release, true);
    return () => {
      gd.removeEventListener('mousemove', move);
      gd.removeEventListener('mouseleave', leave);
      gd.removeEventListener('mousedown', press, true);
      window.removeEventListener('mouseup', release, true);
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [graphRef, ready, compute]);

  /** New curves drawn: the values at the crosshair are read again (a pinned one follows the live scan). */
  const refresh = useCallback(
    (list: CrosshairCurve[]) => {
      curves.current = { list, revision: curves.current.revision + 1 };
      if (at.current) compute();
    },
    [compute],
  );

  const unpin = useCallback(() => {
    at.current = null;
    compute();
  }, [compute]);

  return { crosshair: shown, refresh, unpin };
}
