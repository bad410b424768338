/**
 * Filler text for generated transcripts. Building every result word by word would dominate the
 * generator's time at 1 GB, so one pool of mixed prose, code and log output (with the quotes,
 * backslashes, tabs, newlines and non-ASCII characters real results carry) is made once per seed
 * and results are slices of it. Only BMP characters are used, so a slice never splits a pair.
 */
import type { Rng } from './prng';

const WORDS = (
  'the a of to and in is it that for on with as this be are was by not or from at an have but can all ' +
  'file function value error test build config module import export return type string number request ' +
  'response session agent server client index store event watcher offset line buffer cache token usage ' +
  'update check fix run read write parse render state queue batch commit transaction schema migration'
).split(' ');
/** Non-ASCII words, mixed into about one block in ten (real transcripts: roughly 10–20% of lines carry some). */
const INTL_WORDS = [...WORDS, ...'résumé naïve café über straße — → ✓ 日本語 設定 ファイル проверка'.split(' ')];
const INTL_BLOCK_CHANCE = 0.1;
const INTL_SENTENCE_CHANCE = 0.05;
const IDENTS = ['handleRequest', 'parseLine', 'readChunk', 'commitBatch', 'openStore', 'applyPatch', 'emitEvent', 'resolvePath', 'loadConfig', 'formatBytes'];
const PATHS = ['src/engine/store.ts', 'src/app/routes.tsx', 'lib/util/strings.js', 'test/parser.test.ts', 'README.md', 'package.json', 'docs/guide.md', 'scripts/build.mjs'];

function sentence(rng: Rng, intl = rng.chance(INTL_SENTENCE_CHANCE)): string {
  const n = rng.int(4, 18);
  const words: string[] = [];
  const from = intl ? INTL_WORDS : WORDS;
  for (let i = 0; i < n; i++) words.push(rng.pick(from));
  words[0] = words[0][0].toUpperCase() + words[0].slice(1);
  return words.join(' ') + rng.pick(['.', '.', '.', '?', ':', '!']);
}

function codeLine(rng: Rng, indent: number, intl: boolean): string {
  const pad = rng.chance(0.2) ? '\t'.repeat(indent) : '  '.repeat(indent);
  const id = rng.pick(IDENTS);
  switch (rng.int(0, 5)) {
    case 0:
      return `${pad}const ${id}Result = await ${id}(opts, "${rng.pick(WORDS)}");`;
    case 1:
      return `${pad}if (!${id}) throw new Error(\`${sentence(rng, intl)}\`);`;
    case 2:
      return `${pad}// ${sentence(rng, intl)}`;
    case 3:
      return `${pad}return { ok: true, path: "${rng.pick(PATHS)}", pattern: "\\\\d+\\\\.ts$" };`;
    case 4:
      return `${pad}export function ${id}(input: string): number {`;
    default:
      return `${pad}}`;
  }
}

function logLine(rng: Rng, intl: boolean): string {
  const ms = rng.int(0, 9999);
  return `${rng.pick(['INFO', 'WARN', 'DEBUG', 'ERROR'])} [${rng.pick(PATHS)}:${rng.int(1, 400)}] ${sentence(rng, intl)} (${ms}ms)`;
}

export interface TextPool {
  /** About `n` characters of filler (exactly n, cut from the pool). */
  text(rng: Rng, n: number): string;
  sentence(rng: Rng): string;
  path(rng: Rng): string;
}

export function createTextPool(rng: Rng, chars = 1 << 20): TextPool {
  const parts: string[] = [];
  let len = 0;
  while (len < chars) {
    let block = '';
    const kind = rng.int(0, 2);
    const lines = rng.int(3, 30);
    const intl = rng.chance(INTL_BLOCK_CHANCE);
    for (let i = 0; i < lines; i++) {
      block += (kind === 0 ? sentence(rng, intl) : kind === 1 ? codeLine(rng, rng.int(0, 3), intl) : logLine(rng, intl)) + '\n';
    }
    parts.push(block, '\n');
    len += block.length + 1;
  }
  const pool = parts.join('');
  return {
    text(r, n) {
      if (n <= 0) return '';
      if (n >= pool.length) return pool.repeat(Math.ceil(n / pool.length)).slice(0, n);
      const start = Math.floor(r.next() * (pool.length - n));
      return pool.slice(start, start + n);
    },
    sentence: (r) => sentence(r),
    path: (r) => r.pick(PATHS),
  };
}
