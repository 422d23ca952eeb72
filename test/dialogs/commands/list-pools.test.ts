// listPools ("list pools" / "welche Pools gibt es?"): recognised in both languages instead of the
// site list when the question is about pools, answered for staff with every pool the backend lists
// (site in the reader's language, version, users homed there), OCS before Lync within a site.
import assert from 'node:assert/strict';
import { catalogFromTopology, recognize } from '../../../dialogs/recognizer';
import { demoTopology } from '../../../migration/demo-topology';
import { TopologyIndex } from '../../../migration/topology';
import { cardText, replyCard } from '../../helpers/turns/card-check';
import { ALICE, HELGA, makeWorld, type World } from '../../helpers/world';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

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
    for (const [text, lang] of rows) {
      it(`"${text}" asks for the pool list`, () => {
        const r = recognize(text, catalog);
        assert.deepEqual(r.command, { intent: 'listPools' });
        assert.equal(r.language ?? lang, lang);
      });
    }

    it('leaves the site list, one pool, a site and orders as they were', () => {
      assert.deepEqual(recognize('list sites', catalog).command, { intent: 'listSites' });
      assert.deepEqual(recognize('status', catalog).command, { intent: 'listSites' });
      assert.deepEqual(recognize('Standorte anzeigen', catalog).command, { intent: 'listSites' });
      assert.deepEqual(recognize('status of pool ocs-ber.contoso.local', catalog).command, { intent: 'poolStatus', pool: 'ocs-ber.contoso.local' });
      assert.deepEqual(recognize('list pools in Berlin', catalog).command, { intent: 'siteStatus', site: 'Berlin' });
      assert.notEqual(recognize('move pools', catalog).command.intent, 'listPools');
      assert.notEqual(recognize('decommission pools', catalog).command.intent, 'listPools');
    });
  });

  describe('the answer', () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld();
    });
    afterEach(() => w.close());

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
