/**
 * CSV of channels side by side (one column per channel, one row per point), for "export the selected
 * channels". RFC 4180 quoting for names; numbers written exactly (shortest round-trip form), empty cells
 * for NaN or for channels shorter than the longest one (a live scan), so a spreadsheet reads gaps as gaps.
 * Channel names come from the scan (Redis): none may become a spreadsheet formula.
 */
export interface CsvColumn {
  name: string;
  values: ArrayLike<number>;
}

function quote(name: string): string {
  // A name a spreadsheet would run as a formula (=, +, -, @ first) is defused with a leading quote (OWASP).
  const text = /^[=+\-@\t\r]/.test(name) ? `'${name}` : name;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

function cell(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? '' : String(v);
}

export function toCsv(columns: readonly CsvColumn[], separator = ','): string {
  if (separator.length !== 1 || /["\r\n]/.test(separator)) throw new Error(`CSV separator must be one character other than a quote or newline, got ${JSON.stringify(separator)}`);
  const rows = Math.max(0, ...columns.map((c) => c.values.length));
  const lines = [columns.map((c) => quote(c.name)).join(separator)];
  for (let i = 0; i < rows; i++) {
    lines.push(columns.map((c) => cell(i < c.values.length ? Number(c.values[i]) : undefined)).join(separator));
  }
  return `${lines.join('\r\n')}\r\n`;
}
