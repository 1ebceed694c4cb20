import { notFound } from 'next/navigation';
import { preloadPlotly } from '@/components/plots/shared/preload-plotly';
import { ScanPage } from '@/components/scan/scan-page';
import { scanExists } from './scan-exists';

type Params = Promise<{ key: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

export const metadata = { title: 'Scan — Lantern' };

/** Scan keys hold `:`; a key that arrives still percent-encoded is decoded once. */
function scanKeyOf(raw: string): string {
  try {
    return raw.includes('%') ? decodeURIComponent(raw) : raw;
  } catch {
    return raw;
  }
}

export default async function Page({ params, searchParams }: { params: Params; searchParams: Search }) {
  preloadPlotly();
  const { key } = await params;
  const scanKey = scanKeyOf(key);
  if (!(await scanExists(scanKey))) notFound();
  // Keyed so that client-side navigation to another scan starts from a fresh store.
  return <ScanPage key={scanKey} scanKey={scanKey} query={await searchParams} />;
}
