'use client';
/**
 * Keeps one failing part (a plot fed odd data, a renderer bug) from taking the whole view down: the
 * rest of the page stays live and the failure is shown where the part was, with a retry. `resetKeys`
 * clear the error when what the part shows changes (another scan or plot).
 *
 * Errors thrown while a child is being torn down (effect cleanups of the previous scan's plot) reach
 * the nearest boundary that stays mounted, i.e. this one, just after its keys changed. They belong to
 * what is gone, not to what is now shown: such an error within SWITCH_GRACE_MS of a key change is
 * logged and the new content is rendered again instead of being marked as failed.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';

const SWITCH_GRACE_MS = 1000;

interface Props {
  /** What failed, for the message: "Curve plot". */
  label: string;
  resetKeys?: readonly unknown[];
  /** Retry by itself after this many ms (the kiosk has nobody to press Retry). */
  autoRetryMs?: number;
  children: ReactNode;
}

interface State {
  error: Error | null;
  keys: readonly unknown[] | undefined;
  /** Date.now() of the last key change. */
  switchedAt: number;
}

function sameKeys(a: readonly unknown[] | undefined, b: readonly unknown[] | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((k, i) => Object.is(k, y[i]));
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null, keys: this.props.resetKeys, switchedAt: 0 };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    if (sameKeys(props.resetKeys, state.keys)) return null;
    return { error: null, keys: props.resetKeys, switchedAt: Date.now() };
  }

  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    if (Date.now() - this.state.switchedAt < SWITCH_GRACE_MS) {
      console.warn(`${this.props.label}: error while the previous content was torn down (ignored)`, error);
      this.setState({ error: null, switchedAt: 0 });
      return;
    }
    console.error(`${this.props.label} failed`, error, info.componentStack);
    if (this.props.autoRetryMs !== undefined && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.setState({ error: null });
      }, this.props.autoRetryMs);
    }
  }

  override componentWillUnmount(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="failure" role="alert" data-failed={this.props.label}>
        <strong>{this.props.label} failed to draw.</strong>
        <span className="failure__message">{error.message}</span>
        <span className="failure__hint">The rest of the view is still live.</span>
        <button type="button" className="btn btn--small" onClick={() => this.setState({ error: null })}>
          Retry
        </button>
      </div>
    );
  }
}
