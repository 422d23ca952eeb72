// Proactive card edits and messages through the real CloudAdapter against a fake connector:
// the connector's 429 surfaces with its status and is retried; a 404 is not.
import { strict as assert } from 'node:assert';
import { loadConfig } from '../../bot/config';
import { ConversationPacer } from '../../bot/pacing';
import { ProactiveMessenger } from '../../bot/proactive';
import { createAdapter } from '../../bot/server';
import { silentLogger } from '../../migration/ports';
import { card } from './helpers/fakes';
import { startFakeConnector, type FakeConnector } from './helpers/http';

describe('bot/proactive (real adapter, fake connector)', () => {
  let connector: FakeConnector;
  let messenger: ProactiveMessenger;
  beforeEach(async () => {
    connector = await startFakeConnector();
    const config = loadConfig({});
    messenger = new ProactiveMessenger({
      adapter: createAdapter(config, silentLogger, () => 'en'),
      appId: '',
      pacer: new ConversationPacer(),
      logger: silentLogger,
      serviceUrlAllowed: () => true,
      retry: { attempts: 3, baseMs: 5, maxMs: 20 },
    });
  });
  afterEach(() => connector.close());

  const reference = () => ({ channelId: 'msteams', serviceUrl: connector.url, conversation: { id: 'conv-9' }, bot: { id: 'bot' }, user: { id: 'u' } });

  it('edits a card in place, retrying after a 429', async () => {
    connector.failNext.push(429);
    assert.equal(await messenger.updateCard(reference(), 'activity-5', card('Job 5: 40%')), true);
    const puts = connector.calls.filter((c) => c.method === 'PUT');
    assert.equal(puts.length, 2);
    assert.match(puts[1].path, /\/v3\/conversations\/conv-9\/activities\/activity-5$/);
    assert.deepEqual((puts[1].body.attachments as Array<{ content: unknown }>)[0].content, card('Job 5: 40%'));
  });

  it('does not retry a 404 and reports the failure without throwing', async () => {
    connector.failNext.push(404);
    assert.equal(await messenger.updateCard(reference(), 'gone', card('x')), false);
    assert.equal(connector.calls.length, 1);
  });

  it('sends a proactive message and returns its id', async () => {
    const id = await messenger.send(reference(), { text: 'You were moved to Lync 2013' });
    assert.equal(id, 'posted-1');
    assert.equal(connector.calls[0].body.text, 'You were moved to Lync 2013');
  });
});
