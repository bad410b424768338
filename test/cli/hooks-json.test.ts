import { describe, expect, it } from 'vitest';
import { parseJsonTree, JsonSyntaxError } from '../../src/cli/hooks/json-text';
import { detectStyle, patchJsonText } from '../../src/cli/hooks/json-patch';
import { unifiedDiff } from '../../src/cli/hooks/json-diff';
import type { JsonValue } from '../../src/cli/hooks/json-value';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJsonTree(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err;
    throw err;
  }
  throw new Error(`parsed: ${text}`);
}

/** Patch `text` to `next` and check it reads back as `next`. */
function patch(text: string, next: JsonValue): string {
  const out = patchJsonText(text, parseJsonTree(text), JSON.parse(text) as JsonValue, next, detectStyle(text));
  expect(JSON.parse(out)).toEqual(next);
  return out;
}

describe('parseJsonTree', () => {
  it('accepts what JSON.parse accepts and records spans', () => {
    const text = ' {"a": [1, -2.5e3, "x\\u00e9\\n", true, null], "b": {}} ';
    const tree = parseJsonTree(text);
    expect(tree.kind).toBe('object');
    expect(text.slice(tree.start, tree.end)).toBe(text.trim());
    if (tree.kind !== 'object') return;
    expect(tree.props.map((p) => p.key)).toEqual(['a', 'b']);
    const a = tree.props[0].value;
    expect(a.kind === 'array' && a.items.map((i) => text.slice(i.start, i.end))).toEqual(['1', '-2.5e3', '"x\\u00e9\\n"', 'true', 'null']);
  });

  it('rejects comments, trailing commas and junk with a line and column', () => {
    expect(syntaxError('{\n  // mine\n  "a": 1\n}')).toMatchObject({ line: 2, column: 3, reason: expect.stringMatching(/comments are not allowed/) });
    expect(syntaxError('{\n  "a": 1,\n}')).toMatchObject({ line: 2, column: 9, reason: expect.stringMatching(/trailing comma/) });
    expect(syntaxError('{"a": 1} x')).toMatchObject({ line: 1, column: 10 });
    expect(syntaxError('{"a": tru}').message).toMatch(/expected a value, found 't' at line 1, column 7/);
    expect(syntaxError('{a: 1}').message).toMatch(/property name in double quotes/);
    expect(syntaxError('{"a": "unterminated').message).toMatch(/unterminated string/);
    expect(syntaxError('["\\x"]').message).toMatch(/invalid escape/);
    expect(syntaxError('[01]').message).toMatch(/expected "," or "]"/);
    expect(syntaxError('').message).toMatch(/end of file/);
  });

  it('handles a very long string without a regex stack overflow', () => {
    const text = JSON.stringify({ command: 'x\\"'.repeat(200_000) });
    expect(() => parseJsonTree(text)).not.toThrow();
  });
});

describe('detectStyle', () => {
  it('finds 2 and 4 spaces, tabs, CRLF, and one-line files', () => {
    expect(detectStyle('{\n  "a": {\n    "b": 1\n  }\n}')).toEqual({ indent: '  ', eol: '\n' });
    expect(detectStyle('{\r\n    "a": 1\r\n}')).toEqual({ indent: '    ', eol: '\r\n' });
    expect(detectStyle('{\n\t"a": 1\n}')).toEqual({ indent: '\t', eol: '\n' });
    expect(detectStyle('{"a":1}')).toEqual({ indent: null, eol: '\n' });
    expect(detectStyle('')).toEqual({ indent: '  ', eol: '\n' });
  });
});

describe('patchJsonText', () => {
  it('changes only the spans that differ', () => {
    const text = '{\n    "keep": [1,2,  3],\n    "url": "http://a",\n    "z": {"x": 1}\n}';
    expect(patch(text, { keep: [1, 2, 3], url: 'http://b', z: { x: 1 } })).toBe(text.replace('http://a', 'http://b'));
  });

  it('appends in the container\'s own indentation and removing gives the original back', () => {
    const text = '{\n    "list": [\n        "a"\n    ]\n}';
    const added = patch(text, { list: ['a', { k: 1 }], more: true });
    expect(added).toBe('{\n    "list": [\n        "a",\n        {\n            "k": 1\n        }\n    ],\n    "more": true\n}');
    expect(patch(added, { list: ['a'] })).toBe(text);
  });

  it('fills an empty container on new lines (or inline in a one-line file) and empties it again', () => {
    const text = '{\n  "hooks": {}\n}\n';
    const filled = patch(text, { hooks: { Stop: [] } });
    expect(filled).toBe('{\n  "hooks": {\n    "Stop": []\n  }\n}\n');
    expect(patch(filled, { hooks: {} })).toBe(text);
    expect(patch('{"a":[]}', { a: [{ b: 1 }] })).toBe('{"a":[{"b":1}]}');
  });

  it('removes a first, middle or last element with its separator', () => {
    const text = '[\n  1,\n  2,\n  3\n]';
    expect(patch(text, [2, 3])).toBe('[\n  2,\n  3\n]');
    expect(patch(text, [1, 3])).toBe('[\n  1,\n  3\n]');
    expect(patch(text, [1, 2])).toBe('[\n  1,\n  2\n]');
    expect(patch(text, [])).toBe('[]');
  });

  it('keeps escapes, integer-like keys in text order, and duplicate keys it does not touch', () => {
    const text = '{"e": {"b": "\\u00e9", "2": 1, "1": 0}, "m": 1, "m": 2}';
    expect(patch(text, { e: { b: 'é', '2': 1, '1': 0 }, m: 2, n: 3 })).toBe('{"e": {"b": "\\u00e9", "2": 1, "1": 0}, "m": 1, "m": 2,"n":3}');
    expect(patch(text, { e: { b: 'é', '2': 1, '1': 0 }, m: 5 })).toBe('{"e": {"b": "\\u00e9", "2": 1, "1": 0}, "m": 1, "m": 5}');
  });

  it('replaces a value whose type changed', () => {
    expect(patch('{\n  "a": 1\n}', { a: { b: [1] } })).toBe('{\n  "a": {\n    "b": [\n      1\n    ]\n  }\n}');
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\n', 'a\n', 'x', 'y')).toBe('');
  });

  it('shows hunks with 3 lines of context and line numbers', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const after = before.replace('line 5\n', 'line 5\nnew A\n').replace('line 18\n', '');
    expect(unifiedDiff(before, after, 'a/s.json', 'b/s.json')).toBe(
      [
        '--- a/s.json',
        '+++ b/s.json',
        '@@ -3,6 +3,7 @@',
        ' line 3',
        ' line 4',
        ' line 5',
        '+new A',
        ' line 6',
        ' line 7',
        ' line 8',
        '@@ -15,6 +16,5 @@',
        ' line 15',
        ' line 16',
        ' line 17',
        '-line 18',
        ' line 19',
        ' line 20',
        '',
      ].join('\n'),
    );
  });

  it('diffs a new file against nothing', () => {
    expect(unifiedDiff('', '{\n}\n', '/dev/null', 's.json')).toBe('--- /dev/null\n+++ s.json\n@@ -0,0 +1,2 @@\n+{\n+}\n');
  });
});
