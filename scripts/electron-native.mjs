// `npm run electron:native`: builds better-sqlite3 for the installed Electron into
// native/electron-<version>-<platform>-<arch>/better_sqlite3.node, which the tray app loads through
// better-sqlite3's `nativeBinding` option. node_modules/better-sqlite3/build keeps Node's build, so
// `npm test` and `lantern serve` (Node) and `npm start` (Electron) work from one checkout without
// rebuilding back and forth. The build runs on a copy of the package in a temp dir.
//
// It needs a connected machine: the prebuilt module comes from better-sqlite3's GitHub releases,
// else the module is compiled against Electron's headers from electronjs.org.
//
// Flags: --force (rebuild even when the file exists). Env: LANTERN_ELECTRON_HEADERS_URL (a mirror
// of https://electronjs.org/headers).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, electronVersion, nativeBindingPath } from './electron-facts.mjs';

const HEADERS_URL = 'https://electronjs.org/headers';

/**
 * The environment for prebuild-install and node-gyp. This machine's npm config has `nodedir=/usr`,
 * and `npm run` exports it as npm_config_nodedir: node-gyp then compiles against the headers in
 * /usr (Node's own) instead of downloading Electron's, and the result is silently a build for
 * Node's ABI that Electron refuses to load. So it goes, with the other settings that would
 * override the flags given below.
 */
function buildEnv() {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|build_from_source|runtime|target|arch|platform|disturl|dist_url)$/i.test(key)) delete env[key];
  }
  return env;
}

/** npm's bundled node-gyp: `npm run` names it in npm_config_node_gyp; else next to this node. */
function findNodeGyp() {
  const candidates = [
    process.env.npm_config_node_gyp,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  return candidates.find((file) => file && fs.existsSync(file)) ?? null;
}

/**
 * A module built for Electron must not load in Node: Node rejects its NODE_MODULE_VERSION (Electron's
 * ABI, node_modules/electron/abi_version). One that loads here was built for Node (the nodedir trap).
 */
function checkAbi(file, root) {
  const probe = spawnSync(process.execPath, ['-e', 'require(process.argv[1])', file], { encoding: 'utf8', timeout: 30_000 });
  if (probe.status === 0) return `the module loads in Node ${process.version}: it was built for Node's ABI, not Electron's (is npm_config_nodedir set?)`;
  let abi = null;
  try {
    abi = fs.readFileSync(path.join(root, 'node_modules', 'electron', 'abi_version'), 'utf8').trim();
  } catch {
    return null;
  }
  const found = /NODE_MODULE_VERSION (\d+)\./.exec(probe.stderr)?.[1];
  if (found && found !== abi) return `the module was built for NODE_MODULE_VERSION ${found}; this Electron needs ${abi}`;
  return null;
}

function run(label, args, options, log) {
  log(`electron:native: ${label}: ${[path.basename(args[0]), ...args.slice(1)].join(' ')}`);
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', ...options });
  if (r.error) return r.error.code === 'ETIMEDOUT' ? `timed out after ${options.timeout / 1000} s` : r.error.message;
  return r.status === 0 ? null : r.signal ? `killed by ${r.signal}` : `exit code ${r.status}`;
}

/** Is the headers server reachable at all? A quick answer instead of node-gyp hanging on a dead network. */
async function reachable(url) {
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) });
    return null;
  } catch (err) {
    return `${url} is unreachable (${err.cause?.code ?? err.cause?.message ?? err.message})`;
  }
}

/**
 * Builds (or finds) better-sqlite3 for Electron `version` on this platform and arch.
 * @returns {Promise<{ ok: true, file: string, built: boolean } | { ok: false, error: string }>}
 */
export async function buildElectronNative({ root = ROOT, version = electronVersion(root), force = false, log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const platform = process.platform;
  const arch = process.arch;
  if (!version) return { ok: false, error: 'the electron package is not installed (run npm install)' };
  const dest = nativeBindingPath(version, platform, arch, root);
  if (!force && fs.existsSync(dest)) return { ok: true, file: dest, built: false };
  const source = path.join(root, 'node_modules', 'better-sqlite3');
  if (!fs.existsSync(path.join(source, 'package.json'))) return { ok: false, error: 'node_modules/better-sqlite3 is missing (run npm install)' };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-electron-native-'));
  const work = path.join(tmp, 'better-sqlite3');
  const failures = [];
  try {
    // Everything but the Node build, so nothing of it can end up in the result.
    fs.cpSync(source, work, { recursive: true, filter: (src) => path.relative(source, src) !== 'build' });
    const built = path.join(work, 'build', 'Release', 'better_sqlite3.node');
    const env = buildEnv();
    const attempt = (label, failure) => {
      if (!failure && !fs.existsSync(built)) failure = `no ${path.relative(work, built)} after it`;
      if (!failure) failure = checkAbi(built, root);
      if (failure) failures.push(`${label}: ${failure}`);
      return !failure;
    };

    const requireHere = createRequire(path.join(source, 'package.json'));
    const prebuild = requireHere.resolve('prebuild-install/bin.js');
    const prebuildArgs = [prebuild, '--runtime', 'electron', '--target', version, '--arch', arch, '--platform', platform, '--verbose'];
    let ok = attempt('prebuild-install', run('prebuilt module', prebuildArgs, { cwd: work, env, timeout: 120_000 }, log));

    if (!ok) {
      const gyp = findNodeGyp();
      const distUrl = process.env.LANTERN_ELECTRON_HEADERS_URL || HEADERS_URL;
      const offline = gyp ? await reachable(`${distUrl}/v${version}/SHASUMS256.txt`) : 'not found (it ships with npm: run this as npm run electron:native)';
      if (offline) failures.push(`node-gyp: ${offline}`);
      else {
        fs.rmSync(path.join(work, 'build'), { recursive: true, force: true });
        const gypArgs = [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${version}`, `--arch=${arch}`, `--dist-url=${distUrl}`, '--jobs=max'];
        ok = attempt('node-gyp', run('compile against Electron headers', gypArgs, { cwd: work, env, timeout: 30 * 60_000 }, log));
      }
    }
    if (!ok) return { ok: false, error: failures.join('; ') };

    fs.mkdirSync(path.dirname(dest), { recursive: true });
    const partial = `${dest}.${process.pid}.tmp`;
    fs.copyFileSync(built, partial);
    fs.renameSync(partial, dest);
    return { ok: true, file: dest, built: true };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The line that says what failed and what it needs. */
export function failureMessage(version, error) {
  return (
    `electron:native: could not build better-sqlite3 for Electron ${version ?? '?'} (${process.platform}-${process.arch}): ${error}.\n` +
    'It needs a connected machine: the prebuilt module downloads from GitHub (WiseLibs/better-sqlite3 releases), ' +
    `or the module compiles against Electron's headers from ${HEADERS_URL}. ` +
    'npm test and lantern serve do not need it (they use the Node build).'
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const version = electronVersion();
  const result = await buildElectronNative({ version, force: process.argv.includes('--force') });
  if (result.ok) {
    process.stdout.write(`electron:native: ${result.built ? 'built' : 'already there (--force rebuilds)'}: ${path.relative(process.cwd(), result.file) || result.file}\n`);
  } else {
    process.stderr.write(`${failureMessage(version, result.error)}\n`);
    process.exitCode = 1;
  }
}
