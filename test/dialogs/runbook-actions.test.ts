// The runbook's next actions: every button stands for the typed twin printed beside it (both
// languages, every site), clicks run through TestAdapter and the real TeamsBot (Action.Execute
// and the Action.Submit fallback), only admins get and may use the buttons, and a manual step is
// recorded with the words typed after it (or the card's note field) as its evidence.
import { strict as assert } from 'node:assert';
import { MAX_INPUT_CHARS } from '../../dialogs';
import { texts } from '../../dialogs/i18n';
import { catalogFromTopology, recognize } from '../../dialogs/recognizer';
import { RUNBOOK_BUTTONS, buttonsFor, runbookCommand, type RunbookButton } from '../../dialogs/runbook-actions';
import type { AdaptiveCard } from '../../dialogs/types';
import { demoTopology } from '../../migration/demo-topology';
import { MANUAL_STEPS, RunbookLedger, STEP_COMMENT_MAX_CHARS } from '../../migration/runbook/ledger';
import type { NextAction } from '../../migration/runbook/steps';
import { TopologyIndex } from '../../migration/topology';
import { cardText } from '../helpers/turns/card-check';
import { cardOf, execute, invokeCard, message, onlyCard, submit, textsOf } from '../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../helpers/turns/harness';

const catalog = catalogFromTopology(new TopologyIndex(demoTopology()));

/** The quoted phrases of a line, in English "…" or German „…“ quotes. */
const quoted = (line: string) => [...line.matchAll(/"([^"]+)"|„([^“]+)“/g)].map((m) => m[1] ?? m[2]);

/** The next action each button belongs to (applications: two buttons, one line with two twins). */
const NEXT_OF: Record<RunbookButton, NextAction> = {
  coexistenceTest: { kind: 'command', text: 'coexistenceTest' },
  movePilot: { kind: 'command', text: 'movePilot' },
  signOffPilot: { kind: 'command', text: 'signOffPilot' },
  moveSite: { kind: 'command', text: 'moveSite' },
  moveConferenceDirectories: { kind: 'command', text: 'moveConferenceDirectories' },
  moveResponseGroups: { kind: 'command', text: 'moveApplications' },
  moveApplications: { kind: 'command', text: 'moveApplications' },
  moveExUmContacts: { kind: 'command', text: 'moveExUmContacts' },
  decommission: { kind: 'command', text: 'decommission' },
  listProblems: { kind: 'resolveProblems', count: 2 },
};

function twinLine(next: NextAction, site: string, lang: 'en' | 'de', pilotGroup = 'Pilot'): string {
  const t = texts(lang).runbook;
  if (next.kind === 'command') return t.nextCommand[next.text](site, pilotGroup);
  if (next.kind === 'resolveProblems') return t.nextProblems(next.count, site);
  throw new Error(`no twin for ${next.kind}`);
}

type Action = { type: string; verb?: string; title?: string; data?: Record<string, unknown>; fallback?: { type: string; data?: unknown } };

/** Every button inside the card body (the runbook puts them into each step's ActionSet). */
function buttons(card: AdaptiveCard): Action[] {
  const out: Action[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'ActionSet') out.push(...(o.actions as Action[]));
    for (const [k, v] of Object.entries(o)) if (k !== 'actions' && k !== 'fallback' && k !== 'data') walk(v);
  };
  walk(card.body);
  return out;
}

const textInputs = (card: AdaptiveCard): Array<{ id: string; maxLength?: number }> => {
  const found: Array<{ id: string; maxLength?: number }> = [];
  JSON.stringify(card.body, (k, v: unknown) => {
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Input.Text') found.push(v as { id: string; maxLength?: number });
    return v;
  });
  return found;
};
const inputs = (card: AdaptiveCard): string[] => textInputs(card).map((i) => String(i.id));

