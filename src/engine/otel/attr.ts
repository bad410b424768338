/**
 * Lenient readers for telemetry attributes. Claude Code sends many numbers and booleans as strings
 * (`"true"`, `"0.0123"`; FORMATS.md §3), so every reader accepts both forms and nothing throws.
 */
import type { Attrs } from './otlp-json';

/** A non-empty string (numbers are given as their decimal form). */
export function text(a: Attrs, key: string): string | undefined {
  const v = a[key];
  if (typeof v === 'string') return v === '' ? undefined : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A finite number from a number or a numeric string. */
export function number(a: Attrs, key: string): number | undefined {
  const v = a[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** A non-negative whole count (token counts, lengths); fractions are truncated. */
export function count(a: Attrs, key: string): number | undefined {
  const n = number(a, key);
  return n === undefined || n < 0 ? undefined : Math.trunc(n);
}

export function flag(a: Attrs, key: string): boolean | undefined {
  const v = a[key];
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return undefined;
}

/**
 * An id that becomes part of an agent id or a store key: 1–200 characters, no whitespace or control
 * characters. Anything else is not an id we can trust to name a row.
 */
export function id(a: Attrs, key: string): string | undefined {
  const v = text(a, key);
  return v !== undefined && v.length <= 200 && !/[\s\u0000-\u001f\u007f]/.test(v) ? v : undefined;
}
