// The history card tells events as sentences in the reader's language, never as codes: every
// kind of audit event has a sentence in English and German, and the code writes no kind that is
// not listed (a new kind without a sentence fails here).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AUDIT_EVENTS } from '../../migration/audit-events';
import type { AuditEvent } from '../../migration/model';
import { historyCard, historySentence } from '../../dialogs/cards/history';
import { cardText } from '../helpers/turns/card-check';

const ROOT = resolve(__dirname, '../..');

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sources(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const sample = (event: string): AuditEvent => ({
  at: Date.UTC(2026, 11, 7, 9, 30),
  actor: { id: 'a', name: 'Alex Wilber', role: 'admin' },
  event,
  target: event.startsWith('item.') ? 'zoe.morris@contoso.com' : event.startsWith('runbook.step') ? 'clientVersionFilter' : '7',
  site: 'Berlin',
  outcome: 'ok',
  details: { intent: 'move', jobId: '3', items: 20, done: 19, failed: 1, to: 'lync-ber.contoso.local', gates: ['Berlin:coexistenceVerified'], unresolved: ['Atlantis'], group: 'Pilot' },
});

describe('history: events as sentences', () => {
  it('the code writes only audit event kinds that are listed (and so have a sentence)', () => {
    const listed = new Set<string>(AUDIT_EVENTS);
    const written = new Set<string>();
    for (const file of ['bot', 'dialogs', 'migration', 'adapters'].flatMap((d) => sources(join(ROOT, d)))) {
      if (file.endsWith('audit-events.ts') || file.includes(`${join('dialogs', 'i18n')}`)) continue;
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        // Lines that write or name an audit event ("event: 'x.y'", ctx.audit('x.y', …), the refusal table).
        if (!/event|audit|Refused|refused'/i.test(line)) continue;
        for (const m of line.matchAll(/'([a-z][a-zA-Z]*\.[a-z][a-zA-Z]*)'/g)) written.add(m[1]);
      }
    }
    const verbs = new Set(['proposal.confirm', 'proposal.cancel', 'job.cancel', 'job.retry', 'job.pause', 'job.resume', 'job.refresh', 'usersLeft.page', 'clarify.pick', 'runbook.next', 'runbook.record']);
    const missing = [...written].filter((e) => !listed.has(e) && !verbs.has(e));
    assert.deepEqual(missing, [], 'audit events written without a sentence: add them to migration/audit-events.ts and both catalogues');
    assert.ok(written.size >= 40, `found ${written.size} kinds in the code`);
  });

  for (const lang of ['en', 'de'] as const) {
    it(`every kind reads as a sentence without codes (${lang})`, () => {
      for (const event of AUDIT_EVENTS) {
        const said = historySentence(sample(event), lang, true);
        assert.ok(said.length > 8, `${event}: ${said}`);
        assert.doesNotMatch(said, /\b(command|plan|proposal|job|item|runbook|problem|dashboard|user|request|cardAction)\.[a-zA-Z]+|coexistenceVerified|clientVersionFilter/, `${event} (${lang}): ${said}`);
      }
    });
  }

  it('tells the issue\'s examples in the reader\'s language', () => {
    const done = sample('item.done');
    const blocked = { ...sample('plan.blocked'), target: 'Pilot', outcome: 'refused' as const, details: { gates: ['Berlin:coexistenceVerified'] } };
    assert.equal(historySentence(done, 'en', false), 'moved zoe.morris@contoso.com to lync-ber.contoso.local');
    assert.equal(historySentence(done, 'de', false), 'hat zoe.morris@contoso.com verschoben nach lync-ber.contoso.local');
    assert.equal(historySentence(blocked, 'en', true), 'planned Pilot: blocked, not met: Berlin coexistence verified at Berlin');
    const card = cardText(historyCard([blocked], undefined, 'de', [{ event: 'item.done', count: 20 }]));
    assert.match(card, /Alex Wilber hat Pilot geplant: blockiert/);
    assert.match(card, /20 verschoben/);
    assert.doesNotMatch(card, /plan\.blocked|item\.done/);
  });

  it('says a site by the name the reader\'s language uses', () => {
    const munich = { ...sample('job.started'), site: 'Munich' };
    const german = (name: string) => (name === 'Munich' ? 'München' : name);
    assert.equal(historySentence(munich, 'de', true, german), 'hat Auftrag 7 gestartet (München)');
  });

  it('an event kind this version does not know is still told, quoted', () => {
    assert.equal(historySentence({ ...sample('x'), event: 'future.thing' }, 'en', false), 'recorded "future.thing"');
  });
});
