#!/usr/bin/env node
// Builds dist/ with tsc (then bundles the command, dist/bot/cli.js, and the dashboard, dist/web) when it is missing or older than any source; dist/dialogs/commands is written afresh.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const marker = path.join(root, 'dist', 'bot', 'cli.js');
const dirs = ['bot', 'dialogs', 'migration', 'adapters', 'manifest', 'scripts', 'testkit', 'web'];
const webShell = path.join(root, 'dist', 'web', 'index.html');

function newestSource(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) return newest;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|css|html)$/.test(entry.name)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
const sources = Math.max(...dirs.map((d) => newestSource(path.join(root, d))), fs.statSync(path.join(root, 'tsconfig.json')).mtimeMs);
if (built < sources || !fs.existsSync(webShell)) {
  process.stderr.write('lyncops: building with tsc and esbuild ...\n');
  // Every module in dist/dialogs/commands is loaded as a command: none may be left from a removed source.
  fs.rmSync(path.join(root, 'dist', 'dialogs', 'commands'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit', cwd: root });
  execFileSync(process.execPath, [path.join(root, 'dist', 'scripts', 'bundle-cli.js')], { stdio: 'inherit', cwd: root });
  execFileSync(process.execPath, [path.join(root, 'dist', 'scripts', 'build-web.js')], { stdio: 'inherit', cwd: root });
  fs.utimesSync(marker, new Date(), new Date());
}
