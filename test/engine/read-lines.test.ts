import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  readCompleteLines,
  readCompleteLinesSync,
  type LineChunk,
  type ReadLinesOptions,
} from '../../src/engine/watch/read-lines';
import { tempDir } from '../helpers/temp-dir';

type Reader = (path: string, from: number, opts?: ReadLinesOptions) => Promise<LineChunk[]>;

const readAsync: Reader = async (path, from, opts) => {
  const out: LineChunk[] = [];
  for await (const c of readCompleteLines(path, from, opts)) out.push(c);
  return out;
};
const readSync: Reader = async (path, from, opts) => [...readCompleteLinesSync(path, from, opts)];

/** Flattens chunks, checking that each chunk starts where the previous one ended. */
function flatten(chunks: LineChunk[], from: number) {
  let at = from;
  const lines: Array<{ text: string; offset: number }> = [];
  for (const c of chunks) {
    expect(c.lines.length).toBeGreaterThan(0);
    expect(c.lines[0].offset).toBe(at);
    expect(c.bytesRead).toBe(c.endOffset - at);
    at = c.endOffset;
    lines.push(...c.lines);
  }
  return { lines, endOffset: at };
}

/** Expected lines of `content` (complete ones only) with their byte offsets, computed independently. */
function expectedLines(content: Buffer) {
  const out: Array<{ text: string; offset: number }> = [];
  let start = 0;
  for (let i = 0; i < content.length; i++) {
    if (content[i] !== 10) continue;
    let end = i;
    if (end > start && content[end - 1] === 13) end--;
    out.push({ text: content.subarray(start, end).toString('utf8'), offset: start });
    start = i + 1;
  }
  return { lines: out, endOffset: start };
}

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.cleanup());

