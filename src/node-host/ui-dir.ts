/**
 * Where the built web UI is: `dist/ui` beside the bundle this code runs from. The CLI bundle is
 * split into chunks (`dist/chunks/*.js`), so look upwards from this module's own file rather than
 * assume a depth. Null when the UI has not been built (the server then shows a placeholder page).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function builtUiDir(from: string = import.meta.url): string | null {
  let dir = path.dirname(fileURLToPath(from));
  for (let i = 0; i < 4; i++) {
    for (const candidate of [path.join(dir, 'ui'), path.join(dir, 'dist', 'ui')]) {
      if (existsSync(path.join(candidate, 'index.html'))) return candidate;
    }
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return null;
}
