/**
 * Agent markdown → a small tree of safe nodes. Agent text is hostile input: marked's lexer only
 * tokenises it, and this module decides what each token may become. Raw HTML stays visible text,
 * links survive only for http(s)/mailto URLs, images are never loaded (they become text), and
 * the result holds strings only, which the renderer puts into text nodes. Nothing here produces
 * markup. Pure: no DOM, tested in Node (markdown.test.ts); MarkdownView.tsx maps it to VNodes.
 */
import { Lexer, type Token, type Tokens } from 'marked';
import { visibleControls } from './ansi';
import { safeHref } from './safe-url';

export type Align = 'left' | 'center' | 'right' | null;

export type MdNode =
  // Inline
  | { type: 'text'; text: string }
  | { type: 'codespan'; text: string }
  | { type: 'em' | 'strong' | 'del'; children: MdNode[] }
  | { type: 'link'; href: string; title: string | null; children: MdNode[] }
  /** A link whose target is a relative path: its text, not clickable (the path is kept for a tooltip). */
  | { type: 'inert-link'; href: string; children: MdNode[] }
  | { type: 'br' }
  /** Raw HTML from the source, shown as the text it is. */
  | { type: 'html'; text: string; block: boolean }
  // Block
  | { type: 'paragraph'; children: MdNode[] }
  | { type: 'heading'; depth: 1 | 2 | 3 | 4 | 5 | 6; children: MdNode[] }
  | { type: 'code'; text: string; lang: string | null }
  | { type: 'blockquote'; children: MdNode[] }
  | { type: 'list'; ordered: boolean; start: number | null; items: MdListItem[] }
  | { type: 'table'; align: Align[]; header: MdNode[][]; rows: MdNode[][][] }
  | { type: 'hr' };

export interface MdListItem {
  /** null: not a task item. */
  checked: boolean | null;
  children: MdNode[];
}

/** Longer text is not lexed: shown as plain text (the lexer's cost grows with it). */
export const MARKDOWN_MAX_CHARS = 200_000;
/** Deeper nesting (`>>>>>>…`, lists in lists) is flattened to its source text. */
const MAX_DEPTH = 24;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  para: '¶',
  sect: '§',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
};

