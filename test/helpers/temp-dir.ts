/** Real temporary directories for engine tests (STYLE.md practice 15: real files, not mocks). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh `lantern-*` directory under the OS temp dir, with a `cleanup()` that removes it recursively. */
export function tempDir(prefix = 'lantern-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
