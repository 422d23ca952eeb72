// Every read command through botbuilder's TestAdapter and the real TeamsBot over the real
// conversation (SQLite store, simulator, static directory), as admin, helpdesk and pilot user, in
// English and German: the reply follows the language written in, not the activity locale. Also
// @mentions, Action.Execute invokes (invokeResponse with the card) and the Action.Submit fallback.
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import type { Role } from '../../migration/topology';
import { cardText } from '../helpers/turns/card-check';
import { buttonData, cardOf, execute, invokeCard, invokeResponseOf, mention, message, onlyCard, submit, textsOf, type Person } from '../helpers/turns/activities';
import { makeTurnHarness, type TurnHarness } from '../helpers/turns/harness';

type Lang = 'en' | 'de';

interface Expectation {
  /** Patterns the card text must contain (or, for text answers, the reply). */
  has: RegExp[];
  /** Patterns it must not contain. */
  lacks?: RegExp[];
}

interface ReadCase {
  intent: string;
  say: Record<Lang, string>;
  roles: readonly Role[];
  /** The answer is a text, not a card (unknown). */
  textAnswer?: boolean;
  expect(person: Person, lang: Lang): Expectation;
  /** What a role without access reads (defaults to the staff-only refusal). */
  refusal?: Record<Lang, RegExp>;
}

const STAFF_ONLY: Record<Lang, RegExp> = {
  en: /^Sorry, that is for migration admins and the helpdesk\.$/,
  de: /^Das ist leider den Migrations-Admins und dem Helpdesk vorbehalten\.$/,
};
const ROLE: Record<Person, Role> = { alex: 'admin', erin: 'admin', helga: 'helpdesk', alice: 'user' };
const HOME: Record<Person, { pool: string; onLync: boolean }> = {
  alex: { pool: 'lync-muc.contoso.local', onLync: true },
  erin: { pool: 'ocs-ber.contoso.local', onLync: false },
  helga: { pool: 'lync-ham.contoso.local', onLync: true },
  alice: { pool: 'ocs-ber.contoso.local', onLync: false },
};
const bi = (en: RegExp, de: RegExp) => (lang: Lang) => (lang === 'en' ? en : de);