describe('dialogs: runbook next actions', () => {
  it('every button runs exactly what its typed twin reads as, in both languages and at every site', () => {
    for (const site of ['Berlin', 'Munich', 'Hamburg']) {
      for (const lang of ['en', 'de'] as const) {
        for (const button of RUNBOOK_BUTTONS) {
          const next = NEXT_OF[button];
          const twins = quoted(twinLine(next, site, lang));
          const twin = twins[buttonsFor(next).indexOf(button)];
          assert.ok(twin, `${lang} ${button}: a twin is shown (${twinLine(next, site, lang)})`);
          assert.deepEqual(recognize(twin, catalog).command, runbookCommand(button, site, 'Pilot'), `${lang} ${site} ${button}: "${twin}"`);
        }
      }
    }
  });

  it('the pilot move\'s button and twin name the configured pilot group (PILOT_GROUP), in both languages', () => {
    for (const pilotGroup of ['Pilot Users', 'Sales']) {
      const configured = catalogFromTopology(new TopologyIndex(demoTopology()), pilotGroup);
      for (const lang of ['en', 'de'] as const) {
        const [twin] = quoted(twinLine(NEXT_OF.movePilot, 'Berlin', lang, pilotGroup));
        assert.ok(twin?.includes(pilotGroup), `${lang}: "${twin}" names ${pilotGroup}`);
        const expected = runbookCommand('movePilot', 'Berlin', pilotGroup);
        assert.deepEqual(expected, { intent: 'move', subject: { kind: 'group', group: pilotGroup }, target: 'lync2013', dryRun: false });
        assert.deepEqual(recognize(twin, configured).command, expected, `${lang} "${twin}"`);
      }
    }
  });

  it('the typed twin of recording a step carries its evidence after the colon, in both languages', () => {
    for (const step of MANUAL_STEPS) {
      const [en] = quoted(texts('en').runbook.nextRecord(step, 'Berlin'));
      const [de] = quoted(texts('de').runbook.nextRecord(step, 'Berlin'));
      const expected = { intent: 'markStep', site: 'Berlin', step, done: true };
      assert.deepEqual(recognize(en, catalog).command, expected, en);
      assert.deepEqual(recognize(de, catalog).command, expected, de);
      assert.deepEqual(recognize(`${en}: checked on all OCS pools`, catalog).command, { ...expected, comment: 'checked on all OCS pools' });
      assert.deepEqual(recognize(`${de}: auf allen OCS-Pools geprüft`, catalog).command, { ...expected, comment: 'auf allen OCS-Pools geprüft' });
    }
    // A time or a SIP address is no separator; a spaced dash is.
    assert.deepEqual(recognize('mark step edge federation not done for Munich - cut-over moved to Saturday', catalog).command, {
      intent: 'markStep',
      site: 'Munich',
      step: 'edgeFederation',
      done: false,
      comment: 'cut-over moved to Saturday',
    });
    assert.equal(recognize('move sip:carol@contoso.com to lync 2013', catalog).command.intent, 'move');
  });

  describe('through TestAdapter', () => {
    let h: TurnHarness;
    beforeEach(async () => {
      h = await makeTurnHarness();
    });
    afterEach(() => h.close());

    it('shows admins the next actions as buttons (the helpdesk reads the same steps without them)', async () => {
      const admin = onlyCard(await h.turn(message('runbook for site Berlin')));
      const verbs = buttons(admin).map((b) => `${b.verb}:${String(b.data?.next ?? b.data?.step)}`);
      // Berlin today: coexistence test next (step 7), the client filter and the Edge cut-over to record.
      assert.deepEqual(verbs, ['runbook.record:clientVersionFilter', 'runbook.next:coexistenceTest', 'runbook.record:edgeFederation']);
      for (const b of buttons(admin)) {
        assert.equal(b.type, 'Action.Execute');
        assert.equal(b.fallback?.type, 'Action.Submit');
        assert.deepEqual(b.fallback?.data, b.data);
      }
      assert.deepEqual(inputs(admin), ['note.clientVersionFilter', 'note.edgeFederation']);
      const helpdesk = onlyCard(await h.turn(message('runbook for site Berlin', 'helga')));
      assert.deepEqual(buttons(helpdesk), []);
      assert.deepEqual(inputs(helpdesk), []);
      assert.match(cardText(helpdesk), /Next: "run coexistence tests for site Berlin"/);
    });

    it('a next-action click plans like the typed twin; the runbook stays and the plan comes below', async () => {
      const runbook = onlyCard(await h.turn(message('runbook for site Berlin')));
      const coexistence = buttons(runbook).find((b) => b.data?.next === 'coexistenceTest');
      assert.ok(coexistence?.data);
      const replies = await h.turn(execute('runbook.next', coexistence.data, 'alex', { replyToId: 'runbook-1' }));
      const plan = cardOf(replies.find((r) => r.type === 'message' && r.attachments?.length));
      const typed = onlyCard(await h.turn(message('run coexistence tests for site Berlin')));
      const withoutIds = (text: string) => text.replace(/\b\d+\b/g, 'N');
      assert.equal(withoutIds(cardText(plan)), withoutIds(cardText(typed)), 'the click and the typed twin give the same plan');
      assert.match(cardText(plan), /Coexistence test/);
      assert.equal(h.adapter.updates.length, 0, 'the runbook card is not replaced');

      // The Action.Submit fallback (a message whose value is the button data) does the same.
      const fallback = await h.turn(submit({ ...coexistence.data }));
      assert.match(cardText(onlyCard(fallback)), /Coexistence test/);
    });

    it('records a manual step from the card with its note as evidence, and the redrawn runbook shows it', async () => {
      const runbook = onlyCard(await h.turn(message('runbook for site Berlin')));
      const record = buttons(runbook).find((b) => b.data?.step === 'clientVersionFilter');
      assert.ok(record?.data);
      const replies = await h.turn(execute('runbook.record', { ...record.data, 'note.clientVersionFilter': 'OC 15.* blocked on ocs-ber', 'note.edgeFederation': '' }));
      assert.match(textsOf(replies).join('\n'), /^Recorded: client version filter done at Berlin, evidence "OC 15\.\\\* blocked on ocs-ber"\./, 'escaped for markdown');
      const redrawn = cardText(invokeCard(replies));
      assert.match(redrawn, /6\. Client version filter on OCS blocks Lync 2013 clients — recorded by hand\nRecorded by Alex Wilber, .*: "OC 15\.\\\* blocked on ocs-ber"/);
      assert.deepEqual(
        buttons(invokeCard(replies)).map((b) => b.data?.step ?? b.data?.next),
        ['coexistenceTest', 'edgeFederation'],
        'the recorded step has no button any more',
      );
      const audit = (await h.world.store.listAudit({ limit: 50 })).find((e) => e.event === 'runbook.stepRecorded');
      assert.deepEqual({ target: audit?.target, details: audit?.details }, { target: 'clientVersionFilter', details: { comment: 'OC 15.* blocked on ocs-ber' } });
    });

    it('takes a note as long as the ledger keeps: the inputs say so, longer evidence, typed or sent by the card, is cut there', async () => {
      const runbook = onlyCard(await h.turn(message('runbook for site Berlin')));
      assert.deepEqual(textInputs(runbook).map((i) => i.maxLength), [STEP_COMMENT_MAX_CHARS, STEP_COMMENT_MAX_CHARS]);
      const long = 'filter set on every OCS pool, checked twice; '.repeat(20);
      assert.ok(long.length > STEP_COMMENT_MAX_CHARS);
      assert.match(textsOf(await h.turn(message(`mark step client version filter done for site Berlin: ${long}`))).join('\n'), /^Recorded: client version filter done at Berlin/);
      const ledger = new RunbookLedger(h.world.store);
      assert.equal((await ledger.read('Berlin')).manual.clientVersionFilter?.comment, long.slice(0, STEP_COMMENT_MAX_CHARS).trim());

      const record = buttons(runbook).find((b) => b.data?.step === 'edgeFederation');
      assert.ok(record?.data);
      // A client that does not enforce maxLength: the note is cut like typed evidence.
      const replies = await h.turn(execute('runbook.record', { ...record.data, 'note.edgeFederation': long }));
      assert.match(textsOf(replies).join('\n'), /^Recorded: Edge and federation cut-over done at Berlin/);
      assert.equal((await ledger.read('Berlin')).manual.edgeFederation?.comment, long.slice(0, STEP_COMMENT_MAX_CHARS).trim());
      // Beyond what a message may carry, the click is refused and nothing is recorded.
      const huge = await h.turn(execute('runbook.record', { ...record.data, step: 'finalMerge', 'note.finalMerge': 'x'.repeat(MAX_INPUT_CHARS + 1) }));
      assert.doesNotMatch(JSON.stringify(huge), /Recorded/);
      assert.equal((await ledger.read('Berlin')).manual.finalMerge, undefined);
    });

    it('refuses a forged click of the helpdesk and audits it; nothing is recorded', async () => {
      const replies = await h.turn(execute('runbook.record', { verb: 'runbook.record', site: 'Berlin', step: 'edgeFederation' }, 'helga'));
      assert.doesNotMatch(JSON.stringify(replies), /Recorded/);
      assert.match(JSON.stringify(replies), /Only migration admins/);
      assert.doesNotMatch(cardText(onlyCard(await h.turn(message('runbook for site Berlin', 'helga')))), /9\. Lync Edge deployed, federation route cut over — recorded/);
      const refused = (await h.world.store.listAudit({ limit: 50 })).find((e) => e.event === 'cardAction.refused');
      assert.deepEqual(refused?.details, { verb: 'runbook.record', role: 'helpdesk' });
    });

    it('keeps the words typed after the step as its evidence, in English and German', async () => {
      const en = await h.turn(message('mark step client version filter done for site Berlin: filter set on all OCS pools'));
      assert.match(textsOf(en).join('\n'), /^Recorded: client version filter done at Berlin, evidence "filter set on all OCS pools"\./);
      assert.match(cardText(onlyCard(await h.turn(message('runbook for site Berlin')))), /Recorded by Alex Wilber, [^\n]*: "filter set on all OCS pools"/);
      const de = await h.turn(message('Schritt Föderationsumstellung für Standort Berlin erledigt: Edge ber-edge01 aktiv, Route umgestellt', 'alex', 'de-DE'));
      assert.match(textsOf(de).join('\n'), /^Erfasst: Edge- und Föderationsumstellung in Berlin erledigt, Nachweis „Edge ber-edge01 aktiv, Route umgestellt“\./);
      assert.match(cardText(onlyCard(await h.turn(message('Ablauf für Standort Berlin', 'alex', 'de-DE')))), /Erfasst von Alex Wilber, [^\n]*: „Edge ber-edge01 aktiv, Route umgestellt“/);
    });
  });
});
