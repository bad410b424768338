// `npm start` (after the build): the tray app where Electron can run, else `lantern serve` with one
// line saying why. The decision is scripts/start-decision.mjs; this file gathers the facts, does the
// step it names (fetch the Electron binary once, build better-sqlite3 for Electron once) and runs
// the result. Arguments (`npm start -- --port 5000`) go to `lantern serve`, or to the app.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, appEntry, electronBinary, electronVersion, hasDisplay, nativeBindingPath } from './electron-facts.mjs';
import { buildElectronNative, failureMessage } from './electron-native.mjs';
import { decideStart, headlessLine } from './start-decision.mjs';

const FETCH_TIMEOUT_MS = 120_000;
const args = process.argv.slice(2);
const version = electronVersion();
// The Electron build of better-sqlite3: the user's own (LANTERN_SQLITE_BINDING), else npm run electron:native's.
const native = process.env.LANTERN_SQLITE_BINDING || (version ? nativeBindingPath(version) : null);
const tried = { fetchFailed: false, nativeFailed: false };

function facts() {
  const app = appEntry();
  return {
    env: process.env,
    display: hasDisplay(),
    appEntry: app.main,
    appBuilt: app.built,
    electronBinary: electronBinary() !== null,
    nativeBuild: native !== null && existsSync(native),
    ...tried,
  };
}

/** The electron package's own installer (what its postinstall runs), bounded in time, its output shown. */
function fetchElectron() {
  if (!version) {
    tried.fetchFailed = true; // no electron package to fetch with: npm install
    return;
  }
  process.stderr.write(`Lantern: fetching the Electron ${version} binary (node node_modules/electron/install.js, at most ${FETCH_TIMEOUT_MS / 1000} s)\n`);
  const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'electron', 'install.js')], { stdio: 'inherit', timeout: FETCH_TIMEOUT_MS });
  tried.fetchFailed = r.status !== 0 || electronBinary() === null;
}

async function buildNative() {
  if (process.env.LANTERN_SQLITE_BINDING) {
    process.stderr.write(`Lantern: LANTERN_SQLITE_BINDING names ${process.env.LANTERN_SQLITE_BINDING}, which does not exist\n`);
    tried.nativeFailed = true;
    return;
  }
  process.stderr.write(`Lantern: building better-sqlite3 for Electron ${version} (npm run electron:native)\n`);
  const r = await buildElectronNative({ version });
  if (!r.ok) process.stderr.write(`${failureMessage(version, r.error)}\n`);
  tried.nativeFailed = !r.ok || !existsSync(native);
}

/** Runs the app on this checkout (package.json "main"), passing signals on, and exits as it does. */
function runElectron() {
  const env = { ...process.env, LANTERN_SQLITE_BINDING: native };
  delete env.ELECTRON_RUN_AS_NODE; // would turn the app into a plain Node process
  process.stderr.write(`Lantern: running the tray app (Electron ${version}, better-sqlite3 from ${path.relative(ROOT, native) || native})\n`);
  const child = spawn(electronBinary(), ['.', ...args], { cwd: ROOT, stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      // Ctrl-C in a terminal already reached the app (same process group).
      if (sig === 'SIGINT' && process.stdin.isTTY) return;
      child.kill(sig);
    });
  }
  child.on('error', (err) => {
    process.stderr.write(`Lantern: could not run Electron: ${err.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
}

/** Exactly what `lantern serve` runs: the built CLI, in this process, with these arguments. */
async function runHeadless(reason) {
  process.stdout.write(`${headlessLine(reason)}\n`);
  const bin = path.join(ROOT, 'bin', 'lantern.js');
  process.argv = [process.argv[0], bin, 'serve', ...args];
  await import(pathToFileURL(bin).href);
}

for (;;) {
  const step = decideStart(facts());
  if (step.action === 'fetch-electron') fetchElectron();
  else if (step.action === 'build-native') await buildNative();
  else if (step.action === 'electron') {
    runElectron();
    break;
  } else {
    await runHeadless(step.reason);
    break;
  }
}
