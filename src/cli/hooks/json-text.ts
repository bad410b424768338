/**
 * A strict JSON parser that keeps where every value sits in the text. Claude Code reads
 * settings.json as strict JSON, so comments and trailing commas are errors here too. The tree
 * lets `json-patch` rewrite only the spans that change, byte for byte leaving the rest alone;
 * the values themselves still come from `JSON.parse`.
 */
export type JsonNode = JsonObjectNode | JsonArrayNode | JsonScalarNode;
interface Span {
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}
export interface JsonObjectNode extends Span {
  kind: 'object';
  props: JsonProp[];
}
export interface JsonArrayNode extends Span {
  kind: 'array';
  items: JsonNode[];
}
export interface JsonScalarNode extends Span {
  kind: 'scalar';
}
export interface JsonProp {
  key: string;
  keyStart: number;
  value: JsonNode;
}

export class JsonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SIMPLE_ESCAPE = /["\\/bfnrt]/;
const HEX4 = /^[0-9a-fA-F]{4}$/;

export function parseJsonTree(text: string): JsonNode {
  let pos = 0;

  const fail = (reason: string, at = pos): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    throw new JsonSyntaxError(reason, at, line, at - before.lastIndexOf('\n'));
  };
  const describe = (at: number) => (at >= text.length ? 'end of file' : `'${text[at]}'`);

  const skipSpace = () => {
    while (pos < text.length) {
      const c = text[pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') pos++;
      else if (c === '/' && (text[pos + 1] === '/' || text[pos + 1] === '*')) fail('comments are not allowed (settings.json is strict JSON)');
      else return;
    }
  };

  const match = (re: RegExp): string | null => {
    re.lastIndex = pos;
    const m = re.exec(text);
    return m ? m[0] : null;
  };

  const string = (what: string): JsonScalarNode => {
    if (text[pos] !== '"') fail(`expected ${what}, found ${describe(pos)}`);
    const start = pos++;
    // A loop, not a regex: a backtracking regex over a very long string can overflow its stack.
    for (;;) {
      if (pos >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(pos);
      if (c === 0x22) break;
      if (c < 0x20) fail('raw control character in a string (escape it)');
      if (c === 0x5c) {
        const e = text[pos + 1] ?? '';
        if (e === 'u' && HEX4.test(text.slice(pos + 2, pos + 6))) pos += 6;
        else if (SIMPLE_ESCAPE.test(e)) pos += 2;
        else fail('invalid escape in a string');
      } else pos++;
    }
    pos++;
    return { kind: 'scalar', start, end: pos };
  };

  const value = (): JsonNode => {
    skipSpace();
    const start = pos;
    const c = text[pos];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string('a value');
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return { kind: 'scalar', start, end: pos };
      }
    }
    const n = c === '-' || (c >= '0' && c <= '9') ? match(NUMBER) : null;
    if (n === null) return fail(`expected a value, found ${describe(pos)}`);
    pos += n.length;
    return { kind: 'scalar', start, end: pos };
  };

  // Shared loop of objects and arrays: `[`/`{`, items separated by commas, no trailing comma.
  const sequence = (close: string, item: () => void) => {
    pos++;
    skipSpace();
    if (text[pos] === close) return void pos++;
    for (;;) {
      item();
      skipSpace();
      if (text[pos] === close) return void pos++;
      if (text[pos] !== ',') fail(`expected "," or "${close}", found ${describe(pos)}`);
      const comma = pos++;
      skipSpace();
      if (text[pos] === close) fail(`trailing comma before "${close}"`, comma);
    }
  };

  const object = (): JsonObjectNode => {
    const node: JsonObjectNode = { kind: 'object', start: pos, end: pos, props: [] };
    sequence('}', () => {
      const keyNode = string('a property name in double quotes');
      skipSpace();
      if (text[pos] !== ':') fail(`expected ":" after the property name, found ${describe(pos)}`);
      pos++;
      node.props.push({ key: JSON.parse(text.slice(keyNode.start, keyNode.end)) as string, keyStart: keyNode.start, value: value() });
    });
    node.end = pos;
    return node;
  };

  const array = (): JsonArrayNode => {
    const node: JsonArrayNode = { kind: 'array', start: pos, end: pos, items: [] };
    sequence(']', () => node.items.push(value()));
    node.end = pos;
    return node;
  };

  const root = value();
  skipSpace();
  if (pos < text.length) fail(`unexpected ${describe(pos)} after the end of the JSON value`);
  return root;
}
