// What a broken configuration or manifest looks like to the operator: one readable line per
// problem, naming the field, and no zip left behind.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { commandMenu } from '../../dialogs/menu';
import { resolvePackageConfig, type PackageConfig } from '../../manifest/config';
import { checkCommandLists, checkLocalization, checkOutlineIcon } from '../../manifest/package-checks';
import { buildAppPackage } from '../../manifest/package';
import { jsonPath, unicodeSafePattern, validateAgainstBundledSchema } from '../../manifest/schema-check';
import { buildManifest } from '../../manifest/template';
import { drawColorIcon } from '../../manifest/icons';
import { BOT_ID, guardNetwork, tempDir, type NetworkGuard } from './helpers';

function config(overrides: Record<string, unknown> = {}): PackageConfig {
  const res = resolvePackageConfig({ botId: BOT_ID, ...overrides });
  if (!res.ok) throw new Error(res.problems.join('\n'));
  return res.config;
}

describe('manifest problems', () => {
  let network: NetworkGuard;
  before(() => {
    network = guardNetwork();
  });
  after(() => network.restore());

  it('rejects a bot id that is not a GUID with a readable line and writes no zip', async () => {
    const out = await tempDir();
    try {
      const res = await buildAppPackage({ outDir: out.dir, botId: 'lyncops-bot' });
      assert.deepEqual(res.problems, [`botId: must be the bot's MicrosoftAppId, a GUID like 6f1c2a9e-4b7d-4c1e-9a3f-2d8e5b7c1a40; got "lyncops-bot"`]);
      assert.equal(existsSync(res.zipPath), false);
    } finally {
      await out.remove();
    }
  });

  it('needs a real MicrosoftAppId for a tenant package, but not for a local one', () => {
    const missing = resolvePackageConfig({});
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.problems[0] : '', /^botId: is required to package for a tenant/);
    const placeholder = resolvePackageConfig({ botId: '00000000-0000-0000-0000-000000000000' });
    assert.match(!placeholder.ok ? placeholder.problems[0] : '', /^botId: is the local placeholder GUID/);
    assert.equal(resolvePackageConfig({ target: 'local' }).ok, true);
    const badLocal = resolvePackageConfig({ target: 'local', botId: 'x' });
    assert.equal(badLocal.ok, false);
  });

  it('reports every bad option at once, by path', () => {
    const res = resolvePackageConfig({
      botId: 'nope',
      appId: 'also-nope',
      version: '1.0',
      validDomains: ['https://lyncops.example.com/api'],
      developer: { privacyUrl: 'http://example.com/privacy' },
      accentColor: 'blue',
      manifestVersion: '1.18',
    });
    assert.equal(res.ok, false);
    const problems = !res.ok ? res.problems : [];
    for (const prefix of ['botId:', 'appId:', 'version:', 'validDomains[0]:', 'developer.privacyUrl:', 'accentColor:', 'manifestVersion:']) {
      assert.ok(problems.some((p) => p.startsWith(prefix)), `${prefix} in ${problems.join(' | ')}`);
    }
  });

  it('turns schema errors into "file path: message" lines', async () => {
    const { manifest } = buildManifest(config(), commandMenu());
    const broken = { ...manifest, accentColor: 'blue', bots: [{ ...manifest.bots[0], botId: 'not-a-guid' }] };
    const problems = await validateAgainstBundledSchema('manifest', '1.30', broken, 'manifest.json');
    assert.ok(problems.some((p) => /^manifest\.json bots\[0\]\.botId: must match pattern/.test(p)), problems.join('\n'));
    assert.ok(problems.some((p) => /^manifest\.json accentColor: must match pattern/.test(p)), problems.join('\n'));
    const extra = await validateAgainstBundledSchema('manifest', '1.30', { ...manifest, colour: 'x' }, 'manifest.json');
    assert.deepEqual(extra, ['manifest.json (root): must NOT have additional properties (colour)']);
    assert.equal(network.attempts(), 0);
  });

  it('finds missing and stray translations', () => {
    const { manifest, german } = buildManifest(config(), commandMenu());
    const partial = { ...german, 'bots[0].commandLists[2].commands[9].title': '' } as typeof german;
    delete partial['name.full'];
    partial['bots[0].commandLists[2].commands[11].title'] = 'Gibt es nicht';
    assert.deepEqual(checkLocalization('de-de.json', manifest, partial), [
      'de-de.json name.full: missing translation',
      'de-de.json bots[0].commandLists[2].commands[9].title: missing translation',
      'de-de.json bots[0].commandLists[2].commands[11].title: the manifest has no such command',
    ]);
    assert.deepEqual(checkLocalization('de-de.json', manifest, german), []);
  });

  it('enforces the Teams command-menu limits the schema leaves out', () => {
    const { manifest } = buildManifest(config(), commandMenu());
    const list = manifest.bots[0].commandLists[0];
    const crowded = { ...manifest, bots: [{ ...manifest.bots[0], commandLists: [{ ...list, commands: [...list.commands, list.commands[0], { title: 'x'.repeat(33), description: 'd' }] }] }] };
    const problems = checkCommandLists(crowded);
    assert.ok(problems.includes('manifest.json bots[0].commandLists[0].commands: 12 commands, at most 10'), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('commands[10].title: duplicate title')));
    assert.ok(problems.includes('manifest.json bots[0].commandLists[0].commands[11].title: longer than 32 characters'));
  });

  it('rejects an outline icon that is not white on transparent', () => {
    const problems = checkOutlineIcon('outline.png', drawColorIcon('#0072C6'));
    assert.ok(problems.includes('outline.png: must be 32×32 pixels, is 192×192'));
    assert.ok(problems.includes('outline.png: needs a transparent background (no pixel has alpha 0)'));
    assert.ok(problems.some((p) => /visible pixels are not white$/.test(p)));
    assert.deepEqual(checkOutlineIcon('outline.png', Buffer.from('not a png')).length, 1);
  });

  it('formats JSON pointers and keeps schema patterns compilable with the u flag', () => {
    assert.equal(jsonPath('/bots/0/commandLists/1/commands/2/title'), 'bots[0].commandLists[1].commands[2].title');
    assert.equal(jsonPath(''), '(root)');
    assert.equal(jsonPath('/a~1b/c~0d'), 'a/b.c~d');
    const pattern = '^activities.activityTypes\\[\\b([0-9]|1[0-9])\\b]\\.description$';
    assert.throws(() => new RegExp(pattern, 'u'));
    const safe = new RegExp(unicodeSafePattern(pattern), 'u');
    assert.ok(safe.test('activities.activityTypes[12].description'));
    assert.equal(safe.test('activities.activityTypes[12.description'), false);
    assert.equal(unicodeSafePattern('^[a-z\\]]+$'), '^[a-z\\]]+$');
  });
});