/** Resolves HTML character references (`&amp;`, `&#39;`, `&#x1F600;`) as a browser would for text. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(code);
    }
    return NAMED[ref] ?? whole;
  });
}

const text = (s: string): MdNode => ({ type: 'text', text: visibleControls(s) });

function inline(tokens: Token[] | undefined, depth: number): MdNode[] {
  const out: MdNode[] = [];
  if (!tokens) return out;
  const add = (node: MdNode) => {
    // Adjacent text runs merge (fewer nodes to render).
    const last = out[out.length - 1];
    if (node.type === 'text' && last?.type === 'text') last.text += node.text;
    else out.push(node);
  };
  for (const t of tokens) {
    const node = inlineToken(t, depth);
    if (Array.isArray(node)) node.forEach(add);
    else if (node) add(node);
  }
  return out;
}

function inlineToken(token: Token, depth: number): MdNode | MdNode[] | null {
  if (depth > MAX_DEPTH) return text(token.raw ?? '');
  const t = token as Tokens.Generic;
  switch (t.type) {
    case 'text': {
      const tt = token as Tokens.Text;
      return tt.tokens && tt.tokens.length > 0 ? inline(tt.tokens, depth + 1) : text(decodeEntities(tt.text));
    }
    case 'escape':
      return text((token as Tokens.Escape).text);
    case 'codespan':
      return { type: 'codespan', text: visibleControls((token as Tokens.Codespan).text) };
    case 'em':
    case 'strong':
    case 'del':
      return { type: t.type, children: inline((token as Tokens.Em).tokens, depth + 1) };
    case 'br':
      return { type: 'br' };
    case 'html':
      return { type: 'html', text: visibleControls((token as Tokens.HTML).text), block: false };
    case 'link':
      return link(token as Tokens.Link, depth);
    case 'image': {
      const img = token as Tokens.Image;
      // Never loaded: the URL is shown as text.
      return text(`[image: ${decodeEntities(img.text)}](${img.href})`);
    }
    case 'checkbox':
      return text((token as Tokens.Checkbox).checked ? '☑ ' : '☐ ');
    default:
      // Anything unknown (an extension's token) shows its source.
      return typeof t.raw === 'string' && t.raw !== '' ? text(t.raw) : null;
  }
}

function link(token: Tokens.Link, depth: number): MdNode {
  // Autolinks keep their text literal; a written destination may use character references.
  const href = safeHref(token.autolink ? token.href : decodeEntities(token.href));
  const children = inline(token.tokens, depth + 1);
  if (href) return { type: 'link', href, title: token.title ? decodeEntities(token.title) : null, children };
  // Not a scheme we allow: a relative path keeps its text; anything with another scheme
  // (javascript:, data:, vbscript:, …) shows its whole source, inert, so the reader sees it.
  const target = decodeEntities(token.href);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(target.replace(/[\u0000-\u0020\u007f]/g, ''))) return { type: 'inert-link', href: visibleControls(target), children };
  return text(token.raw);
}

function blocks(tokens: Token[] | undefined, depth: number): MdNode[] {
  const out: MdNode[] = [];
  if (!tokens) return out;
  for (const t of tokens) {
    const node = blockToken(t, depth);
    if (node) out.push(node);
  }
  return out;
}

function blockToken(token: Token, depth: number): MdNode | null {
  if (depth > MAX_DEPTH) return { type: 'paragraph', children: [text(token.raw ?? '')] };
  const t = token as Tokens.Generic;
  switch (t.type) {
    case 'space':
    case 'def':
      return null;
    case 'paragraph':
      return { type: 'paragraph', children: inline((token as Tokens.Paragraph).tokens, depth + 1) };
    case 'text': {
      // Block-level text (tight list items): inline content.
      const tt = token as Tokens.Text;
      return { type: 'paragraph', children: tt.tokens ? inline(tt.tokens, depth + 1) : [text(decodeEntities(tt.text))] };
    }
    case 'heading': {
      const h = token as Tokens.Heading;
      const d = Math.min(6, Math.max(1, h.depth)) as 1 | 2 | 3 | 4 | 5 | 6;
      return { type: 'heading', depth: d, children: inline(h.tokens, depth + 1) };
    }
    case 'code': {
      const c = token as Tokens.Code;
      return { type: 'code', text: visibleControls(c.text), lang: c.lang ? c.lang.split(/\s/)[0] || null : null };
    }
    case 'blockquote':
      return { type: 'blockquote', children: blocks((token as Tokens.Blockquote).tokens, depth + 1) };
    case 'list': {
      const l = token as Tokens.List;
      return {
        type: 'list',
        ordered: l.ordered,
        start: l.ordered && typeof l.start === 'number' ? l.start : null,
        items: l.items.map((item) => ({
          checked: item.task ? Boolean(item.checked) : null,
          children: blocks(
            item.tokens.filter((x) => x.type !== 'checkbox'),
            depth + 1,
          ),
        })),
      };
    }
    case 'table': {
      const tb = token as Tokens.Table;
      return {
        type: 'table',
        align: tb.align.map((a) => a ?? null),
        header: tb.header.map((cell) => inline(cell.tokens, depth + 1)),
        rows: tb.rows.map((row) => row.map((cell) => inline(cell.tokens, depth + 1))),
      };
    }
    case 'hr':
      return { type: 'hr' };
    case 'html':
      return { type: 'html', text: visibleControls((token as Tokens.HTML).text.replace(/\n+$/, '')), block: true };
    default: {
      // An inline token at block level, or an unknown one: keep it as a paragraph.
      const node = inlineToken(token, depth);
      if (!node) return null;
      return { type: 'paragraph', children: Array.isArray(node) ? node : [node] };
    }
  }
}

/** Markdown source → safe nodes. Never throws: on any lexer failure the source is one text paragraph. */
export function markdownToTree(source: string): MdNode[] {
  if (source.length > MARKDOWN_MAX_CHARS) return [{ type: 'code', text: visibleControls(source), lang: null }];
  try {
    const tokens = new Lexer({ gfm: true, breaks: false, async: false }).lex(source);
    return blocks(tokens, 0);
  } catch {
    return [{ type: 'paragraph', children: [text(source)] }];
  }
}
