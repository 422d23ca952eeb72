// What a new user meets first, through botbuilder's TestAdapter and the real bot: a move that has
// nothing left to do says so plainly with the next step (not a dry run), and a blocked step leads
// with its reason and what to do about it, in English and German; plan cards show pools only for
// real moves and tell people with one display name apart.
import { strict as assert } from 'node:assert';
import { cardText } from '../helpers/turns/card-check';
import { buttonData, execute, invokeCard, message, onlyCard } from '../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../helpers/turns/harness';
import { planCard } from '../../dialogs/cards/plan';
import type { PlanSummary } from '../../migration/model';

describe('bot dialogs through TestAdapter: first impressions', function () {
  this.timeout(30_000);
  let h: TurnHarness;
  afterEach(() => h?.close());

  async function run(text: string): Promise<void> {
    const plan = onlyCard(await h.turn(message(text)));
    const queued = cardText(invokeCard(await h.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm')))));
    const jobId = /job (\d+)/i.exec(queued)?.[1];
    assert.ok(jobId, queued);
    assert.equal((await h.finished(jobId)).state, 'completed');
  }

  it('says plainly that all are already on Lync 2013, with the next step, when a move has nothing to do', async () => {
    h = await makeTurnHarness();
    await run('move pilot group to Lync 2013 force');
    const again = onlyCard(await h.turn(message('move pilot group to Lync 2013')));
    const shown = cardText(again);
    assert.match(shown, /^Move to Lync 2013: nothing to do\n/);
    const all = /All (\d+) are already on Lync Server 2013\./.exec(shown)?.[1];
    assert.ok(all && Number(all) >= 20, shown);
    assert.match(shown, /Next step: "status of site (Berlin|Munich)"\./);
    assert.doesNotMatch(shown, /dry run/i);
    assert.equal((again.actions ?? []).length, 0, 'nothing to confirm');

    const de = cardText(onlyCard(await h.turn(message('Verschiebe die Pilotgruppe nach Lync 2013', 'alex', 'de-DE'))));
    assert.match(de, /nichts zu tun/);
    assert.ok(de.includes(`Alle ${all} sind bereits auf Lync Server 2013.`), de);
    assert.doesNotMatch(de, /Probelauf/);
  });

  it('after a site move names the users a site move always skips, and why, instead of "the remaining users"', async () => {
    h = await makeTurnHarness();
    await run('move site Berlin to Lync 2013 force');
    const en = cardText(onlyCard(await h.turn(message('status of site Berlin'))));
    assert.match(en, /Only users a site move always leaves behind are still on the OCS pool of Berlin: Kai Leerzeichen \(kai\.leerzeichen@contoso\.com\): account name has leading or trailing spaces\./);
    assert.doesNotMatch(en, /picks up the remaining users/);
    const de = cardText(onlyCard(await h.turn(message('Status von Standort Berlin', 'alex', 'de-DE'))));
    assert.match(de, /Auf dem OCS-Pool von Berlin sind nur noch Benutzer, die eine Standortverschiebung immer auslässt: Kai Leerzeichen \(kai\.leerzeichen@contoso\.com\): Kontoname beginnt oder endet mit Leerzeichen\./);
  });

  it('still calls a what-if a dry run', async () => {
    h = await makeTurnHarness();
    assert.match(cardText(onlyCard(await h.turn(message('what if I move site Munich to Lync 2013')))), /dry run: nothing will change/);
  });

  it('leads a blocked card with the reason and the next step', async () => {
    h = await makeTurnHarness();
    const lines = cardText(onlyCard(await h.turn(message('move pilot group to Lync 2013')))).split('\n');
    assert.equal(lines[0], 'Move to Lync 2013: blocked');
    assert.equal(lines[1], 'Coexistence at Berlin has not passed a test yet.');
    assert.equal(lines[2], 'Run "run coexistence tests for site Berlin" first (or add "force").');
    assert.ok(!lines.some((l) => /:\s*$/.test(l) && /blocked/i.test(l)), 'no "blocked:" with nothing after it');

    const de = cardText(onlyCard(await h.turn(message('Verschiebe die Pilotgruppe nach Lync 2013', 'alex', 'de-DE')))).split('\n');
    assert.match(de[0], /: blockiert$/);
    assert.match(de[1], /Berlin/);
    assert.match(de[2], /Koexistenztest|coexistence/i);
  });

  it('shows no "From → To" row for checks or a pool being retired', async () => {
    h = await makeTurnHarness();
    const coexistence = cardText(onlyCard(await h.turn(message('run coexistence tests for site Berlin'))));
    assert.doesNotMatch(coexistence, /From → To/, coexistence);
    const decommission = cardText(onlyCard(await h.turn(message('decommission legacy pool at site Hamburg'))));
    assert.match(decommission, /Decommission legacy pool/);
    assert.doesNotMatch(decommission, /From → To/, decommission);
    const move = cardText(onlyCard(await h.turn(message('move pilot group to Lync 2013 force'))));
    assert.match(move, /From → To\nocs-ber\.contoso\.local → lync-ber\.contoso\.local \(\d+\)/, 'a real move still shows its pools');
  });

  it('tells two people with the same display name apart by their address in "To move"', () => {
    const item = (key: string, label: string) => ({ kind: 'user' as const, key, label, site: 'Berlin', fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local' });
    const summary = {
      operation: 'move',
      subject: { kind: 'site', name: 'Berlin' },
      sites: ['Berlin'],
      dryRun: false,
      forced: false,
      blocked: false,
      gates: [],
      flows: [{ fromPool: 'ocs-ber.contoso.local', toPool: 'lync-ber.contoso.local', count: 3 }],
      alreadyThere: 0,
      unresolved: [],
      skipped: [],
      caveats: [],
      itemCount: 3,
      itemKinds: ['user'],
      previewItems: [item('anna.klein@contoso.com', 'Anna Klein'), item('anna.klein2@contoso.com', 'Anna Klein'), item('ben.fischer@contoso.com', 'Ben Fischer')],
    } as unknown as PlanSummary;
    const shown = cardText(planCard(summary, 'dryRun', 'en'));
    assert.match(shown, /To move: Anna Klein \(anna\.klein@contoso\.com\), Anna Klein \(anna\.klein2@contoso\.com\), Ben Fischer(\n|$)/, shown);
  });
});
