// poolStatus ("status of pool ocs-ber.contoso.local" / "Status von Pool …"): recognised in both
// languages before the site status, answered for staff with the pool's site, role, version,
// computers, users and services (the same users and services as the site's status card).
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { cardText, replyCard } from '../../helpers/turns/card-check';
import { message, textsOf } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { ALICE, HELGA, useWorld } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

describe('dialogs/commands/pool-status', () => {
  describe('recognition', () => {
    const rows: Array<[string, string, 'en' | 'de']> = [
      ['status of pool ocs-ber.contoso.local', 'ocs-ber.contoso.local', 'en'],
      ['pool status LYNC-MUC.contoso.local', 'lync-muc.contoso.local', 'en'],
      ['what is the status of pool ocs-fra.contoso.local?', 'ocs-fra.contoso.local', 'en'],
      ['Status von Pool ocs-ber.contoso.local', 'ocs-ber.contoso.local', 'de'],
      ['Poolstatus lync-ham.contoso.local', 'lync-ham.contoso.local', 'de'],
    ];
    readsAs(
      rows.map(([text, pool, lang]) => ({ text, lang, command: { intent: 'poolStatus', pool }, title: `"${text}" asks for pool ${pool}` })),
    );

    const unknownPools: Array<[string, string, 'en' | 'de']> = [
      ['status of pool ocs-xyz.contoso.local', 'ocs-xyz.contoso.local', 'en'],
      ['what is the status of pool OCS-XYZ.contoso.local?', 'ocs-xyz.contoso.local', 'en'],
      ['pool status xyz.fabrikam.com', 'xyz.fabrikam.com', 'en'],
      ['Status von Pool lync-foo.contoso.local', 'lync-foo.contoso.local', 'de'],
      ['Poolstatus lync-foo.contoso.local', 'lync-foo.contoso.local', 'de'],
    ];
    readsAs(
      unknownPools.map(([text, pool, lang]) => ({ text, lang, command: { intent: 'poolStatus', pool }, title: `"${text}" asks for pool ${pool}, which the topology does not know` })),
    );

    it('names no pool from a word that is no FQDN, and leaves orders naming an unknown FQDN as they were', () => {
      for (const text of ['status of pool frank', 'Status von Pool frank', 'status of pool frank.miller']) assert.deepEqual(recognize(text, DEMO_CATALOG).command, { intent: 'unknown' }, text);
      assert.deepEqual(recognize('move pool ocs-xyz.contoso.local', DEMO_CATALOG).command, { intent: 'unknown', unresolved: ['xyz contoso local'] });
      assert.deepEqual(recognize('Pool lync-foo.contoso.local verschieben', DEMO_CATALOG).command, { intent: 'unknown', unresolved: ['foo contoso local'] });
      assert.deepEqual(recognize('decommission pool ocs-xyz.contoso.local', DEMO_CATALOG).command, { intent: 'unknown' });
      assert.deepEqual(recognize('history of pool ocs-xyz.contoso.local', DEMO_CATALOG).command, { intent: 'history' });
    });

    it('leaves the site status, orders and site words as they were', () => {
      assert.deepEqual(recognize('status of site Berlin', DEMO_CATALOG).command, { intent: 'siteStatus', site: 'Berlin' });
      assert.deepEqual(recognize('what is the status of the pool in Berlin', DEMO_CATALOG).command, { intent: 'siteStatus', site: 'Berlin' });
      assert.equal(recognize('decommission pool ocs-ham.contoso.local', DEMO_CATALOG).command.intent, 'decommission');
      assert.equal(recognize('migrate ocs-ber.contoso.local', DEMO_CATALOG).command.intent, 'move');
    });
  });

  describe('the answer', () => {
    const w = useWorld();

    it('shows the pool with its site, role, version, computers, users and services (EN and DE), matching the site card', async () => {
      const en = cardText(replyCard(await w.say('status of pool ocs-ber.contoso.local')));
      assert.match(en, /Status of pool ocs-ber\.contoso\.local/);
      assert.match(en, /Site\s+Berlin/);
      assert.match(en, /Front End pool/);
      assert.match(en, /OCS 2007 R2/);
      assert.match(en, /ocs-ber-fe01\.contoso\.local/);
      assert.match(en, /all running/);
      const users = /Users\s+([\d,]+)/.exec(en)?.[1];
      assert.ok(users, en);
      const site = cardText(replyCard(await w.say('status of site Berlin')));
      assert.match(site, new RegExp(`Pool ocs-ber\\.contoso\\.local[\\s\\S]*?Users\\s+${users}`));

      const de = cardText(replyCard(await w.say('Status von Pool lync-ber.contoso.local', HELGA)));
      assert.match(de, /Status von Pool lync-ber\.contoso\.local/);
      assert.match(de, /Front-End-Pool/);
      assert.match(de, /Lync Server 2013/);
    });

    it('names a stopped service like the site card does', async () => {
      await w.backend.setServiceStatus('lync-ber-fe01.contoso.local', 'RTCSRV', 'Stopped');
      assert.match(cardText(replyCard(await w.say('status of pool lync-ber.contoso.local'))), /1 not running/);
    });

    it('is for admins and the helpdesk only', async () => {
      const refused = await w.say('status of pool ocs-ber.contoso.local', ALICE);
      assert.equal(refused.some((r) => r.card), false);
      assert.match(refused[0].text ?? '', /admins and the helpdesk/);
    });
  });

  describe('a pool nobody knows, through the bot', () => {
    let h: TurnHarness;
    beforeEach(async () => {
      h = await makeTurnHarness();
    });
    afterEach(() => h.close());

    const KNOWN = /ocs-ber\.contoso\.local.*lync-ber\.contoso\.local/;
    it('answers "there is no pool …" with the known pools (EN)', async () => {
      const [reply, ...rest] = textsOf(await h.turn(message('status of pool ocs-xyz.contoso.local')));
      assert.deepEqual(rest, []);
      assert.match(reply, /^There is no pool ocs-xyz\.contoso\.local\. Known pools: /);
      assert.match(reply, KNOWN);
      assert.doesNotMatch(reply, /did you mean|not understood|understand/i);
    });

    it('answers „Es gibt keinen Pool …“ with the known pools (DE)', async () => {
      const [reply, ...rest] = textsOf(await h.turn(message('Status von Pool lync-foo.contoso.local', 'helga', 'de-DE')));
      assert.deepEqual(rest, []);
      assert.match(reply, /^Es gibt keinen Pool lync-foo\.contoso\.local\. Bekannte Pools: /);
      assert.match(reply, KNOWN);
    });

    it('still answers a word that is no FQDN as not understood', async () => {
      const replies = textsOf(await h.turn(message('status of pool frank')));
      assert.ok(replies.every((r) => !/There is no pool/.test(r)), replies.join('\n'));
    });
  });
});
