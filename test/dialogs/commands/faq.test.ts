// faq: a pilot user's or an admin's questions about their own move (meetings, client, when, rollback,
// what changes), answered about the asker in the language they wrote, through botbuilder's
// TestAdapter and the real bot; a scheduled start is named in the asker's time zone.
import { strict as assert } from 'node:assert';
import { cardText } from '../../helpers/turns/card-check';
import { buttonData, execute, invokeCard, message, onlyCard } from '../../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../../helpers/turns/harness';
import { topology } from './helpers';

describe('dialogs/commands/faq', () => {
  describe('faq: about the asker, in the language they wrote', () => {
    let h: TurnHarness;
    before(async () => {
      h = await makeTurnHarness({ topology });
    });
    after(() => h.close());

    it('alice (still on OCS) asks in German and reads that her meetings will move with her, same link and conference ID', async () => {
      const text = cardText(onlyCard(await h.turn(message('was passiert mit meinen Besprechungen?', 'alice', 'en-US'))));
      assert.match(text, /^Ihre Besprechungen/);
      assert.match(text, /Sie sind noch auf OCS 2007 R2 \(Pool ocs-ber\.contoso\.local, Standort Berlin\)/);
      assert.match(text, /Besprechungslink und ihre Konferenz-ID/);
      assert.match(text, /Sie müssen sie nicht neu versenden\./);
    });

    it('alex (on Lync 2013) reads that his meetings moved and what a rollback would mean for them', async () => {
      const text = cardText(onlyCard(await h.turn(message('what happens to my meetings after the move?', 'alex', 'de-DE'))));
      assert.match(text, /^Your meetings/);
      assert.match(text, /You are on Lync Server 2013 \(pool lync-muc\.contoso\.local, site Munich\)/);
      assert.match(text, /kept its meeting link and conference ID/);
      assert.match(text, /rolled back, meetings you scheduled while on Lync 2013 stop working and must be rescheduled/);
    });

    it('contacts: they move with the user; on Lync, what a rollback needs for contacts kept in Exchange', async () => {
      const alice = cardText(onlyCard(await h.turn(message('behalte ich meine Kontakte?', 'alice', 'en-US'))));
      assert.equal(
        alice,
        'Ihre Kontakte\nSie sind noch auf OCS 2007 R2 (Pool ocs-ber.contoso.local, Standort Berlin).\nWenn Sie umgestellt werden, zieht Ihre Kontaktliste mit Ihnen um: dieselben Kontakte und Gruppen, niemand muss neu hinzugefügt werden.',
      );
      const alex = cardText(onlyCard(await h.turn(message('will my contacts be kept?', 'alex', 'de-DE'))));
      assert.equal(
        alex,
        'Your contacts\nYou are on Lync Server 2013 (pool lync-muc.contoso.local, site Munich).\nYour contact list moved with you: the same contacts and groups you had on OCS.\nIf your contacts are kept in Exchange, your admins roll them back first so that none are lost.',
      );
      // A loss is a problem to report, not a question to answer.
      const lost = await h.turn(message('I lost my contacts', 'alice'));
      assert.match(JSON.stringify(lost), /your report is recorded as problem \d+/);
    });

    it('what must I do: what changes for the asker, in their language', async () => {
      assert.match(cardText(onlyCard(await h.turn(message('was muss ich tun?', 'alice')))), /^Was sich für Sie ändert\n/);
      assert.match(cardText(onlyCard(await h.turn(message('what do I need to do?', 'alex')))), /^What changes for you\n/);
    });

    it('answers the client question from the asker’s pool', async () => {
      assert.match(cardText(onlyCard(await h.turn(message('muss ich einen neuen Client installieren?', 'alice')))), /Installieren Sie den Lync-2013-Client noch nicht/);
      assert.match(cardText(onlyCard(await h.turn(message('do I need to install a new client?', 'alex')))), /join meetings through Lync Web App/);
    });

    it('when will I be moved: the site phase, and that no job includes alice yet', async () => {
      const text = cardText(onlyCard(await h.turn(message('when will I be moved?', 'alice'))));
      assert.match(text, /Your site Berlin is in this phase: side-by-side \(coexistence not yet verified\)/);
      assert.match(text, /No move that includes you is queued or running right now/);
    });

    it('rollback and what changes, for someone on OCS and someone on Lync', async () => {
      assert.match(cardText(onlyCard(await h.turn(message('was passiert bei einem Rollback mit mir?', 'alice')))), /für Sie gibt es nichts zurückzunehmen/);
      const alex = cardText(onlyCard(await h.turn(message('what happens to me in a rollback?', 'alex'))));
      assert.match(alex, /move you back to the OCS 2007 R2 pool ocs-muc\.contoso\.local/);
      assert.match(alex, /Lync 2013 cannot sign in to OCS/);
      assert.match(cardText(onlyCard(await h.turn(message('was ändert sich für mich?', 'alice')))), /Für Sie hat sich noch nichts geändert/);
    });
  });

  describe('when will I be moved: a scheduled start in the asker\'s time zone', () => {
    it('names the start an admin scheduled in Berlin time as New York time for alice, and in German', async () => {
      // A fixed clock: Monday 7 December 2026, 12:00 UTC; "tomorrow at 7am" in Berlin is 06:00 UTC.
      const clock = { now: () => Date.UTC(2026, 11, 7, 12, 0) };
      const w = await makeTurnHarness({ topology, clock });
      try {
        const plan = onlyCard(await w.turn(message('move alice@contoso.com to Lync 2013 tomorrow at 7am force', 'alex', 'en-US', { localTimezone: 'Europe/Berlin' } as never)));
        assert.match(cardText(plan), /tomorrow at 7am → Tue 8 Dec 2026, 07:00 Europe\/Berlin/);
        const queued = cardText(invokeCard(await w.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm')))));
        const jobId = /Job (\d+)/.exec(queued)?.[1];
        assert.ok(jobId, queued);
        const en = cardText(onlyCard(await w.turn(message('when will I be moved?', 'alice', 'en-US', { localTimezone: 'America/New_York' } as never))));
        assert.ok(en.includes(`Job ${jobId} (`), en);
        assert.match(en, /it is scheduled to start Tue 8 Dec 2026, 01:00 America\/New_York\./);
        const de = cardText(onlyCard(await w.turn(message('wann werde ich verschoben?', 'alice', 'de-DE', { localTimezone: 'Europe/Berlin' } as never))));
        assert.match(de, /er ist für Di 8\. Dez\. 2026, 07:00 Europe\/Berlin geplant\./);
      } finally {
        await w.close();
      }
    });
  });
});
