// The Teams app manifest and its German localization file, built from validated configuration and
// the registry's command menu. Pure: no I/O, so tests and the packager see the same objects.
import type { MenuCommand } from '../dialogs/menu';
import { buildCommandLists, type ScopedCommandList } from './command-lists';
import type { PackageConfig } from './config';
import { APP_TEXTS } from './texts';

export const MANIFEST_FILE = 'manifest.json';
export const COLOR_ICON_FILE = 'color.png';
export const OUTLINE_ICON_FILE = 'outline.png';
export const DEFAULT_LANGUAGE_TAG = 'en-us';
export const GERMAN = { languageTag: 'de-de', file: 'de-de.json' } as const;

const SCHEMA_BASE = 'https://developer.microsoft.com/json-schemas/teams';

export function manifestSchemaUrl(version: string): string {
  return `${SCHEMA_BASE}/v${version}/MicrosoftTeams.schema.json`;
}

export function localizationSchemaUrl(version: string): string {
  return `${SCHEMA_BASE}/v${version}/MicrosoftTeams.Localization.schema.json`;
}

export interface TeamsManifest {
  $schema: string;
  manifestVersion: string;
  version: string;
  id: string;
  localizationInfo: { defaultLanguageTag: string; additionalLanguages: Array<{ languageTag: string; file: string }> };
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string; mpnId?: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: string; outline: string };
  accentColor: string;
  bots: Array<{
    botId: string;
    scopes: string[];
    supportsFiles: boolean;
    isNotificationOnly: boolean;
    commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }>;
  }>;
  validDomains: string[];
  staticTabs?: Array<{ entityId: string; name: string; contentUrl: string; websiteUrl: string; scopes: string[] }>;
  webApplicationInfo?: { id: string; resource?: string };
  [key: string]: unknown;
}

/** Keys follow the Teams localization schema ("bots[0].commandLists[1].commands[2].title"). */
export type LocalizationFile = { $schema: string } & Record<string, string>;

export interface ManifestBundle {
  manifest: TeamsManifest;
  /** de-de.json */
  german: LocalizationFile;
  /** Which registry intents each commandList carries, in order (for checks and reports). */
  commandLists: ScopedCommandList[];
}

export function buildManifest(config: PackageConfig, menu: readonly MenuCommand[]): ManifestBundle {
  const lists = buildCommandLists(menu);
  const en = APP_TEXTS.en;
  const manifest: TeamsManifest = {
    $schema: manifestSchemaUrl(config.manifestVersion),
    manifestVersion: config.manifestVersion,
    version: config.version,
    id: config.appId,
    localizationInfo: { defaultLanguageTag: DEFAULT_LANGUAGE_TAG, additionalLanguages: [{ ...GERMAN }] },
    developer: {
      name: config.developer.name,
      websiteUrl: config.developer.websiteUrl,
      privacyUrl: config.developer.privacyUrl,
      termsOfUseUrl: config.developer.termsOfUseUrl,
      ...(config.developer.mpnId ? { mpnId: config.developer.mpnId } : {}),
    },
    name: { short: en.nameShort, full: en.nameFull },
    description: { short: en.descriptionShort, full: en.descriptionFull },
    icons: { color: COLOR_ICON_FILE, outline: OUTLINE_ICON_FILE },
    accentColor: config.accentColor,
    bots: [
      {
        botId: config.botId,
        scopes: lists.map((l) => l.scope),
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: lists.map((l) => ({ scopes: [l.scope], commands: l.en.map((c) => ({ ...c })) })),
      },
    ],
    ...(config.dashboardUrl ? { staticTabs: [migrationTab(config.dashboardUrl)] } : {}),
    validDomains: [...new Set([...config.validDomains, ...(config.dashboardUrl ? [new URL(config.dashboardUrl).hostname.toLowerCase()] : [])])],
    ...(config.webApplicationInfo ? { webApplicationInfo: { ...config.webApplicationInfo } } : {}),
  };
  return { manifest, german: germanLocalization(config.manifestVersion, lists), commandLists: lists };
}

/** The personal tab "Migration": the dashboard on the bot's host; Teams fills in the viewer's locale. */
export const MIGRATION_TAB_ID = 'migration';

function migrationTab(base: string): NonNullable<TeamsManifest['staticTabs']>[number] {
  return {
    entityId: MIGRATION_TAB_ID,
    name: 'Migration',
    contentUrl: `${base}/dashboard/?host=teams&lang={locale}`,
    websiteUrl: `${base}/dashboard/`,
    scopes: ['personal'],
  };
}

function germanLocalization(version: string, lists: readonly ScopedCommandList[]): LocalizationFile {
  const de = APP_TEXTS.de;
  const file: LocalizationFile = {
    $schema: localizationSchemaUrl(version),
    'name.short': de.nameShort,
    'name.full': de.nameFull,
    'description.short': de.descriptionShort,
    'description.full': de.descriptionFull,
  };
  lists.forEach((list, l) =>
    list.de.forEach((command, c) => {
      file[`bots[0].commandLists[${l}].commands[${c}].title`] = command.title;
      file[`bots[0].commandLists[${l}].commands[${c}].description`] = command.description;
    }),
  );
  return file;
}
