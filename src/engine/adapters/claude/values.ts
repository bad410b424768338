/**
 * Small, allocation-light readers for untrusted JSON values, and the caps that keep copies of big
 * strings (hook stdout, bash output, attachments) out of events. Transcript fields are all optional
 * (FORMATS.md: "treat every field as optional"), so nothing here throws.
 */

export type Rec = Record<string, unknown>;

/** Strings copied into `system` event data are cut here (progress output, attachments, hook stdout). */
export const DATA_STRING_CAP = 4096;
/** Text of one `system` event (local command output, task output) is cut here. */
export const TEXT_CAP = 64 * 1024;
/**
 * Tool output and tool input strings are stored in full up to this size (almost all are), longer ones
 * keep their head and tail. The long tail of huge results (file dumps, logs) is most of the bytes of a
 * history and most of the cost of indexing it; its full text stays in the transcript at the line's offset.
 */
export const STORED_TEXT_CAP = 64 * 1024;
/** Excerpt of an unparsed line. */
export const EXCERPT_CAP = 200;
/** Titles are one line, at most this long. */
export const TITLE_CAP = 120;

const MAX_DEPTH = 3;
const MAX_ITEMS = 20;
const MAX_KEYS = 40;

export function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

export function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Cut a string to `max` chars, saying how much was cut. */
export function cap(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}… [+${s.length - max} chars]`;
}

/** Keep the first three quarters and the last quarter of `max` chars (a log's end is often what matters). */
export function clipMiddle(s: string, max: number): { text: string; omitted: number } {
  if (s.length <= max) return { text: s, omitted: 0 };
  const head = Math.floor((max * 3) / 4);
  const tail = max - head;
  const omitted = s.length - max;
  return { text: `${s.slice(0, head)}\n… [${omitted} chars omitted] …\n${s.slice(s.length - tail)}`, omitted };
}

/** `v` with every string longer than `max` clipped; the same object when nothing needed it (the common case). */
export function clipStrings(v: unknown, max: number, depth = 0): unknown {
  if (typeof v === 'string') return v.length > max ? clipMiddle(v, max).text : v;
  if (typeof v !== 'object' || v === null || depth > 8) return v;
  if (Array.isArray(v)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const c = clipStrings(v[i], max, depth + 1);
      if (c !== v[i]) (copy ??= v.slice())[i] = c;
    }
    return copy ?? v;
  }
  let copy: Rec | null = null;
  for (const k in v as Rec) {
    const orig = (v as Rec)[k];
    const c = clipStrings(orig, max, depth + 1);
    if (c !== orig) (copy ??= { ...(v as Rec) })[k] = c;
  }
  return copy ?? v;
}

/**
 * A bounded copy of a JSON value for `system` event data: strings capped, arrays and objects cut in
 * width and depth. Keys in `skip` are left out at the top level.
 */
export function summarize(v: unknown, skip?: ReadonlySet<string>, depth = 0): unknown {
  if (typeof v === 'string') return cap(v, DATA_STRING_CAP);
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    if (depth >= MAX_DEPTH) return `[array(${v.length})]`;
    const items = v.slice(0, MAX_ITEMS).map((x) => summarize(x, undefined, depth + 1));
    if (v.length > MAX_ITEMS) items.push(`[+${v.length - MAX_ITEMS} items]`);
    return items;
  }
  if (depth >= MAX_DEPTH) return '[object]';
  const out: Rec = {};
  let n = 0;
  for (const k in v) {
    if (skip?.has(k)) continue;
    if (++n > MAX_KEYS) {
      out['…'] = 'more keys';
      break;
    }
    out[k] = summarize((v as Rec)[k], undefined, depth + 1);
  }
  return out;
}

/** Same as summarize for a record, typed as a record. */
export function summarizeRec(v: Rec, skip?: ReadonlySet<string>): Rec {
  return summarize(v, skip) as Rec;
}

/** First line of a prompt, trimmed and cut, for a title; null when empty. */
export function titleOf(text: string): string | null {
  let start = 0;
  while (start < text.length && text.charCodeAt(start) <= 32) start++;
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  const line = text.slice(start, Math.min(end, start + TITLE_CAP * 2)).trim();
  if (!line) return null;
  return line.length > TITLE_CAP ? line.slice(0, TITLE_CAP) : line;
}

/** Index of the first non-whitespace char, or -1 for a blank string. Cheap on long lines. */
export function firstNonBlank(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) return i;
  }
  return -1;
}

/** `<tag>value</tag>` inside a small text, or undefined. */
export function tagValue(text: string, tag: string): string | undefined {
  const open = `<${tag}>`;
  const i = text.indexOf(open);
  if (i < 0) return undefined;
  const j = text.indexOf(`</${tag}>`, i + open.length);
  if (j < 0) return undefined;
  return text.slice(i + open.length, j).trim();
}

/** ISO timestamp → epoch ms, or null. */
export function parseTs(v: unknown): number | null {
  if (typeof v !== 'string') return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

/** Flatten tool_result / message content (string or blocks) to text; images become `[image]`. */
export function flattenContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  if (content.length === 1) return blockText(content[0]);
  const parts: string[] = [];
  for (const b of content) parts.push(blockText(b));
  return parts.join('\n');
}

function blockText(b: unknown): string {
  if (typeof b === 'string') return b;
  if (!isRec(b)) return '';
  const type = str(b.type);
  if (type === 'text') return str(b.text) ?? '';
  if (type === 'image') return '[image]';
  if (type === 'tool_reference') return `[tool_reference: ${str(b.tool_name) ?? ''}]`;
  // web_search_tool_result items
  if (type === 'web_search_result') return `${str(b.title) ?? ''} ${str(b.url) ?? ''}`.trim();
  return `[${type ?? 'block'}]`;
}
