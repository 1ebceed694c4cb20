import { catalogueQueryOf, catalogueSearchString } from '@/components/scan-list/catalogue-query';
import { CatalogueSearchPage } from '@/components/scan-list/catalogue-search';
import { ScanListPage } from '@/components/scan-list/scan-list-page';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function Home({ searchParams }: { searchParams: Search }) {
  const params = await searchParams;
  // Search fields in the URL: the catalogue search (shared links open the same results).
  const search = catalogueQueryOf(params);
  if (search) return <CatalogueSearchPage key={catalogueSearchString(search)} query={search} />;
  const { session } = params;
  const first = Array.isArray(session) ? session[0] : session;
  return <ScanListPage initialSession={first || null} />;
}
