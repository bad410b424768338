/** The current time, for ages, countdowns and the clock. */
import { signal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed every `everyMs` (each caller its own timer: for slow ages). */
export function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/**
 * One clock for everything that ticks every second (the status rail, the jobs table's
 * countdowns): a single timer, started by the first component that reads it and stopped with the
 * last, set just after each whole second so every countdown on screen changes together.
 */
const second = signal(Date.now());
let readers = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function tick(): void {
  second.value = Date.now();
  timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
}

export function useSecondClock(): number {
  useEffect(() => {
    if (readers++ === 0) tick();
    return () => {
      if (--readers === 0 && timer) {
        clearTimeout(timer);
        timer = null;
      }
    };
  }, []);
  return second.value;
}
