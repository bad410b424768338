/**
 * Files waiting to be read, processed one at a time. A path queued again while it waits is
 * coalesced (a burst of appends is one read); one queued while it is being read is read once
 * more afterwards, so no append is missed.
 */
export interface FileQueue {
  push(path: string): void;
  /** Resolves when the queue is empty and nothing is running. */
  idle(): Promise<void>;
  readonly size: number;
  stop(): void;
}

export function createFileQueue(work: (path: string) => Promise<void>, onError: (path: string, err: unknown) => void): FileQueue {
  const pending = new Set<string>();
  let running = false;
  let stopped = false;
  let waiters: Array<() => void> = [];

  async function drain() {
    if (running) return;
    running = true;
    try {
      while (!stopped && pending.size) {
        const path = pending.values().next().value as string;
        pending.delete(path);
        try {
          await work(path);
        } catch (err) {
          onError(path, err);
        }
      }
    } finally {
      running = false;
      if (!pending.size || stopped) {
        const w = waiters;
        waiters = [];
        for (const resolve of w) resolve();
      }
    }
  }

  return {
    push(path) {
      if (stopped) return;
      pending.add(path);
      void drain();
    },
    idle() {
      if (!running && !pending.size) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    get size() {
      return pending.size + (running ? 1 : 0);
    },
    stop() {
      stopped = true;
      pending.clear();
    },
  };
}