const CASES: ReadCase[] = [
  {
    intent: 'help',
    say: { en: 'help', de: 'Hilfe' },
    roles: ['admin', 'helpdesk', 'user'],
    expect(person, lang) {
      const move = bi(/move pilot group to Lync 2013/, /Pilotgruppe nach Lync 2013/)(lang);
      const sites = bi(/list sites/, /Standorte anzeigen/)(lang);
      const mine = bi(/have I been migrated\?/, /bin ich schon migriert\?/)(lang);
      const base = [bi(/^What I can do/, /^Was ich kann/)(lang), mine, bi(/Replies follow the language you write in/, /Ich antworte in der Sprache/)(lang)];
      if (ROLE[person] === 'admin') return { has: [...base, move, sites] };
      if (ROLE[person] === 'helpdesk') return { has: [...base, sites], lacks: [move] };
      return { has: base, lacks: [move, sites] };
    },
  },
  {
    intent: 'listSites',
    say: { en: 'list sites', de: 'Standorte anzeigen' },
    roles: ['admin', 'helpdesk'],
    expect: (_p, lang) => ({
      has: [bi(/^Sites/, /^Standorte/)(lang), /Berlin/, bi(/Munich/, /München/)(lang), /Hamburg/, /Frankfurt/, bi(/side-by-side \(coexistence not yet verified\)/, /Parallelbetrieb \(Koexistenz noch nicht geprüft\)/)(lang)],
    }),
  },
  {
    intent: 'siteStatus',
    say: { en: 'status of site Berlin', de: 'Status von Standort Berlin' },
    roles: ['admin', 'helpdesk'],
    expect: (_p, lang) => ({
      has: [
        bi(/^Site Berlin/, /^Standort Berlin/)(lang),
        /Pool ocs-ber\.contoso\.local/,
        /Pool lync-ber\.contoso\.local/,
        bi(/run coexistence tests for site Berlin/, /Koexistenztest für Standort Berlin/)(lang),
      ],
    }),
  },
  {
    intent: 'userStatus',
    say: { en: 'is bob@contoso.com migrated?', de: 'ist bob@contoso.com schon migriert?' },
    roles: ['admin', 'helpdesk'],
    refusal: { en: /^You can ask about yourself/, de: /^Sie können nach sich selbst fragen/ },
    expect: (_p, lang) => ({
      has: [bi(/^User Bob Keller/, /^Benutzer Bob Keller/)(lang), bi(/Bob Keller is on Lync Server 2013/, /Bob Keller ist auf Lync Server 2013/)(lang), /lync-muc\.contoso\.local/],
    }),
  },
  {
    intent: 'myStatus',
    say: { en: 'have I been migrated?', de: 'bin ich schon migriert?' },
    roles: ['admin', 'helpdesk', 'user'],
    expect(person, lang) {
      const { pool, onLync } = HOME[person];
      const summary = onLync ? bi(/You are on Lync Server 2013/, /Sie sind bereits auf Lync Server 2013/) : bi(/You are still on OCS 2007 R2/, /Sie sind noch auf OCS 2007 R2/);
      return { has: [bi(/^Your migration status/, /^Ihr Migrationsstatus/)(lang), summary(lang), new RegExp(pool.replace(/\./g, '\\.'))] };
    },
  },
  {
    intent: 'listJobs',
    say: { en: 'list jobs', de: 'Aufträge anzeigen' },
    roles: ['admin', 'helpdesk'],
    expect: (_p, lang) => ({
      has: [bi(/^Jobs/, /^Aufträge/)(lang), bi(/Job 1: Coexistence test · site Munich/, /Auftrag 1: Koexistenztest · Standort München/)(lang), bi(/completed · 9\/9/, /abgeschlossen · 9\/9/)(lang)],
    }),
  },
  {
    intent: 'jobStatus',
    say: { en: 'status of job 1', de: 'Status von Auftrag 1' },
    roles: ['admin', 'helpdesk'],
    expect: (_p, lang) => ({
      has: [bi(/^Job 1: Coexistence test · Munich/, /^Auftrag 1: Koexistenztest · München/)(lang), bi(/9 of 9 checks passed/, /9 von 9 Prüfungen bestanden/)(lang)],
    }),
  },
  {
    intent: 'history',
    say: { en: 'history of site Munich', de: 'Verlauf von Standort München' },
    roles: ['admin', 'helpdesk'],
    expect: (_p, lang) => ({
      has: [bi(/^History of site Munich/, /^Verlauf von Standort München/)(lang), bi(/Alex Wilber confirmed plan 1\b/, /Alex Wilber hat Plan 1 bestätigt/)(lang), bi(/lyncops finished job 1\b/, /lyncops hat Auftrag 1 beendet/)(lang)],
    }),
  },
  {
    intent: 'unknown',
    say: { en: 'tell me a joke', de: 'erzähl mir einen Witz' },
    roles: ['admin', 'helpdesk', 'user'],
    textAnswer: true,
    expect(person, lang) {
      const intro = bi(/^Sorry, I did not understand "tell me a joke"\.\n\nYou could try:\n- /, /^Entschuldigung, „erzähl mir einen Witz“ habe ich nicht verstanden\.\n\nVersuchen Sie zum Beispiel:\n- /)(lang);
      const staffOnly = bi(/list sites/, /Standorte anzeigen/)(lang);
      return ROLE[person] === 'user' ? { has: [intro, bi(/have I been migrated\?/, /bin ich schon migriert\?/)(lang)], lacks: [staffOnly] } : { has: [intro, staffOnly] };
    },
  },
];

/** The other language's locale: German phrasing arrives as en-US (the playground), English as de-DE. */
const LOCALE_AGAINST: Record<Lang, string> = { en: 'de-DE', de: 'en-US' };

function assertExpectation(text: string, expectation: Expectation, what: string): void {
  for (const pattern of expectation.has) assert.match(text, pattern, `${what}: missing ${pattern}\n${text}`);
  for (const pattern of expectation.lacks ?? []) assert.doesNotMatch(text, pattern, `${what}: should not show ${pattern}`);
}

