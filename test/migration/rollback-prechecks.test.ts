// A rollback's own pre-checks on the real simulator, store and runner, through the chat: a user
// whose contacts are in Exchange's unified contact store gets Invoke-CsUcsRollback as the first
// step of their item (and keeps the contacts), and the plan is refused while the OCS front end of
// the target pool is stopped — even forced — with the reason in the admin's language.
import assert from 'node:assert/strict';
import type { AdaptiveCard } from '../../dialogs/types';
import { cardText, replyCard } from '../helpers/turns/card-check';
import { makeWorld, type World } from '../helpers/world';

const confirmData = (card: AdaptiveCard) => ((card.actions ?? []) as Array<{ verb?: string; data: Record<string, unknown> }>).find((a) => a.verb === 'proposal.confirm')?.data;

describe('migration: rollback pre-checks', () => {
  let w: World;
  beforeEach(async () => {
    w = await makeWorld();
  });
  afterEach(() => w.close());

  it('rolls back the contacts in the unified contact store first, then moves the user back; others move without the step', async () => {
    assert.equal((await w.backend.getUser('bob@contoso.com'))?.contactsInUcs, true, 'demo: bob keeps his contacts in Exchange');
    const plan = replyCard(await w.say('roll back bob@contoso.com and alex.wilber@contoso.com'));
    assert.match(cardText(plan), /Invoke-CsUcsRollback first/);
    const data = confirmData(plan);
    assert.ok(data, cardText(plan));
    const queued = await w.click(data);
    const jobId = /job (\d+)/i.exec(cardText(queued.card))?.[1];
    assert.ok(jobId);
    assert.equal((await w.observer.whenFinished(jobId)).state, 'completed');

    const items = await w.store.listItems(jobId);
    assert.deepEqual(
      items.map((i) => ({ key: i.key, state: i.state, result: i.result ?? null })).sort((a, b) => a.key.localeCompare(b.key)),
      [
        { key: 'alex.wilber@contoso.com', state: 'done', result: null },
        { key: 'bob@contoso.com', state: 'done', result: { ucsRollback: true } },
      ],
    );
    assert.equal((await w.backend.getUser('bob@contoso.com'))?.registrarPool, 'ocs-muc.contoso.local');
    const moves = (await w.backend.moves()).filter((m) => m.object === 'bob@contoso.com');
    assert.deepEqual(moves.map((m) => `${m.cmdlet} ${m.fromPool} -> ${m.toPool}`), ['Move-CsUser lync-muc.contoso.local -> ocs-muc.contoso.local']);
  });

  it('never moves a user with contacts in Exchange back without the step (the simulator refuses it, permanently)', async () => {
    await assert.rejects(w.backend.moveUser('bob@contoso.com', 'ocs-muc.contoso.local'), (e: Error & { code?: string; transient?: boolean }) => {
      assert.equal(e.code, 'UCS_CONTACTS_IN_EXCHANGE');
      assert.equal(e.transient, false);
      assert.match(e.message, /Run Invoke-CsUcsRollback first, or the contacts are lost/);
      return true;
    });
  });

  it('refuses the rollback plan while the OCS front end is stopped, even forced, saying why in English and German', async () => {
    await w.backend.setServiceStatus('ocs-muc-fe01.contoso.local', 'RTCSRV', 'Stopped');
    const en = cardText(replyCard(await w.say('roll back pilot group force')));
    assert.match(en, /blocked/);
    assert.match(en, /The front end \(RTCSRV\) of the OCS pool of Munich is not running \(ocs-muc-fe01\.contoso\.local: Stopped\): a rollback reads and writes each user's data through it/);
    assert.match(en, /never a stopped front end/);
    const de = cardText(replyCard(await w.say('Rollback der Pilotgruppe erzwingen')));
    assert.match(de, /Das Front-End \(RTCSRV\) des OCS-Pools von München läuft nicht \(ocs-muc-fe01\.contoso\.local: Stopped\)/);
    assert.equal(confirmData(replyCard(await w.say('roll back pilot group force'))), undefined, 'no Confirm button');

    await w.backend.setServiceStatus('ocs-muc-fe01.contoso.local', 'RTCSRV', 'Running');
    assert.ok(confirmData(replyCard(await w.say('roll back pilot group'))), 'with the front end running the rollback can be confirmed');
  });
});
