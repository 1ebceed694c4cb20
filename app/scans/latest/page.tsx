import { preloadPlotly } from '@/components/plots/shared/preload-plotly';
import { LatestScanPage } from '@/components/scan/latest-scan-page';

type Search = Promise<Record<string, string | string[] | undefined>>;

export const metadata = { title: 'Latest scan — Lantern' };

export default async function Page({ searchParams }: { searchParams: Search }) {
  preloadPlotly();
  const { session } = await searchParams;
  const first = Array.isArray(session) ? session[0] : session;
  return <LatestScanPage session={first || null} />;
}
