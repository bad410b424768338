/**
 * Which agent-provided URLs may become links. Only absolute http:, https: and mailto: URLs do;
 * everything else (javascript:, data:, vbscript:, file:, relative paths, garbage) is shown as text.
 * Pure: no DOM (WHATWG `URL` exists in browsers and Node alike).
 */

const ALLOWED = new Set(['http:', 'https:', 'mailto:']);
const WEB = new Set(['http:', 'https:']);

// Browsers drop ASCII tab and newline anywhere in a URL and trim C0 controls and spaces at the
// ends ("java\tscript:" is javascript:): do the same before judging the scheme.
const STRIPPED = /[\u0000-\u001f\u007f]/g;

/** The normalised URL when it may be a link target (http, https, mailto), else null. */
export function safeHref(raw: string | null | undefined, schemes: ReadonlySet<string> = ALLOWED): string | null {
  if (typeof raw !== 'string') return null;
  const s = raw.replace(STRIPPED, '').trim();
  if (s === '' || s.length > 8192) return null;
  // An absolute URL only: a scheme first. Relative references have no base here.
  if (!/^[a-z][a-z0-9+.-]*:/i.test(s)) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  if (!schemes.has(url.protocol)) return null;
  if (url.protocol !== 'mailto:' && !url.hostname) return null;
  return url.href;
}

/** Only http(s): for links that should open a web page (a PR). */
export function safeWebHref(raw: string | null | undefined): string | null {
  return safeHref(raw, WEB);
}
