/**
 * The safe markdown tree (text/markdown.ts) as Preact nodes. Every string goes in as a child (a
 * text node) or a plain attribute (title, a vetted href); there is no innerHTML anywhere.
 */
import type { ComponentChild } from 'preact';
import { markdownToTree, type Align, type MdNode } from '../../text/markdown';

const LRU_SIZE = 400;
const trees = new Map<number, { text: string; tree: MdNode[] }>();

/** Lexes once per event id (while the text is unchanged); keeps the most recently used trees. */
export function markdownFor(id: number, text: string): MdNode[] {
  const hit = trees.get(id);
  if (hit && hit.text === text) {
    trees.delete(id);
    trees.set(id, hit);
    return hit.tree;
  }
  const tree = markdownToTree(text);
  trees.set(id, { text, tree });
  if (trees.size > LRU_SIZE) trees.delete(trees.keys().next().value as number);
  return tree;
}

/**
 * The first lexing pays for compiling marked's (large) regular expressions, tens of ms: done once
 * while the app is idle after start, so opening the first replay does not wait for it.
 */
const WARM_UP = '# a\n\nb *c* **d** `e` [f](https://g.example) <h>\n\n- i\n- [x] j\n\n1. k\n\n> l\n\n| m | n |\n|:-|-:|\n| o | p |\n\n```\nq\n```\n\n---\nr  \ns\n';
function warmUp(): void {
  markdownToTree(WARM_UP);
  // Intl data for the numbers and times cards show.
  void (1234).toLocaleString('en-US');
  void new Date(0).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
if (typeof window !== 'undefined') {
  if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(warmUp, { timeout: 3000 });
  else setTimeout(warmUp, 1500);
}

const alignClass = (a: Align): string | undefined => (a ? `align-${a}` : undefined);

function children(nodes: MdNode[]): ComponentChild[] {
  return nodes.map(node);
}

function node(n: MdNode, key: number): ComponentChild {
  switch (n.type) {
    case 'text':
      return n.text;
    case 'codespan':
      return <code key={key}>{n.text}</code>;
    case 'em':
      return <em key={key}>{children(n.children)}</em>;
    case 'strong':
      return <strong key={key}>{children(n.children)}</strong>;
    case 'del':
      return <del key={key}>{children(n.children)}</del>;
    case 'br':
      return <br key={key} />;
    case 'link':
      return (
        <a key={key} href={n.href} title={n.title ?? n.href} target="_blank" rel="noopener noreferrer">
          {children(n.children)}
        </a>
      );
    case 'inert-link':
      return (
        <span key={key} class="md-inert-link" title={n.href}>
          {children(n.children)}
        </span>
      );
    case 'html':
      return n.block ? (
        <pre key={key} class="md-html">
          {n.text}
        </pre>
      ) : (
        <code key={key} class="md-html">
          {n.text}
        </code>
      );
    case 'paragraph':
      return <p key={key}>{children(n.children)}</p>;
    case 'heading': {
      const H = `h${Math.min(6, n.depth + 2)}` as 'h3' | 'h4' | 'h5' | 'h6';
      return (
        <H key={key} class={`md-h md-h${n.depth}`}>
          {children(n.children)}
        </H>
      );
    }
    case 'code':
      return (
        <pre key={key} class="md-code" data-lang={n.lang ?? undefined}>
          <code>{n.text}</code>
        </pre>
      );
    case 'blockquote':
      return <blockquote key={key}>{children(n.children)}</blockquote>;
    case 'list': {
      const items = n.items.map((item, i) => (
        <li key={i} class={item.checked === null ? undefined : 'task'}>
          {item.checked !== null && (
            <span class="md-check" aria-label={item.checked ? 'done' : 'not done'}>
              {item.checked ? '☑ ' : '☐ '}
            </span>
          )}
          {children(item.children)}
        </li>
      ));
      return n.ordered ? (
        <ol key={key} start={n.start ?? undefined}>
          {items}
        </ol>
      ) : (
        <ul key={key}>{items}</ul>
      );
    }
    case 'table':
      return (
        <div key={key} class="md-table-wrap">
          <table>
            <thead>
              <tr>
                {n.header.map((cell, i) => (
                  <th key={i} class={alignClass(n.align[i])}>
                    {children(cell)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {n.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((cell, i) => (
                    <td key={i} class={alignClass(n.align[i])}>
                      {children(cell)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'hr':
      return <hr key={key} />;
  }
}

export function MarkdownView({ nodes }: { nodes: MdNode[] }) {
  return <div class="md">{children(nodes)}</div>;
}
