'use client';
/**
 * The frame every plot kind shares: header (title, toolbar), scan-state banner, body, gap notes, and
 * the error boundary that keeps one broken plot from taking the others down.
 */
import { Component, type ErrorInfo, type ReactNode, type Ref } from 'react';
import type { ScanSummary } from '@/lib/wire/contract';
import { FrameError } from '../data/frame-fetch';
import styles from './plots.module.css';

export type PlotProblem = 'unsupported' | 'expired' | 'not-saved' | 'missing-file' | 'forbidden' | 'no-data' | 'failed';

/** A data problem a plot cannot draw around; thrown during render, shown by the boundary. */
export class PlotDataError extends Error {
  override name = 'PlotDataError';
  constructor(
    message: string,
    readonly problem: PlotProblem,
  ) {
    super(message);
  }
}

const PROBLEM_TITLES: Record<PlotProblem, string> = {
  unsupported: 'Unsupported stream',
  expired: 'Data expired',
  'not-saved': 'Frame not saved yet',
  'missing-file': 'File missing',
  forbidden: 'File outside the allowed data folders',
  'no-data': 'No data',
  failed: 'This plot failed',
};

/** Title and message for any error a plot can meet (thrown, or from a frame/slice request). */
export function describeProblem(error: unknown): { title: string; message: string; problem: PlotProblem } {
  if (error instanceof PlotDataError) return { title: PROBLEM_TITLES[error.problem], message: error.message, problem: error.problem };
  if (error instanceof FrameError) {
    const problem: PlotProblem =
      error.kind === 'not-saved'
        ? 'not-saved'
        : error.kind === 'missing'
          ? 'missing-file'
          : error.kind === 'forbidden'
            ? 'forbidden'
            : error.kind === 'expired'
              ? 'expired'
              : error.kind === 'unsupported'
                ? 'unsupported'
                : 'failed';
    return { title: PROBLEM_TITLES[problem], message: error.message, problem };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { title: PROBLEM_TITLES.failed, message, problem: 'failed' };
}

export function ProblemBox({ error, role = 'alert' }: { error: unknown; role?: 'alert' | 'status' }) {
  const { title, message } = describeProblem(error);
  return (
    <div className={styles.errorBox} role={role}>
      <strong>{title}</strong>
      {message}
    </div>
  );
}

interface BoundaryProps {
  /** Shown above the message so the user knows which plot failed. */
  label: string;
  kiosk?: boolean;
  children: ReactNode;
}

export class PlotErrorBoundary extends Component<BoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown) {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (!(error instanceof PlotDataError)) console.error(`Plot "${this.props.label}" failed`, error, info.componentStack);
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div className={`${styles.frame} ${this.props.kiosk ? styles.kiosk : ''}`} role="figure" aria-label={this.props.label} data-point-count="0">
        <div className={styles.header}>
          <h3 className={styles.title}>{this.props.label}</h3>
          <div className={styles.toolbar}>
            <button type="button" onClick={() => this.setState({ error: null })}>
              Retry
            </button>
          </div>
        </div>
        <ProblemBox error={this.state.error} />
      </div>
    );
  }
}

/** Banner for scans that did not end normally (Flint greys them; we say it). */
export function scanStateBanner(summary: ScanSummary | undefined): { text: string; severe: boolean } | null {
  if (!summary) return null;
  const { published, expected } = summary.progress;
  const at = expected ? `${published} of ${expected} points` : `${published} points`;
  switch (summary.endReason) {
    case 'USER_ABORT':
      return { text: `Scan aborted by the user after ${at}`, severe: true };
    case 'FAILURE':
      return { text: `Scan failed after ${at}`, severe: true };
    case 'DELETION':
      return { text: 'Scan deleted', severe: true };
    default:
      break;
  }
  if (summary.state === 'CLOSED' && summary.endReason && summary.endReason !== 'SUCCESS') {
    return { text: `Scan ended: ${summary.endReason} after ${at}`, severe: true };
  }
  if (summary.error) return { text: summary.error, severe: true };
  return null;
}

interface PlotFrameProps {
  /** Accessible name, e.g. "curve plot: diode1 vs roby". */
  label: string;
  title: ReactNode;
  subtitle?: ReactNode;
  toolbar?: ReactNode;
  banner?: { text: string; severe: boolean } | null;
  kiosk?: boolean;
  /** Gets the element holding `data-point-count` / `data-frame-index` (set imperatively by the plot). */
  frameRef?: Ref<HTMLDivElement>;
  notes?: readonly string[];
  footer?: ReactNode;
  children: ReactNode;
  /** Extra data attributes on the figure element. */
  dataKind: string;
}

export function PlotFrame({ label, title, subtitle, toolbar, banner, kiosk, frameRef, notes, footer, children, dataKind }: PlotFrameProps) {
  return (
    <div ref={frameRef} className={`${styles.frame} ${kiosk ? styles.kiosk : ''}`} role="figure" aria-label={label} data-plot-kind={dataKind}>
      <div className={styles.header}>
        <h3 className={styles.title} title={typeof title === 'string' ? title : undefined}>
          {title}
        </h3>
        {subtitle ? <span className={styles.subtitle}>{subtitle}</span> : null}
        {toolbar && !kiosk ? <div className={styles.toolbar}>{toolbar}</div> : null}
      </div>
      {banner ? (
        <div className={`${styles.banner} ${banner.severe ? '' : styles.bannerInfo}`} role="status">
          {banner.text}
        </div>
      ) : null}
      <div className={styles.body}>{children}</div>
      {footer}
      {notes && notes.length ? (
        <ul className={styles.notes} aria-label="data notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Last part of a channel name (`axis:roby` → `roby`, `simu1:deadtime_det0` → `deadtime_det0`). */
export function shortName(name: string | null | undefined): string {
  if (!name) return 'index';
  const i = name.lastIndexOf(':');
  return i >= 0 ? name.slice(i + 1) : name;
}

/** Okabe-Ito-based palette, readable by colour-blind users, in Flint's usual order feel. */
export const CURVE_COLORS = ['#1f6fd1', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7a5195', '#000000', '#8c6d31', '#b22222'];

/** plotly puts trace uids into CSS selectors: keep them to letters, digits, `_` and `-`. */
export function safeUid(text: string): string {
  return 'u' + text.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`);
}
