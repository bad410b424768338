/**
 * Where the window opens (pure): the saved bounds when enough of them is on a screen that exists
 * now (a monitor may have been unplugged since), else null: Electron centres the default size.
 */
import type { WindowBounds } from './app-settings';

export const DEFAULT_SIZE = { width: 1180, height: 780 };
/** This much of the window must be on one display, in both directions, to be reachable. */
const MIN_VISIBLE = 64;

const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

export function restoreBounds(saved: WindowBounds | null, workAreas: readonly WindowBounds[]): WindowBounds | null {
  if (!saved) return null;
  for (const area of workAreas) {
    const w = overlap(saved.x, saved.x + saved.width, area.x, area.x + area.width);
    const h = overlap(saved.y, saved.y + saved.height, area.y, area.y + area.height);
    if (w >= Math.min(MIN_VISIBLE, saved.width) && h >= Math.min(MIN_VISIBLE, saved.height)) {
      // Larger than the display it is on (a smaller monitor now): fit it.
      return { ...saved, width: Math.min(saved.width, area.width), height: Math.min(saved.height, area.height) };
    }
  }
  return null;
}
