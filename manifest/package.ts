// Builds appPackage.zip (manifest.json, de-de.json, color.png, outline.png at the root), the file a
// Teams admin uploads. Everything is validated offline first; with any problem no zip is written.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { z } from 'zod';
import { commandMenu, type MenuCommand } from '../dialogs/menu';
import { silentLogger, type Logger } from '../migration/ports';
import { resolvePackageConfig, type PackageOptionsInput } from './config';
import { drawColorIcon, drawOutlineIcon } from './icons';
import { checkColorIcon, checkCommandLists, checkLocalization, checkOutlineIcon } from './package-checks';
import { validateAgainstBundledSchema } from './schema-check';
import { buildManifest, COLOR_ICON_FILE, GERMAN, MANIFEST_FILE, OUTLINE_ICON_FILE, type TeamsManifest } from './template';

export const PACKAGE_FILE = 'appPackage.zip';

export interface AppPackageOptions extends PackageOptionsInput {
  /** Directory the zip is written to (created when missing). */
  outDir: string;
  /** The command menu; the registry's by default. */
  menu?: readonly MenuCommand[];
  logger?: Logger;
}

export interface AppPackageResult {
  /** Where the zip is (or, when there are problems, would have been) written. */
  zipPath: string;
  /** The manifest as packaged; empty when the options themselves were invalid. */
  manifest: TeamsManifest | Record<string, never>;
  /** One line per problem ("<file> <path>: <message>"); empty when the zip was written. */
  problems: string[];
}

const i18nPair = z.object({ en: z.string(), de: z.string() });
const menuSchema = z.array(
  z.object({ intent: z.string().min(1), title: i18nPair, description: i18nPair, roles: z.array(z.string()).readonly() }),
);

// Fixed entry dates keep the zip byte-for-byte reproducible for the same inputs.
const ENTRY_DATE = new Date(Date.UTC(2013, 0, 1));

export async function buildAppPackage(options: AppPackageOptions): Promise<AppPackageResult> {
  const { outDir, menu, logger = silentLogger, ...configInput } = options;
  const zipPath = path.resolve(outDir, PACKAGE_FILE);
  const resolved = resolvePackageConfig(configInput);
  if (!resolved.ok) return { zipPath, manifest: {}, problems: resolved.problems };

  const parsedMenu = menuSchema.safeParse(menu ?? commandMenu());
  if (!parsedMenu.success) {
    return { zipPath, manifest: {}, problems: parsedMenu.error.issues.map((i) => `command menu ${i.path.join('.')}: ${i.message}`) };
  }

  const { config } = resolved;
  const { manifest, german } = buildManifest(config, parsedMenu.data);
  const files = {
    [MANIFEST_FILE]: Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'),
    [GERMAN.file]: Buffer.from(JSON.stringify(german, null, 2) + '\n', 'utf8'),
    [COLOR_ICON_FILE]: drawColorIcon(config.accentColor),
    [OUTLINE_ICON_FILE]: drawOutlineIcon(),
  };

  const problems = [
    ...(await validateAgainstBundledSchema('manifest', config.manifestVersion, manifest, MANIFEST_FILE)),
    ...(await validateAgainstBundledSchema('localization', config.manifestVersion, german, GERMAN.file)),
    ...checkCommandLists(manifest),
    ...checkLocalization(GERMAN.file, manifest, german),
    ...checkColorIcon(COLOR_ICON_FILE, files[COLOR_ICON_FILE]),
    ...checkOutlineIcon(OUTLINE_ICON_FILE, files[OUTLINE_ICON_FILE]),
  ];
  if (problems.length > 0) {
    logger.warn({ problems: problems.length, zipPath }, 'app package not written: validation failed');
    return { zipPath, manifest, problems };
  }

  const zip = new JSZip();
  for (const [name, bytes] of Object.entries(files)) zip.file(name, bytes, { date: ENTRY_DATE });
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  await mkdir(path.dirname(zipPath), { recursive: true });
  // Written beside the target and renamed, so an interrupted run never leaves half a package.
  const partial = `${zipPath}.${process.pid}.partial`;
  await writeFile(partial, bytes);
  await rename(partial, zipPath);
  logger.info({ zipPath, bytes: bytes.length, appId: manifest.id, version: manifest.version, manifestVersion: manifest.manifestVersion }, 'app package written');
  return { zipPath, manifest, problems: [] };
}
