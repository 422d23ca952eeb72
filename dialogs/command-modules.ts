// The command modules: every file in dialogs/commands/ is loaded, the way Hubot loads the scripts
// of its folder, so a new command is its file and no list names it. Run from the TypeScript
// sources (tsx) these are the .ts files, from tsc's output in dist/ the .js files (declarations and
// source maps are skipped). The bundled `lyncops` command has no folder to read: scripts/bundle-cli.ts
// replaces this module with one that requires the files found in dist/dialogs/commands when it bundles.
import fs from 'node:fs';
import path from 'node:path';

export interface CommandModule {
  file: string;
  exports: Readonly<Record<string, unknown>>;
}

export const COMMANDS_DIR = path.join(__dirname, 'commands');

/** The form this module was loaded in (.ts or .js); the command modules are loaded in the same. */
const EXTENSION = path.extname(__filename);

/** The module files of `dir`, by name. */
export function commandFiles(dir: string, extension = EXTENSION): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(extension) && !e.name.endsWith(`.d${extension}`))
    .map((e) => e.name)
    .sort();
}

export function loadCommandModules(dir = COMMANDS_DIR): CommandModule[] {
  return commandFiles(dir).map((file) => {
    // Loading by file name is the point: nothing lists the command modules.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path.join(dir, file)) as Record<string, unknown>;
    return { file, exports };
  });
}
