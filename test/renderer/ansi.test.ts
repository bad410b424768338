import { describe, expect, it } from 'vitest';
import { ANSI_CLASSES, controlPicture, parseAnsi, plainAnsi, visibleControls } from '../../src/renderer/text/ansi';
import { clipText, countLines, moreLabel } from '../../src/renderer/text/clip';

const ESC = '\u001b';

describe('ANSI parsing', () => {
  it('plain text is one segment', () => {
    expect(parseAnsi('hello\nworld\tx')).toEqual([{ text: 'hello\nworld\tx' }]);
    expect(parseAnsi('')).toEqual([]);
  });

  it('maps SGR foreground colours and bold to classes, resets on 0 / 39 / 22', () => {
    const segs = parseAnsi(`a${ESC}[31mred${ESC}[0m b${ESC}[1;92mbold green${ESC}[22m green${ESC}[39m plain${ESC}[m`);
    expect(segs).toEqual([
      { text: 'a' },
      { text: 'red', cls: 'ansi-red' },
      { text: ' b' },
      { text: 'bold green', cls: 'ansi-bright-green ansi-bold' },
      { text: ' green', cls: 'ansi-bright-green' },
      { text: ' plain' },
    ]);
  });

  it('emits only the fixed set of classes', () => {
    let all = '';
    for (let c = 0; c < 110; c++) all += `${ESC}[${c}mx`;
    all += `${ESC}[38;5;196mx${ESC}[38;2;1;2;3mx${ESC}[48;5;33mx${ESC}[4;31;5mx`;
    for (const seg of parseAnsi(all)) {
      for (const cls of (seg.cls ?? '').split(' ').filter(Boolean)) expect(ANSI_CLASSES).toContain(cls);
    }
  });

  it('skips the arguments of extended colours instead of reading them as codes', () => {
    // 38;5;31 is colour 31 of the 256 palette, not "red"; 38;2;1;1;1 must not turn bold on.
    expect(parseAnsi(`${ESC}[38;5;31mx`)).toEqual([{ text: 'x' }]);
    expect(parseAnsi(`${ESC}[38;2;1;1;1mx`)).toEqual([{ text: 'x' }]);
  });

  it('shows every other escape sequence and control character as inert visible text', () => {
    const title = `${ESC}]0;title\u0007`;
    const clear = `${ESC}[2J${ESC}[H`;
    const text = plainAnsi(`${title}a${clear}b\u0000c\u0008d\u007fe\u009bf\r g\r\nh`);
    expect(text).toBe('␛]0;title␇a␛[2J␛[Hb␀c␈d␡e<U+009B>f␍ g\nh');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    const ctrl = parseAnsi(`x${ESC}[2Jy`).find((s) => s.text.includes('␛'));
    expect(ctrl?.cls).toBe('ansi-ctrl');
  });

  it('makes bidi overrides visible (no reordered source)', () => {
    expect(visibleControls('a\u202eb\u2066c')).toBe('a<U+202E>b<U+2066>c');
  });

  it('handles malformed and unterminated sequences', () => {
    expect(plainAnsi(`${ESC}[31`)).toBe('␛[31');
    expect(plainAnsi(`${ESC}`)).toBe('␛');
    expect(plainAnsi(`${ESC}[?25lx`)).toBe('␛[?25lx');
    expect(controlPicture(ESC)).toBe('␛');
  });

  it('is linear on long colourful output', () => {
    const line = `${ESC}[32m✓${ESC}[0m test passed\n`;
    const big = line.repeat(20_000);
    const t0 = performance.now();
    const segs = parseAnsi(big);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(segs.length).toBe(40_000);
  });
});

describe('clipping long text', () => {
  it('counts lines', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('a')).toBe(1);
    expect(countLines('a\n')).toBe(1);
    expect(countLines('a\nb')).toBe(2);
    expect(countLines('a\n\nb\n')).toBe(3);
  });

  it('keeps short text whole, and text only a few lines over', () => {
    expect(clipText('a\nb\nc', 3)).toMatchObject({ shown: 'a\nb\nc', clipped: false, hiddenLines: 0 });
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `l${i}`).join('\n');
    expect(clipText(lines(23), 20).clipped).toBe(false);
    expect(clipText(lines(24), 20)).toMatchObject({ clipped: true, hiddenLines: 4 });
  });

  it('cuts to the first lines and says how many are left', () => {
    const text = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
    const c = clipText(text, 20);
    expect(c.clipped).toBe(true);
    expect(c.shown.split('\n')).toHaveLength(20);
    expect(c.shown.endsWith('line 20')).toBe(true);
    expect(c.hiddenLines).toBe(30);
    expect(moreLabel(c)).toBe('30 more lines');
  });

  it('cuts one very long line by characters', () => {
    const c = clipText('x'.repeat(10_000), 20, 1000);
    expect(c.shown).toHaveLength(1000);
    expect(c.hiddenLines).toBe(0);
    expect(c.hiddenChars).toBe(9000);
    expect(moreLabel(c)).toBe('9,000 more characters');
  });

  it('does not split a surrogate pair', () => {
    const c = clipText(`${'a'.repeat(9)}😀tail`, 1, 10);
    expect(c.shown).toBe('a'.repeat(9));
  });
});
