/**
 * A service's `ExecStart=` as the argv systemd starts (man 5 systemd.service, "COMMAND LINES"):
 * no shell, words split on whitespace with double and single quotes and C-style backslash
 * escapes, `%` specifiers expanded per word. `$VAR` is left alone: the environment it reads is
 * the user manager's, which we cannot see.
 */

export interface UnitContext {
  /** The unit the line is in (`nightly.service`, `run@fix.service`): `%n`, `%N`, `%p`, `%i`. */
  unitName: string;
  home: string;
  user: string;
  uid: number;
}

/** `@`, `-`, `:`, `+`, `!`, `!!`: how to run it, not what to run. */
const PREFIX = /^[@\-:+!]+/;

/** The argv; `@` names argv[0] separately, which we drop: the program path says more. */
export function parseExecStart(value: string, ctx: UnitContext): string[] {
  const prefix = PREFIX.exec(value.trimStart())?.[0] ?? '';
  const words = splitExecWords(value.trimStart().slice(prefix.length)).map((w) => expandSpecifiers(w, ctx));
  return prefix.includes('@') ? [words[0], ...words.slice(2)].filter((w) => w !== undefined) : words;
}

const ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', s: ' ', '\\': '\\', '"': '"', "'": "'" };

/** Words as systemd's `extract_first_word` (unquote, C unescape) finds them; a bare `;` ends the command. */
export function splitExecWords(text: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      const [decoded, used] = unescapeAt(text, i + 1);
      word = (word ?? '') + decoded;
      i += used;
    } else if (quote) {
      if (c === quote) quote = null;
      else word = (word ?? '') + c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else word = (word ?? '') + c;
    if (word === ';' && !quote && (i + 1 === text.length || /\s/.test(text[i + 1]))) return words;
  }
  if (word !== null) words.push(word);
  return words;
}

/** The character an escape at `at` (just past the backslash) stands for, and how many characters it took. */
function unescapeAt(text: string, at: number): [string, number] {
  const c = text[at];
  if (Object.hasOwn(ESCAPES, c)) return [ESCAPES[c], 1];
  const hex = /^x([0-9a-fA-F]{2})/.exec(text.slice(at));
  if (hex) return [String.fromCharCode(parseInt(hex[1], 16)), 3];
  const octal = /^[0-7]{3}/.exec(text.slice(at));
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8)), 3];
  const unicode = /^(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/.exec(text.slice(at));
  if (unicode) return [String.fromCodePoint(parseInt(unicode[1] ?? unicode[2], 16)), unicode[0].length];
  return [c, 1]; // unknown escape: keep the character, as systemd's relaxed unescaping does
}

/** `%h`, `%u`, `%U`, `%n`, `%N`, `%p`, `%i`, `%I`, `%%`; any other specifier stays as written. */
export function expandSpecifiers(text: string, ctx: UnitContext): string {
  const dot = ctx.unitName.lastIndexOf('.');
  const base = dot > 0 ? ctx.unitName.slice(0, dot) : ctx.unitName;
  const at = base.indexOf('@');
  const prefix = at >= 0 ? base.slice(0, at) : base;
  const instance = at >= 0 ? base.slice(at + 1) : '';
  const values: Record<string, string> = {
    '%': '%',
    h: ctx.home,
    u: ctx.user,
    U: String(ctx.uid),
    n: ctx.unitName,
    N: base,
    p: prefix,
    i: instance,
    I: unescapeUnitName(instance),
  };
  return text.replace(/%(.)/g, (whole, c: string) => (Object.hasOwn(values, c) ? values[c] : whole));
}

/** systemd-escape's inverse: `-` was `/`, `\xNN` a byte. */
function unescapeUnitName(s: string): string {
  return s.replace(/-/g, '/').replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}
