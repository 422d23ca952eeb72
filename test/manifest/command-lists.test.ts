// Choosing and shortening the command menu: ten per scope, word-boundary cuts, code-point safe.
import assert from 'node:assert/strict';
import type { MenuCommand } from '../../dialogs/menu';
import { buildCommandLists, fitDescription, fitTitle, selectCommands } from '../../manifest/command-lists';

const ALL = ['admin', 'helpdesk', 'user'];
const STAFF = ['admin', 'helpdesk'];
const ADMIN = ['admin'];

function cmd(intent: string, roles: string[], title = intent): MenuCommand {
  return { intent, roles, title: { en: title, de: `${title} (de)` }, description: { en: `about ${intent}`, de: `über ${intent}` } };
}

describe('manifest/command-lists', () => {
  const menu = [
    ...Array.from({ length: 9 }, (_, i) => cmd(`admin${i}`, ADMIN)),
    cmd('staff0', STAFF),
    cmd('staff1', STAFF),
    cmd('mine', ALL),
    cmd('help', ALL),
  ];

  it('keeps ten commands per scope, in registry order, always with help', () => {
    for (const scope of ['personal', 'team', 'groupChat'] as const) {
      const chosen = selectCommands(scope, menu);
      assert.equal(chosen.length, 10, scope);
      assert.ok(chosen.some((c) => c.intent === 'help'), scope);
      const positions = chosen.map((c) => menu.indexOf(c));
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    }
  });

  it('puts commands every role may run first in a personal chat, registry order in shared ones', () => {
    assert.deepEqual(
      selectCommands('personal', menu).map((c) => c.intent),
      ['admin0', 'admin1', 'admin2', 'admin3', 'admin4', 'admin5', 'staff0', 'staff1', 'mine', 'help'],
    );
    assert.deepEqual(
      selectCommands('team', menu).map((c) => c.intent),
      ['admin0', 'admin1', 'admin2', 'admin3', 'admin4', 'admin5', 'admin6', 'admin7', 'admin8', 'help'],
    );
  });

  it('keeps short menus whole and builds parallel English and German lists', () => {
    const lists = buildCommandLists([cmd('help', ALL, 'help'), cmd('list', STAFF, 'list sites')]);
    assert.deepEqual(lists.map((l) => l.scope), ['personal', 'team', 'groupChat']);
    assert.deepEqual(lists[0].intents, ['help', 'list']);
    assert.deepEqual(lists[0].en, [
      { title: 'help', description: 'about help' },
      { title: 'list sites', description: 'about list' },
    ]);
    assert.deepEqual(lists[0].de[1], { title: 'list sites (de)', description: 'über list' });
  });

  it('cuts titles at a word boundary to 32 characters without an ellipsis', () => {
    assert.equal(fitTitle('status of site Berlin'), 'status of site Berlin');
    assert.equal(fitTitle('run coexistence tests for site Berlin'), 'run coexistence tests for site');
    assert.equal(fitTitle('x'.repeat(40)), 'x'.repeat(32));
    assert.equal(fitTitle('  padded  '), 'padded');
    const emoji = '🚀'.repeat(40);
    assert.equal(Array.from(fitTitle(emoji)).length, 32);
    assert.ok(!/[\uD800-\uDBFF]$/.test(fitTitle(emoji)), 'no lone high surrogate');
  });

  it('cuts descriptions to 128 characters with an ellipsis', () => {
    const long = 'word '.repeat(40).trim();
    const fitted = fitDescription(long);
    assert.ok(Array.from(fitted).length <= 128);
    assert.ok(fitted.endsWith('word…'));
    assert.equal(fitDescription('short one'), 'short one');
    assert.equal(fitDescription('a, b, '.repeat(30)).endsWith(',…'), false);
  });
});
