/**
 * The Gemini CLI source: chats under `<gemini home>/tmp/<project>/chats/` (`.jsonl` appended, legacy `.json`
 * rewritten whole). Gemini homes are `$GEMINI_CLI_HOME/.gemini` and `~/.gemini` (unless `--no-default-dirs`)
 * plus every `--gemini-dir`. See README.md for the format quirks.
 */
import type { RootOptions, SourceAdapter, SourceFile, SourceProvider } from '../types';
import { createGeminiParser } from './parser';
import { classifyGeminiPath, defaultGeminiHomes, geminiTmpDir } from './paths';
import { fileContext } from './project';

export const geminiAdapter: SourceAdapter = {
  name: 'gemini',
  claims(path: string): SourceFile | null {
    const where = classifyGeminiPath(path);
    return where ? { path, adapter: 'gemini', mode: where.format === 'json' ? 'rewrite' : 'append' } : null;
  },
  createParser(file, saved) {
    const where = classifyGeminiPath(file.path);
    return createGeminiParser(file, saved, where ? fileContext(file.path, where) : {});
  },
};

/** The `tmp` dirs of every Gemini home this run reads. */
export function geminiDirs(opts: RootOptions): string[] {
  const homes = [...(opts.discoverRoots === false ? [] : defaultGeminiHomes(opts.env, opts.home)), ...(opts.geminiDirs ?? [])];
  return [...new Set(homes.map(geminiTmpDir))];
}

export const geminiSource: SourceProvider = {
  kind: 'gemini',
  dirs: geminiDirs,
  adapter: geminiAdapter,
};

export { createGeminiParser, type GeminiFileContext } from './parser';
export { classifyGeminiPath, defaultGeminiHomes, type GeminiPath } from './paths';
export { geminiUsage } from './tokens';
