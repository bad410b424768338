#!/usr/bin/env node
// The `lantern` command: runs the bundle that `npm install` (prepare) or `npm run build` made.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('lantern: not built yet. Run `npm run build` (npm install does it) in the Lantern checkout.\n');
  process.exit(1);
}
await import(bundle.href);
