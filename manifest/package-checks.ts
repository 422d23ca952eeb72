// Checks the schemas cannot express: icon sizes and transparency, the command-menu limits, and
// that the German file translates every command of the manifest and nothing that is not there.
import { PNG } from 'pngjs';
import { MAX_COMMANDS_PER_SCOPE, MAX_DESCRIPTION_LENGTH, MAX_TITLE_LENGTH } from './command-lists';
import { COLOR_ICON_SIZE, OUTLINE_ICON_SIZE } from './icons';
import type { LocalizationFile, TeamsManifest } from './template';

interface DecodedPng {
  width: number;
  height: number;
  data: Buffer;
}

function decode(file: string, bytes: Buffer, problems: string[]): DecodedPng | null {
  try {
    return PNG.sync.read(bytes);
  } catch (e) {
    problems.push(`${file}: not a readable PNG (${(e as Error).message})`);
    return null;
  }
}

function checkSize(file: string, png: DecodedPng, size: number, problems: string[]): void {
  if (png.width !== size || png.height !== size) problems.push(`${file}: must be ${size}×${size} pixels, is ${png.width}×${png.height}`);
}

export function checkColorIcon(file: string, bytes: Buffer): string[] {
  const problems: string[] = [];
  const png = decode(file, bytes, problems);
  if (png) checkSize(file, png, COLOR_ICON_SIZE, problems);
  return problems;
}

/** Teams wants the outline icon white on transparent: any visible pixel must be white. */
export function checkOutlineIcon(file: string, bytes: Buffer): string[] {
  const problems: string[] = [];
  const png = decode(file, bytes, problems);
  if (!png) return problems;
  checkSize(file, png, OUTLINE_ICON_SIZE, problems);
  let transparent = 0;
  let visible = 0;
  let coloured = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    const alpha = png.data[i + 3];
    if (alpha === 0) transparent++;
    else visible++;
    if (alpha > 0 && (png.data[i] !== 255 || png.data[i + 1] !== 255 || png.data[i + 2] !== 255)) coloured++;
  }
  if (transparent === 0) problems.push(`${file}: needs a transparent background (no pixel has alpha 0)`);
  if (visible === 0) problems.push(`${file}: is fully transparent`);
  if (coloured > 0) problems.push(`${file}: ${coloured} visible pixels are not white`);
  return problems;
}

/** Teams limits beyond the schema: ten commands per scope, short titles and descriptions, unique titles. */
export function checkCommandLists(manifest: TeamsManifest): string[] {
  const problems: string[] = [];
  manifest.bots.forEach((bot, b) =>
    bot.commandLists.forEach((list, l) => {
      const at = `manifest.json bots[${b}].commandLists[${l}]`;
      if (list.commands.length > MAX_COMMANDS_PER_SCOPE) problems.push(`${at}.commands: ${list.commands.length} commands, at most ${MAX_COMMANDS_PER_SCOPE}`);
      const seen = new Set<string>();
      list.commands.forEach((c, i) => {
        if (Array.from(c.title).length > MAX_TITLE_LENGTH) problems.push(`${at}.commands[${i}].title: longer than ${MAX_TITLE_LENGTH} characters`);
        if (Array.from(c.description).length > MAX_DESCRIPTION_LENGTH) problems.push(`${at}.commands[${i}].description: longer than ${MAX_DESCRIPTION_LENGTH} characters`);
        if (!c.title.trim()) problems.push(`${at}.commands[${i}].title: is empty`);
        const key = c.title.toLowerCase();
        if (seen.has(key)) problems.push(`${at}.commands[${i}].title: duplicate title ${JSON.stringify(c.title)}`);
        seen.add(key);
      });
    }),
  );
  return problems;
}

const COMMAND_KEY = /^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\.(title|description)$/;
const APP_KEYS = ['name.short', 'name.full', 'description.short', 'description.full'];

/** Every command string of the manifest has a translation, and every key points at something real. */
export function checkLocalization(file: string, manifest: TeamsManifest, localization: LocalizationFile): string[] {
  const problems: string[] = [];
  for (const key of APP_KEYS) if (!localization[key]?.trim()) problems.push(`${file} ${key}: missing translation`);
  manifest.bots.forEach((bot, b) =>
    bot.commandLists.forEach((list, l) =>
      list.commands.forEach((_, c) => {
        for (const field of ['title', 'description']) {
          const key = `bots[${b}].commandLists[${l}].commands[${c}].${field}`;
          if (!localization[key]?.trim()) problems.push(`${file} ${key}: missing translation`);
        }
      }),
    ),
  );
  for (const [key, value] of Object.entries(localization)) {
    if (key === '$schema' || APP_KEYS.includes(key)) continue;
    const m = COMMAND_KEY.exec(key);
    if (!m) {
      problems.push(`${file} ${key}: not a key this app localizes`);
      continue;
    }
    const [b, l, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!manifest.bots[b]?.commandLists[l]?.commands[c]) problems.push(`${file} ${key}: the manifest has no such command`);
    const limit = m[4] === 'title' ? MAX_TITLE_LENGTH : MAX_DESCRIPTION_LENGTH;
    if (Array.from(value).length > limit) problems.push(`${file} ${key}: longer than ${limit} characters`);
  }
  return problems;
}
