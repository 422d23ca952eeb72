// Shared pieces of the manifest tests: temp dirs, unzipping, and a guard that fails any attempt to
// reach the network while a package is built or validated.
import http from 'node:http';
import https from 'node:https';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import sinon from 'sinon';

export const BOT_ID = '3f2a9c1e-7b4d-4e8a-9c2f-1d6b8e0a5c47';

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'lyncops-manifest-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function unzip(zipPath: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(await readFile(zipPath));
  const files = new Map<string, Buffer>();
  for (const entry of Object.values(zip.files)) {
    if (!entry.dir) files.set(entry.name, await entry.async('nodebuffer'));
  }
  return files;
}

export interface NetworkGuard {
  /** Calls that tried to leave the machine (fetch, http.request, https.request, ...get). */
  attempts(): number;
  restore(): void;
}

export function guardNetwork(): NetworkGuard {
  const sandbox = sinon.createSandbox();
  const refuse = () => {
    throw new Error('network access during manifest packaging');
  };
  const stubs = [
    sandbox.stub(globalThis, 'fetch').callsFake(refuse),
    sandbox.stub(http, 'request').callsFake(refuse),
    sandbox.stub(http, 'get').callsFake(refuse),
    sandbox.stub(https, 'request').callsFake(refuse),
    sandbox.stub(https, 'get').callsFake(refuse),
  ];
  return { attempts: () => stubs.reduce((n, s) => n + s.callCount, 0), restore: () => sandbox.restore() };
}
