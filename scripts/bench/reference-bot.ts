// The yardstick for the chat throughput benchmark: the smallest sensible Bot Framework bot on the
// same stack (CloudAdapter, restify 11 with bodyParser). Every message turn reads and writes
// conversation and user state in MemoryStorage and answers with an Adaptive Card of about 2 KB,
// about what a lyncops status turn does, minus the migration logic. Run as a process, it listens
// on PORT (0 = any free port), prints {"port": N} once listening and runs until SIGTERM.
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage, UserState, type TurnContext } from 'botbuilder';
import restify from 'restify';

/** An Adaptive Card of about 2 KB, shaped like a site status card. */
export function referenceCard(text: string, turn: number): Record<string, unknown> {
  const facts = Array.from({ length: 16 }, (_, i) => ({ title: `Fact ${i + 1}`, value: `value ${i + 1} of turn ${turn}, pool-${i}.contoso.local` }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: `Reply to "${text.slice(0, 100)}"`, weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts },
      { type: 'TextBlock', text: 'A paragraph of explanation, as a status card carries one for its next step.'.repeat(4), wrap: true, isSubtle: true },
      { type: 'TextBlock', text: `Turn ${turn}`, size: 'Small', isSubtle: true, wrap: true },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Refresh', verb: 'reference.refresh', data: { turn } },
      { type: 'Action.Execute', title: 'Details', verb: 'reference.details', data: { turn } },
    ],
  };
}

class ReferenceBot extends ActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly userState: UserState;

  constructor(storage: MemoryStorage) {
    super();
    this.conversationState = new ConversationState(storage);
    this.userState = new UserState(storage);
    const turns = this.conversationState.createProperty<number>('turns');
    const profile = this.userState.createProperty<{ messages: number; lastText: string }>('profile');
    this.onMessage(async (context, next) => {
      const turn = (await turns.get(context, 0)) + 1;
      await turns.set(context, turn);
      const seen = await profile.get(context, { messages: 0, lastText: '' });
      await profile.set(context, { messages: seen.messages + 1, lastText: context.activity.text ?? '' });
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard(referenceCard(context.activity.text ?? '', turn))] });
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
  }
}

export async function startReferenceBot(port: number): Promise<{ port: number; close(): Promise<void> }> {
  // No app id: unauthenticated local traffic, as lyncops accepts it without MicrosoftAppId.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ReferenceBot(new MemoryStorage());
  const server = restify.createServer({ name: 'reference-bot' });
  server.use(restify.plugins.bodyParser());
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return { port: address.port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

if (require.main === module) {
  startReferenceBot(Number(process.env.PORT ?? 0))
    .then(({ port }) => {
      // Runs until SIGTERM: it holds nothing worth a graceful stop.
      process.stdout.write(`${JSON.stringify({ port })}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
