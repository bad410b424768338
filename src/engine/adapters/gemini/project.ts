/**
 * What the files around a Gemini chat tell, read when its parser is created (the parser itself stays pure):
 * the project's root, whether this file is a stale copy of a session migrated to another folder, and whether a
 * resumed `.jsonl` has its legacy `.json` beside it. All best effort: any error just leaves the field out.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { GeminiFileContext } from './parser';
import { isHashFolder, stemOf, type GeminiPath } from './paths';

interface Registry {
  mtimeMs: number;
  size: number;
  /** slug → project root */
  bySlug: Map<string, string>;
  /** sha256(root) (64 hex) and its first 16 → project root */
  byHash: Map<string, string>;
}

const registries = new Map<string, Registry>();

/**
 * `<gemini home>/projects.json`: `{"projects": {"<abs path>": "<slug>"}}` (FORMATS.md §6). Re-read when its size
 * or mtime changes.
 */
function registryOf(home: string): Registry | null {
  const file = path.join(home, 'projects.json');
  let st;
  try {
    st = statSync(file);
  } catch {
    registries.delete(home);
    return null;
  }
  const known = registries.get(home);
  if (known && known.mtimeMs === st.mtimeMs && known.size === st.size) return known;
  const reg: Registry = { mtimeMs: st.mtimeMs, size: st.size, bySlug: new Map(), byHash: new Map() };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    const projects = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>).projects : undefined;
    if (typeof projects === 'object' && projects !== null) {
      for (const [root, slug] of Object.entries(projects)) {
        if (typeof slug === 'string') reg.bySlug.set(slug, root);
        const hash = createHash('sha256').update(root).digest('hex');
        reg.byHash.set(hash, root);
        reg.byHash.set(hash.slice(0, 16), root);
      }
    }
  } catch {
    // unreadable or not JSON: no registry
  }
  registries.set(home, reg);
  return reg;
}

/** The project root for a `tmp/<project>` folder: the registry's, else the slug itself (never a bare hash). */
function projectRoot(where: GeminiPath): string | undefined {
  const reg = registryOf(path.dirname(where.tmpRoot));
  const root = reg?.bySlug.get(where.project) ?? reg?.byHash.get(where.project);
  if (root) return root;
  return isHashFolder(where.project) ? undefined : where.project;
}

/** Below `chats/`: `<name>` or `<parent>/<name>`. */
function relativeDir(where: GeminiPath): string {
  return where.kind === 'subagent' ? where.parentSessionId : '';
}

/**
 * A file in a hash folder whose session also sits in a slug folder of the same `tmp` (gemini-cli's migration
 * copies hash folders to slug folders; FORMATS.md §6): the slug copy is read, this one is a duplicate.
 */
function migratedCopy(where: GeminiPath): string | undefined {
  if (!isHashFolder(where.project)) return undefined;
  let folders: string[];
  try {
    folders = readdirSync(where.tmpRoot).sort();
  } catch {
    return undefined;
  }
  const stem = stemOf(where.name);
  for (const folder of folders) {
    if (folder === where.project || isHashFolder(folder)) continue;
    for (const ext of ['.jsonl', '.json']) {
      const candidate = path.join(where.tmpRoot, folder, 'chats', relativeDir(where), stem + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

export function fileContext(file: string, where: GeminiPath): GeminiFileContext {
  const ctx: GeminiFileContext = {};
  const cwd = projectRoot(where);
  if (cwd) ctx.cwd = cwd;
  const copy = migratedCopy(where);
  if (copy) ctx.duplicateOf = copy;
  if (where.format === 'jsonl' && existsSync(path.join(path.dirname(file), `${stemOf(where.name)}.json`))) ctx.legacyTwin = true;
  return ctx;
}
