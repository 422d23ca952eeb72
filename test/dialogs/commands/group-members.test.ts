// groupMembers ("who is in the pilot group?" / "wer ist in der Pilotgruppe?"): recognised in both
// languages as a question about a group's people, never an order; answered for staff with every
// member and the pool the backend lists them on, counted by version; others are refused.
import assert from 'node:assert/strict';
import { recognize } from '../../../dialogs/recognizer';
import { cardText, replyCard, soleText } from '../../helpers/turns/card-check';
import { ALICE, HELGA, useWorld } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

describe('dialogs/commands/group-members', () => {
  describe('recognition', () => {
    const rows: Array<[string, string, 'en' | 'de']> = [
      ['who is in the pilot group?', 'Pilot', 'en'],
      ['members of Sales Berlin', 'Sales Berlin', 'en'],
      ['users of group Finance', 'Finance', 'en'],
      ['status of the pilot group', 'Pilot', 'en'],
      ['list pilot users', 'Pilot', 'en'],
      ['Sales Berlin?', 'Sales Berlin', 'en'],
      ['wer ist in der Pilotgruppe?', 'Pilot', 'de'],
      ['Mitglieder von Sales Berlin', 'Sales Berlin', 'de'],
      ['Mitglieder der Gruppe Finance', 'Finance', 'de'],
      ['Pilotbenutzer anzeigen', 'Pilot', 'de'],
    ];
    readsAs(rows.map(([text, group, lang]) => ({ text, lang, command: { intent: 'groupMembers', group }, title: `"${text}" asks for the members of ${group}` })));

    it('keeps a group nobody knows as unresolved; orders and other questions keep their readings', () => {
      assert.deepEqual(recognize('who is in group Atlantis?', DEMO_CATALOG).command, { intent: 'groupMembers', group: 'Atlantis', unresolved: ['Atlantis'] });
      assert.equal(recognize('move members of Sales Berlin', DEMO_CATALOG).command.intent, 'move');
      assert.equal(recognize('who is left in Berlin', DEMO_CATALOG).command.intent, 'usersLeft');
      assert.notEqual(recognize('who moved the pilot group?', DEMO_CATALOG).command.intent, 'groupMembers');
      assert.equal(recognize('roll back the pilot group', DEMO_CATALOG).command.intent, 'rollback');
    });
  });

  describe('the answer', () => {
    const w = useWorld();

    it('lists each member with where the backend homes them, counted by version', async () => {
      const group = await w.directory.groupByName('Pilot');
      assert.ok(group);
      const members = await w.directory.transitiveMembers(group.id);
      const pools = await w.backend.listPools();
      const version = new Map<string, string>();
      for (const p of pools) for (const u of await w.backend.listUsers(p.fqdn)) version.set(u.sip, p.version);
      const onLync = members.filter((m) => m.sip && version.get(m.sip) === 'Lync2013').length;
      assert.ok(onLync > 0 && onLync < members.length, 'the demo pilot is partly moved');

      const text = cardText(replyCard(await w.say('who is in the pilot group?')));
      assert.match(text, new RegExp(`^Group Pilot: ${members.length} members\\nOn Lync 2013\\n${onLync}\\nOn OCS 2007 R2\\n${members.length - onLync}\\nNot on any pool\\n0\\n`));
      assert.match(text, /^- Alice Schulz \(alice@contoso\.com\) · OCS 2007 R2 \(ocs-ber\.contoso\.local\)$/m);
      assert.match(text, /^- Bob Keller \(bob@contoso\.com\) · Lync 2013 \(lync-muc\.contoso\.local\)$/m);
      assert.equal(text.match(/^- /gm)?.length, Math.min(25, members.length), 'at most 25 named');
      if (members.length > 25) assert.match(text, new RegExp(`… and ${members.length - 25} more\\.$`));
    });

    it('answers the helpdesk in German, names a group nobody knows, and refuses a pilot user', async () => {
      assert.match(cardText(replyCard(await w.say('Mitglieder von Sales Berlin', HELGA))), /^Gruppe Sales Berlin: \d+ Mitglieder\nAuf Lync 2013\n/);
      assert.equal(soleText(await w.say('who is in group Atlantis?')), 'There is no group Atlantis.');
      assert.equal(soleText(await w.say('who is in the pilot group?', ALICE)), 'Sorry, that is for migration admins and the helpdesk.');
    });
  });
});
