/**
 * The burn tick: every 5 s while any agent is running, the current spend rate goes out on the bus
 * (`burn`, sent to SSE clients as a `burn_tick` message). Nothing while all agents are idle, and
 * nothing computed while no one listens.
 */
import type Database from 'better-sqlite3';
import type { Bus } from '../bus';
import type { Clock } from '../clock';
import type { AgentSource } from './live-stats';
import { computeBurn } from './burn';

export const BURN_TICK_MS = 5000;

export interface BurnTicker {
  start(intervalMs?: number): void;
  stop(): void;
  /** One tick now (what the timer runs); exposed for tests. */
  tick(): void;
}

export function createBurnTicker(deps: { db: Database.Database; store: AgentSource; bus: Bus; clock: Clock; onError(err: unknown): void }): BurnTicker {
  let timer: NodeJS.Timeout | null = null;
  const tick = () => {
    if (deps.bus.listenerCount('burn') === 0) return;
    let running = 0;
    for (const row of deps.store.agentRows()) if (row.state === 'running') running++;
    if (running === 0) return;
    const now = deps.clock.now();
    try {
      deps.bus.emit('burn', { at: new Date(now).toISOString(), burn: computeBurn(deps.db, now), running });
    } catch (err) {
      deps.onError(err); // a failed read must not stop the timer
    }
  };
  return {
    start(intervalMs = BURN_TICK_MS) {
      if (timer) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    tick,
  };
}
