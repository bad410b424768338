/** Where Lantern keeps its store, token and lock, by OS convention unless told otherwise. */
import os from 'node:os';
import path from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  if (env.LANTERN_DATA_DIR) return path.resolve(env.LANTERN_DATA_DIR);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Lantern');
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), 'Lantern');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'lantern');
}
