'use client';
/** Who the server says this browser is (GET /auth/me), fetched once per page. */
import { useEffect, useState } from 'react';

export interface Me {
  access: 'open' | 'protected';
  user: string | null;
  via: 'open' | 'oidc' | 'proxy' | 'link' | 'anonymous';
  all: boolean;
  login: boolean;
  canCreateLinks: boolean;
}

let pending: Promise<Me | null> | null = null;

function fetchMe(): Promise<Me | null> {
  pending ??= fetch('/auth/me', { cache: 'no-store' })
    .then((res) => (res.ok ? (res.json() as Promise<Me>) : null))
    .catch(() => null);
  return pending;
}

export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null);
  useEffect(() => {
    let alive = true;
    void fetchMe().then((value) => alive && setMe(value));
    return () => {
      alive = false;
    };
  }, []);
  return me;
}
