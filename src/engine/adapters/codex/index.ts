/**
 * Placeholder provider for Codex: finds no dirs and claims no files until the adapter lands.
 */
import type { SourceProvider } from '../types';

export const codexSource: SourceProvider = {
  kind: 'codex',
  dirs: () => [],
  adapter: {
    name: 'codex',
    claims: () => null,
    createParser: () => {
      throw new Error('the codex adapter is not implemented yet');
    },
  },
};
