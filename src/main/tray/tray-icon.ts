/**
 * The tray icon's pixels, from the numbers it shows (pure; tested as bytes).
 *
 * Linux and Windows: a rounded amber badge carrying the running count in a built-in 3×5 pixel
 * font scaled by a whole number (crisp at 16, 24, 32 px and at 2×); over 99 it reads "99+".
 * When any agent is blocked the badge turns red with white digits (and shows "!" when none is
 * running): the mark that someone is waiting is the colour of the whole icon, not a corner dot
 * that would cover the digits at 16 px. Nothing running: an amber outline with a dot (the lantern
 * at rest).
 * macOS: a template image (black and alpha; the system tints it), the count goes in
 * `tray.setTitle` beside it (tray.ts). The outline when nobody is blocked, a filled badge with a
 * "!" cut out when someone is.
 */
import { createBitmap, fillCircle, fillRect, fillRoundRect, type Bitmap, type Rgba } from './raster';

export interface TrayIconSpec {
  running: number;
  blocked: number;
  /** Logical size in points (16 on Windows and macOS, 24 on Linux). */
  size: number;
  /** Device pixels per point (1, 1.25, 1.5, 2, …). */
  scale: number;
  /** macOS template image: black + alpha, no digits. */
  template?: boolean;
}

const AMBER: Rgba = [245, 166, 35, 255];
const RED: Rgba = [229, 72, 77, 255];
const INK: Rgba = [31, 22, 0, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const BLACK: Rgba = [0, 0, 0, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

export const RED_MARK = RED;
export const AMBER_BADGE = AMBER;

/** 3×5 glyphs, rows top to bottom, `#` = ink. */
const GLYPHS: Record<string, string> = {
  '0': '### #.# #.# #.# ###',
  '1': '.#. ##. .#. .#. ###',
  '2': '### ..# ### #.. ###',
  '3': '### ..# ### ..# ###',
  '4': '#.# #.# ### ..# ..#',
  '5': '### #.. ### ..# ###',
  '6': '### #.. ### #.# ###',
  '7': '### ..# ..# ..# ..#',
  '8': '### #.# ### #.# ###',
  '9': '### #.# ### ..# ###',
  '+': '... .#. ### .#. ...',
  '!': '.#. .#. .#. ... .#.',
};
const GLYPH_W = 3;
const GLYPH_H = 5;

/** What the badge says: the running count ("99+" past 99), "!" when only blocked agents, "" when idle. */
export function trayLabel(running: number, blocked: number): string {
  if (running > 0) return running > 99 ? '99+' : String(running);
  return blocked > 0 ? '!' : '';
}

/** Draws `text` centred in a `px`-square with `inset` pixels kept clear on each side. */
function drawText(bmp: Bitmap, text: string, px: number, inset: number, color: Rgba): void {
  const units = text.length * GLYPH_W + (text.length - 1);
  const room = px - 2 * inset;
  const unit = Math.max(1, Math.min(Math.floor(room / units), Math.floor((room * 0.75) / GLYPH_H)));
  const x0 = Math.floor((px - units * unit) / 2);
  const y0 = Math.floor((px - GLYPH_H * unit) / 2);
  [...text].forEach((ch, i) => {
    const rows = GLYPHS[ch].split(' ');
    rows.forEach((row, gy) => {
      [...row].forEach((cell, gx) => {
        if (cell === '#') fillRect(bmp, x0 + (i * (GLYPH_W + 1) + gx) * unit, y0 + gy * unit, unit, unit, color);
      });
    });
  });
}

/** The lantern at rest: an outline with a dot in the middle. */
function drawOutline(bmp: Bitmap, px: number, color: Rgba): void {
  const stroke = Math.max(1, Math.round(px * 0.11)); // whole pixels: crisp edges at 16 px
  const r = px * 0.24;
  fillRoundRect(bmp, 0, 0, px, px, r, color);
  fillRoundRect(bmp, stroke, stroke, px - 2 * stroke, px - 2 * stroke, Math.max(0, r - stroke), CLEAR);
  fillCircle(bmp, px / 2, px / 2, px * 0.15, color);
}

export function renderTrayIcon(spec: TrayIconSpec): Bitmap {
  const px = Math.max(8, Math.round(spec.size * spec.scale));
  const bmp = createBitmap(px, px);
  const blocked = spec.blocked > 0;
  const inset = Math.max(1, Math.floor(px / 16));
  if (spec.template) {
    if (!blocked) {
      drawOutline(bmp, px, BLACK);
      return bmp;
    }
    fillRoundRect(bmp, 0, 0, px, px, px * 0.24, BLACK);
    drawText(bmp, '!', px, inset, CLEAR);
    return bmp;
  }
  const label = trayLabel(spec.running, spec.blocked);
  if (label === '') {
    drawOutline(bmp, px, AMBER);
    return bmp;
  }
  fillRoundRect(bmp, 0, 0, px, px, px * 0.22, blocked ? RED : AMBER);
  drawText(bmp, label, px, inset, blocked ? WHITE : INK);
  return bmp;
}
