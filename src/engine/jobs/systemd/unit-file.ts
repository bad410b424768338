/**
 * systemd unit files (man 5 systemd.unit): `[Section]` headers, `Key=Value` lines, `#`/`;`
 * comments, a trailing backslash continuing a line. List settings accumulate in order and an
 * empty assignment (`OnCalendar=`) clears what came before, which is how drop-ins replace a
 * schedule; so every key keeps a list, and single-valued settings read its last entry.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export class UnitFile {
  readonly sections = new Map<string, Map<string, string[]>>();

  /** Every value of a key, in order (empty when unset or cleared). */
  get(section: string, key: string): string[] {
    return this.sections.get(section)?.get(key) ?? [];
  }

  /** The value that wins for a single-valued setting. */
  last(section: string, key: string): string | undefined {
    return this.get(section, key).at(-1);
  }

  /** Apply a file's text on top of what is here (a drop-in after the main file). */
  apply(text: string): this {
    let section: Map<string, string[]> | null = null;
    for (const line of logicalLines(text)) {
      const header = /^\[([^\]]+)\]$/.exec(line);
      if (header) {
        section = this.sections.get(header[1]) ?? new Map();
        this.sections.set(header[1], section);
        continue;
      }
      const eq = line.indexOf('=');
      if (eq <= 0 || !section) continue; // outside a section, or not an assignment: systemd ignores it too
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      if (value === '') section.set(key, []);
      else section.set(key, [...(section.get(key) ?? []), value]);
    }
    return this;
  }
}

export function parseUnitFile(text: string): UnitFile {
  return new UnitFile().apply(text);
}

/** Lines with comments dropped and continuations joined (systemd joins with a space). */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let pending: string | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('#') || line.startsWith(';')) continue; // also inside a continuation, as systemd does
    const joined: string = pending === null ? line : `${pending} ${line}`;
    if (joined.endsWith('\\')) {
      pending = joined.slice(0, -1).trimEnd();
      continue;
    }
    pending = null;
    if (joined !== '') out.push(joined);
  }
  if (pending !== null && pending !== '') out.push(pending);
  return out;
}

/**
 * `<dir>/<name>` with its drop-ins `<dir>/<name>.d/*.conf` applied in name order; null when the
 * unit file itself does not exist.
 */
export async function loadUnit(dir: string, name: string): Promise<UnitFile | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, name), 'utf8');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
  const unit = parseUnitFile(text);
  const dropInDir = path.join(dir, `${name}.d`);
  let names: string[] = [];
  try {
    names = (await readdir(dropInDir)).filter((n) => n.endsWith('.conf')).sort();
  } catch (err) {
    if (!isMissing(err)) throw err;
  }
  for (const n of names) unit.apply(await readFile(path.join(dropInDir, n), 'utf8'));
  return unit;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
