// dashboard ("dashboard" / "Übersicht"): only the short requests are read as it ("give me an
// overview" stays the site list); staff get an Open dashboard button with the link signed for them
// in their language, audited, in a personal chat only; a bot without the dashboard says so; pilot
// users get no link.
import assert from 'node:assert/strict';
import { createConversation } from '../../../dialogs';
import { recognize } from '../../../dialogs/recognizer';
import type { AdaptiveCard, Conversation } from '../../../dialogs/types';
import type { Actor } from '../../../migration/model';
import { silentLogger } from '../../../migration/ports';
import { cardText, soleCard } from '../../helpers/turns/card-check';
import { ALEX, ALICE, ERIN, HELGA, makeWorld, type World } from '../../helpers/world';
import { DEMO_CATALOG, readsAs } from '../../helpers/turns/recognition';

const actions = (card: AdaptiveCard) => (card.actions ?? []) as Array<{ type?: string; title?: string; url?: string }>;

describe('dialogs/commands/dashboard', () => {
  describe('recognition', () => {
    const rows: Array<[string, 'en' | 'de']> = [
      ['dashboard', 'en'],
      ['open the dashboard', 'en'],
      ['Übersicht', 'de'],
      ['Dashboard öffnen', 'de'],
      ['show me the dashboard please', 'en'],
      ['Dashboard?', 'en'],
      ['zeig mir die Übersicht', 'de'],
      ['Übersicht bitte', 'de'],
    ];
    readsAs(
      rows.map(([text, lang]) => ({ text, lang, command: { intent: 'dashboard' }, title: `"${text}" asks for the dashboard` })), { languageRequired: true },
    );

    it('leaves a longer request for an overview the site list, and a site\'s dashboard its status', () => {
      assert.deepEqual(recognize('give me an overview', DEMO_CATALOG).command, { intent: 'listSites' });
      assert.deepEqual(recognize('Gib mir eine Übersicht', DEMO_CATALOG).command, { intent: 'listSites' });
      assert.deepEqual(recognize('dashboard for Berlin', DEMO_CATALOG).command, { intent: 'siteStatus', site: 'Berlin' });
    });
  });

  describe('through the conversation', () => {
    let w: World;
    let conversation: Conversation;
    let issued: Array<{ actor: string; language: string }>;
    beforeEach(async () => {
      w = await makeWorld({ startRunner: false });
      issued = [];
      // The world's conversation has no dashboard; this one signs links as bot/compose wires it.
      conversation = createConversation({
        store: w.store,
        backend: w.backend,
        directory: w.directory,
        topology: w.index,
        runner: w.runner,
        clock: { now: () => Date.now() },
        logger: silentLogger,
        settings: { proposalTtlMs: 15 * 60_000, requireSecondApprover: false, adminUserIds: [ALEX.id, ERIN.id] },
        dashboardLink: async (actor, language) => {
          issued.push({ actor: actor.name, language });
          return { url: `https://lyncops.contoso.com/dashboard/open?t=link.${issued.length}`, ttlMs: 300_000 };
        },
      });
    });
    afterEach(() => w.close());

    let turn = 0;
    const say = (text: string, actor: Actor, locale = 'en-US', conversationType = 'personal') =>
      conversation.onMessage({ text, actor, locale, conversationId: 'conv-1', conversationRef: { conversation: { id: 'conv-1', conversationType } }, correlationId: `d${++turn}` });

    it('signs no link in a channel or group chat, where anyone could open it first, and says where to ask', async () => {
      assert.deepEqual((await say('dashboard', ALEX, 'en-US', 'channel')).map((r) => [r.text, r.card]), [
        ['The dashboard link signs in whoever opens it first, so I send it only in a personal chat: open a chat with me and type "dashboard" there.', undefined],
      ]);
      const [german] = await say('Übersicht', HELGA, 'de-DE', 'groupChat');
      assert.match(german.text ?? '', /^Der Link zur Übersicht meldet an, wer ihn zuerst öffnet; darum schicke ich ihn nur im persönlichen Chat/);
      assert.equal(german.card, undefined);
      assert.deepEqual(issued, []);
      assert.equal((await w.store.listAudit({ limit: 20 })).filter((e) => e.event === 'dashboard.linkIssued').length, 0);
    });

    it('gives an admin the Open dashboard button with the link signed for them, and audits it', async () => {
      const card = soleCard(await say('open the dashboard', ALEX));
      assert.match(cardText(card), /^Migration dashboard\nEvery site, job and problem report at a glance\. .*the link is yours alone, works once and for 5 minutes\./);
      assert.deepEqual(actions(card), [{ type: 'Action.OpenUrl', title: 'Open dashboard', url: 'https://lyncops.contoso.com/dashboard/open?t=link.1' }]);
      assert.deepEqual(issued, [{ actor: 'Alex Wilber', language: 'en' }]);
      const audit = (await w.store.listAudit({ limit: 20 })).filter((e) => e.event === 'dashboard.linkIssued');
      assert.deepEqual(audit.map((e) => [e.actor.name, e.outcome]), [['Alex Wilber', 'ok']]);
    });

    it('gives the helpdesk a German card with its own link, whatever the locale', async () => {
      const card = soleCard(await say('Übersicht', HELGA, 'en-US'));
      assert.match(cardText(card), /^Migrationsübersicht\nAlle Standorte, Aufträge und Problemmeldungen auf einen Blick\. .*der Link gilt nur für Sie, einmal und 5 Minuten lang\./);
      assert.deepEqual(actions(card), [{ type: 'Action.OpenUrl', title: 'Übersicht öffnen', url: 'https://lyncops.contoso.com/dashboard/open?t=link.1' }]);
      assert.deepEqual(issued, [{ actor: 'Helga Lorenz', language: 'de' }]);
      soleCard(await say('dashboard', HELGA));
      assert.deepEqual(issued.map((i) => i.language), ['de', 'en'], 'a new link for every request');
    });

    it('refuses a pilot user in English and German: no card and no link is signed', async () => {
      assert.deepEqual((await say('dashboard', ALICE)).map((r) => [r.text, r.card]), [['Sorry, that is for migration admins and the helpdesk.', undefined]]);
      assert.deepEqual((await say('Übersicht', ALICE, 'de-DE')).map((r) => [r.text, r.card]), [['Das ist leider den Migrations-Admins und dem Helpdesk vorbehalten.', undefined]]);
      assert.deepEqual(issued, []);
      const audit = await w.store.listAudit({ limit: 20 });
      assert.equal(audit.filter((e) => e.event === 'dashboard.linkIssued').length, 0);
      assert.deepEqual(audit.filter((e) => e.event === 'command.refused').map((e) => e.details?.intent), ['dashboard', 'dashboard']);
    });

    it('says so on a bot without the dashboard, in English and German', async () => {
      assert.deepEqual((await w.say('dashboard', ALEX)).map((r) => [r.text, r.card]), [['The dashboard is not available on this bot.', undefined]]);
      assert.deepEqual((await w.say('Übersicht', HELGA)).map((r) => [r.text, r.card]), [['Die Übersicht ist bei diesem Bot nicht verfügbar.', undefined]]);
      assert.equal((await w.store.listAudit({ limit: 20 })).filter((e) => e.event === 'dashboard.linkIssued').length, 0);
    });
  });
});
