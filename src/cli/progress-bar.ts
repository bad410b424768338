import type { IndexProgress } from '../engine';

/** One line, redrawn in place with `\r`: `[#####-----] 48% 1200/2500 files 512.0/1060.3 MB`. */
export function renderProgress(p: IndexProgress, width = 30): string {
  const ratio = p.bytes > 0 ? Math.min(1, p.bytesDone / p.bytes) : p.files > 0 ? p.filesDone / p.files : 1;
  const filled = Math.round(ratio * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  return `[${bar}] ${String(Math.round(ratio * 100)).padStart(3)}% ${p.filesDone}/${p.files} files ${(p.bytesDone / 1e6).toFixed(1)}/${(p.bytes / 1e6).toFixed(1)} MB`;
}
