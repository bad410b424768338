/**
 * Codex's `config.toml`: read it strictly, and set or remove its top-level `notify` key by editing
 * only that key's text, so every other byte (comments, order, quoting, blank lines) stays as it was.
 *
 * smol-toml (a small, dependency-free, spec-complete TOML 1.0 parser) is the judge: it rejects a
 * broken file with a line and column, finds where the `notify` value ends (a multi-line array with
 * comments inside is still one value), and every edit is parsed again and must read back as exactly
 * the intended document before anything is written. Writing TOML ourselves would either reformat the
 * user's file (a serializer) or guess at its grammar (hand-rolled scanning).
 */
import { parse, TomlError } from 'smol-toml';
import { HooksError } from './lantern-hooks';

export type TomlTable = Record<string, unknown>;

/** Parse, or throw a HooksError naming the file, line and column. */
export function parseToml(text: string, file: string): TomlTable {
  try {
    return parse(text) as TomlTable;
  } catch (err) {
    if (err instanceof TomlError) {
      const first = err.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
      throw new HooksError(`${file} is not valid TOML: ${first} at line ${err.line}, column ${err.column}. Nothing was changed.`);
    }
    throw err;
  }
}

/** A TOML array of basic strings; JSON's string escapes are all valid TOML escapes. */
export function tomlStringArray(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** Canonical JSON with sorted keys (TOML dates as ISO text), to compare documents. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (typeof v === 'object' && v !== null) {
    const o = v as TomlTable;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function tryParse(text: string): TomlTable | null {
  try {
    return parse(text) as TomlTable;
  } catch {
    return null;
  }
}

function withKey(doc: TomlTable, key: string, value: unknown): TomlTable {
  const out = { ...doc };
  if (value === undefined) delete out[key];
  else out[key] = value;
  return out;
}

/** True when `text` parses to `doc` with `key` set to `value` (or removed, for undefined). */
function readsAs(text: string, doc: TomlTable, key: string, value: unknown): boolean {
  const got = tryParse(text);
  return got !== null && canonical(got) === canonical(withKey(doc, key, value));
}

export interface KeySpan {
  /** Start of the line holding `key =`. */
  lineStart: number;
  /** The value's text: [valueStart, valueEnd). */
  valueStart: number;
  valueEnd: number;
  /** End of the key's last line, its line break included. */
  lineEnd: number;
}

const PROBE = ['lantern-probe'];

/** Where the top-level `key = …` is written; null when the document has none. */
export function findTopLevelKey(text: string, doc: TomlTable, key: string): KeySpan | null {
  if (!Object.hasOwn(doc, key)) return null;
  const re = new RegExp(`^[ \\t]*(?:${key}|"${key}"|'${key}')[ \\t]*=[ \\t]*`, 'gm');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const lineStart = m.index;
    const valueStart = m.index + m[0].length;
    // The value ends on the first line where `v = <text so far>` parses (a multi-line array spans several).
    let lineEndPos = text.indexOf('\n', valueStart);
    for (let guard = 0; guard < 10_000; guard++) {
      let end = lineEndPos < 0 ? text.length : lineEndPos;
      if (end > valueStart && text[end - 1] === '\r') end--; // CRLF files
      if (tryParse(`v = ${text.slice(valueStart, end)}`)) {
        // Within that line, the shortest text that still parses: a trailing comment stays out of the value.
        let valueEnd = end;
        const lineBegin = text.lastIndexOf('\n', end - 1) + 1;
        for (let e = Math.max(valueStart + 1, lineBegin); e <= end; e++) {
          if (tryParse(`v = ${text.slice(valueStart, e)}`)) {
            valueEnd = e;
            break;
          }
        }
        const span = { lineStart, valueStart, valueEnd, lineEnd: lineEndPos < 0 ? text.length : lineEndPos + 1 };
        // Is this the top-level key (and not `notify` inside a table)? Replace it and see.
        if (readsAs(text.slice(0, valueStart) + tomlStringArray(PROBE) + text.slice(valueEnd), doc, key, PROBE)) return span;
        break;
      }
      if (lineEndPos < 0) break;
      lineEndPos = text.indexOf('\n', lineEndPos + 1);
    }
  }
  return null;
}

const eolOf = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

/**
 * The text with the top-level `key` set to a string array, touching only that key's value, or adding
 * one line: before the first table header when that reads back right, else at the top.
 */
export function setTopLevelArray(text: string, doc: TomlTable, key: string, values: readonly string[]): string {
  const rendered = tomlStringArray(values);
  const span = findTopLevelKey(text, doc, key);
  let next: string;
  if (span) {
    next = text.slice(0, span.valueStart) + rendered + text.slice(span.valueEnd);
  } else {
    const line = `${key} = ${rendered}${eolOf(text)}`;
    const at = insertionPoint(text);
    const before = at === null ? null : text.slice(0, at) + line + text.slice(at);
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    next = before !== null && readsAs(before, doc, key, values) ? before : text.slice(0, bom) + line + text.slice(bom);
  }
  if (!readsAs(next, doc, key, values)) throw new Error(`internal error: the edited ${key} does not read back as intended; nothing was written`);
  return next;
}

/**
 * Where a new top-level key reads best: after the last line of content above the first table header
 * (not between a table and the comments that introduce it), else right before that header; null
 * without a header. The caller checks that the result reads right (a `[` inside a multi-line string).
 */
function insertionPoint(text: string): number | null {
  const header = /^[ \t]*\[/m.exec(text);
  if (!header) return null;
  let at = header.index;
  while (at > 0) {
    const prevStart = text.lastIndexOf('\n', at - 2) + 1;
    const prev = text.slice(prevStart, at).trim();
    if (prev !== '' && !prev.startsWith('#')) return at;
    at = prevStart;
  }
  return header.index;
}

/** The text without the top-level `key`: its whole line(s) go. */
export function removeTopLevelKey(text: string, doc: TomlTable, key: string): string {
  const span = findTopLevelKey(text, doc, key);
  if (!span) return text;
  const next = text.slice(0, span.lineStart) + text.slice(span.lineEnd);
  if (!readsAs(next, doc, key, undefined)) throw new Error(`internal error: removing ${key} does not read back as intended; nothing was written`);
  return next;
}

/** The text with the top-level `key`'s value replaced by `valueText` (an earlier value, verbatim). */
export function restoreTopLevelValue(text: string, doc: TomlTable, key: string, valueText: string): string | null {
  const span = findTopLevelKey(text, doc, key);
  if (!span) return null;
  const next = text.slice(0, span.valueStart) + valueText + text.slice(span.valueEnd);
  return tryParse(next) ? next : null;
}

/** The verbatim text of the top-level `key`'s value, when it has one. */
export function topLevelValueText(text: string, doc: TomlTable, key: string): string | null {
  const span = findTopLevelKey(text, doc, key);
  return span ? text.slice(span.valueStart, span.valueEnd) : null;
}
