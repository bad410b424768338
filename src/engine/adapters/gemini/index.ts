/**
 * Placeholder provider for Gemini: finds no dirs and claims no files until the adapter lands.
 */
import type { SourceProvider } from '../types';

export const geminiSource: SourceProvider = {
  kind: 'gemini',
  dirs: () => [],
  adapter: {
    name: 'gemini',
    claims: () => null,
    createParser: () => {
      throw new Error('the gemini adapter is not implemented yet');
    },
  },
};
