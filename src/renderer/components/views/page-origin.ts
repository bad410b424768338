/** The page's origin (`http://127.0.0.1:4747` in a browser; `file://` or `null` in the tray app's window). */
export function pageOrigin(): string | null {
  return typeof location === 'undefined' ? null : location.origin;
}
