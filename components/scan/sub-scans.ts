'use client';
/**
 * The sub-scans of a sequence, and the sequence of a sub-scan, from the REST list (`/api/scans`), whose
 * rows name their sequence in `group`. Polled every 2 s while the sequence or one of its sub-scans
 * runs; one poller per sequence whatever the number of components asking.
 */
import { useEffect, useState } from 'react';
import type { ScanSummary } from '@/lib/wire/contract';
import { subScansByParent } from '../scan-list/sequence-progress';

const POLL_MS = 2000;
const LIST_LIMIT = 2000;

interface Poller {
  listeners: Set<(rows: ScanSummary[]) => void>;
  rows: ScanSummary[] | null;
  timer: ReturnType<typeof setTimeout> | null;
  running: boolean;
  /** A load or a wait for the next one is under way. */
  active: boolean;
}

const pollers = new Map<string, Poller>();

async function load(key: string, session: string | null, p: Poller): Promise<void> {
  const query = new URLSearchParams({ limit: String(LIST_LIMIT), ...(session ? { session } : {}) });
  try {
    const res = await fetch(`/api/scans?${query}`, { cache: 'no-store' });
    if (res.ok) {
      const { scans } = (await res.json()) as { scans: ScanSummary[] };
      p.rows = subScansByParent(scans).get(key) ?? [];
      for (const l of p.listeners) l(p.rows);
    }
  } catch {
    // offline for a moment: the next poll tries again
  }
  const busy = p.listeners.size > 0 && (p.running || (p.rows ?? []).some((r) => r.state !== 'CLOSED'));
  p.timer = busy ? setTimeout(() => void load(key, session, p), POLL_MS) : null;
  p.active = busy;
}

/** Sub-scans of sequence `key` (null until the first answer), oldest first. */
export function useSubScans(key: string, session: string | null, running: boolean, enabled: boolean): ScanSummary[] | null {
  const [rows, setRows] = useState<ScanSummary[] | null>(() => pollers.get(key)?.rows ?? null);
  useEffect(() => {
    if (!enabled) return;
    let p = pollers.get(key);
    if (!p) pollers.set(key, (p = { listeners: new Set(), rows: null, timer: null, running, active: false }));
    p.running = running;
    p.listeners.add(setRows);
    // Start, or once more when the sequence's state changed after everything had ended.
    if (!p.active) {
      p.active = true;
      void load(key, session, p);
    }
    const poller = p;
    return () => {
      poller.listeners.delete(setRows);
      if (poller.listeners.size === 0) {
        if (poller.timer) clearTimeout(poller.timer);
        pollers.delete(key);
      }
    };
  }, [key, session, running, enabled]);
  return enabled ? rows : null;
}

/** The sequence a sub-scan belongs to: number and title, from its REST document. */
export function useParentScan(group: string | null): { key: string; number: number | null; title: string | null } | null {
  const [parent, setParent] = useState<{ key: string; number: number | null; title: string | null } | null>(null);
  useEffect(() => {
    if (!group) return;
    let cancelled = false;
    fetch(`/api/scans/${encodeURIComponent(group)}`, { cache: 'no-store' })
      .then((r) => (r.ok ? r.json() : null))
      .then((doc: { identity?: { number?: unknown }; info?: { title?: unknown } } | null) => {
        if (cancelled || !doc) return;
        const number = typeof doc.identity?.number === 'number' ? doc.identity.number : null;
        const title = typeof doc.info?.title === 'string' ? doc.info.title : null;
        setParent({ key: group, number, title });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [group]);
  if (!group) return null;
  return parent?.key === group ? parent : { key: group, number: null, title: null };
}
