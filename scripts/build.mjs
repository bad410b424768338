// Bundles the Node entry points with esbuild. Dependencies stay external (native better-sqlite3,
// chokidar) and are resolved from node_modules at run time.
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';

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

// The web UI: one browser bundle (app.js + app.css) and the page, into dist/ui, which `lantern
// serve` serves and the tray app's window loads. Dependencies (Preact, signals, marked, the
// virtualiser) are bundled in: nothing is fetched from outside the app at run time.
await build({
  entryPoints: { app: 'src/renderer/main.tsx' },
  outdir: 'dist/ui',
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync('src/renderer/index.html', 'dist/ui/index.html');

// The tray app (issue 6). Main: one ESM file (electron-store 11 is ESM-only; Electron 28+ loads an
// ESM main), Node 22 as in Electron 45, every package left to node_modules (better-sqlite3 is
// native). Preload: one CommonJS file, because sandboxed preloads cannot use ESM imports.
await build({
  ...common,
  splitting: false,
  target: 'node22',
  entryPoints: { main: 'src/main/main.ts' },
  outdir: 'dist/main',
  external: ['electron'],
});
await build({
  entryPoints: { preload: 'src/preload/preload.ts' },
  outdir: 'dist/preload',
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});
