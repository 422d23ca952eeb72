// CSV as spreadsheets read it: quoting of commas, quotes, line breaks and edge spaces, umlauts
// kept as UTF-8 behind a BOM, formulas defused, and a round trip through an RFC 4180 reader.
import assert from 'node:assert/strict';
import { CSV_BOM, csvDocument, csvField, csvTime } from '../../../bot/dashboard/csv';
import { parseCsv } from '../../helpers/host/dashboard';

describe('dashboard CSV', () => {
  it('quotes only what needs it and doubles inner quotes', () => {
    assert.equal(csvField('Müller'), 'Müller');
    assert.equal(csvField('Müller, Jürgen'), '"Müller, Jürgen"');
    assert.equal(csvField('Jürgen "Jay" Groß'), '"Jürgen ""Jay"" Groß"');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('kai.leerzeichen@contoso.com '), '"kai.leerzeichen@contoso.com "');
    assert.equal(csvField(' leading'), '" leading"');
    assert.equal(csvField(42), '42');
    assert.equal(csvField(false), 'false');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(null), '');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    assert.equal(csvField('=HYPERLINK("http://evil")'), '"\'=HYPERLINK(""http://evil"")"');
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('-2'), "'-2");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField(-2), '-2', 'numbers stay numbers');
  });

  it('writes a BOM, CRLF lines, and reads back exactly what went in', () => {
    const rows = [
      ['Berlin', 'Müller, Jürgen', 'say "hi"', 'Straße\r\nzwei', ''],
      ['München', 'Ölmann', 'a,b,c', ' x ', 'ß'],
    ];
    const doc = csvDocument(['site', 'name', 'quote', 'multi', 'empty'], rows);
    assert.ok(doc.startsWith(CSV_BOM));
    assert.ok(doc.endsWith('\r\n'));
    assert.deepEqual([...Buffer.from(doc, 'utf8').subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.deepEqual(parseCsv(doc.slice(1)), [['site', 'name', 'quote', 'multi', 'empty'], ...rows]);
  });

  it('writes times as ISO 8601 UTC', () => {
    assert.equal(csvTime(Date.UTC(2026, 11, 7, 3, 4, 5)), '2026-12-07T03:04:05.000Z');
    assert.equal(csvTime(undefined), '');
  });
});
