'use client';
/**
 * Search over every scan Lantern has catalogued, in Redis or only in files now: free text and
 * filters in the URL (shareable), results newest first, paged with "More results". Scans that left
 * Redis open from their saved file; the list says which.
 */
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState, type FormEvent } from 'react';
import { endKind, formatDateTime, parseTime } from '@/lib/scan-display/timing';
import type { ScanSummary } from '@/lib/wire/contract';
import { StateBadge } from '../common/state-badge';
import { TopBar } from '../layout/top-bar';
import { catalogueSearchHref, catalogueSearchString, type CatalogueQuery } from './catalogue-query';
import { ScanTableHead, ScanTitleCell } from './scan-table-parts';

type Result = ScanSummary & { source: 'redis' | 'file'; file: string | null; proposal: string | null; motors: string[] };
type Page = { scans: Result[]; next: string | null };

const PAGE_SIZE = 50;
const END_REASONS = ['SUCCESS', 'USER_ABORT', 'FAILURE', 'DELETION'];

async function fetchPage(query: CatalogueQuery, cursor: string | null, signal: AbortSignal): Promise<Page> {
  const res = await fetch(`/api/scans?${catalogueSearchString(query, { limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) })}`, { signal });
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as Page & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}

function Field({ label, name, value, onChange, type = 'text', placeholder, grow = false }: { label: string; name: keyof CatalogueQuery; value: CatalogueQuery; onChange(q: CatalogueQuery): void; type?: string; placeholder?: string; grow?: boolean }) {
  return (
    <label className={`field${grow ? ' field--grow' : ''}`}>
      <span className="field__label">{label}</span>
      <input className="input" type={type} name={name} placeholder={placeholder} aria-label={label} value={value[name] ?? ''} onChange={(e) => onChange({ ...value, [name]: e.target.value })} />
    </label>
  );
}

/** Render with `key={catalogueSearchString(query)}`, so that each search starts from a fresh state. */
export function CatalogueSearchPage({ query }: { query: CatalogueQuery }) {
  const router = useRouter();
  const [draft, setDraft] = useState<CatalogueQuery>(query);
  const [results, setResults] = useState<Result[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'more'>('loading');
  const [error, setError] = useState<string | null>(null);
  const queryText = catalogueSearchString(query);

  // The page is keyed by its query: a new URL (submitted, shared, back/forward) mounts it afresh.
  useEffect(() => {
    const controller = new AbortController();
    fetchPage(query, null, controller.signal).then(
      (page) => {
        setResults(page.scans);
        setNext(page.next);
        setStatus('ready');
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setResults([]);
        setNext(null);
        setError((e as Error).message);
        setStatus('ready');
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- queryText is the query's identity
  }, [queryText]);

  const more = () => {
    if (!next) return;
    setStatus('more');
    fetchPage(query, next, new AbortController().signal).then(
      (page) => {
        setResults((r) => [...r, ...page.scans.filter((s) => !r.some((x) => x.key === s.key))]);
        setNext(page.next);
        setStatus('ready');
      },
      (e: unknown) => {
        setError((e as Error).message);
        setStatus('ready');
      },
    );
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    router.push(catalogueSearchHref(draft));
  };

  return (
    <>
      <TopBar>
        <form className="catsearch" role="search" aria-label="Search all scans" onSubmit={submit}>
          <label className="field field--grow">
            <span className="field__label">Search all scans</span>
            <input className="input" type="search" name="q" autoFocus placeholder="Title, motor, counter, session…" aria-label="Search text" value={draft.q ?? ''} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
          </label>
          <Field label="Session" name="session" value={draft} onChange={setDraft} />
          <Field label="Proposal" name="proposal" value={draft} onChange={setDraft} />
          <Field label="Type" name="type" value={draft} onChange={setDraft} placeholder="ascan" />
          <Field label="Motor" name="motor" value={draft} onChange={setDraft} placeholder="roby" />
          <label className="field">
            <span className="field__label">Ended</span>
            <select className="select" name="endReason" aria-label="End reason" value={draft.endReason ?? ''} onChange={(e) => setDraft({ ...draft, endReason: e.target.value })}>
              <option value="">any way</option>
              {END_REASONS.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <Field label="From" name="from" type="date" value={draft} onChange={setDraft} />
          <Field label="To" name="to" type="date" value={draft} onChange={setDraft} />
          <button className="btn" type="submit">
            Search
          </button>
          <Link className="btn btn--ghost" href={draft.session ? `/?session=${encodeURIComponent(draft.session)}` : '/'} prefetch={false}>
            Live list
          </Link>
        </form>
      </TopBar>
      <main className="page page--list">
        {error ? (
          <div className="banner banner--error" role="alert">
            Search failed: {error}
          </div>
        ) : null}
        <div className="listmeta" aria-live="polite">
          {status === 'loading' ? 'Searching…' : `${results.length}${next ? '+' : ''} scan${results.length === 1 ? '' : 's'} found, newest first`}
        </div>
        <div className="tablewrap">
          <table className="table scantable" aria-label="Search results">
            <ScanTableHead columns={['number', 'scan', 'session', 'state', 'points', 'started', 'data']} />
            <tbody>
              {results.map((scan) => (
                <tr key={scan.key} className={`scanrow scanrow--${endKind(scan)}`} data-scan-key={scan.key} data-source={scan.source}>
                  <td className="num scanrow__number">{scan.number}</td>
                  <ScanTitleCell scan={scan} below={<div className="scanrow__sub">{[scan.type, scan.motors.length ? `moves ${scan.motors.join(', ')}` : null, scan.proposal].filter(Boolean).join(' · ')}</div>} />
                  <td className="scanrow__session">{scan.session ?? '—'}</td>
                  <td>
                    <StateBadge summary={scan} />
                  </td>
                  <td className="num">{scan.progress.published}</td>
                  <td className="num scanrow__time">{formatDateTime(parseTime(scan.startTime))}</td>
                  <td>
                    {scan.source === 'redis' ? (
                      <span className="badge badge--running" title="Still in Redis: opens live">
                        live
                      </span>
                    ) : (
                      <span className="badge badge--ended" title={scan.file ? `Gone from Redis: opens from ${scan.file}` : 'Gone from Redis, and no file was saved'}>
                        {scan.file ? 'file' : 'gone'}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {status !== 'loading' && results.length === 0 && !error ? <p className="empty">No catalogued scan matches this search.</p> : null}
        </div>
        {next ? (
          <button className="btn catsearch__more" type="button" onClick={more} disabled={status === 'more'}>
            {status === 'more' ? 'Loading…' : 'More results'}
          </button>
        ) : null}
      </main>
    </>
  );
}
