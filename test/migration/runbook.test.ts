// The runbook end to end on the real store, simulator and runner: each demo site's twelve steps,
// and Berlin walked from today's state to "decommissioned" only in the documented order, every
// gate refusing what comes too early (forced overrides included) and the manual steps recorded
// with who, when and a way back.
import assert from 'node:assert/strict';
import type { AdaptiveCard, Reply } from '../../dialogs/types';
import { generateTopology } from '../../migration/demo-topology';
import { observeSite, derivePhase } from '../../migration/phases';
import type { RunbookStep } from '../../migration/runbook/steps';
import { cardText, replyCard } from '../helpers/turns/card-check';
import { ALEX, HELGA, makeWorld, type World } from '../helpers/world';

const DAY = 86_400_000;

const textOf = (replies: Reply[]) => replies.map((r) => r.text ?? '').join('\n');

function confirmData(card: AdaptiveCard): Record<string, unknown> {
  const action = (card.actions as Array<{ verb?: string; data: Record<string, unknown> }> | undefined)?.find((a) => a.verb === 'proposal.confirm');
  assert.ok(action, `the card has a Confirm button: ${cardText(card).slice(0, 400)}`);
  return action.data;
}

function states(steps: RunbookStep[]): string {
  return steps.map((s) => `${s.n}:${s.state}`).join(' ');
}

