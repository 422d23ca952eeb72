// Connector and user-token clients are built once per app id, service URL and audience and reused
// by later turns, through the real CloudAdapter; a failed build is not remembered.
import { strict as assert } from 'node:assert';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import { loadConfig } from '../../bot/config';
import { reuseClients } from '../../bot/connector-cache';
import { createAdapter } from '../../bot/server';
import { silentLogger } from '../../migration/ports';
import { messageActivity } from './helpers/fakes';

type Authentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;
type Claims = Parameters<Authentication['createConnectorFactory']>[0];

const claims = (aud: string): Claims => ({ getClaimValue: (type: string) => (type === 'aud' ? aud : null) }) as unknown as Claims;

function fakeAuthentication(options: { failFirstCreate?: boolean } = {}) {
  const made = { connectors: 0, tokenClients: 0 };
  let failures = options.failFirstCreate ? 1 : 0;
  const factory = {
    create: async (serviceUrl: string, audience?: string) => {
      if (failures-- > 0) throw new Error('token endpoint unreachable');
      return { serviceUrl, audience, serial: ++made.connectors };
    },
  };
  const inner = {
    authenticateRequest: async () => ({ claimsIdentity: claims('app-1'), audience: 'channel', callerId: 'caller', connectorFactory: factory }),
    createConnectorFactory: () => factory,
    createUserTokenClient: async () => ({ serial: ++made.tokenClients }),
    getOriginatingAudience: () => 'origin',
  } as unknown as Authentication;
  return { inner, made };
}

describe('bot/connector-cache', () => {
  it('reuses the connector client per service URL and audience, and the user-token client per app id', async () => {
    const { inner, made } = fakeAuthentication();
    const auth = reuseClients(inner);
    const first = await auth.authenticateRequest(messageActivity('a') as never, '');
    const second = await auth.authenticateRequest(messageActivity('b') as never, '');
    const a = await first.connectorFactory!.create('https://smba.example/a/', 'channel');
    assert.equal(await second.connectorFactory!.create('https://smba.example/a/', 'channel'), a);
    assert.notEqual(await second.connectorFactory!.create('https://smba.example/b/', 'channel'), a);
    assert.notEqual(await second.connectorFactory!.create('https://smba.example/a/', 'other'), a);
    assert.equal(await auth.createConnectorFactory(claims('app-1')).create('https://smba.example/a/', 'channel'), a);
    assert.notEqual(await auth.createConnectorFactory(claims('app-2')).create('https://smba.example/a/', 'channel'), a);
    assert.equal(made.connectors, 4);
    assert.equal(await auth.createUserTokenClient(claims('app-1')), await auth.createUserTokenClient(claims('app-1')));
    assert.notEqual(await auth.createUserTokenClient(claims('app-2')), await auth.createUserTokenClient(claims('app-1')));
    assert.equal(made.tokenClients, 2);
    assert.equal(auth.getOriginatingAudience(), 'origin');
  });

  it('forgets a client whose creation failed, so the next turn builds it again', async () => {
    const { inner, made } = fakeAuthentication({ failFirstCreate: true });
    const factory = reuseClients(inner).createConnectorFactory(claims('app-1'));
    await assert.rejects(factory.create('https://smba.example/a/'), /unreachable/);
    const client = await factory.create('https://smba.example/a/');
    assert.equal(await factory.create('https://smba.example/a/'), client);
    assert.equal(made.connectors, 1);
  });

  it('hands later turns of the real adapter the client of the first turn to the same service URL', async () => {
    const adapter = createAdapter(loadConfig({ PORT: '0' }), silentLogger, () => 'en');
    const clients: unknown[] = [];
    const turn = (serviceUrl: string) =>
      adapter.handle('', messageActivity('hi', { serviceUrl }) as never, async (context: TurnContext) => {
        clients.push(context.turnState.get(adapter.ConnectorClientKey));
      });
    await turn('http://127.0.0.1:9/');
    await turn('http://127.0.0.1:9/');
    await turn('http://127.0.0.1:10/');
    assert.ok(clients[0]);
    assert.equal(clients[1], clients[0]);
    assert.notEqual(clients[2], clients[0]);
  });
});