describe('bot dialogs through TestAdapter: read commands', () => {
  let h: TurnHarness;

  before(async () => {
    h = await makeTurnHarness();
    // One finished job gives list/status/history of jobs something to show; Munich keeps its phase.
    const plan = onlyCard(await h.turn(message('run coexistence tests for site Munich')));
    invokeCard(await h.turn(execute('proposal.confirm', buttonData(plan, 'proposal.confirm'))));
    assert.equal((await h.world.observer.whenFinished('1')).state, 'completed');
  });
  after(() => h.close());

  for (const c of CASES) {
    describe(c.intent, () => {
      for (const person of ['alex', 'helga', 'alice'] as const) {
        const allowed = c.roles.includes(ROLE[person]);
        it(`${allowed ? 'answers' : 'refuses'} ${person} (${ROLE[person]}) in English and German, whatever the locale`, async () => {
          for (const lang of ['en', 'de'] as const) {
            const replies = await h.turn(message(c.say[lang], person, LOCALE_AGAINST[lang]));
            const what = `${c.intent} as ${person} in ${lang}`;
            assert.equal(replies.length, 1, `${what}: one reply`);
            if (!allowed) {
              assert.equal(replies[0].attachments, undefined, `${what}: a refusal has no card`);
              assert.match(replies[0].text ?? '', (c.refusal ?? STAFF_ONLY)[lang], what);
            } else if (c.textAnswer) {
              assert.equal(replies[0].attachments, undefined);
              assertExpectation(replies[0].text ?? '', c.expect(person, lang), what);
            } else {
              assertExpectation(cardText(cardOf(replies[0])), c.expect(person, lang), what);
            }
          }
        });
      }
    });
  }

  it('audits a refused read with the intent', async () => {
    await h.turn(message('list sites', 'alice'));
    const audit = await h.world.store.listAudit({ limit: 5 });
    const refused = audit.find((e) => e.event === 'command.refused' && e.actor.id === '11111111-0000-0000-0000-000000000001');
    assert.ok(refused, 'refusal recorded');
    assert.equal(refused.outcome, 'refused');
    assert.deepEqual(refused.details, { intent: 'listSites' });
  });

  describe('@mentions in a channel', () => {
    it('answers "<at>LyncOps</at> help" with the help card and keeps the channel reference', async () => {
      const card = onlyCard(await h.turn(mention('help')));
      assert.match(cardText(card), /^What I can do/);
      assert.ok(await h.world.store.getConversationRef('conversation:channel-1'), 'channel reference stored under the conversation');
    });

    it('strips the mention before recognising German or a site', async () => {
      assert.match(cardText(onlyCard(await h.turn(mention('Hilfe', 'helga')))), /^Was ich kann/);
      assert.match(cardText(onlyCard(await h.turn(mention('status of site Berlin', 'helga')))), /^Site Berlin/);
    });
  });

  describe('Action.Execute (invoke adaptiveCard/action)', () => {
    it('answers a refresh click with an invokeResponse whose body carries the current job card, and posts nothing else', async () => {
      const replies = await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: '1', lang: 'en' }));
      assert.deepEqual(replies.map((r) => r.type), ['invokeResponse']);
      const { body } = invokeResponseOf(replies);
      assert.equal(body.statusCode, 200);
      assert.match(cardText(invokeCard(replies)), /^Job 1: Coexistence test · Munich/);
    });

    it('renders in the language the button carries, not the locale', async () => {
      const card = invokeCard(await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: '1', lang: 'de' }, 'helga', { locale: 'en-US' })));
      assert.match(cardText(card), /^Auftrag 1: Koexistenztest · München/);
    });

    it('an automatic refresh only returns the card', async () => {
      const replies = await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: '1' }, 'alex', { trigger: 'automatic' }));
      assert.deepEqual(replies.map((r) => r.type), ['invokeResponse']);
      assert.match(cardText(invokeCard(replies)), /completed/);
    });

    it('answers a button that matches nothing with a polite message and no card', async () => {
      const replies = await h.turn(execute('job.refresh', { verb: 'job.refresh', jobId: 'DROP TABLE' }));
      const { status, body } = invokeResponseOf(replies);
      assert.equal(status, 200);
      assert.equal(body.type, 'application/vnd.microsoft.activity.message');
      assert.match(String(body.value), /no longer matches anything/);
      assert.deepEqual(textsOf(replies), [String(body.value)]);
    });

    it('refuses an invoke that is no Action.Execute with 400', async () => {
      const invalid: Partial<Activity> = { ...execute('job.refresh', {}), value: { action: { type: 'Action.Submit', data: {} } } };
      const { status, body } = invokeResponseOf(await h.turn(invalid));
      assert.equal(status, 400);
      assert.equal(body.type, 'application/vnd.microsoft.error');
    });
  });

  describe('Action.Submit fallback (message whose value is the button data)', () => {
    it('updates the clicked card in place and sends no new message', async () => {
      const posted = await h.turn(message('status of job 1', 'helga'));
      const cardId = posted[0].id;
      assert.ok(cardId, 'the posted card has an activity id');
      h.adapter.updates.length = 0;
      const replies = await h.turn(submit({ verb: 'job.refresh', jobId: '1', lang: 'en' }, 'helga', cardId));
      assert.deepEqual(replies, []);
      assert.equal(h.adapter.updates.length, 1);
      assert.equal(h.adapter.updates[0].id, cardId);
      assert.match(cardText(cardOf(h.adapter.updates[0])), /^Job 1: Coexistence test · Munich/);
    });

    it('sends the card anew when the client did not say which card was clicked', async () => {
      h.adapter.updates.length = 0;
      const replies = await h.turn(submit({ verb: 'job.refresh', jobId: '1', lang: 'de' }, 'alex'));
      assert.equal(h.adapter.updates.length, 0);
      assert.match(cardText(onlyCard(replies)), /^Auftrag 1: Koexistenztest/);
    });

    it('answers submitted data that is no button of ours politely', async () => {
      const replies = await h.turn(submit({ verb: 'job.refresh' }, 'alex'));
      assert.deepEqual(textsOf(replies).map((t) => /no longer matches anything/.test(t)), [true]);
    });
  });
});