describe('migration/runbook', () => {
  let w: World;
  let offset = 0;
  beforeEach(async () => {
    offset = 0;
    w = await makeWorld({ clock: { now: () => Date.now() + offset } });
  });
  afterEach(() => w.close());

  const runbookOf = async (site: string) => {
    const o = await observeSite(w.index.site(site)!, { ...w.deps, clock: { now: () => Date.now() + offset } });
    return { steps: o.runbook, phase: derivePhase(o) };
  };

  /** Plans by chat, confirms on the card and waits for the job's end. */
  async function run(text: string): Promise<void> {
    const card = replyCard(await w.say(text));
    const queued = await w.click(confirmData(card));
    const jobId = /job (\d+)/i.exec(cardText(queued.card))?.[1];
    assert.ok(jobId, `queued: ${cardText(queued.card).slice(0, 200)}`);
    const job = await w.observer.whenFinished(jobId);
    assert.equal(job.state, 'completed', `${text}: ${job.state}`);
  }

  async function blockedBy(text: string, ...gates: RegExp[]): Promise<string> {
    const card = cardText(replyCard(await w.say(text)));
    assert.match(card, /blocked/, `${text} should be blocked`);
    for (const gate of gates) assert.match(card, gate, text);
    return card;
  }

  it('shows each demo site in its place of the sequence', async () => {
    assert.equal(states((await runbookOf('Berlin')).steps), '1:done 2:done 3:done 4:pending 5:done 6:pending 7:pending 8:blocked 9:pending 10:blocked 11:blocked 12:blocked');
    assert.equal(states((await runbookOf('Munich')).steps), '1:done 2:done 3:done 4:done 5:done 6:recorded 7:done 8:done 9:pending 10:pending 11:blocked 12:blocked');
    assert.equal(states((await runbookOf('Hamburg')).steps), '1:done 2:done 3:done 4:done 5:done 6:recorded 7:done 8:done 9:recorded 10:done 11:done 12:pending');
    assert.equal(states((await runbookOf('Frankfurt')).steps), '1:pending 2:done 3:done 4:pending 5:blocked 6:pending 7:blocked 8:blocked 9:pending 10:blocked 11:blocked 12:blocked');
    const munich = (await runbookOf('Munich')).steps.find((s) => s.id === 'usersMoved')!;
    assert.deepEqual(munich.next, { kind: 'command', text: 'moveSite' });
    const hamburg = (await runbookOf('Hamburg')).steps[11];
    assert.deepEqual(hamburg.next, { kind: 'command', text: 'decommission' });

    const en = cardText(replyCard(await w.say('runbook for site Berlin')));
    assert.match(en, /^Runbook of site Berlin/);
    assert.match(en, /4\. Legacy conference directories imported — pending/);
    assert.match(en, /Import-CsLegacyConferenceDirectory/);
    assert.match(en, /run coexistence tests for site Berlin/);
    const de = cardText(replyCard(await w.say('Ablauf für Standort Hamburg', HELGA)));
    assert.match(de, /^Ablauf für Standort Hamburg/);
    assert.match(de, /6\. Clientversionsfilter auf OCS sperrt Lync 2013-Clients — von Hand erfasst/);
    assert.match(de, /Erfasst von Erin Hartmann/);
    const all = cardText(replyCard(await w.say('runbook')));
    for (const site of ['Berlin', 'Munich', 'Hamburg', 'Frankfurt']) assert.match(all, new RegExp(site));
    assert.match(textOf(await w.say('runbook for site Berlin', { ...ALEX, role: 'user' })), /migration admins and the helpdesk/);
  });

  it('step 10 observes AllowAnonymousParticipantsInMeetings of the migrated users\' conferencing policy, with the reason', async () => {
    const hamburg = (await runbookOf('Hamburg')).steps[9];
    assert.equal(hamburg.state, 'done');
    assert.deepEqual(hamburg.evidence.kind === 'observed' && hamburg.evidence.facts.allowAnonymousParticipantsInMeetings, true);
    assert.match(cardText(replyCard(await w.say('runbook for site Hamburg'))), /10\. Users moved \(0 still on OCS\) — done\n.*allowAnonymousParticipantsInMeetings=true\nMeetings of migrated users must allow anonymous participants .*federated users still homed on OCS 2007 R2/);

    await w.backend.setAnonymousMeetingsAllowed(false);
    const closed = (await runbookOf('Hamburg')).steps[9];
    assert.equal(closed.state, 'failed', 'all users moved, but their meetings shut out federated OCS users');
    assert.deepEqual(closed.next, { kind: 'shell', cmdlet: 'Set-CsConferencingPolicy -Identity Global -AllowAnonymousParticipantsInMeetings $true' });
    assert.equal((await runbookOf('Munich')).steps[9].state, 'failed', 'Munich\'s pilot users are migrated too');
    assert.equal((await runbookOf('Berlin')).steps[9].state, 'blocked', 'nobody migrated at Berlin yet: nothing to fix');
    const de = cardText(replyCard(await w.say('Ablauf für Standort Hamburg')));
    assert.match(de, /10\. .* — fehlgeschlagen\n.*allowAnonymousParticipantsInMeetings=false\n.*Set-CsConferencingPolicy -Identity Global -AllowAnonymousParticipantsInMeetings \$true\nBesprechungen migrierter Benutzer müssen anonyme Teilnehmer zulassen/);
  });

  it('walks Berlin to "decommissioned" only in the documented order', async () => {
    // The demo's Berlin also homes an account whose name has trailing spaces: it can never move,
    // so it would (rightly) keep the pool from being retired. Walk a deployment without it.
    await w.close();
    w = await makeWorld({ topology: generateTopology({ quirks: false }), clock: { now: () => Date.now() + offset } });
    // Step 4 first blocks the conference directories, even forced: the bot cannot see them yet.
    await blockedBy('move conference directories of Berlin to Lync 2013 force', /conference directories of Berlin are not imported/);
    // A pilot move needs a coexistence test (step 7); force would override it, as today.
    await blockedBy('move alice@contoso.com to Lync 2013', /Coexistence at Berlin has not passed a test yet/);
    assert.doesNotMatch(cardText(replyCard(await w.say('move alice@contoso.com to Lync 2013 force'))), /blocked/);
    await run('run coexistence tests for site Berlin');
    assert.equal((await runbookOf('Berlin')).steps[6].state, 'done');

    await run('move alice@contoso.com to Lync 2013');
    assert.equal((await runbookOf('Berlin')).phase, 'pilot');
    // One moved user is not a finished pilot: the site-wide move waits for the sign-off, and the
    // client filter and the Edge cut-over show as warnings only.
    const siteWide = await blockedBy('move site Berlin to Lync 2013', /The pilot at Berlin is not signed off: pilot running 0 of 7 days\./);
    assert.match(siteWide, /⚠ The client version filter on the OCS pool of Berlin is not recorded/);
    assert.match(textOf(await w.say('sign off the pilot at site Berlin')), /has run 0 day\(s\); it must run at least 7 days/);
    assert.match(textOf(await w.say('sign off the pilot at site Berlin', HELGA)), /only migration admins can do that/);

    offset += 3 * DAY;
    assert.match(cardText(replyCard(await w.say('verschiebe Standort Berlin nach Lync 2013'))), /Der Pilot in Berlin ist nicht abgenommen: Pilot läuft seit 3 von 7 Tagen\./);
    offset += 5 * DAY;
    await blockedBy('move site Berlin to Lync 2013', /The pilot at Berlin is not signed off: pilot running 8 days \(7 needed\), only the sign-off is missing\./);
    assert.match(textOf(await w.say('Pilot für Standort Berlin abnehmen')), /Der Pilot in Berlin ist abgenommen/);
    // Eight days on, the coexistence result is too old for the site-wide move.
    await blockedBy('move site Berlin to Lync 2013', /no passing coexistence test from the last 72 hours/);
    await run('run coexistence tests for site Berlin');
    await run('move site Berlin to Lync 2013');
    assert.equal((await runbookOf('Berlin')).steps[9].state, 'done');

    // Decommission needs every step: the directory import and the applications cannot be forced.
    await blockedBy('decommission legacy pool at site Berlin force', /not imported/, /application endpoint\(s\) are still on the OCS pool/, /2 Exchange UM contact\(s\) are still on the OCS pool/);
    await w.backend.importLegacyConferenceDirectories('ocs-ber.contoso.local');
    await run('move conference directories of Berlin to Lync 2013');
    await run('move applications of Berlin to Lync 2013');
    await blockedBy('decommission legacy pool at site Berlin force', /1 application endpoint\(s\) are still on the OCS pool/);
    await run('move response groups of Berlin to Lync 2013');
    await run('move Exchange UM contacts of Berlin to Lync 2013');
    await blockedBy('roll back Exchange UM contacts of Berlin force', /cannot go back to OCS 2007 R2/);
    await blockedBy('decommission legacy pool at site Berlin', /client version filter on the OCS pool of Berlin is not recorded/, /federation cut-over for Berlin are not recorded/);
    assert.doesNotMatch(cardText(replyCard(await w.say('decommission legacy pool at site Berlin force'))), /blocked/, 'force overrides manual steps');

    // Manual steps: recorded with who and when, taken back by an admin, recorded again.
    assert.match(textOf(await w.say('mark step client version filter done for site Berlin')), /Recorded: client version filter done at Berlin/);
    assert.match(textOf(await w.say('mark step client version filter not done for site Berlin')), /was taken back/);
    assert.equal((await runbookOf('Berlin')).steps[5].state, 'pending');
    assert.match(textOf(await w.say('mark step client version filter done for site Berlin', HELGA)), /only migration admins can do that/);
    await w.say('Schritt Versionsfilter für Standort Berlin erledigt');
    await w.say('mark step federation cut-over done for site Berlin');
    const recorded = (await runbookOf('Berlin')).steps[8].evidence;
    assert.equal(recorded.kind === 'recorded' && recorded.by, 'Alex Wilber');
    const history = cardText(replyCard(await w.say('history of site Berlin')));
    assert.match(history, /recorded the runbook step client version filter as done/);
    assert.match(history, /took back the runbook step client version filter/);

    await run('decommission legacy pool at site Berlin');
    // The pool is empty and retired; the site is decommissioned once the final merge and the
    // Topology Builder removal are recorded.
    const pending = await runbookOf('Berlin');
    assert.equal(pending.phase, 'migrated');
    assert.equal(pending.steps[11].state, 'pending');
    assert.match(cardText(replyCard(await w.say('status of site Berlin'))), /removal pending/);
    await blockedBy('roll back alice@contoso.com', /rollback is no longer possible/);
    await w.say('mark step final merge done for site Berlin');
    await w.say('mark step topology builder removal done for site Berlin');
    const done = await runbookOf('Berlin');
    assert.equal(done.phase, 'decommissioned');
    assert.ok(done.steps.every((s) => s.state === 'done' || s.state === 'recorded'), states(done.steps));
  });

  it('fails a legacy move at a deployment without the imported configuration, and gates it first', async () => {
    await w.backend.setLegacyConfigImported(false);
    await w.store.saveCoexistenceResult({ site: 'Berlin', at: Date.now(), passed: true, checks: [] });
    await blockedBy('move alice@contoso.com to Lync 2013 force', /legacy configuration is not imported/);
    await assert.rejects(w.backend.moveLegacyUser('alice@contoso.com', 'lync-ber.contoso.local'), /Import-CsLegacyConfiguration/);
    await w.backend.setTopologyMerged(false);
    assert.equal((await runbookOf('Berlin')).steps[1].state, 'pending');
    assert.equal((await runbookOf('Berlin')).steps[2].state, 'blocked');
  });

  it('flags the directory import again when OCS changed, and waits for the first User Replicator sync', async () => {
    await w.backend.markLegacyChanged('ocs-muc.contoso.local');
    assert.equal((await runbookOf('Munich')).steps[3].state, 'failed');
    await w.backend.importLegacyConferenceDirectories('ocs-muc.contoso.local');
    assert.equal((await runbookOf('Munich')).steps[3].state, 'done');
    await w.backend.setUserReplicatorSynced(false);
    assert.equal((await runbookOf('Berlin')).steps[4].state, 'pending');
    const e = await w.backend.moveLegacyUser('alice@contoso.com', 'lync-ber.contoso.local').catch((error: unknown) => error as { code?: string; transient?: boolean });
    assert.equal(e?.code, 'REPLICATION_NOT_SYNCED');
    assert.equal(e?.transient, true);
    await w.backend.setReplicationUpToDate('*', false);
    assert.equal((await runbookOf('Berlin')).steps[4].state, 'failed');
  });
});
