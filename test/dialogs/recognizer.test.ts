// The recognizer table: every phrasing must produce exactly the expected Command (deep equality
// of the whole object, so absent optional fields really are absent), pass the contract schema,
// and report the wording's language.
import { strict as assert } from 'node:assert';
import { CommandSchema } from '../../dialogs/registry';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { ENGLISH, ISSUE_EXAMPLES_EN } from './fixtures/recognizer-table-en';
import { GERMAN, ISSUE_EXAMPLES_DE } from './fixtures/recognizer-table-de';
import { MORE_ENGLISH, MORE_GERMAN } from './fixtures/recognizer-table-more';
import { unknown, type Row } from './fixtures/recognizer-rows';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

const UNKNOWNS: Row[] = [
  ['', unknown, undefined],
  ['   \t\n  ', unknown, undefined],
  ['x'.repeat(10_000), unknown, undefined],
  [`status of site Berlin ${'a'.repeat(9_980)}`, unknown, undefined],
  ['\u0000\u0001\u0002\u0007\u001b[31m', unknown, undefined],
  ['\u200b\u200b\ufeff', unknown, undefined],
  ['!!! ... ,,, ;;;', unknown, undefined],
  ['🙂🚀', unknown, undefined],
  ['<at>LyncOps</at>', unknown, undefined],
];

const ENGLISH_ROWS: Row[] = [...ENGLISH, ...MORE_ENGLISH];
const GERMAN_ROWS: Row[] = [...GERMAN, ...MORE_GERMAN];
const ALL: Row[] = [...ISSUE_EXAMPLES_EN, ...ISSUE_EXAMPLES_DE, ...ENGLISH_ROWS, ...GERMAN_ROWS, ...UNKNOWNS];

function check([text, expected, language]: Row): void {
  const r = recognize(text, catalog);
  assert.deepStrictEqual(r.command, expected, `command for ${JSON.stringify(text.slice(0, 80))}`);
  assert.deepStrictEqual(CommandSchema.parse(r.command), r.command);
  assert.equal(r.language, language, `language for ${JSON.stringify(text.slice(0, 80))}`);
  assert.ok(!('language' in r) || r.language !== undefined, 'language is absent rather than undefined');
}

describe('recognizer table', () => {
  it('holds at least 160 phrasings, at least half of them German', () => {
    assert.ok(ALL.length >= 160, `${ALL.length} rows`);
    const german = [...ISSUE_EXAMPLES_DE, ...GERMAN_ROWS].length;
    assert.ok(german * 2 >= ALL.length, `${german} German of ${ALL.length}`);
  });

  describe('the examples from the issue', () => {
    for (const row of [...ISSUE_EXAMPLES_EN, ...ISSUE_EXAMPLES_DE]) it(row[0], () => check(row));
  });

  describe('English', () => {
    for (const row of ENGLISH_ROWS) it(row[0], () => check(row));
  });

  describe('German', () => {
    for (const row of GERMAN_ROWS) it(row[0], () => check(row));
    it('detects German for every German row that says something', () => {
      for (const [text, , language] of GERMAN_ROWS) if (language) assert.equal(recognize(text, catalog).language, 'de', text);
    });
  });

  describe('unknown input', () => {
    for (const row of UNKNOWNS) it(JSON.stringify(row[0].slice(0, 30)) + (row[0].length > 30 ? ` (${row[0].length} chars)` : ''), () => check(row));
  });

  it('prints the contract: optional fields are absent, not undefined', () => {
    assert.equal(JSON.stringify(recognize('move carol to lync 2013', catalog).command), '{"intent":"move","subject":{"kind":"user","user":"carol@contoso.com"},"target":"lync2013","dryRun":false}');
    assert.equal(JSON.stringify(recognize('status of site Atlantis', catalog).command), '{"intent":"siteStatus","site":"Atlantis","unresolved":["Atlantis"]}');
    assert.equal(JSON.stringify(recognize('history', catalog).command), '{"intent":"history"}');
    for (const [text] of ALL) {
      const command = recognize(text, catalog).command as Record<string, unknown>;
      for (const [key, value] of Object.entries(command)) assert.notEqual(value, undefined, `${key} of ${text.slice(0, 40)}`);
    }
  });

  it('answers the same way every time', () => {
    for (const [text] of ALL) assert.deepStrictEqual(recognize(text, catalog), recognize(text, catalog));
  });
});
