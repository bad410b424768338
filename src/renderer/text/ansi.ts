/**
 * Terminal output as inert text. SGR colour sequences (`ESC[…m`) become segments carrying a class
 * from a small fixed set (foreground colours 30-37 / 90-97, bold); every other control character
 * (other escape sequences, C0 controls but newline and tab, DEL, C1 controls, bidi overrides) is
 * shown as a visible picture (ESC as '␛'), never acted on. Pure: no DOM, so it is tested in Node.
 */

export interface AnsiSegment {
  text: string;
  /** Space-separated classes from ANSI_CLASSES, or undefined for plain text. */
  cls?: string;
}

const COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;

/** Every class `parseAnsi` can emit (replay.css styles each). */
export const ANSI_CLASSES: readonly string[] = [
  ...COLOURS.map((c) => `ansi-${c}`),
  ...COLOURS.map((c) => `ansi-bright-${c}`),
  'ansi-bold',
  'ansi-ctrl',
];

const ESC = '\u001b';
/** Characters that need work: C0 controls but \t and \n, DEL, C1 controls, bidi embeddings/overrides/isolates. */
const SPECIAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const SPECIAL_GLOBAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The visible stand-in for one control character: a Unicode control picture, or its code point. */
export function controlPicture(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code === 0x1b) return '␛';
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '␡';
  return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Normalises CRLF to LF (Windows output), then makes every remaining control character visible. */
export function visibleControls(text: string): string {
  const s = text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
  return SPECIAL.test(s) ? s.replace(SPECIAL_GLOBAL, controlPicture) : s;
}

interface Style {
  fg: string | null;
  bold: boolean;
}

const styleClass = (s: Style): string | undefined => {
  if (!s.fg && !s.bold) return undefined;
  if (s.fg && s.bold) return `${s.fg} ansi-bold`;
  return s.fg ?? 'ansi-bold';
};

/** Applies the parameters of one SGR sequence to the current style. */
function applySgr(style: Style, params: string): void {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) {
      style.fg = null;
      style.bold = false;
    } else if (c === 1) style.bold = true;
    else if (c === 22) style.bold = false;
    else if (c >= 30 && c <= 37) style.fg = `ansi-${COLOURS[c - 30]}`;
    else if (c >= 90 && c <= 97) style.fg = `ansi-bright-${COLOURS[c - 90]}`;
    else if (c === 39) style.fg = null;
    else if (c === 38 || c === 48 || c === 58) {
      // Extended colours: 38;5;n or 38;2;r;g;b. Not shown, but their arguments are not codes.
      const mode = codes[i + 1];
      i += mode === 5 ? 2 : mode === 2 ? 4 : 1;
    }
    // Everything else (background, underline, blink, …) is dropped on purpose.
  }
}

/** CSI: ESC [ parameter bytes (0x30-0x3F)* intermediate bytes (0x20-0x2F)* final byte (0x40-0x7E). */
const CSI = /\u001b\[([\u0030-\u003f]*)([\u0020-\u002f]*)([\u0040-\u007e])/;

/**
 * Splits terminal output into styled segments. Only well-formed SGR sequences with numeric
 * parameters are interpreted; any other escape sequence is kept as visible text ('␛[2J').
 */
export function parseAnsi(input: string): AnsiSegment[] {
  const text = input.includes('\r\n') ? input.replace(/\r\n/g, '\n') : input;
  if (!SPECIAL.test(text)) return text === '' ? [] : [{ text }];
  const out: AnsiSegment[] = [];
  const style: Style = { fg: null, bold: false };
  let buf = '';
  let bufCls: string | undefined;
  const push = (s: string, cls: string | undefined) => {
    if (s === '') return;
    if (cls === bufCls) {
      buf += s;
      return;
    }
    if (buf !== '') out.push(bufCls ? { text: buf, cls: bufCls } : { text: buf });
    buf = s;
    bufCls = cls;
  };
  const special = new RegExp(SPECIAL.source, 'g');
  const csi = new RegExp(CSI.source, 'y');
  let i = 0;
  while (i < text.length) {
    special.lastIndex = i;
    const m = special.exec(text);
    if (!m) {
      push(text.slice(i), styleClass(style));
      break;
    }
    if (m.index > i) push(text.slice(i, m.index), styleClass(style));
    i = m.index;
    const ch = text[i];
    if (ch === ESC) {
      csi.lastIndex = i;
      const seq = csi.exec(text);
      if (seq && seq[3] === 'm' && seq[2] === '' && /^[\d;:]*$/.test(seq[1])) {
        applySgr(style, seq[1]);
        i += seq[0].length;
        continue;
      }
    }
    const cls = styleClass(style);
    push(controlPicture(ch), cls ? `${cls} ansi-ctrl` : 'ansi-ctrl');
    i += 1;
  }
  if (buf !== '') out.push(bufCls ? { text: buf, cls: bufCls } : { text: buf });
  return out;
}

/** The text with every SGR sequence removed and other controls made visible (for line counts, copies). */
export function plainAnsi(text: string): string {
  return parseAnsi(text)
    .map((s) => s.text)
    .join('');
}
