import { preloadPlotly } from '@/components/plots/shared/preload-plotly';
import { KioskPage } from '@/components/kiosk/kiosk-page';

type Search = Promise<Record<string, string | string[] | undefined>>;

export const metadata = { title: 'Lantern kiosk' };

export default async function Page({ searchParams }: { searchParams: Search }) {
  preloadPlotly();
  const query = await searchParams;
  const session = Array.isArray(query.session) ? query.session[0] : query.session;
  return <KioskPage session={session || null} query={query} />;
}
