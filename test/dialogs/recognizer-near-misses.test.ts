// The dangerous near-misses: a deployment-changing command comes out only when the text asks
// for exactly that action. Questions, other verbs, server roles and unknown names never turn
// into one; rows from the issue parse as the issue says.
import { strict as assert } from 'node:assert';
import type { Command } from '../../dialogs/contract';
import { CommandSchema } from '../../dialogs/registry';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { isMutating } from '../../dialogs/recognizer/safety';
import { ISSUE_NEAR_MISSES, NEAR_MISS_CLOCK, NEAR_MISSES_DE, NEAR_MISSES_EN, type NearMiss } from './fixtures/recognizer-near-misses';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));
const ALL = [...ISSUE_NEAR_MISSES, ...NEAR_MISSES_EN, ...NEAR_MISSES_DE];

function check(row: NearMiss): Command {
  const got = recognize(row.text, catalog, NEAR_MISS_CLOCK).command;
  assert.deepStrictEqual(CommandSchema.parse(got), got);
  if ('exact' in row) assert.deepStrictEqual(got, row.exact);
  else if ('safe' in row) assert.equal(isMutating(got), false, `${row.text} -> ${JSON.stringify(got)}`);
  else if (isMutating(got)) assert.deepStrictEqual(got, row.onlyMutating);
  return got;
}

describe('recognizer: dangerous near-misses', () => {
  it('holds at least 60 rows, English and German, including every row of the issue', () => {
    assert.ok(ALL.length >= 60, `${ALL.length} rows`);
    assert.ok(NEAR_MISSES_DE.length >= 30 && NEAR_MISSES_EN.length >= 30);
    assert.equal(ISSUE_NEAR_MISSES.length, 11);
  });

  describe('rows of the issue', () => {
    for (const row of ISSUE_NEAR_MISSES) it(row.text, () => check(row));
  });
  describe('English', () => {
    for (const row of NEAR_MISSES_EN) it(row.text, () => check(row));
  });
  describe('German', () => {
    for (const row of NEAR_MISSES_DE) it(row.text, () => check(row));
  });

  it('never turns a question into an order', () => {
    for (const row of ALL.filter((r) => /\?$/.test(r.text))) assert.equal(isMutating(recognize(row.text, catalog).command), false, row.text);
  });

  it('never makes a SIP address out of free words in a move', () => {
    for (const text of ['move Enterprise Voice to Lync 2013', 'move frank to lync', 'Verschiebe Benutzer mit Enterprise-VoIP nach Lync 2013', 'roll back zorro']) {
      const c = recognize(text, catalog).command;
      assert.ok(!(c.intent === 'move' || c.intent === 'rollback'), `${text} -> ${JSON.stringify(c)}`);
    }
  });
});
