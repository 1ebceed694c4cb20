import { ScanListPage } from '@/components/scan-list/scan-list-page';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Home({ searchParams }: { searchParams: Search }) {
  const { session } = await searchParams;
  const first = Array.isArray(session) ? session[0] : session;
  return <ScanListPage initialSession={first || null} />;
}
