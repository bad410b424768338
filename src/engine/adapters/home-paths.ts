/**
 * Path joining for agent homes, shared by the adapters' `paths.ts`. Pure string work (no
 * node:path), so a Windows home read on any OS keeps its own separator and tests run anywhere.
 */
export type Env = Record<string, string | undefined>;

export function joinPath(base: string, ...rest: string[]): string {
  const sep = base.includes('\\') && !base.includes('/') ? '\\' : '/';
  const trimmed = base.length > 1 ? base.replace(/[\\/]+$/, '') : base;
  return [trimmed, ...rest].join(sep);
}
