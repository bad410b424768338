import { describe, expect, it } from 'vitest';
import { decodeEntities, markdownToTree, MARKDOWN_MAX_CHARS, type MdNode } from '../../src/renderer/text/markdown';
import { safeHref, safeWebHref } from '../../src/renderer/text/safe-url';

/** Every node of a tree, depth first. */
function walk(nodes: MdNode[], out: MdNode[] = []): MdNode[] {
  for (const n of nodes) {
    out.push(n);
    if ('children' in n) walk(n.children, out);
    if (n.type === 'list') for (const item of n.items) walk(item.children, out);
    if (n.type === 'table') {
      for (const cell of n.header) walk(cell, out);
      for (const row of n.rows) for (const cell of row) walk(cell, out);
    }
  }
  return out;
}

/** The text a reader sees (what the renderer would put in text nodes). */
function textOf(nodes: MdNode[]): string {
  return walk(nodes)
    .map((n) => ('text' in n ? n.text : ''))
    .join('');
}

const links = (nodes: MdNode[]) => walk(nodes).filter((n): n is Extract<MdNode, { type: 'link' }> => n.type === 'link');

describe('markdown to a safe tree', () => {
  it('renders the usual structure', () => {
    const tree = markdownToTree(
      ['# Title', '', 'Some *em*, **strong**, ~~del~~ and `code`.', '', '- one', '- [x] done', '', '1. first', '', '> quoted', '', '```ts', 'const a = 1;', '```', '', '---', '', '| a | b |', '|:-|-:|', '| 1 | 2 |', '', 'line  ', 'break'].join('\n'),
    );
    expect(tree.map((n) => n.type)).toEqual(['heading', 'paragraph', 'list', 'list', 'blockquote', 'code', 'hr', 'table', 'paragraph']);
    const types = new Set(walk(tree).map((n) => n.type));
    for (const t of ['em', 'strong', 'del', 'codespan', 'br']) expect(types.has(t as MdNode['type'])).toBe(true);
    const code = tree[5];
    expect(code).toEqual({ type: 'code', text: 'const a = 1;', lang: 'ts' });
    const list = tree[2];
    if (list.type !== 'list') throw new Error('list');
    expect(list.items.map((i) => i.checked)).toEqual([null, true]);
    const ordered = tree[3];
    expect(ordered.type === 'list' && ordered.ordered && ordered.start).toBe(1);
    const table = tree[7];
    if (table.type !== 'table') throw new Error('table');
    expect(table.align).toEqual(['left', 'right']);
    expect(textOf(table.header.flat())).toBe('ab');
  });

  it('keeps raw HTML as visible text, never as elements', () => {
    const src = 'hi <img src=x onerror=alert(1)> there\n\n<script>alert(2)</script>\n\n<iframe src="https://example.com"></iframe>\n\n<a href="javascript:alert(4)">x</a>';
    const tree = markdownToTree(src);
    const html = walk(tree).filter((n) => n.type === 'html');
    expect(html.length).toBeGreaterThanOrEqual(3);
    const text = textOf(tree);
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('<script>alert(2)</script>');
    expect(text).toContain('<iframe src="https://example.com"></iframe>');
    expect(text).toContain('<a href="javascript:alert(4)">');
    expect(links(tree)).toEqual([]);
  });

  it('links only http, https and mailto; other schemes stay as their source text', () => {
    const tree = markdownToTree(
      '[ok](https://example.com/a?b=1) [mail](mailto:a@example.com) <https://auto.example> [js](javascript:alert(3)) [JS](JaVaScRiPt:alert(1)) [enc](java&#115;cript:alert(1)) [tab](java\tscript:x) [data](data:text/html,<b>x</b>) [vb](vbscript:msgbox) <javascript:alert(5)>',
    );
    expect(links(tree).map((l) => l.href)).toEqual(['https://example.com/a?b=1', 'mailto:a@example.com', 'https://auto.example/']);
    const text = textOf(tree);
    expect(text).toContain('[js](javascript:alert(3))');
    expect(text).toContain('[JS](JaVaScRiPt:alert(1))');
    expect(text).toContain('vbscript:msgbox');
    expect(text).toContain('data:text/html');
    for (const l of links(tree)) expect(l.href).toMatch(/^(https?|mailto):/);
  });

  it('a relative link keeps its text, inert, with the path for a tooltip', () => {
    const tree = markdownToTree('see [the file](src/app.ts)');
    expect(links(tree)).toEqual([]);
    const inert = walk(tree).find((n) => n.type === 'inert-link');
    expect(inert).toMatchObject({ type: 'inert-link', href: 'src/app.ts' });
    expect(textOf(tree)).toBe('see the file');
  });

  it('never loads images: they become text with the URL', () => {
    const tree = markdownToTree('![a chart](https://example.com/x.png) ![t](javascript:alert(1))');
    expect(textOf(tree)).toContain('[image: a chart](https://example.com/x.png)');
    expect(textOf(tree)).toContain('[image: t](javascript:alert(1))');
    expect(links(tree)).toEqual([]);
  });

  it('resolves character references in text but not in code', () => {
    const tree = markdownToTree('a &amp; b &lt;tag&gt; &#39;q&#x27; &copy; &bogus; `x &amp; y`\n\n```\n&amp;\n```');
    const text = textOf(tree);
    expect(text).toContain("a & b <tag> 'q' © &bogus; x &amp; y");
    expect(tree[1]).toEqual({ type: 'code', text: '&amp;', lang: null });
    expect(decodeEntities('&#0;&#xD800;&#1114112;')).toBe('\ufffd\ufffd\ufffd');
  });

  it('shows control characters (ANSI escapes) as visible pictures', () => {
    const tree = markdownToTree('colour \u001b[31mred\u001b[0m and a bell \u0007 `\u001b[1m`');
    const text = textOf(tree);
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(text).toContain('␛[31mred␛[0m');
    expect(text).toContain('␇');
  });

  it('survives hostile shapes: deep nesting, huge input, odd tokens', () => {
    const deep = markdownToTree(`${'>'.repeat(200)} deep`);
    expect(textOf(deep)).toContain('deep');
    const big = 'x'.repeat(MARKDOWN_MAX_CHARS + 1);
    expect(markdownToTree(big)).toEqual([{ type: 'code', text: big, lang: null }]);
    expect(markdownToTree('')).toEqual([]);
    const tree = markdownToTree('[ref]: https://example.com\n\nuse [ref]');
    expect(links(tree).map((l) => l.href)).toEqual(['https://example.com/']);
  });

  it('holds strings only: nothing in the tree is markup', () => {
    const tree = markdownToTree('**<b>bold</b>** [<i>x</i>](https://e.com "<title>")');
    for (const n of walk(tree)) {
      for (const v of Object.values(n)) expect(['string', 'number', 'boolean', 'object'].includes(typeof v) || v === null).toBe(true);
    }
    expect(textOf(tree)).toContain('<b>bold</b>');
    expect(links(tree)[0].title).toBe('<title>');
  });
});

describe('safe URLs', () => {
  it('allows absolute http, https, mailto only', () => {
    expect(safeHref('https://example.com')).toBe('https://example.com/');
    expect(safeHref('http://localhost:3000/x')).toBe('http://localhost:3000/x');
    expect(safeHref('mailto:dev@example.com')).toBe('mailto:dev@example.com');
    for (const bad of [
      'javascript:alert(1)',
      ' javascript:alert(1)',
      'java\nscript:alert(1)',
      'java\u0000script:alert(1)',
      'JAVASCRIPT:alert(1)',
      'data:text/html,<script>',
      'vbscript:x',
      'file:///etc/passwd',
      '/relative',
      '//evil.example/x',
      'relative/path',
      'https://',
      '',
      null,
      undefined,
    ]) {
      expect(safeHref(bad), String(bad)).toBeNull();
    }
  });

  it('web links (a PR) are http(s) only', () => {
    expect(safeWebHref('https://github.com/o/r/pull/1')).toBe('https://github.com/o/r/pull/1');
    expect(safeWebHref('mailto:a@b.c')).toBeNull();
  });
});
