/**
 * The secret parts of a channel (its URL's path and query, header values, the SMTP password), so
 * they can be cut out of anything shown or logged: a server may echo the URL or the token it
 * refused in its error answer.
 */
import type { ChannelConfig } from '../../../shared/channels';

/** Shorter pieces are too common to be secrets (and cutting them would mangle messages). */
const MIN_SECRET = 6;

function urlSecrets(url: string): string[] {
  const out = [url];
  try {
    const u = new URL(url);
    out.push(u.pathname + u.search, u.search, u.username, u.password);
    for (const segment of u.pathname.split('/')) out.push(segment, safeDecode(segment));
    for (const value of u.searchParams.values()) out.push(value);
  } catch {
    // Not a URL: the whole string is the secret.
  }
  return out;
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export function secretsOf(c: ChannelConfig): string[] {
  const all = c.type === 'email' ? [c.password] : urlSecrets(c.url);
  if (c.type === 'webhook' || c.type === 'ntfy') {
    for (const value of Object.values(c.headers)) all.push(value, ...value.split(/\s+/));
  }
  // Longest first, so a whole URL goes before its parts.
  return [...new Set(all.filter((s) => s.length >= MIN_SECRET))].sort((a, b) => b.length - a.length);
}

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('…');
  return out;
}
