/**
 * The bar on every page but the kiosk: the Lantern name (back to the scan list), what the page adds
 * in the middle (breadcrumbs, filters), and the connection indicator, always visible.
 */
import Link from 'next/link';
import type { ReactNode } from 'react';
import { AccountMenu } from '../auth/account-menu';
import { ConnectionBanner, ConnectionIndicator } from '../client/connection-indicator';

export function TopBar({ children }: { children?: ReactNode }) {
  return (
    <>
      <header className="topbar">
        <Link prefetch={false} href="/" className="topbar__brand" aria-label="Lantern: scan list">
          <span className="topbar__logo" aria-hidden="true" />
          Lantern
        </Link>
        <div className="topbar__middle">{children}</div>
        <AccountMenu />
        <ConnectionIndicator />
      </header>
      <ConnectionBanner />
    </>
  );
}
