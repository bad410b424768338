import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, tailLines } from '../../../src/engine/jobs/log-tail';
import { tempDir } from '../../helpers/temp-dir';

const dir = tempDir('lantern-tail-');
afterAll(() => dir.cleanup());
let n = 0;
const file = (text: string | Buffer) => {
  const p = path.join(dir.path, `log-${n++}.txt`);
  fs.writeFileSync(p, text);
  return p;
};

describe('tailLines', () => {
  it('returns the last N lines of a long file, oldest first, without line ends', async () => {
    const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 40)}`);
    const p = file(lines.join('\n') + '\n');
    const tail = await tailLines(p, 80);
    expect(tail.lines).toEqual(lines.slice(-80));
    expect(tail.size).toBe(fs.statSync(p).size);
  });

  it('handles a last line without a newline, CRLF, fewer lines than asked and an empty file', async () => {
    expect((await tailLines(file('a\r\nb\r\nc'), 2)).lines).toEqual(['b', 'c']);
    expect((await tailLines(file('one\ntwo\n'), 80)).lines).toEqual(['one', 'two']);
    expect((await tailLines(file(''), 80)).lines).toEqual([]);
    expect((await tailLines(file('\n\n'), 80)).lines).toEqual(['', '']);
  });

  it('cuts an enormous line and never reads more than its byte budget', async () => {
    const huge = 'y'.repeat(3 * 1024 * 1024);
    const tail = await tailLines(file(`first\n${huge}\nlast\n`), 80, { maxBytes: 256 * 1024 });
    expect(tail.lines.at(-1)).toBe('last');
    expect(tail.lines).toHaveLength(2); // the cut-off piece of the huge line, then "last"; never "first"
    expect(tail.lines[0].length).toBe(MAX_LINE_CHARS + 2);
    expect(tail.lines[0]).toMatch(/^… y+ …$/);
  });

  it('keeps multi-byte characters whole across chunk borders', async () => {
    const line = 'é😀'.repeat(30_000);
    expect((await tailLines(file(`${line}\nend\n`), 2, { maxLineChars: Infinity })).lines).toEqual([line, 'end']);
  });

  it('rejects with ENOENT for a missing file', async () => {
    await expect(tailLines(path.join(dir.path, 'nope.log'), 5)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
