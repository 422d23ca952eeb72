// Configuration from the environment: defaults, typed values, one clear line per bad value or
// missing companion variable, and the service URL allowlist.
import { strict as assert } from 'node:assert';
import { ConfigError, configErrorLine, loadConfig, serviceUrlAllowed } from '../../bot/config';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    assert.ok(!error.message.includes('\n'), 'one line');
    return configErrorLine(error);
  }
  assert.fail(`accepted ${JSON.stringify(env)}`);
}

describe('bot/config', () => {
  it('applies the documented defaults to an empty environment', () => {
    const c = loadConfig({});
    assert.equal(c.port, 3978);
    assert.deepEqual(c.bot, { appId: '', appPassword: undefined, appType: 'MultiTenant', appTenantId: undefined });
    assert.equal(c.authEnabled, false);
    assert.deepEqual(c.auth, { mode: 'local' });
    assert.equal(c.listenHost, '127.0.0.1');
    assert.deepEqual(c.backend, { kind: 'simulated', moveLatencyMs: 250, transientFailureRate: 0.02, seed: undefined });
    assert.deepEqual(c.directory, { kind: 'static' });
    assert.deepEqual(c.store, { kind: 'sqlite', url: './data/lyncops.sqlite' });
    assert.equal(c.topologyFile, undefined);
    assert.deepEqual(c.jobs, { concurrencyPerPool: 4, maxAttempts: 5, leaseMs: 30_000, backoffBaseMs: 1000 });
    assert.equal(c.proposalTtlMs, 15 * 60_000);
    assert.equal(c.requireSecondApprover, false);
    assert.equal(c.notifyMovedUsers, true);
    assert.equal(c.cardUpdateIntervalMs, 2000);
    assert.equal(c.logLevel, 'info');
    assert.equal(c.secondApproverMinUsers, 25);
    assert.equal(c.pilotGroup, 'Pilot');
    assert.equal(loadConfig({ PILOT_GROUP: 'Lync Pilot' }).pilotGroup, 'Lync Pilot');
    const lab = { LYNCOPS_UNAUTHENTICATED: 'allow' };
    const graph = loadConfig({ ...lab, DIRECTORY: 'graph', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c', GRAPH_CLIENT_SECRET: 's' }).directory;
    assert.ok(graph.kind === 'graph');
    assert.equal(graph.baseUrl, 'https://graph.microsoft.com');
    assert.equal(graph.authorityHost, 'https://login.microsoftonline.com');
    assert.equal(graph.cacheTtlMs, 60_000);
    assert.deepEqual(loadConfig({ ...lab, LYNC_BACKEND: 'powershell', LYNC_PS_URI: 'https://lync/OcsPowershell' }).backend, {
      kind: 'powershell',
      pwshPath: 'pwsh',
      uri: 'https://lync/OcsPowershell',
      user: undefined,
      password: undefined,
      timeoutMs: 120_000,
      testCredentials: [],
    });
    assert.deepEqual(c.serviceUrlAllowlist, ['*.botframework.com', '*.teams.microsoft.com', 'smba.trafficmanager.net', 'localhost', '127.0.0.1', '[::1]']);
  });

  it('reads the test users\' accounts for the synthetic tests\' credential forms, and never echoes them in an error', () => {
    const lab = { LYNCOPS_UNAUTHENTICATED: 'allow', LYNC_BACKEND: 'powershell', LYNC_PS_URI: 'https://lync/OcsPowershell' };
    const accounts = JSON.stringify({ 'sip:Test-Ber-Ocs@contoso.com': { username: 'CONTOSO\\test-ber-ocs', password: 'pw-1' } });
    const backend = loadConfig({ ...lab, LYNC_TEST_CREDENTIALS: accounts }).backend;
    assert.deepEqual(backend.kind === 'powershell' && backend.testCredentials, [{ sip: 'test-ber-ocs@contoso.com', username: 'CONTOSO\\test-ber-ocs', password: 'pw-1' }]);
    for (const bad of ['{"test@contoso.com":{"username":"u"}}', 'not json secret-77', '{"nobody":{"username":"u","password":"secret-77"}}']) {
      const line = problem({ ...lab, LYNC_TEST_CREDENTIALS: bad });
      assert.match(line, /invalid configuration: LYNC_TEST_CREDENTIALS must be JSON: \{"<test user sip>": \{"username"/);
      assert.ok(!line.includes('secret-77'), 'the value is not echoed');
    }
  });

  it('moves the clock for tests only: an offset is refused next to MicrosoftAppId', () => {
    assert.equal(loadConfig({}).clockOffsetMs, 0);
    assert.equal(loadConfig({ LYNCOPS_TEST_CLOCK_OFFSET_MS: '-90000' }).clockOffsetMs, -90_000);
    assert.throws(() => loadConfig({ LYNCOPS_TEST_CLOCK_OFFSET_MS: 'soon' }), /LYNCOPS_TEST_CLOCK_OFFSET_MS must be an integer number of milliseconds/);
    assert.throws(
      () => loadConfig({ LYNCOPS_TEST_CLOCK_OFFSET_MS: '60000', MicrosoftAppId: 'app-id', MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: 'tenant' }),
      /LYNCOPS_TEST_CLOCK_OFFSET_MS is for tests only and is refused when MicrosoftAppId is set/,
    );
  });

  it('reads a full production-like environment into typed values', () => {
    const c = loadConfig({
      PORT: '8080',
      MicrosoftAppId: 'app-id',
      MicrosoftAppPassword: 'secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: 'tenant',
      LYNC_BACKEND: 'powershell',
      LYNC_PS_URI: 'https://lync-ber.contoso.local/OcsPowershell',
      LYNC_PS_USER: 'CONTOSO\\svc-lyncops',
      DIRECTORY: 'graph',
      GRAPH_TENANT_ID: 't',
      GRAPH_CLIENT_ID: 'c',
      GRAPH_CERTIFICATE_PATH: '/etc/lyncops/graph.pem',
      GRAPH_CACHE_TTL_SECONDS: '30',
      STORE_URL: 'postgres://lyncops@db/lyncops',
      ADMIN_USERS: 'sip:Alex.Wilber@contoso.com, 11111111-0000-0000-0000-000000000006',
      JOB_CONCURRENCY: '8',
      PROPOSAL_TTL_MINUTES: '5',
      REQUIRE_SECOND_APPROVER: 'yes',
      NOTIFY_MOVED_USERS: 'false',
      SIM_SEED: '-7',
      SIM_TRANSIENT_FAILURE_RATE: '0',
      LOG_LEVEL: 'debug',
    });
    assert.equal(c.port, 8080);
    assert.equal(c.authEnabled, true);
    assert.deepEqual(c.auth, { mode: 'token', allowedTenantIds: ['tenant', 't'] });
    assert.equal(c.listenHost, '0.0.0.0');
    assert.equal(c.backend.kind, 'powershell');
    assert.equal(c.directory.kind, 'graph');
    assert.equal(c.directory.kind === 'graph' && c.directory.cacheTtlMs, 30_000);
    assert.equal(c.store.kind, 'postgres');
    assert.deepEqual(c.access.adminUsers, ['alex.wilber@contoso.com', '11111111-0000-0000-0000-000000000006']);
    assert.equal(c.jobs.concurrencyPerPool, 8);
    assert.equal(c.proposalTtlMs, 5 * 60_000);
    assert.equal(c.requireSecondApprover, true);
    assert.equal(c.notifyMovedUsers, false);
    const simulator = loadConfig({ SIM_SEED: '-7', SIM_TRANSIENT_FAILURE_RATE: '0' }).backend;
    assert.ok(simulator.kind === 'simulated');
    assert.equal(simulator.seed, -7);
    assert.equal(simulator.transientFailureRate, 0);
    assert.deepEqual(c.serviceUrlAllowlist, ['*.botframework.com', '*.teams.microsoft.com', 'smba.trafficmanager.net'], 'no localhost once an app id is set');
  });

  it('treats empty variables as unset', () => {
    assert.equal(loadConfig({ PORT: '', LYNC_BACKEND: ' ' }).port, 3978);
  });

  const bad: Array<[Record<string, string>, string]> = [
    [{ LYNC_BACKEND: 'foo' }, 'lyncops: invalid configuration: LYNC_BACKEND must be one of simulated, powershell (got "foo")'],
    [{ PORT: 'eighty' }, 'lyncops: invalid configuration: PORT must be an integer between 0 and 65535 (got "eighty")'],
    [{ PORT: '70000' }, 'lyncops: invalid configuration: PORT must be an integer between 0 and 65535 (got "70000")'],
    [{ MicrosoftAppType: 'Anonymous' }, 'lyncops: invalid configuration: MicrosoftAppType must be one of MultiTenant, SingleTenant, UserAssignedMSI (got "Anonymous")'],
    [{ DIRECTORY: 'ldap' }, 'lyncops: invalid configuration: DIRECTORY must be one of static, graph (got "ldap")'],
    [{ SIM_MOVE_LATENCY_MS: '-1' }, 'lyncops: invalid configuration: SIM_MOVE_LATENCY_MS must be an integer between 0 and 600000 (got "-1")'],
    [{ SIM_TRANSIENT_FAILURE_RATE: '1.5' }, 'lyncops: invalid configuration: SIM_TRANSIENT_FAILURE_RATE must be a number between 0 and 1 (got "1.5")'],
    [{ SIM_SEED: 'abc' }, 'lyncops: invalid configuration: SIM_SEED must be an integer (got "abc")'],
    [{ JOB_CONCURRENCY: '0' }, 'lyncops: invalid configuration: JOB_CONCURRENCY must be an integer between 1 and 64 (got "0")'],
    [{ JOB_MAX_ATTEMPTS: '2.5' }, 'lyncops: invalid configuration: JOB_MAX_ATTEMPTS must be an integer between 1 and 100 (got "2.5")'],
    [{ JOB_LEASE_MS: '10' }, 'lyncops: invalid configuration: JOB_LEASE_MS must be an integer between 1000 and 3600000 (got "10")'],
    [{ JOB_BACKOFF_MS: 'soon' }, 'lyncops: invalid configuration: JOB_BACKOFF_MS must be an integer between 0 and 3600000 (got "soon")'],
    [{ PROPOSAL_TTL_MINUTES: '0' }, 'lyncops: invalid configuration: PROPOSAL_TTL_MINUTES must be an integer between 1 and 1440 (got "0")'],
    [{ REQUIRE_SECOND_APPROVER: 'maybe' }, 'lyncops: invalid configuration: REQUIRE_SECOND_APPROVER must be true or false (got "maybe")'],
    [{ NOTIFY_MOVED_USERS: '2' }, 'lyncops: invalid configuration: NOTIFY_MOVED_USERS must be true or false (got "2")'],
    [{ SERVICE_URL_ALLOWLIST: 'https://x.com/' }, 'lyncops: invalid configuration: SERVICE_URL_ALLOWLIST must be a comma-separated list of host names, optionally starting with "*." (got "https://x.com/")'],
    [{ CARD_UPDATE_INTERVAL_MS: '5' }, 'lyncops: invalid configuration: CARD_UPDATE_INTERVAL_MS must be an integer between 100 and 600000 (got "5")'],
    [{ LOG_LEVEL: 'loud' }, 'lyncops: invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    [{ GRAPH_BASE_URL: 'graph.microsoft.com' }, 'lyncops: invalid configuration: GRAPH_BASE_URL must be an http(s) URL (got "graph.microsoft.com")'],
    [{ GRAPH_AUTHORITY_HOST: 'ftp://login' }, 'lyncops: invalid configuration: GRAPH_AUTHORITY_HOST must be an http(s) URL (got "ftp://login")'],
    [{ GRAPH_CACHE_TTL_SECONDS: '-5' }, 'lyncops: invalid configuration: GRAPH_CACHE_TTL_SECONDS must be an integer between 0 and 86400 (got "-5")'],
    [{ PWSH_TIMEOUT_MS: '1' }, 'lyncops: invalid configuration: PWSH_TIMEOUT_MS must be an integer between 1000 and 3600000 (got "1")'],
    [{ LYNC_BACKEND: 'powershell', LYNC_PS_URI: 'lync-ber' }, 'lyncops: invalid configuration: LYNC_PS_URI must be an https URL (got "lync-ber")'],
    [{ LYNC_BACKEND: 'powershell', LYNC_PS_URI: 'http://lync-ber/OcsPowershell' }, 'lyncops: invalid configuration: LYNC_PS_URI must be an https URL (got "http://lync-ber/OcsPowershell")'],
  ];
  for (const [env, line] of bad) {
    it(`refuses ${Object.keys(env).join(', ')}=${Object.values(env).join(', ')} naming the variable`, () => {
      assert.equal(problem(env), line);
    });
  }

  it('enforces the cross-field rules', () => {
    assert.equal(problem({ DIRECTORY: 'graph' }), 'lyncops: invalid configuration: GRAPH_TENANT_ID is required when DIRECTORY=graph');
    assert.equal(problem({ DIRECTORY: 'graph', GRAPH_TENANT_ID: 't' }), 'lyncops: invalid configuration: GRAPH_CLIENT_ID is required when DIRECTORY=graph');
    assert.equal(
      problem({ DIRECTORY: 'graph', GRAPH_TENANT_ID: 't', GRAPH_CLIENT_ID: 'c' }),
      'lyncops: invalid configuration: GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH is required when DIRECTORY=graph',
    );
    assert.equal(problem({ LYNC_BACKEND: 'powershell' }), 'lyncops: invalid configuration: LYNC_PS_URI is required when LYNC_BACKEND=powershell');
    assert.equal(
      problem({ MicrosoftAppType: 'SingleTenant', MicrosoftAppId: 'a', MicrosoftAppPassword: 'p' }),
      'lyncops: invalid configuration: MicrosoftAppTenantId is required when MicrosoftAppType=SingleTenant',
    );
    assert.equal(problem({ MicrosoftAppId: 'a' }), 'lyncops: invalid configuration: MicrosoftAppPassword is required when MicrosoftAppId is set');
    assert.equal(
      problem({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: 'a', MicrosoftAppTenantId: 't', MicrosoftAppPassword: 'p' }),
      'lyncops: invalid configuration: MicrosoftAppPassword must be empty when MicrosoftAppType=UserAssignedMSI',
    );
    assert.equal(loadConfig({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: 'a', MicrosoftAppTenantId: 't' }).authEnabled, true);
  });

  it('never echoes a secret in the error line', () => {
    const line = problem({ MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppId: 'a', MicrosoftAppTenantId: 't', MicrosoftAppPassword: 'hunter2' });
    assert.doesNotMatch(line, /hunter2/);
  });

  it('names a rejected DASHBOARD_SECRET without repeating it', () => {
    const line = problem({ DASHBOARD_SECRET: 'too-short-but-secret' });
    assert.match(line, /DASHBOARD_SECRET must be at least 32 characters/);
    assert.doesNotMatch(line, /too-short-but-secret/);
  });

  describe('serviceUrlAllowed', () => {
    const defaults = loadConfig({}).serviceUrlAllowlist;
    it('accepts Teams and Bot Framework service URLs and the local connector', () => {
      for (const url of ['https://smba.trafficmanager.net/emea/', 'https://europe.webchat.botframework.com/', 'https://x.y.teams.microsoft.com/', 'http://localhost:56150/_connector', 'http://127.0.0.1:9/']) {
        assert.ok(serviceUrlAllowed(url, defaults), url);
      }
    });
    it('refuses other hosts, look-alikes, plain http off this machine and junk', () => {
      for (const url of ['https://evil.example.com/', 'https://botframework.com.evil.net/', 'https://evilbotframework.com/', 'http://smba.trafficmanager.net/', 'not a url', undefined]) {
        assert.ok(!serviceUrlAllowed(url, defaults), String(url));
      }
      assert.ok(!serviceUrlAllowed('http://localhost:56150/', loadConfig({ MicrosoftAppId: 'a', MicrosoftAppPassword: 'p', MicrosoftAppTenantId: 't' }).serviceUrlAllowlist));
    });
    it('uses a configured list instead of the defaults', () => {
      const list = loadConfig({ SERVICE_URL_ALLOWLIST: '*.contoso.com, bots.example.org' }).serviceUrlAllowlist;
      assert.ok(serviceUrlAllowed('https://teams.contoso.com/', list));
      assert.ok(serviceUrlAllowed('https://bots.example.org/', list));
      assert.ok(!serviceUrlAllowed('https://smba.trafficmanager.net/', list));
    });
  });
});
