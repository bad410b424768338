/**
 * A tiny deterministic PRNG (sfc32 seeded through splitmix32) and the random shapes the corpus
 * generator needs: ranges, picks, long-tailed sizes, and Claude-Code-looking ids.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** Log-uniform integer in [min, max]: as many values per decade. */
  logUniform(min: number, max: number): number;
  chars(alphabet: string, n: number): string;
  hex(n: number): string;
  base62(n: number): string;
  uuid(): string;
  /** An independent stream derived from this one (so one session's shape never shifts another's). */
  fork(): Rng;
}

export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const u32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) u32();

  const rng: Rng = {
    next: () => u32() / 4294967296,
    int: (min, max) => min + Math.floor(rng.next() * (max - min + 1)),
    chance: (p) => rng.next() < p,
    pick: (list) => list[Math.floor(rng.next() * list.length)],
    logUniform: (min, max) => Math.round(Math.exp(Math.log(min) + rng.next() * (Math.log(max) - Math.log(min)))),
    chars(alphabet, n) {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(rng.next() * alphabet.length)];
      return out;
    },
    hex: (n) => rng.chars(HEX, n),
    base62: (n) => rng.chars(BASE62, n),
    uuid() {
      const h = rng.hex(32);
      const variant = HEX[8 + Math.floor(rng.next() * 4)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    fork: () => createRng(u32()),
  };
  return rng;
}
