import type { ReactNode } from 'react';
import { AuthWatcher } from '@/components/auth/auth-watcher';
import { ConnectionProvider } from '@/components/client/connection-provider';
import './globals.css';

export const metadata = { title: 'Lantern', description: 'Live view of synchrotron scans', icons: { icon: '/favicon.svg' } };

export default function RootLayout({ children }: { children: ReactNode }) {
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
