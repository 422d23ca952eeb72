// poolStatus ("status of pool ocs-ber.contoso.local" / "Status von Pool …"): recognised in both
// languages before the site status, answered for staff with the pool's site, role, version,
// computers, users and services (the same users and services as the site's status card).
import assert from 'node:assert/strict';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import type { AdaptiveCard, Reply } from '../../dialogs/types';
import { demoTopology } from '../../migration/demo-topology';
import { TopologyIndex } from '../../migration/topology';
import { cardProblems, cardText } from '../helpers/turns/card-check';
import { ALICE, HELGA, makeWorld, type World } from '../helpers/world';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

function onlyCard(replies: Reply[]): AdaptiveCard {
  const card = replies.find((r) => r.card)?.card;
  assert.ok(card, `expected a card, got ${JSON.stringify(replies).slice(0, 300)}`);
  assert.deepEqual(cardProblems(card), []);
  return card;
}

describe('dialogs/commands/pool-status', () => {
  describe('recognition', () => {
    const rows: Array<[string, string, 'en' | 'de']> = [
      ['status of pool ocs-ber.contoso.local', 'ocs-ber.contoso.local', 'en'],
      ['pool status LYNC-MUC.contoso.local', 'lync-muc.contoso.local', 'en'],
      ['what is the status of pool ocs-fra.contoso.local?', 'ocs-fra.contoso.local', 'en'],
      ['Status von Pool ocs-ber.contoso.local', 'ocs-ber.contoso.local', 'de'],
      ['Poolstatus lync-ham.contoso.local', 'lync-ham.contoso.local', 'de'],
    ];
    for (const [text, pool, lang] of rows) {
      it(`"${text}" asks for pool ${pool}`, () => {
        const r = recognize(text, catalog);
        assert.deepEqual(r.command, { intent: 'poolStatus', pool });
        assert.equal(r.language ?? lang, lang);
      });
    }

    it('leaves the site status, orders and site words as they were', () => {
      assert.deepEqual(recognize('status of site Berlin', catalog).command, { intent: 'siteStatus', site: 'Berlin' });
      assert.deepEqual(recognize('what is the status of the pool in Berlin', catalog).command, { intent: 'siteStatus', site: 'Berlin' });
      assert.equal(recognize('decommission pool ocs-ham.contoso.local', catalog).command.intent, 'decommission');
      assert.equal(recognize('migrate ocs-ber.contoso.local', catalog).command.intent, 'move');
    });
  });

  describe('the answer', () => {
    let w: World;
    beforeEach(async () => {
      w = await makeWorld();
    });
    afterEach(() => w.close());

    it('shows the pool with its site, role, version, computers, users and services (EN and DE), matching the site card', async () => {
      const en = cardText(onlyCard(await w.say('status of pool ocs-ber.contoso.local')));
      assert.match(en, /Status of pool ocs-ber\.contoso\.local/);
      assert.match(en, /Site\s+Berlin/);
      assert.match(en, /Front End pool/);
      assert.match(en, /OCS 2007 R2/);
      assert.match(en, /ocs-ber-fe01\.contoso\.local/);
      assert.match(en, /all running/);
      const users = /Users\s+([\d,]+)/.exec(en)?.[1];
      assert.ok(users, en);
      const site = cardText(onlyCard(await w.say('status of site Berlin')));
      assert.match(site, new RegExp(`Pool ocs-ber\\.contoso\\.local[\\s\\S]*?Users\\s+${users}`));

      const de = cardText(onlyCard(await w.say('Status von Pool lync-ber.contoso.local', HELGA)));
      assert.match(de, /Status von Pool lync-ber\.contoso\.local/);
      assert.match(de, /Front-End-Pool/);
      assert.match(de, /Lync Server 2013/);
    });

    it('names a stopped service like the site card does', async () => {
      await w.backend.setServiceStatus('lync-ber-fe01.contoso.local', 'RTCSRV', 'Stopped');
      assert.match(cardText(onlyCard(await w.say('status of pool lync-ber.contoso.local'))), /1 not running/);
    });

    it('is for admins and the helpdesk only', async () => {
      const refused = await w.say('status of pool ocs-ber.contoso.local', ALICE);
      assert.equal(refused.some((r) => r.card), false);
      assert.match(refused[0].text ?? '', /admins and the helpdesk/);
    });
  });
});
