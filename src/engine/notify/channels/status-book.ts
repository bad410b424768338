/**
 * How each channel's deliveries went, by channel id: kept while the id is configured (a rename or
 * a new URL keeps the history), forgotten when it is removed.
 */
import type { ChannelStatus } from '../../../shared/channels';

export type ChannelRecord = Pick<ChannelStatus, 'lastSentAt' | 'lastError' | 'lastErrorAt' | 'failures' | 'dropped'>;

export interface StatusBook {
  of(id: string): Readonly<ChannelRecord>;
  /** Forgets every id not in `ids`. */
  keepOnly(ids: ReadonlySet<string>): void;
  sent(id: string, at: string): void;
  /** A test that failed: the error is shown, nothing was given up. */
  failed(id: string, error: string, at: string): void;
  /** A delivery that failed after its last attempt. */
  gaveUp(id: string, error: string, at: string): void;
  /** An alert dropped unsent (queue full, too old). */
  dropped(id: string): void;
}

export function createStatusBook(): StatusBook {
  const records = new Map<string, ChannelRecord>();
  const get = (id: string) => {
    let r = records.get(id);
    if (!r) {
      r = { lastSentAt: null, lastError: null, lastErrorAt: null, failures: 0, dropped: 0 };
      records.set(id, r);
    }
    return r;
  };
  return {
    of: get,
    keepOnly(ids) {
      for (const id of records.keys()) if (!ids.has(id)) records.delete(id);
    },
    sent(id, at) {
      const r = get(id);
      r.lastSentAt = at;
      r.failures = 0;
    },
    failed(id, error, at) {
      const r = get(id);
      r.lastError = error;
      r.lastErrorAt = at;
    },
    gaveUp(id, error, at) {
      const r = get(id);
      r.lastError = error;
      r.lastErrorAt = at;
      r.failures++;
      r.dropped++;
    },
    dropped(id) {
      get(id).dropped++;
    },
  };
}
