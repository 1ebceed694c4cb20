'use client';
/**
 * A collapsible tree of a JSON value (the scan_info). Children are rendered only once opened: a
 * scan_info can reach 1 MB (big positioner lists, sequence info), which must not cost anything closed.
 */
import { useState } from 'react';

const PREVIEW_ITEMS = 4;

function preview(value: unknown): string {
  if (Array.isArray(value)) {
    const simple = value.every((v) => v === null || typeof v !== 'object');
    if (simple && value.length <= PREVIEW_ITEMS) return `[${value.map(scalarText).join(', ')}]`;
    return `[${value.length} items]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return `{${keys.length} keys}`;
  }
  return scalarText(value);
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  return String(value);
}

function isBranch(value: unknown): value is Record<string, unknown> | unknown[] {
  return value !== null && typeof value === 'object' && (Array.isArray(value) ? value.length > 0 && !(value.length <= PREVIEW_ITEMS && value.every((v) => v === null || typeof v !== 'object')) : Object.keys(value).length > 0);
}

function Node({ name, value, depth, defaultOpen }: { name: string; value: unknown; depth: number; defaultOpen: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  if (!isBranch(value)) {
    return (
      <div className="tree__leaf" style={{ paddingLeft: `${depth * 14 + 14}px` }}>
        <span className="tree__key">{name}</span>
        <span className={`tree__value tree__value--${value === null ? 'null' : typeof value}`}>{preview(value)}</span>
      </div>
    );
  }
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  return (
    <div className="tree__branch">
      <button type="button" className="tree__toggle" style={{ paddingLeft: `${depth * 14}px` }} aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="tree__caret" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        <span className="tree__key">{name}</span>
        <span className="tree__summary">{preview(value)}</span>
      </button>
      {open ? entries.map(([k, v]) => <Node key={k} name={k} value={v} depth={depth + 1} defaultOpen={false} />) : null}
    </div>
  );
}

export function JsonTree({ value, rootName }: { value: Record<string, unknown>; rootName: string }) {
  return (
    <div className="tree" role="tree" aria-label={rootName}>
      {Object.entries(value).map(([k, v]) => (
        <Node key={k} name={k} value={v} depth={0} defaultOpen={false} />
      ))}
    </div>
  );
}
