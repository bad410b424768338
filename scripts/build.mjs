// Bundles the Node entry points with esbuild. Dependencies stay external (native better-sqlite3,
// chokidar) and are resolved from node_modules at run time.
import { build } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Commands import their implementation when they run: split chunks keep \`lantern --help\` and
  // \`lantern stats\` from loading the watcher, the schemas and the HTTP server.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  define: { __LANTERN_VERSION__: JSON.stringify(pkg.version) },
};

const entries = { cli: 'src/cli/main.ts', bench: 'bench/run.ts', 'bench-child': 'bench/child.ts' };
await build({
  ...common,
  entryPoints: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  outdir: 'dist',
});
