/**
 * Rewrites a JSON text to hold a new value while leaving every unchanged span byte for byte as
 * it was: the user's own hooks, key order, spacing, inline arrays, escapes, line endings and the
 * final newline survive. Only what differs is re-serialized, in the file's own indentation. This
 * is what makes `install` then `uninstall` give back the original file exactly: an appended item
 * is `<separator><item>` and removing it removes exactly that.
 */
import { isJsonObject, jsonEqual, type JsonValue } from './json-value';
import type { JsonArrayNode, JsonNode, JsonObjectNode } from './json-text';

export interface TextStyle {
  /** One level of indentation; null for a file written on one line (new text stays compact). */
  indent: string | null;
  eol: '\n' | '\r\n';
}

/** The indentation unit (tab, or the smallest space indent) and line ending the file already uses. */
export function detectStyle(text: string): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let spaces = 0;
  for (const line of text.split('\n')) {
    const lead = /^[ \t]*/.exec(line)![0];
    if (lead.length === 0 || lead.length === line.replace(/\r$/, '').length) continue;
    if (lead.startsWith('\t')) return { indent: spaces ? ' '.repeat(spaces) : '\t', eol };
    if (!spaces || lead.length < spaces) spaces = lead.length;
  }
  if (spaces) return { indent: ' '.repeat(spaces), eol };
  return { indent: text.trim().length > 0 && !text.trim().includes('\n') ? null : '  ', eol };
}

export function patchJsonText(text: string, root: JsonNode, oldValue: JsonValue, newValue: JsonValue, style: TextStyle): string {
  const lineIndent = (offset: number) => {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
  };

  const serialize = (value: JsonValue, indent: string, inline: boolean): string => {
    if (style.indent === null || inline) return JSON.stringify(value);
    return JSON.stringify(value, null, style.indent).replace(/\n/g, style.eol + indent);
  };

  const render = (node: JsonNode, oldV: JsonValue, newV: JsonValue): string => {
    if (jsonEqual(oldV, newV)) return text.slice(node.start, node.end);
    if (node.kind === 'object' && isJsonObject(oldV) && isJsonObject(newV)) return renderObject(node, newV, oldV);
    if (node.kind === 'array' && Array.isArray(oldV) && Array.isArray(newV)) return renderArray(node, oldV, newV);
    return serialize(newV, lineIndent(node.start), false);
  };

  /** One child of a container in the output: its text and, if it had one, its original separator. */
  interface Part {
    text: string;
    /** Whitespace (and comma) that preceded it in the original; null for new children. */
    before: string | null;
  }

  const assemble = (node: JsonObjectNode | JsonArrayNode, starts: number[], ends: number[], parts: Part[]): string => {
    const open = text[node.start];
    const close = text[node.end - 1];
    if (parts.length === 0) return open + close;
    const lead = starts.length ? text.slice(node.start + 1, starts[0]) : null;
    const tail = starts.length ? text.slice(ends[ends.length - 1], node.end - 1) : null;
    const multiline = lead === null ? style.indent !== null : lead.includes('\n');
    const childIndent =
      lead === null ? lineIndent(node.start) + (style.indent ?? '') : multiline ? lead.slice(lead.lastIndexOf('\n') + 1) : '';
    const newSep = style.indent === null ? ',' : multiline ? ',' + style.eol + childIndent : ', ';
    let out = open + (lead ?? (style.indent === null ? '' : style.eol + childIndent));
    parts.forEach((part, i) => {
      if (i > 0) out += part.before !== null && part.before.includes(',') ? part.before : newSep;
      out += part.text;
    });
    return out + (tail ?? (style.indent === null ? '' : style.eol + lineIndent(node.start))) + close;
  };

  /** A fresh child placed inside `node`: serialized at the indentation its siblings use. */
  const fresh = (node: JsonObjectNode | JsonArrayNode, firstChildStart: number | undefined, value: JsonValue, key?: string): string => {
    const inline = firstChildStart !== undefined && !text.slice(node.start + 1, firstChildStart).includes('\n');
    const indent = firstChildStart !== undefined ? lineIndent(firstChildStart) : lineIndent(node.start) + (style.indent ?? '');
    const colon = style.indent === null ? ':' : ': ';
    return (key === undefined ? '' : JSON.stringify(key) + colon) + serialize(value, indent, inline);
  };

  const renderObject = (node: JsonObjectNode, newV: Record<string, JsonValue>, oldV: Record<string, JsonValue>): string => {
    const starts = node.props.map((p) => p.keyStart);
    const ends = node.props.map((p) => p.value.end);
    // With duplicate keys JSON.parse keeps the last one: only that one is patched.
    const lastIndex = new Map(node.props.map((p, i) => [p.key, i]));
    const parts: Part[] = [];
    node.props.forEach((p, i) => {
      if (!Object.hasOwn(newV, p.key)) return;
      const before = i === 0 ? null : text.slice(ends[i - 1], starts[i]);
      const body = lastIndex.get(p.key) === i ? render(p.value, oldV[p.key], newV[p.key]) : text.slice(p.value.start, p.value.end);
      parts.push({ text: text.slice(p.keyStart, p.value.start) + body, before });
    });
    for (const key of Object.keys(newV)) {
      if (!lastIndex.has(key)) parts.push({ text: fresh(node, starts[0], newV[key], key), before: null });
    }
    return assemble(node, starts, ends, parts);
  };

  const renderArray = (node: JsonArrayNode, oldV: JsonValue[], newV: JsonValue[]): string => {
    const starts = node.items.map((n) => n.start);
    const ends = node.items.map((n) => n.end);
    const original = (i: number): Part => ({ text: text.slice(starts[i], ends[i]), before: i === 0 ? null : text.slice(ends[i - 1], starts[i]) });
    // Keep the common head and tail as they are; pair up or replace what lies between.
    let head = 0;
    while (head < oldV.length && head < newV.length && jsonEqual(oldV[head], newV[head])) head++;
    let tail = 0;
    while (tail < oldV.length - head && tail < newV.length - head && jsonEqual(oldV[oldV.length - 1 - tail], newV[newV.length - 1 - tail])) tail++;
    const parts: Part[] = [];
    for (let i = 0; i < head; i++) parts.push(original(i));
    const oldMid = oldV.length - head - tail;
    const newMid = newV.length - head - tail;
    for (let j = 0; j < newMid; j++) {
      const i = head + j;
      if (oldMid === newMid) parts.push({ text: render(node.items[i], oldV[i], newV[i]), before: original(i).before });
      else parts.push({ text: fresh(node, starts[0], newV[i]), before: null });
    }
    for (let i = oldV.length - tail; i < oldV.length; i++) parts.push(original(i));
    return assemble(node, starts, ends, parts);
  };

  return text.slice(0, root.start) + render(root, oldValue, newValue) + text.slice(root.end);
}
