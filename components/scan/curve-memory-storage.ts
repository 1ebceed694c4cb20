/**
 * The remembered curve selections (lib/view-state/curve-memory.ts) kept in localStorage, so the next
 * scan of the same kind opens with the channels the user picked. Storage may be full or disabled
 * (private windows, kiosks with locked profiles): then nothing is remembered, nothing breaks.
 */
import { emptyBook, parseBook, type CurveBook } from '@/lib/view-state/curve-memory';
import type { CurveMemory } from './store/scan-store';

const STORAGE_KEY = 'lantern.curveSelections';

export const localCurveMemory: CurveMemory = {
  load(): CurveBook {
    try {
      return parseBook(window.localStorage.getItem(STORAGE_KEY));
    } catch {
      return emptyBook();
    }
  },
  save(book: CurveBook): void {
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify(book));
    } catch {
      // Quota or disabled storage: the selection is simply not carried over.
    }
  },
};
