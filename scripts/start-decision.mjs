// `npm start` runs the tray app where Electron can run, else `lantern serve`. This is the decision,
// as a pure function of facts gathered by scripts/start.mjs: it names the next step (fetch the
// binary, build the native module, launch Electron, or run headless with the reason why).

/** An environment flag that is on: set, and not "", "0" or "false". */
export const flagOn = (value) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

/**
 * @param {import('./start-decision.d.mts').StartFacts} f
 * @returns {import('./start-decision.d.mts').StartStep}
 */
export function decideStart(f) {
  const headless = (reason) => ({ action: 'headless', reason });
  if (flagOn(f.env.LANTERN_HEADLESS)) return headless('LANTERN_HEADLESS is set');
  if (!f.display) return headless('no display (DISPLAY and WAYLAND_DISPLAY are unset), so no tray or window');
  if (!f.appEntry) return headless('package.json has no "main" (the tray app entry)');
  if (!f.appBuilt) return headless(`the tray app is not built (${f.appEntry} is missing)`);
  // Downloads (the binary, the native module or Electron's headers) come from GitHub and
  // electronjs.org: never in CI, never when the user said so, and only once per start.
  const noDownload = flagOn(f.env.CI) ? 'CI is set' : flagOn(f.env.ELECTRON_SKIP_BINARY_DOWNLOAD) ? 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' : null;
  if (!f.electronBinary) {
    if (f.fetchFailed) return headless('no Electron binary here (it downloads from GitHub, and that failed)');
    if (noDownload) return headless(`no Electron binary here (it downloads from GitHub; ${noDownload}, so not trying)`);
    return { action: 'fetch-electron' };
  }
  if (!f.nativeBuild) {
    if (f.nativeFailed) return headless('no Electron build of better-sqlite3 (npm run electron:native failed: it needs GitHub or electronjs.org)');
    if (noDownload) return headless(`no Electron build of better-sqlite3 (${noDownload}, so not building it; run npm run electron:native)`);
    return { action: 'build-native' };
  }
  return { action: 'electron' };
}

/** The one line `npm start` prints when it runs headless. */
export const headlessLine = (reason) => `Lantern: ${reason} — running headless: lantern serve`;
