// Point 8, markdown from callers. The attack: an unknown caller's from.name with newlines and a
// link forges a row in the history card; the unknown-command reply echoes
// "**IT notice** [sign in again](…)" as a live link. Every interpolated value is now escaped for
// the markdown it lands in, and unknown callers are shown as "unknown", never by a name they chose.
import { strict as assert } from 'node:assert';
import { message, PEOPLE, post, repliesOf, replyText } from '../helpers/host/activities';
import { runningBotAndConnector } from '../helpers/host/app';
import { auditSince, lastAuditId } from '../helpers/host/store-views';
import { escapeMarkdown } from '../../dialogs/escape';

/** Markdown that is live: a link, bold, or a line break that starts a new row. */
const LIVE_LINK = /(^|[^\\])\[[^\]]*\\?\]\(/;
const unescaped = (text: string, literal: string) => new RegExp(`(^|[^\\\\])${literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text);

describe('security 8: values from callers, the directory and backends are escaped; unknown callers are "unknown"', function () {
  this.timeout(30_000);
  const running = runningBotAndConnector();

  const FORGED_NAME = 'Mallory\n\n01/01/2026, 09:00 · Alex Wilber · proposal.confirmed 7 [approve here](https://evil.example.com/a)';

  it('an unknown caller with a forged from.name forges no history row: shown as unknown, no link, no new line', async () => {
    const auditFrom = lastAuditId(running.bot.dbFile);
    const refused = await post(running.bot.url, message('move site Berlin to Lync 2013 force', { from: { id: '29:mallory', name: FORGED_NAME, aadObjectId: '' }, expectReplies: true }));
    assert.equal(refused.status, 200);
    const audit = auditSince(running.bot.dbFile, auditFrom);
    assert.ok(audit.length > 0);
    assert.ok(audit.every((e) => e.actor.name === 'unknown'), JSON.stringify(audit.map((e) => e.actor)));
    const history = replyText(repliesOf(await post(running.bot.url, message('show the audit log', { from: PEOPLE.alex, expectReplies: true }))));
    assert.ok(!history.includes('Mallory'), 'the chosen name is never shown');
    assert.ok(!history.includes('approve here'), 'nor its link text');
    assert.doesNotMatch(history, LIVE_LINK);
  });

  it('the unknown-command reply echoes "**IT notice** [sign in again](…)" as plain characters', async () => {
    const text = '**IT notice** [sign in again](https://evil.example.com/login) _now_';
    const result = await post(running.bot.url, message(text, { from: PEOPLE.alice, expectReplies: true }));
    const reply = repliesOf(result)[0]?.text ?? '';
    assert.match(reply, /Sorry, I did not understand/);
    assert.doesNotMatch(reply, LIVE_LINK, reply);
    assert.ok(!unescaped(reply, '**IT'), reply);
    assert.ok(!unescaped(reply, '_now_'), reply);
    assert.ok(reply.includes('IT notice') && reply.includes('sign in again'), 'the words are still shown');
  });

  it('an unresolved name typed by the caller comes back escaped too', async () => {
    const result = await post(running.bot.url, message('status of site [Berlin](https://evil.example.com)', { from: PEOPLE.alex, expectReplies: true }));
    assert.doesNotMatch(replyText(repliesOf(result)), LIVE_LINK);
  });

  it('escapeMarkdown: one line, every markdown character inert', () => {
    assert.equal(escapeMarkdown('a\nb\r\nc\u2028d'), 'a b c d');
    assert.equal(escapeMarkdown('**x** [y](z) `c` _i_ <b> # ~s~ |t|'), '\\*\\*x\\*\\* \\[y\\](z) \\`c\\` \\_i\\_ \\<b\\> \\# \\~s\\~ \\|t\\|');
    assert.equal(escapeMarkdown('alice@contoso.com'), 'alice@contoso.com');
  });
});
