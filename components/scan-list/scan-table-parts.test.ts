import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ScanTableHead, ScanTitleCell } from './scan-table-parts';

describe('scan table parts', () => {
  it('writes the header of the columns a table picks, numeric ones right-aligned', () => {
    expect(renderToStaticMarkup(createElement(ScanTableHead, { columns: ['number', 'scan', 'points', 'data'] }))).toBe(
      '<thead><tr><th class="num">#</th><th>Scan</th><th class="num">Points</th><th>Data</th></tr></thead>',
    );
    expect(renderToStaticMarkup(createElement(ScanTableHead, { columns: ['state', 'progress', 'started', 'ended'] }))).toBe(
      '<thead><tr><th>State</th><th>Progress</th><th>Started</th><th>Ended</th></tr></thead>',
    );
  });

  it("links the title (the name when untitled) to the scan's page, key escaped", () => {
    const html = renderToStaticMarkup(createElement(ScanTitleCell, { scan: { key: 'esrf:scan:01/x y', title: null, name: 'ascan' }, below: createElement('div', null, 'sub') }));
    expect(html).toBe('<td class="scanrow__title"><a class="scanrow__link" href="/scans/esrf%3Ascan%3A01%2Fx%20y">ascan</a><div>sub</div></td>');
    expect(renderToStaticMarkup(createElement(ScanTitleCell, { scan: { key: 'k', title: 'dscan m 0 1', name: 'dscan' }, tabIndex: -1 }))).toBe(
      '<td class="scanrow__title"><a tabindex="-1" class="scanrow__link" href="/scans/k">dscan m 0 1</a></td>',
    );
  });
});
