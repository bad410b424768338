// @vitest-environment node
/**
 * The tray icon's pixels, as bytes: one image per count, the blocked mark, crisp digits at the
 * sizes trays use (16, 24, 32 px and 2×), "99+" past 99, template images black and alpha only,
 * and a PNG that decodes back to the same pixels.
 */
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodePng, pixel, type Bitmap } from '../../src/main/tray/raster';
import { AMBER_BADGE, RED_MARK, renderTrayIcon, trayLabel } from '../../src/main/tray/tray-icon';

const same = (a: readonly number[], b: readonly number[]) => a.every((v, i) => v === b[i]);
function count(bmp: Bitmap, match: (p: readonly number[]) => boolean): number {
  let n = 0;
  for (let y = 0; y < bmp.height; y++) for (let x = 0; x < bmp.width; x++) if (match(pixel(bmp, x, y))) n++;
  return n;
}
const isRed = (p: readonly number[]) => same(p, RED_MARK);

describe('tray icon', () => {
  it.each([
    [16, 1, 16],
    [24, 1, 24],
    [32, 1, 32],
    [16, 2, 32],
    [24, 2, 48],
    [16, 1.25, 20],
    [16, 1.5, 24],
  ])('is %i pt at %s× = %i px square, RGBA', (size, scale, px) => {
    const bmp = renderTrayIcon({ running: 3, blocked: 0, size, scale });
    expect([bmp.width, bmp.height]).toEqual([px, px]);
    expect(bmp.data.length).toBe(px * px * 4);
  });

  it('draws a different image for every count, at every size', () => {
    for (const [size, scale] of [
      [16, 1],
      [16, 2],
      [24, 1],
      [32, 1],
    ]) {
      const images = new Set<string>();
      for (let n = 0; n <= 100; n++) images.add(renderTrayIcon({ running: n, blocked: 0, size, scale }).data.toString('base64'));
      // 0..99 each look different; 100 reads "99+", unlike 99.
      expect(images.size).toBe(101);
    }
  });

  it('says "99+" past 99, "!" when only blocked agents, nothing when idle', () => {
    expect([trayLabel(0, 0), trayLabel(7, 0), trayLabel(99, 0), trayLabel(100, 0), trayLabel(5000, 2), trayLabel(0, 3)]).toEqual(['', '7', '99', '99+', '99+', '!']);
    const a = renderTrayIcon({ running: 100, blocked: 0, size: 16, scale: 1 });
    const b = renderTrayIcon({ running: 12345, blocked: 0, size: 16, scale: 1 });
    expect(a.data.equals(b.data)).toBe(true);
  });

  it('marks blocked agents in red, and only then', () => {
    for (const [size, scale] of [
      [16, 1],
      [32, 1],
      [16, 2],
    ]) {
      const calm = renderTrayIcon({ running: 2, blocked: 0, size, scale });
      const blocked = renderTrayIcon({ running: 2, blocked: 1, size, scale });
      const onlyBlocked = renderTrayIcon({ running: 0, blocked: 1, size, scale });
      expect(count(calm, isRed)).toBe(0);
      expect(count(blocked, isRed)).toBeGreaterThan(size * scale * size * scale * 0.3);
      expect(count(onlyBlocked, isRed)).toBeGreaterThan(0);
      expect(blocked.data.equals(calm.data)).toBe(false);
    }
  });

  it('draws digits on whole pixels: inside the badge every pixel is exactly badge or ink, no blur', () => {
    for (const [size, scale] of [
      [16, 1],
      [24, 1],
      [32, 1],
      [16, 2],
    ]) {
      const bmp = renderTrayIcon({ running: 48, blocked: 0, size, scale });
      const px = bmp.width;
      const inset = Math.ceil(px * 0.22); // clear of the rounded corners
      let ink = 0;
      for (let y = inset; y < px - inset; y++) {
        for (let x = 0; x < px; x++) {
          const p = pixel(bmp, x, y);
          expect(p[3]).toBe(255);
          if (same(p, AMBER_BADGE)) continue;
          ink++;
          expect(p[0] + p[1] + p[2]).toBeLessThan(100); // dark ink, not a blend
        }
      }
      // Both digits have strokes at least 2 px thick from 16 px up (3×5 font scaled ×2 or more).
      expect(ink).toBeGreaterThan(20 * (px / 16) ** 2);
    }
  });

  it('shows an outline when nothing runs (transparent middle ring), a filled badge otherwise', () => {
    const idle = renderTrayIcon({ running: 0, blocked: 0, size: 16, scale: 1 });
    const busy = renderTrayIcon({ running: 1, blocked: 0, size: 16, scale: 1 });
    expect(pixel(idle, 4, 8)[3]).toBe(0);
    expect(pixel(busy, 4, 8)[3]).toBe(255);
  });

  it('makes macOS template images of black and alpha only, different when someone is blocked', () => {
    const calm = renderTrayIcon({ running: 3, blocked: 0, size: 16, scale: 2, template: true });
    const blocked = renderTrayIcon({ running: 3, blocked: 1, size: 16, scale: 2, template: true });
    for (const bmp of [calm, blocked]) expect(count(bmp, (p) => p[3] > 0 && (p[0] | p[1] | p[2]) !== 0)).toBe(0);
    expect(calm.data.equals(blocked.data)).toBe(false);
    // The count is in the title on macOS: the template does not change with it.
    expect(renderTrayIcon({ running: 9, blocked: 0, size: 16, scale: 2, template: true }).data.equals(calm.data)).toBe(true);
  });

  it('encodes a PNG that decodes to the same pixels', () => {
    const bmp = renderTrayIcon({ running: 7, blocked: 1, size: 16, scale: 2 });
    const png = encodePng(bmp);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([32, 32, 8, 6]);
    const idat = png.indexOf('IDAT', 0, 'latin1');
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    const stride = 32 * 4;
    for (let y = 0; y < 32; y++) {
      expect(raw[y * (stride + 1)]).toBe(0); // filter: none
      expect(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)).equals(bmp.data.subarray(y * stride, (y + 1) * stride))).toBe(true);
    }
  });
});
