// What this checkout knows about running the tray app: where the Electron binary is (if it was
// downloaded), where the Electron build of better-sqlite3 goes, whether there is a display. Reads
// files only: it never `require('electron')`, whose index.js downloads the binary when it is missing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

const electronDir = (root) => path.join(root, 'node_modules', 'electron');

/** The installed `electron` package's version (the Electron the app is built for), or null. */
export function electronVersion(root = ROOT) {
  try {
    return JSON.parse(readFileSync(path.join(electronDir(root), 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/**
 * The Electron executable, or null when it is not on disk: `LANTERN_ELECTRON_BINARY` when set, else
 * what the `electron` package's install.js wrote (`path.txt` names the file under `dist/`, or under
 * `ELECTRON_OVERRIDE_DIST_PATH`, as the package's own index.js resolves it).
 */
export function electronBinary(env = process.env, root = ROOT) {
  if (env.LANTERN_ELECTRON_BINARY) return existsSync(env.LANTERN_ELECTRON_BINARY) ? env.LANTERN_ELECTRON_BINARY : null;
  let relative;
  try {
    relative = readFileSync(path.join(electronDir(root), 'path.txt'), 'utf8').trim();
  } catch {
    relative = null;
  }
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const file = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron');
    return existsSync(file) ? file : null;
  }
  if (!relative) return null;
  const file = path.join(electronDir(root), 'dist', relative);
  return existsSync(file) ? file : null;
}

/** Where `npm run electron:native` puts better-sqlite3 built for this Electron, platform and arch. */
export function nativeBindingPath(version, platform = process.platform, arch = process.arch, root = ROOT) {
  return path.join(root, 'native', `electron-${version}-${platform}-${arch}`, 'better_sqlite3.node');
}

/** A window can open: always on macOS and Windows; on Linux and the BSDs only with X11 or Wayland. */
export function hasDisplay(env = process.env, platform = process.platform) {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/** The tray app's entry (package.json "main", built by scripts/build.mjs): its path, and whether it is built. */
export function appEntry(root = ROOT) {
  let main;
  try {
    main = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).main;
  } catch {
    main = undefined;
  }
  if (typeof main !== 'string' || !main) return { main: null, built: false };
  return { main, built: existsSync(path.join(root, main)) };
}
