/**
 * Builds the CLI bundle once before any test file runs, so tests that drive `node bin/lantern.js`
 * as a real child process test the current source, and never race each other to build it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export default function setup(): void {
  execFileSync(process.execPath, [path.resolve(__dirname, '../scripts/build.mjs')], { stdio: 'inherit', cwd: path.resolve(__dirname, '..') });
}
