// The app package end to end: built into a temp dir, unzipped and checked the way Teams would see
// it, with the network blocked so the offline promise is tested too.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { commandMenu } from '../../dialogs/menu';
import { fitDescription, fitTitle, MAX_COMMANDS_PER_SCOPE } from '../../manifest/command-lists';
import { DEFAULT_MANIFEST_VERSION } from '../../manifest/config';
import { buildAppPackage, type AppPackageResult } from '../../manifest/package';
import { validateAgainstBundledSchema } from '../../manifest/schema-check';
import type { LocalizationFile, TeamsManifest } from '../../manifest/template';
import { BOT_ID, guardNetwork, tempDir, unzip, type NetworkGuard } from './helpers';

describe('manifest/package buildAppPackage', () => {
  let out: Awaited<ReturnType<typeof tempDir>>;
  let network: NetworkGuard;
  let result: AppPackageResult;
  let files: Map<string, Buffer>;
  let manifest: TeamsManifest;
  let german: LocalizationFile;
  const menu = commandMenu();

  before(async () => {
    out = await tempDir();
    network = guardNetwork();
    result = await buildAppPackage({ outDir: out.dir, botId: BOT_ID, version: '2.1.0', validDomains: ['LyncOps.Example.com'] });
    files = await unzip(result.zipPath);
    manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as TeamsManifest;
    german = JSON.parse(files.get('de-de.json')!.toString('utf8')) as LocalizationFile;
  });

  after(async () => {
    network.restore();
    await out.remove();
  });

  it('writes appPackage.zip with exactly the four files at its root', () => {
    assert.deepEqual(result.problems, []);
    assert.equal(result.zipPath, path.join(out.dir, 'appPackage.zip'));
    assert.deepEqual([...files.keys()].sort(), ['color.png', 'de-de.json', 'manifest.json', 'outline.png']);
    assert.deepEqual(manifest, result.manifest);
  });

  it('validates against the bundled schema with zero errors and zero network requests', async () => {
    assert.deepEqual(await validateAgainstBundledSchema('manifest', DEFAULT_MANIFEST_VERSION, manifest, 'manifest.json'), []);
    // The library's own schema lookup from $schema resolves to the same bundled file.
    assert.deepEqual(await AppManifestUtils.validateAgainstSchema(manifest as unknown as Parameters<typeof AppManifestUtils.validateAgainstSchema>[0]), []);
    assert.equal(network.attempts(), 0);
  });

  it('describes the bot: configured ids, all three scopes, no files, conversational', () => {
    assert.equal(manifest.manifestVersion, DEFAULT_MANIFEST_VERSION);
    assert.equal(manifest.$schema, `https://developer.microsoft.com/json-schemas/teams/v${DEFAULT_MANIFEST_VERSION}/MicrosoftTeams.schema.json`);
    assert.equal(manifest.version, '2.1.0');
    assert.equal(manifest.name.short, 'LyncOps');
    assert.match(manifest.description.short, /OCS 2007 R2 to Lync Server 2013/);
    assert.match(manifest.description.full, /Office Communications Server \(OCS\) 2007 R2/);
    assert.match(manifest.description.full, /Lync Server 2013/);
    assert.deepEqual(manifest.validDomains, ['lyncops.example.com']);
    assert.deepEqual(manifest.localizationInfo, { defaultLanguageTag: 'en-us', additionalLanguages: [{ languageTag: 'de-de', file: 'de-de.json' }] });
    assert.equal(manifest.bots.length, 1);
    const [bot] = manifest.bots;
    assert.equal(bot.botId, BOT_ID);
    assert.deepEqual([...bot.scopes].sort(), ['groupChat', 'personal', 'team']);
    assert.equal(bot.supportsFiles, false);
    assert.equal(bot.isNotificationOnly, false);
  });

  it('has one commandList per scope, at most ten commands each, taken from the registry in its order', () => {
    const lists = manifest.bots[0].commandLists;
    assert.deepEqual(lists.map((l) => l.scopes), [['personal'], ['team'], ['groupChat']]);
    const byTitle = new Map(menu.map((c) => [fitTitle(c.title.en), c]));
    for (const list of lists) {
      assert.ok(list.commands.length > 0 && list.commands.length <= MAX_COMMANDS_PER_SCOPE, `${list.scopes[0]}: ${list.commands.length} commands`);
      const positions = list.commands.map((cmd) => {
        const source = byTitle.get(cmd.title);
        assert.ok(source, `"${cmd.title}" is not a registry menu command`);
        assert.equal(cmd.description, fitDescription(source.description.en));
        assert.ok(cmd.title.length <= 32 && cmd.description.length <= 128);
        return menu.indexOf(source);
      });
      assert.deepEqual(positions, [...positions].sort((a, b) => a - b), 'registry order');
      assert.ok(list.commands.some((c) => c.title === fitTitle(menu.find((m) => m.intent === 'help')!.title.en)), 'help is listed');
    }
    // A personal chat lists every command that every role may run.
    const everyone = menu.filter((c) => ['admin', 'helpdesk', 'user'].every((r) => c.roles.includes(r)));
    for (const c of everyone) assert.ok(lists[0].commands.some((cmd) => cmd.title === fitTitle(c.title.en)), c.intent);
  });

  it('localizes every command title and description in de-de.json, keyed the Teams way', async () => {
    assert.deepEqual(await validateAgainstBundledSchema('localization', DEFAULT_MANIFEST_VERSION, german, 'de-de.json'), []);
    assert.equal(german['name.short'], 'LyncOps');
    assert.match(german['description.short'], /Lync Server 2013/);
    const enToDe = new Map(menu.map((c) => [fitTitle(c.title.en), c]));
    manifest.bots[0].commandLists.forEach((list, l) =>
      list.commands.forEach((cmd, c) => {
        const source = enToDe.get(cmd.title)!;
        assert.equal(german[`bots[0].commandLists[${l}].commands[${c}].title`], fitTitle(source.title.de));
        assert.equal(german[`bots[0].commandLists[${l}].commands[${c}].description`], fitDescription(source.description.de));
      }),
    );
    const commandKeys = Object.keys(german).filter((k) => k.startsWith('bots['));
    const commandCount = manifest.bots[0].commandLists.reduce((n, l) => n + l.commands.length, 0);
    assert.equal(commandKeys.length, commandCount * 2);
  });

  it('draws a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = PNG.sync.read(files.get('color.png')!);
    assert.deepEqual([color.width, color.height], [192, 192]);
    const colours = new Set<string>();
    for (let i = 0; i < color.data.length; i += 4) colours.add(color.data.subarray(i, i + 3).toString('hex'));
    assert.ok(colours.has('0072c6') && colours.has('ffffff'), 'accent background with a white glyph');

    const outline = PNG.sync.read(files.get('outline.png')!);
    assert.deepEqual([outline.width, outline.height], [32, 32]);
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3];
      if (alpha === 0) transparent++;
      if (alpha === 255) opaque++;
      if (alpha > 0) assert.equal(outline.data.subarray(i, i + 3).toString('hex'), 'ffffff');
    }
    assert.ok(transparent > 200, `${transparent} transparent pixels`);
    assert.ok(opaque > 100, `${opaque} opaque pixels`);
  });

  it('is reproducible: the same options give the same zip bytes', async () => {
    const again = await tempDir();
    try {
      const second = await buildAppPackage({ outDir: again.dir, botId: BOT_ID, version: '2.1.0', validDomains: ['lyncops.example.com'] });
      assert.deepEqual(second.problems, []);
      assert.ok((await readFile(result.zipPath)).equals(await readFile(second.zipPath)));
    } finally {
      await again.remove();
    }
  });

  it('builds a local package with the placeholder bot id, an older schema version and webApplicationInfo', async () => {
    const local = await tempDir();
    try {
      const webApplicationInfo = { id: BOT_ID, resource: `api://lyncops.example.com/${BOT_ID}` };
      const res = await buildAppPackage({ outDir: local.dir, target: 'local', manifestVersion: '1.19', webApplicationInfo });
      assert.deepEqual(res.problems, []);
      const m = res.manifest as TeamsManifest;
      assert.deepEqual(m.webApplicationInfo, webApplicationInfo);
      assert.equal(m.bots[0].botId, '00000000-0000-0000-0000-000000000000');
      assert.equal(m.manifestVersion, '1.19');
      assert.ok(existsSync(res.zipPath));
      assert.equal(network.attempts(), 0);
    } finally {
      await local.remove();
    }
  });

  it('adds the personal tab "Migration" on the bot\'s host, joins the host to validDomains, and still validates offline', async () => {
    const tab = await tempDir();
    try {
      const webApplicationInfo = { id: BOT_ID, resource: `api://lyncops.example.com/${BOT_ID}` };
      const res = await buildAppPackage({ outDir: tab.dir, botId: BOT_ID, dashboardUrl: 'https://LyncOps.Example.com/', validDomains: ['bot.example.com'], webApplicationInfo });
      assert.deepEqual(res.problems, []);
      const m = JSON.parse((await unzip(res.zipPath)).get('manifest.json')!.toString('utf8')) as TeamsManifest;
      assert.deepEqual(m.staticTabs, [
        { entityId: 'migration', name: 'Migration', contentUrl: 'https://LyncOps.Example.com/dashboard/?host=teams&lang={locale}', websiteUrl: 'https://LyncOps.Example.com/dashboard/', scopes: ['personal'] },
      ]);
      assert.deepEqual(m.validDomains, ['bot.example.com', 'lyncops.example.com']);
      for (const version of ['1.17', DEFAULT_MANIFEST_VERSION] as const) {
        assert.deepEqual(await validateAgainstBundledSchema('manifest', version, { ...m, manifestVersion: version, $schema: `https://developer.microsoft.com/json-schemas/teams/v${version}/MicrosoftTeams.schema.json` }, 'manifest.json'), [], version);
      }
      assert.equal(network.attempts(), 0);
      const bad = await buildAppPackage({ outDir: tab.dir, botId: BOT_ID, dashboardUrl: 'http://lyncops.example.com/dashboard' });
      assert.ok(bad.problems.some((p) => p.startsWith('dashboardUrl:')), bad.problems.join('; '));
    } finally {
      await tab.remove();
    }
  });
});
