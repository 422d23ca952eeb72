// listPools ("list pools" / "welche Pools gibt es?"): recognised in both languages instead of the
// site list when the question is about pools, answered for staff with every pool the backend lists
// (site in the reader's language, version, users homed there), OCS before Lync within a site.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { cardText, replyCard } from '../../helpers/turns/card-check';
import { ALICE, HELGA, useWorld } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

describe('dialogs/commands/list-pools', () => {
  describe('recognition', () => {
    const rows: Array<[string, 'en' | 'de']> = [
      ['list pools', 'en'],
      ['show all pools', 'en'],
      ['which pools are there?', 'en'],
      ['list servers', 'en'],
      ['Pools anzeigen', 'de'],
      ['welche Pools gibt es?', 'de'],
      ['zeig mir alle Pools', 'de'],
    ];
    readsAs(
      rows.map(([text, lang]) => ({ text, lang, command: { intent: 'listPools' }, title: `"${text}" asks for the pool list` })),
    );

    it('leaves the site list, one pool, a site and orders as they were', () => {
      assert.deepEqual(recognize('list sites', DEMO_CATALOG).command, { intent: 'listSites' });
      assert.deepEqual(recognize('status', DEMO_CATALOG).command, { intent: 'listSites' });
      assert.deepEqual(recognize('Standorte anzeigen', DEMO_CATALOG).command, { intent: 'listSites' });
      assert.deepEqual(recognize('status of pool ocs-ber.contoso.local', DEMO_CATALOG).command, { intent: 'poolStatus', pool: 'ocs-ber.contoso.local' });
      assert.deepEqual(recognize('list pools in Berlin', DEMO_CATALOG).command, { intent: 'siteStatus', site: 'Berlin' });
      assert.notEqual(recognize('move pools', DEMO_CATALOG).command.intent, 'listPools');
      assert.notEqual(recognize('decommission pools', DEMO_CATALOG).command.intent, 'listPools');
    });
  });

  describe('the answer', () => {
    const w = useWorld();

    it('lists every pool the backend lists with its site, version and users, OCS first within a site', async () => {
      const pools = await w.backend.listPools();
      const users = await w.backend.countUsersByPool();
      const text = cardText(replyCard(await w.say('list pools')));
      assert.match(text, new RegExp(`^${pools.length} pools`));
      for (const p of pools) {
        const version = p.version === 'Lync2013' ? 'Lync Server 2013' : 'OCS 2007 R2';
        assert.match(text, new RegExp(`${p.fqdn.replace(/\./g, '\\.')}\\s+[^\\n]*· ${version} · ${(users[p.fqdn] ?? 0).toLocaleString('en-US')} users?`), p.fqdn);
      }
      assert.ok(text.indexOf('ocs-ber.contoso.local') < text.indexOf('lync-ber.contoso.local'), 'OCS before Lync within Berlin');
      assert.match(text, /status of pool <FQDN>/);
    });

    it('answers in German with the German site names', async () => {
      const text = cardText(replyCard(await w.say('welche Pools gibt es?', HELGA)));
      assert.match(text, /\d+ Pools/);
      assert.match(text, /München · /);
      assert.doesNotMatch(text, /Munich/);
      assert.match(text, /Benutzer/);
    });

    it('names a decommissioned pool as such', async () => {
      assert.doesNotMatch(cardText(replyCard(await w.say('list pools'))), /decommissioned/);
      await w.backend.decommissionPool('ocs-ham.contoso.local');
      const text = cardText(replyCard(await w.say('list pools')));
      assert.match(text, /ocs-ham\.contoso\.local\s+Hamburg · OCS 2007 R2 · 1 user · decommissioned/);
      assert.equal(text.match(/decommissioned/g)?.length, 1);
    });

    it('is for admins and the helpdesk only', async () => {
      const refused = await w.say('list pools', ALICE);
      assert.equal(refused.some((r) => r.card), false);
      assert.match(refused[0].text ?? '', /admins and the helpdesk/);
    });
  });
});
