/**
 * A tiny RGBA rasterizer for the tray icon: rounded rectangles and circles with 4×4 supersampled
 * edges, painted "over" what is there, and a PNG encoder. Pure Node (zlib), no electron: the
 * icon's pixels are tested as plain bytes.
 */
import { crc32, deflateSync } from 'node:zlib';

export type Rgba = readonly [number, number, number, number];

export interface Bitmap {
  width: number;
  height: number;
  /** width * height * 4 bytes, RGBA, straight (not premultiplied) alpha, rows top to bottom. */
  data: Buffer;
}

export function createBitmap(width: number, height: number): Bitmap {
  return { width, height, data: Buffer.alloc(width * height * 4) };
}

const SAMPLES = 4;

/** Paints `color` with coverage from `inside(x, y)` (pixel-space, continuous) over the bitmap. */
function paint(bmp: Bitmap, color: Rgba, bounds: { x0: number; y0: number; x1: number; y1: number }, inside: (x: number, y: number) => boolean): void {
  const x0 = Math.max(0, Math.floor(bounds.x0));
  const y0 = Math.max(0, Math.floor(bounds.y0));
  const x1 = Math.min(bmp.width, Math.ceil(bounds.x1));
  const y1 = Math.min(bmp.height, Math.ceil(bounds.y1));
  for (let py = y0; py < y1; py++) {
    for (let px = x0; px < x1; px++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) if (inside(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)) hits++;
      }
      if (hits > 0) blend(bmp, px, py, color, hits / (SAMPLES * SAMPLES));
    }
  }
}

function blend(bmp: Bitmap, x: number, y: number, color: Rgba, coverage: number): void {
  const i = (y * bmp.width + x) * 4;
  const d = bmp.data;
  const sa = (color[3] / 255) * coverage;
  if (color[3] === 0) {
    // Erase: a transparent "color" cuts a hole (the ring around the blocked mark).
    d[i + 3] = Math.round(d[i + 3] * (1 - coverage));
    return;
  }
  const da = d[i + 3] / 255;
  const oa = sa + da * (1 - sa);
  for (let c = 0; c < 3; c++) d[i + c] = oa === 0 ? 0 : Math.round((color[c] * sa + d[i + c] * da * (1 - sa)) / oa);
  d[i + 3] = Math.round(oa * 255);
}

export function fillRoundRect(bmp: Bitmap, x: number, y: number, w: number, h: number, r: number, color: Rgba): void {
  const rr = Math.min(r, w / 2, h / 2);
  paint(bmp, color, { x0: x, y0: y, x1: x + w, y1: y + h }, (px, py) => {
    if (px < x || px > x + w || py < y || py > y + h) return false;
    const cx = Math.min(Math.max(px, x + rr), x + w - rr);
    const cy = Math.min(Math.max(py, y + rr), y + h - rr);
    return (px - cx) ** 2 + (py - cy) ** 2 <= rr * rr;
  });
}

export function fillCircle(bmp: Bitmap, cx: number, cy: number, r: number, color: Rgba): void {
  paint(bmp, color, { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r }, (px, py) => (px - cx) ** 2 + (py - cy) ** 2 <= r * r);
}

export function fillRect(bmp: Bitmap, x: number, y: number, w: number, h: number, color: Rgba): void {
  paint(bmp, color, { x0: x, y0: y, x1: x + w, y1: y + h }, (px, py) => px >= x && px <= x + w && py >= y && py <= y + h);
}

export function pixel(bmp: Bitmap, x: number, y: number): Rgba {
  const i = (y * bmp.width + x) * 4;
  return [bmp.data[i], bmp.data[i + 1], bmp.data[i + 2], bmp.data[i + 3]];
}

function chunk(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/**
 * A PNG (8-bit RGBA, no filtering). `nativeImage.createFromBuffer` reads it the same way on every
 * platform, where `createFromBitmap` takes the platform's native byte order (BGRA in Skia's N32).
 */
export function encodePng(bmp: Bitmap): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(bmp.width, 0);
  ihdr.writeUInt32BE(bmp.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const stride = bmp.width * 4;
  const raw = Buffer.alloc((stride + 1) * bmp.height);
  for (let y = 0; y < bmp.height; y++) bmp.data.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
