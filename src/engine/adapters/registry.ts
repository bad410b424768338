/**
 * The agents Lantern reads besides Claude Code (whose roots also carry the session registry and
 * task dirs, so sources.ts resolves them itself). One line per agent (STYLE.md practice 12).
 */
import { codexSource } from './codex';
import { geminiSource } from './gemini';
import type { SourceProvider } from './types';

export const SOURCE_PROVIDERS: readonly SourceProvider[] = [codexSource, geminiSource];
