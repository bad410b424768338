/** While a view that shows stats is mounted: read them at once, then every 10 s. */
import { useEffect } from 'preact/hooks';
import { useApp } from '../../context';

export const STATS_REFRESH_MS = 10_000;

export function useStatsRefresh(everyMs = STATS_REFRESH_MS): void {
  const { refreshStats } = useApp();
  useEffect(() => {
    void refreshStats();
    const t = setInterval(() => void refreshStats(), everyMs);
    return () => clearInterval(t);
  }, [refreshStats, everyMs]);
}
