// Throw-away SQLite database files for store tests: one fresh folder under the OS temp directory per
// call, removed (with its WAL and SHM side files) by cleanup().
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempDbFile {
  file: string;
  cleanup(): void;
}

export function tempDbFile(name = 'lyncops.db'): TempDbFile {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lyncops-store-'));
  // A nested path proves the store creates the parent folder of its file.
  const file = path.join(dir, 'data', name);
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
