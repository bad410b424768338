/**
 * A job's log while its panel is open: read at once, then every JOB_LOG_POLL_MS while the page is
 * visible (a hidden tab stops asking, and reads again the moment it is shown). One request at a
 * time; a read that says the same as the last keeps the old object, so nothing re-renders.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JobLog } from '../../../shared/jobs';
import { JOB_LOG_LINES, JOB_LOG_POLL_MS, sameJobLog } from '../../state/views/jobs';
import { errorText, type EngineClient } from '../../transport/engine-client';

export interface JobLogState {
  log: JobLog | null;
  /** The last read failed (the job vanished, the engine is away); the last good log stays shown. */
  error: string | null;
}

export function useJobLog(client: EngineClient, id: string): JobLogState {
  const [state, setState] = useState<JobLogState>({ log: null, error: null });
  useEffect(() => {
    let stopped = false;
    let busy = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const visible = () => document.visibilityState === 'visible';

    const read = async () => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (busy || stopped) return;
      busy = true;
      try {
        const log = await client.getJobLog(id, { lines: JOB_LOG_LINES });
        if (!stopped) setState((prev) => (prev.error === null && sameJobLog(prev.log, log) ? prev : { log, error: null }));
      } catch (err) {
        if (!stopped) setState((prev) => ({ log: prev.log, error: errorText(err) }));
      } finally {
        busy = false;
      }
      if (!stopped && visible()) timer = setTimeout(() => void read(), JOB_LOG_POLL_MS);
    };
    const onVisibility = () => {
      if (visible() && !timer) void read();
    };
    document.addEventListener('visibilitychange', onVisibility);
    void read();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [client, id]);
  return state;
}