describe.each([
  ['readCompleteLines', readAsync],
  ['readCompleteLinesSync', readSync],
] as const)('%s', (_name, read) => {
  const file = () => join(dir.path, 't.jsonl');

  it('yields nothing for an empty file', async () => {
    writeFileSync(file(), '');
    expect(await read(file(), 0)).toEqual([]);
  });

  it('yields nothing when the offset is at or past the end', async () => {
    writeFileSync(file(), 'a\n');
    expect(await read(file(), 2)).toEqual([]);
    expect(await read(file(), 10)).toEqual([]);
  });

  it('rejects for a missing file', async () => {
    await expect(read(join(dir.path, 'nope.jsonl'), 0)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads lines with byte offsets, including empty lines', async () => {
    writeFileSync(file(), '{"a":1}\n\n{"b":2}\n');
    const { lines, endOffset } = flatten(await read(file(), 0), 0);
    expect(lines).toEqual([
      { text: '{"a":1}', offset: 0 },
      { text: '', offset: 8 },
      { text: '{"b":2}', offset: 9 },
    ]);
    expect(endOffset).toBe(17);
  });

  it('leaves a partial last line for the next call, then reads it once complete', async () => {
    writeFileSync(file(), 'one\ntw');
    const first = flatten(await read(file(), 0), 0);
    expect(first.lines.map((l) => l.text)).toEqual(['one']);
    expect(first.endOffset).toBe(4);
    expect(await read(file(), first.endOffset)).toEqual([]); // still partial: nothing, nothing consumed
    appendFileSync(file(), 'o\nthree');
    const second = flatten(await read(file(), first.endOffset), first.endOffset);
    expect(second.lines).toEqual([{ text: 'two', offset: 4 }]);
    expect(second.endOffset).toBe(8);
  });

  it('strips a trailing CR (CRLF files) but keeps other CRs', async () => {
    writeFileSync(file(), 'a\r\nb\rc\r\n\r\n');
    const { lines, endOffset } = flatten(await read(file(), 0), 0);
    expect(lines).toEqual([
      { text: 'a', offset: 0 },
      { text: 'b\rc', offset: 3 },
      { text: '', offset: 8 },
    ]);
    expect(endOffset).toBe(10);
  });

  it('replaces invalid UTF-8 with U+FFFD instead of throwing', async () => {
    writeFileSync(file(), Buffer.from([0x61, 0xff, 0xfe, 0x62, 0x0a, 0xe2, 0x82, 0x0a, 0x63, 0x0a]));
    const { lines } = flatten(await read(file(), 0), 0);
    expect(lines).toEqual([
      { text: 'a\uFFFD\uFFFDb', offset: 0 },
      { text: '\uFFFD', offset: 5 }, // a truncated 3-byte sequence
      { text: 'c', offset: 8 },
    ]);
  });

  it('uses byte offsets, not character offsets, with multi-byte characters', async () => {
    const texts = ['é', '日本語', '😀x', '{"t":"—✓"}'];
    writeFileSync(file(), texts.map((t) => t + '\n').join(''));
    const { lines, endOffset } = flatten(await read(file(), 0, { chunkBytes: 5 }), 0);
    let offset = 0;
    const expected = texts.map((text) => {
      const l = { text, offset };
      offset += Buffer.byteLength(text) + 1;
      return l;
    });
    expect(lines).toEqual(expected);
    expect(endOffset).toBe(offset);
    // Resuming from a line start in the middle gives the rest.
    const rest = flatten(await read(file(), expected[2].offset), expected[2].offset);
    expect(rest.lines).toEqual(expected.slice(2));
  });

  it('reads an 8 MB line with a 1 MB chunk size', async () => {
    const big = '{"x":"' + 'ab✓'.repeat(1_600_000) + '"}'; // ~8 MB of bytes
    expect(Buffer.byteLength(big)).toBeGreaterThan(8_000_000);
    writeFileSync(file(), `{"a":1}\n${big}\n{"b":2}\npartial`);
    const chunks = await read(file(), 0, { chunkBytes: 1 << 20 });
    const { lines, endOffset } = flatten(chunks, 0);
    expect(lines.map((l) => l.text.length)).toEqual([7, big.length, 7]);
    expect(lines[1].text === big).toBe(true);
    expect(lines[2].offset).toBe(8 + Buffer.byteLength(big) + 1);
    expect(endOffset).toBe(lines[2].offset + 8);
  });

  it('splits into several chunks when the file exceeds the chunk size', async () => {
    const content = Array.from({ length: 200 }, (_, i) => `{"i":${i}}\n`).join('');
    writeFileSync(file(), content);
    const chunks = await read(file(), 0, { chunkBytes: 64 });
    expect(chunks.length).toBeGreaterThan(10);
    const { lines, endOffset } = flatten(chunks, 0);
    expect(lines.map((l) => l.text)).toEqual(content.trimEnd().split('\n'));
    expect(endOffset).toBe(Buffer.byteLength(content));
  });

  it('resumes from endOffset with no loss and no duplicate, at every split point', async () => {
    const content = Buffer.from('{"a":"é"}\r\n\n日本\nx\n{"b":[1,2]}\n😀\r\nlast-partial', 'utf8');
    const all = expectedLines(content);
    for (const chunkBytes of [1, 2, 3, 7, 65536]) {
      for (let split = 0; split <= content.length; split++) {
        writeFileSync(file(), content.subarray(0, split));
        const first = flatten(await read(file(), 0, { chunkBytes }), 0);
        appendFileSync(file(), content.subarray(split));
        const second = flatten(await read(file(), first.endOffset, { chunkBytes }), first.endOffset);
        expect([...first.lines, ...second.lines], `split ${split} chunk ${chunkBytes}`).toEqual(all.lines);
        expect(second.endOffset).toBe(all.endOffset);
      }
    }
  });

  it('stops after about maxBytes at a line boundary; resuming from endOffset reads the rest', async () => {
    const content = Array.from({ length: 100 }, (_, i) => `line-${String(i).padStart(3, '0')}\n`).join(''); // 9 bytes each
    writeFileSync(file(), content);
    const batches: string[][] = [];
    let at = 0;
    for (;;) {
      const chunks = await read(file(), at, { maxBytes: 25, chunkBytes: 1024 });
      if (chunks.length === 0) break;
      const { lines, endOffset } = flatten(chunks, at);
      batches.push(lines.map((l) => l.text));
      at = endOffset;
    }
    expect(batches[0]).toEqual(['line-000', 'line-001', 'line-002']); // 27 bytes: the first boundary at or past 25
    expect(batches.every((b) => b.length <= 3)).toBe(true);
    expect(batches.flat()).toEqual(content.trimEnd().split('\n'));
    expect(at).toBe(content.length);
  });
});
