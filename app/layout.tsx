import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { AuthWatcher } from '@/components/auth/auth-watcher';
import { ConnectionProvider } from '@/components/client/connection-provider';
import './globals.css';

export const metadata = { title: 'Lantern', description: 'Live view of synchrotron scans', icons: { icon: '/favicon.svg' } };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Rendered per request, never prerendered: Next's inline scripts must carry each response's CSP nonce.
  await connection();
  return (
    <html lang="en">
      <body>
        <ConnectionProvider>
          <AuthWatcher />
          {children}
        </ConnectionProvider>
      </body>
    </html>
  );
}
