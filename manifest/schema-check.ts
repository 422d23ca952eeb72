// Validates the manifest and the localization file against the Teams JSON schemas bundled with
// @microsoft/app-manifest. The schema is read from the package and handed over explicitly, so the
// library never takes its download path: packaging works offline and makes no network request.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppManifestUtils } from '@microsoft/app-manifest';

type ValidatedManifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
type ValidationSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

const SCHEMA_FILES = {
  manifest: 'MicrosoftTeams.schema.json',
  localization: 'MicrosoftTeams.Localization.schema.json',
} as const;
export type SchemaKind = keyof typeof SCHEMA_FILES;

/** Where the package keeps the Teams schema of a version, e.g. build/json-schemas/teams/v1.30/. */
export function bundledSchemaPath(kind: SchemaKind, version: string): string {
  const packageRoot = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  return path.join(packageRoot, 'build', 'json-schemas', 'teams', `v${version}`, SCHEMA_FILES[kind]);
}

const cache = new Map<string, Promise<Record<string, unknown>>>();

export function loadBundledSchema(kind: SchemaKind, version: string): Promise<Record<string, unknown>> {
  const file = bundledSchemaPath(kind, version);
  let schema = cache.get(file);
  if (!schema) {
    schema = readFile(file, 'utf8').then(
      (raw) => unicodeSafePatterns(JSON.parse(raw)) as Record<string, unknown>,
      (e: NodeJS.ErrnoException) => {
        cache.delete(file);
        throw new Error(e.code === 'ENOENT' ? `no bundled Teams ${kind} schema for v${version} (${file})` : `cannot read ${file}: ${e.message}`);
      },
    );
    cache.set(file, schema);
  }
  return schema;
}

/**
 * Ajv compiles patterns with the `u` flag, under which a lone "]" is a syntax error; the
 * localization schemas contain one (`...\b]\.description$`), which makes the validator throw.
 * Escaping such brackets keeps each pattern's meaning (without `u` a lone "]" is a literal).
 */
export function unicodeSafePattern(pattern: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
    } else if (ch === '[' && !inClass) {
      inClass = true;
      out += ch;
    } else if (ch === ']') {
      out += inClass ? ch : '\\]';
      inClass = false;
    } else {
      out += ch;
    }
  }
  return out;
}

function unicodeSafePatterns(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(unicodeSafePatterns);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'pattern' && typeof value === 'string') out[key] = unicodeSafePattern(value);
    else if (key === 'patternProperties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([p, sub]) => [unicodeSafePattern(p), unicodeSafePatterns(sub)]));
    } else out[key] = unicodeSafePatterns(value);
  }
  return out;
}

/**
 * One readable line per schema error: "<file> <path>: <message>", the path in the manifest's own
 * dotted notation (bots[0].botId) instead of a JSON pointer.
 */
export async function validateAgainstBundledSchema(kind: SchemaKind, version: string, document: object, fileName: string): Promise<string[]> {
  let schema: Record<string, unknown>;
  try {
    schema = await loadBundledSchema(kind, version);
  } catch (e) {
    return [`${fileName}: ${(e as Error).message}`];
  }
  const errors = await AppManifestUtils.validateAgainstSchema(document as ValidatedManifest, schema as unknown as ValidationSchema);
  return errors.map((line) => formatSchemaError(fileName, line));
}

// The library reports "<instancePath> <message>. Details: <params JSON>".
function formatSchemaError(fileName: string, line: string): string {
  const space = line.indexOf(' ');
  const pointer = space >= 0 ? line.slice(0, space) : line;
  const rest = space >= 0 ? line.slice(space + 1) : '';
  const detailAt = rest.lastIndexOf('. Details: ');
  const message = detailAt >= 0 ? rest.slice(0, detailAt) : rest;
  const details = detailAt >= 0 ? summariseDetails(rest.slice(detailAt + '. Details: '.length)) : '';
  return `${fileName} ${jsonPath(pointer)}: ${message.trim()}${details}`;
}

function summariseDetails(raw: string): string {
  try {
    const params = JSON.parse(raw) as Record<string, unknown>;
    if (typeof params.additionalProperty === 'string') return ` (${params.additionalProperty})`;
    if (Array.isArray(params.allowedValues)) return ` (allowed: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`;
  } catch {
    // Unparsable details add nothing a reader needs.
  }
  return '';
}

/** "/bots/0/commandLists/1/commands/2/title" -> "bots[0].commandLists[1].commands[2].title". */
export function jsonPath(pointer: string): string {
  if (!pointer || pointer === '/') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}
