// Forged and replayed card actions against the bot in this process (bot/compose startApp): unknown,
// expired, consumed and cancelled proposals, clicks by people who may not confirm, and payloads
// that break the action schema. Each is refused and audited (`proposal.*` / `cardAction.*` rows
// with outcome `refused`), and nothing starts: no job, no item, no simulator move.
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { auditSince, jobs, lastAuditId, snapshot, type AuditRow } from '../helpers/host/store-views';
import { cardInvoke, message, PEOPLE, post, proposalIdIn, repliesOf, replyText, type Person } from '../helpers/host/activities';
import { runningBotAndConnector } from '../helpers/host/app';

const INVALID = /no longer matches anything/;
const NOT_ADMIN = /Only migration admins can confirm or cancel/;

interface Click {
  status: number;
  card: unknown;
  text: string;
}

describe('robustness: forged and replayed card actions', function () {
  this.timeout(30_000);
  const running = runningBotAndConnector();

  const options = (from: Person) => ({ from, expectReplies: true, serviceUrl: running.connector.url });

  async function propose(text = 'move site Berlin to Lync 2013 force'): Promise<string> {
    const result = await post(running.bot.url, message(text, options(PEOPLE.alex)));
    return proposalIdIn(repliesOf(result));
  }

  /** An Action.Execute click; the invoke's own status and card come from the expectReplies body. */
  async function click(from: Person, verb: unknown, data: unknown, activity?: Record<string, unknown>): Promise<Click> {
    const result = await post(running.bot.url, activity ?? cardInvoke(verb, data, options(from)));
    assert.equal(result.status, 200, result.text.slice(0, 200));
    const replies = repliesOf(result);
    const response = replies.find((r) => r.type === 'invokeResponse')?.value as { status: number; body?: { value?: unknown } } | undefined;
    assert.ok(response, 'an invoke response');
    return { status: response.status, card: response.body?.value, text: replyText(replies) };
  }

  /** Runs `act` and checks that jobs, items, proposals and the simulator are exactly as before. */
  async function nothingStarted<T>(act: () => Promise<T>): Promise<T> {
    const before = snapshot(running.bot.dbFile);
    const result = await act();
    assert.deepEqual(snapshot(running.bot.dbFile), before, 'no job, no item, no move, proposal untouched');
    return result;
  }

  /** The proposal/cardAction/command audit rows written since `since`, in a comparable form. */
  function audit(since: number): Array<Pick<AuditRow, 'event' | 'outcome' | 'target'> & { actor: string }> {
    return auditSince(running.bot.dbFile, since)
      .filter((r) => /^(proposal|cardAction|command)\./.test(r.event))
      .map((r) => ({ event: r.event, outcome: r.outcome, target: r.target, actor: r.actor.id }));
  }

  async function finished(jobId: number): Promise<void> {
    for (let i = 0; i < 400; i++) {
      const job = jobs(running.bot.dbFile).find((j) => j.id === jobId);
      if (job && ['completed', 'completedWithErrors', 'cancelled'].includes(job.state)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    assert.fail(`job ${jobId} did not finish`);
  }

  /** The id of some job (one is confirmed first if there is none yet). */
  async function anyJobId(): Promise<string> {
    if (!jobs(running.bot.dbFile).length) await click(PEOPLE.alex, 'proposal.confirm', { verb: 'proposal.confirm', proposalId: await propose('run coexistence tests for site Berlin') });
    const job = jobs(running.bot.dbFile)[0];
    await finished(job.id);
    return String(job.id);
  }

  it('refuses and audits a confirm of an unknown proposal id', async () => {
    const since = lastAuditId(running.bot.dbFile);
    for (const id of ['999999', '0', '999999999999']) {
      const answer = await nothingStarted(() => click(PEOPLE.alex, 'proposal.confirm', { verb: 'proposal.confirm', proposalId: id }));
      assert.match(answer.text, new RegExp(`no confirmation ${id}`));
    }
    assert.deepEqual(audit(since), ['999999', '0', '999999999999'].map((target) => ({ event: 'proposal.confirmUnknown', outcome: 'refused', target, actor: PEOPLE.alex.aadObjectId })));
  });

  it('refuses and audits a cancel of an unknown proposal id', async () => {
    const since = lastAuditId(running.bot.dbFile);
    const answer = await nothingStarted(() => click(PEOPLE.alex, 'proposal.cancel', { verb: 'proposal.cancel', proposalId: '424242' }));
    assert.match(answer.text, /no confirmation 424242/);
    const rows = audit(since);
    assert.equal(rows.length, 1, 'one audit row for the refused cancel');
    assert.match(rows[0].event, /^proposal\./);
    assert.deepEqual([rows[0].outcome, rows[0].target], ['refused', '424242']);
  });

  it('refuses and audits a confirm after the proposal expired', async () => {
    const id = await propose();
    const since = lastAuditId(running.bot.dbFile);
    // Only Date moves (16 minutes, past the 15-minute lifetime); timers keep real time.
    const clock = sinon.useFakeTimers({ now: Date.now() + 16 * 60_000, toFake: ['Date'], shouldAdvanceTime: true });
    try {
      const answer = await nothingStarted(() => click(PEOPLE.alex, 'proposal.confirm', { verb: 'proposal.confirm', proposalId: id }));
      assert.match(JSON.stringify(answer.card), /expired/i);
    } finally {
      clock.restore();
    }
    assert.deepEqual(audit(since), [{ event: 'proposal.confirmExpired', outcome: 'refused', target: id, actor: PEOPLE.alex.aadObjectId }]);
  });

  it('starts exactly one job for a consumed proposal, however the confirm is replayed', async () => {
    const id = await propose('move sip:carol@contoso.com to Lync 2013 force');
    const original = cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId: id }, options(PEOPLE.alex));
    const first = await click(PEOPLE.alex, undefined, undefined, original);
    assert.match(JSON.stringify(first.card), /Queued as job/);
    const job = jobs(running.bot.dbFile).at(-1)!;
    await finished(job.id);

    const since = lastAuditId(running.bot.dbFile);
    await nothingStarted(async () => {
      for (let i = 0; i < 3; i++) assert.equal((await click(PEOPLE.alex, undefined, undefined, original)).status, 200);
      await Promise.all(Array.from({ length: 5 }, () => click(PEOPLE.alex, undefined, undefined, original)));
      // Other spellings of the same id reach the same consumed row.
      await click(PEOPLE.alex, 'proposal.confirm', { verb: 'proposal.confirm', proposalId: `00${id}` });
    });
    const rows = audit(since);
    assert.equal(rows.length, 9);
    // A retried invoke is normal Teams behaviour, so it is recorded as information, not as a refusal.
    assert.ok(rows.every((r) => r.event === 'proposal.confirmRepeated' && r.outcome === 'info'), JSON.stringify(rows.slice(0, 3)));
  });

  it('starts exactly one job when the same confirm arrives ten times at once', async () => {
    const id = await propose('move sip:alice@contoso.com to Lync 2013 force');
    const before = jobs(running.bot.dbFile).length;
    const invoke = cardInvoke('proposal.confirm', { verb: 'proposal.confirm', proposalId: id }, options(PEOPLE.alex));
    const answers = await Promise.all(Array.from({ length: 10 }, () => click(PEOPLE.alex, undefined, undefined, invoke)));
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(jobs(running.bot.dbFile).length, before + 1);
    await finished(jobs(running.bot.dbFile).at(-1)!.id);
  });

  it('refuses and audits a confirm of a cancelled proposal', async () => {
    const id = await propose();
    const cancelled = await click(PEOPLE.alex, 'proposal.cancel', { verb: 'proposal.cancel', proposalId: id });
    assert.match(JSON.stringify(cancelled.card), /cancel/i);
    const since = lastAuditId(running.bot.dbFile);
    const answer = await nothingStarted(() => click(PEOPLE.alex, 'proposal.confirm', { verb: 'proposal.confirm', proposalId: id }));
    assert.match(JSON.stringify(answer.card), /cancel/i);
    assert.deepEqual(audit(since), [{ event: 'proposal.confirmCancelled', outcome: 'refused', target: id, actor: PEOPLE.alex.aadObjectId }]);
  });

  it("refuses and audits alice confirming or cancelling someone else's proposal, by button, fallback or typed twin", async () => {
    const id = await propose();
    const since = lastAuditId(running.bot.dbFile);
    await nothingStarted(async () => {
      assert.match((await click(PEOPLE.alice, 'proposal.confirm', { verb: 'proposal.confirm', proposalId: id })).text, NOT_ADMIN);
      assert.match((await click(PEOPLE.alice, 'proposal.cancel', { verb: 'proposal.cancel', proposalId: id })).text, NOT_ADMIN);
      const submit = await post(running.bot.url, { ...message(undefined, options(PEOPLE.alice)), value: { verb: 'proposal.confirm', proposalId: id } });
      assert.match(replyText(repliesOf(submit)), NOT_ADMIN);
      const typed = await post(running.bot.url, message(`confirm ${id}`, options(PEOPLE.alice)));
      assert.match(replyText(repliesOf(typed)), /only migration admins/i);
    });
    const alice = PEOPLE.alice.aadObjectId;
    assert.deepEqual(audit(since), [
      { event: 'proposal.confirmRefused', outcome: 'refused', target: id, actor: alice },
      { event: 'proposal.cancelRefused', outcome: 'refused', target: id, actor: alice },
      { event: 'proposal.confirmRefused', outcome: 'refused', target: id, actor: alice },
      { event: 'command.refused', outcome: 'refused', target: null, actor: alice },
    ]);
  });

  it('refuses and audits a helpdesk user confirming proposals and acting on jobs', async () => {
    const jobId = await anyJobId();
    const id = await propose();
    const since = lastAuditId(running.bot.dbFile);
    await nothingStarted(async () => {
      assert.match((await click(PEOPLE.helga, 'proposal.confirm', { verb: 'proposal.confirm', proposalId: id })).text, NOT_ADMIN);
      assert.match((await click(PEOPLE.helga, 'proposal.cancel', { verb: 'proposal.cancel', proposalId: id })).text, NOT_ADMIN);
      for (const verb of ['job.cancel', 'job.retry']) assert.match((await click(PEOPLE.helga, verb, { verb, jobId })).text, /only migration admins/i);
    });
    const helga = PEOPLE.helga.aadObjectId;
    assert.deepEqual(audit(since), [
      { event: 'proposal.confirmRefused', outcome: 'refused', target: id, actor: helga },
      { event: 'proposal.cancelRefused', outcome: 'refused', target: id, actor: helga },
      { event: 'cardAction.refused', outcome: 'refused', target: jobId, actor: helga },
      { event: 'cardAction.refused', outcome: 'refused', target: jobId, actor: helga },
    ]);
  });

  describe('payloads that break the action schema', () => {
    let id: string;
    before(async () => {
      id = await propose();
    });

    const confirm = (proposalId: unknown): [unknown, unknown] => ['proposal.confirm', { verb: 'proposal.confirm', proposalId }];
    const cases: Record<string, () => [unknown, unknown]> = {
      'a numeric id': () => confirm(Number(id)),
      'an id in an array': () => confirm([id]),
      'a query operator as id': () => confirm({ $gt: '' }),
      'a null id': () => confirm(null),
      'no id at all': () => ['proposal.confirm', { verb: 'proposal.confirm' }],
      'data as a string': () => ['proposal.confirm', `proposal.confirm ${id}`],
      'data as null': () => ['proposal.confirm', null],
      'data as an array': () => ['proposal.confirm', [id]],
      'an unknown verb': () => ['proposal.approveAll', { verb: 'proposal.approveAll', proposalId: id }],
      'an admin-sounding verb': () => ['admin.grant', { verb: 'admin.grant', user: 'alice@contoso.com' }],
      'a verb in other case': () => ['PROPOSAL.CONFIRM', { proposalId: id }],
      'a verb with trailing space': () => ['proposal.confirm ', { proposalId: id }],
      'an SQL tautology id': () => confirm(`${id} OR 1=1`),
      'an SQL statement id': () => confirm(`${id}; DROP TABLE jobs;--`),
      'an SQL quote id': () => confirm(`${id}' OR '1'='1`),
      'an SQL union id': () => confirm(`${id}) UNION SELECT * FROM audit--`),
      'a PowerShell command id': () => confirm(`${id}'; Move-CsLegacyUser -Identity * -Target lync-ber.contoso.local; '`),
      'a PowerShell subexpression id': () => confirm('$(Stop-Computer -Force)'),
      'a PowerShell pipeline id': () => confirm(`${id} | Remove-CsUser`),
      'a negative id': () => confirm(`-${id}`),
      'a negative number': () => confirm(-1),
      'a 20-digit id': () => confirm('99999999999999999999'),
      'a huge number': () => confirm(1e308),
      'an exponent id': () => confirm('1e3'),
      'a hex id': () => confirm('0x1F'),
      'non-ASCII digits': () => confirm('\u0661\u0662'),
      'an id with a NUL': () => confirm(`${id}\u0000`),
      'an id with whitespace': () => confirm(` ${id}\n`),
      'a job verb with an SQL id': () => ['job.cancel', { verb: 'job.cancel', jobId: '1 OR 1=1' }],
      'a job verb with a negative id': () => ['job.retry', { verb: 'job.retry', jobId: '-1' }],
      'an unknown language': () => ['proposal.confirm', { verb: 'proposal.confirm', proposalId: id, lang: 'xx' }],
    };
    for (const [name, payload] of Object.entries(cases)) {
      it(`refuses and audits ${name}`, async () => {
        const since = lastAuditId(running.bot.dbFile);
        const [verb, data] = payload();
        const answer = await nothingStarted(() => click(PEOPLE.alex, verb, data));
        assert.match(answer.text, INVALID);
        assert.deepEqual(audit(since).map((r) => [r.event, r.outcome, r.actor]), [['cardAction.invalid', 'refused', PEOPLE.alex.aadObjectId]]);
      });
    }

    const envelopes: Record<string, unknown> = {
      'an Action.Submit inside an invoke': { action: { type: 'Action.Submit', verb: 'proposal.confirm', data: {} }, trigger: 'manual' },
      'no action': { trigger: 'manual' },
      'a string value': 'proposal.confirm',
      'a numeric verb': { action: { type: 'Action.Execute', verb: 42, data: {} } },
      'a 10 kB verb': { action: { type: 'Action.Execute', verb: 'v'.repeat(10_000), data: {} } },
      'an unknown trigger': { action: { type: 'Action.Execute', verb: 'proposal.confirm', data: {} }, trigger: 'sometimes' },
    };
    for (const [name, value] of Object.entries(envelopes)) {
      it(`answers 400 to an invoke with ${name}`, async () => {
        const invoke = { ...cardInvoke(undefined, undefined, options(PEOPLE.alex)), value };
        const answer = await nothingStarted(() => click(PEOPLE.alex, undefined, undefined, invoke));
        assert.equal(answer.status, 400);
      });
    }
  });
});
