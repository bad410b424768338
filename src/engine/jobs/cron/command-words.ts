/**
 * What a crontab's shell line tells us without running it: where its stdout goes (the job's log),
 * and a short name for it when no comment names it. Both come from shell-quote's words, not from a
 * shell: enough for the usual `cd repo && claude -p "…" >> ~/logs/x.log 2>&1`, never a full sh.
 */
import path from 'node:path';
import { parse, type ParseEntry } from 'shell-quote';

export interface ExpandContext {
  /** The crontab's HOME (cron's working directory and `~`). */
  home: string;
  /** Variables a `$NAME` in a redirection target may name; unknown ones stay as written. */
  vars: (name: string) => string | undefined;
}

type Word = string | { op: string } | { fd: number };

/**
 * Marks a file-descriptor number written against its operator (`2>`, `1>>`) so it can be told apart
 * from an argument (`echo 2 > f`): shell-quote returns both as the word `2`.
 */
const FD_MARK = '\u{E000}';

/** Redirections that can send stdout to a file (`>&` only when its target is not a descriptor). */
const STDOUT_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '>&']);
/** `&>` is bash (cron's /bin/sh may read it as `&` then `>`), but the author meant the file: it is the place to look. */
const REDIRECT_OPS = new Set([...STDOUT_OPS, '<', '<&', '<>', '<<<']);
const SEPARATORS = new Set(['&&', '||', ';', ';;', '|', '|&', '&', '(', ')']);

/** The file the line's stdout goes to: the first redirection of stdout, else a `| tee [-a] FILE`. */
export function stdoutLogPath(command: string, ctx: ExpandContext): string | null {
  const words = shellWords(command, ctx.vars);
  let cwd = ctx.home;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (typeof w === 'string' && w === 'cd' && startsCommand(words, i) && typeof words[i + 1] === 'string') {
      cwd = path.posix.resolve(cwd, expandTilde(words[i + 1] as string, ctx.home));
    }
    if (typeof w !== 'object' || !('op' in w) || !STDOUT_OPS.has(w.op)) continue;
    const before = words[i - 1];
    const fd = before && typeof before === 'object' && 'fd' in before ? before.fd : 1;
    const target = words[i + 1];
    if (fd !== 1 || typeof target !== 'string') continue;
    if (w.op === '>&' && /^(\d+|-)$/.test(target)) continue; // `>&2`: a descriptor, not a file
    return resolveTarget(target, cwd, ctx.home);
  }
  const tee = words.findIndex((w, i) => w === 'tee' && startsCommand(words, i));
  const file = tee >= 0 ? words.slice(tee + 1).find((w) => typeof w === 'string' && !w.startsWith('-')) : undefined;
  return typeof file === 'string' ? resolveTarget(file, cwd, ctx.home) : null;
}

/** Absolute, unless it still names a variable we could not expand: then as written, rather than a made-up path. */
function resolveTarget(target: string, cwd: string, home: string): string {
  const expanded = expandTilde(target, home);
  return expanded.includes('$') ? expanded : path.posix.resolve(cwd, expanded);
}

/** Wrappers that run the next word as the program; their own options are skipped. */
const WRAPPERS = new Set(['env', 'nice', 'nohup', 'exec', 'time', 'ionice', 'caffeinate', 'command', 'timeout']);
/** Steps that prepare rather than do the job: the label names the command after them. */
const SETUP = new Set(['cd', 'pushd', 'export', 'source', '.', 'sleep', 'set', 'umask', 'ulimit', 'test', '[', 'true', ':']);
const MAX_LABEL = 60;

/**
 * A short name for a crontab line: the program's name and its first argument that is not an option
 * (`claude Review open PRs`), from the first simple command that is not a setup step (`cd`, `export`,
 * `sleep`), past wrappers (`nice`, `timeout 30m`). `lantern run --tag T -- …` is named by its tag,
 * else by the command it wraps.
 */
export function commandLabel(command: string): string {
  const commands = simpleCommands(shellWords(command, (name) => `$${name}`));
  const main = commands.find((c) => c.length > 0 && !SETUP.has(c[0])) ?? commands.find((c) => c.length > 0);
  const label = main ? labelOf(main) : command.trim();
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}

function labelOf(words: string[]): string {
  let i = 0;
  while (i < words.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i])) i++;
  while (i < words.length && WRAPPERS.has(words[i])) {
    const wrapper = words[i++];
    while (i < words.length && (words[i].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[i]) || /^\d+$/.test(words[i]))) i++;
    if (wrapper === 'timeout' && i < words.length - 1) i++; // its duration
  }
  const program = path.posix.basename(words[i] ?? '');
  const args = words.slice(i + 1);
  if (program === 'lantern' && args[0] === 'run') {
    const tag = args.indexOf('--tag');
    if (tag >= 0 && args[tag + 1]) return args[tag + 1];
    const dashes = args.indexOf('--');
    if (dashes >= 0 && dashes < args.length - 1) return labelOf(args.slice(dashes + 1));
  }
  const arg = args.find((a) => !a.startsWith('-'));
  return (arg ? `${program} ${arg}` : program).replace(/\s+/g, ' ').trim();
}

/** The words of each simple command, without redirections. */
function simpleCommands(words: Word[]): string[][] {
  const out: string[][] = [[]];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (typeof w === 'string') out[out.length - 1].push(w);
    else if ('op' in w && REDIRECT_OPS.has(w.op)) i++; // and its target
    else if ('op' in w && SEPARATORS.has(w.op)) out.push([]);
  }
  return out;
}

function startsCommand(words: Word[], i: number): boolean {
  const before = words[i - 1];
  return i === 0 || (typeof before === 'object' && 'op' in before && SEPARATORS.has(before.op));
}

function shellWords(command: string, vars: (name: string) => string | undefined): Word[] {
  let entries: ParseEntry[];
  try {
    entries = parse(markDescriptors(command), (name: string) => vars(name) ?? `$${name}`);
  } catch {
    return []; // shell-quote gave up on the line: no log path, label from the raw text
  }
  const out: Word[] = [];
  for (const e of entries) {
    if (typeof e === 'string') out.push(e.startsWith(FD_MARK) ? { fd: Number(e.slice(FD_MARK.length)) } : e);
    else if ('comment' in e) break;
    else if (e.op === 'glob') out.push((e as { pattern: string }).pattern);
    else out.push({ op: e.op });
  }
  return out;
}

/** Prefixes `N` in `N>`, `N>>`, `N<` (outside quotes, at a word start) with FD_MARK. */
function markDescriptors(command: string): string {
  let out = '';
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (quote) {
      if (c === '\\' && quote === '"') out += c + (command[++i] ?? '');
      else out += c;
      if (c === quote) quote = null;
      continue;
    }
    if (c === '\\') {
      out += c + (command[++i] ?? '');
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    const atWordStart = i === 0 || /[\s;&|()]/.test(command[i - 1]);
    const fd = atWordStart ? /^\d+(?=[<>])/.exec(command.slice(i)) : null;
    if (fd) {
      out += FD_MARK + fd[0];
      i += fd[0].length - 1;
    } else out += c;
  }
  return out;
}

function expandTilde(p: string, home: string): string {
  if (p === '~') return home;
  return p.startsWith('~/') ? path.posix.join(home, p.slice(2)) : p;
}
