// CSV for the dashboard's exports, as Excel and LibreOffice open it: UTF-8 with a byte order mark,
// CRLF line ends, comma-separated, every field that holds a comma, quote, line break or
// surrounding space quoted with inner quotes doubled (RFC 4180). A text that a spreadsheet would
// run as a formula (= + - @ at its start) gets a leading apostrophe.
export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

export type CsvValue = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: CsvValue[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** The whole document: BOM, header line, one line per row. */
export function csvDocument(header: string[], rows: Iterable<CsvValue[]>): string {
  const lines = [CSV_BOM, csvLine(header)];
  for (const row of rows) lines.push(csvLine(row));
  return lines.join('');
}

/** An ISO 8601 UTC time for a spreadsheet cell; empty when there is none. */
export function csvTime(epochMs: number | undefined): string {
  return epochMs === undefined ? '' : new Date(epochMs).toISOString();
}
