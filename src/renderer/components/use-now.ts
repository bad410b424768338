/** The current time, refreshed every `everyMs`, for ages and countdowns. */
import { useEffect, useState } from 'preact/hooks';

export function useNow(everyMs = 10_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
