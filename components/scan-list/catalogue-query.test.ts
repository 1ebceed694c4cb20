import { describe, expect, it } from 'vitest';
import { catalogueQueryOf, catalogueSearchHref, catalogueSearchString } from './catalogue-query';

describe('catalogue search in the URL', () => {
  it('reads the search fields of a page query, ignoring empty and unknown ones', () => {
    expect(catalogueQueryOf({ session: 'demo' })).toBeNull();
    expect(catalogueQueryOf({ session: 'demo', search: '1' })).toEqual({ session: 'demo' });
    expect(catalogueQueryOf({ q: ' roby ', type: ['ascan', 'dscan'], motor: '', other: 'x' })).toEqual({ q: 'roby', type: 'ascan' });
    expect(catalogueQueryOf(new URLSearchParams('from=2026-01-01&to=2026-01-31&endReason=USER_ABORT'))).toEqual({ from: '2026-01-01', to: '2026-01-31', endReason: 'USER_ABORT' });
    expect(catalogueQueryOf({})).toBeNull();
    expect(catalogueQueryOf({ search: '1' })).toEqual({});
  });

  it('writes stable, shareable URLs and API queries', () => {
    expect(catalogueSearchString({ type: 'ascan', q: 'diode & roby', motor: ' ' }, { limit: '50' })).toBe('q=diode+%26+roby&type=ascan&limit=50');
    expect(catalogueSearchHref({})).toBe('/?search=1');
    expect(catalogueSearchHref({ session: 'demo' })).toBe('/?session=demo&search=1');
    expect(catalogueQueryOf(new URLSearchParams(catalogueSearchHref({ q: 'a b', proposal: 'ih1' }).slice(2)))).toEqual({ q: 'a b', proposal: 'ih1' });
  });
});
