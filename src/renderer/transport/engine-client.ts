/**
 * What the UI talks to: the engine's request methods plus one live feed. Two implementations,
 * picked at start-up (main.tsx): HTTP + SSE for a browser, IPC for the tray app's window. The UI
 * never knows which one it has (STYLE.md practice 10).
 */
import type { EngineApi, EngineEventMap } from '../../shared/contract';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface FeedHandlers {
  /** Stored events, ascending ids, never one twice, none skipped after `afterId`. */
  events(events: EngineEventMap['events']): void;
  agent(agent: EngineEventMap['agent']): void;
  burn(tick: EngineEventMap['burn']): void;
  settings(view: EngineEventMap['settings']): void;
  /** The pause and the off-machine channels' status: on a pause and after every delivery that worked or failed. */
  notify(state: EngineEventMap['notify']): void;
  /** The whole jobs table, whenever the engine's check finds it changed (no id: not replayed; re-read after a reconnect). */
  jobs(snapshot: EngineEventMap['jobs']): void;
  /**
   * The feed's state. After `reconnecting` → `live` the feed has resumed from the last event it
   * delivered, but agent summaries, health and the jobs table may have changed meanwhile: re-read them.
   */
  connection(state: ConnectionState): void;
}

export interface EngineClient extends EngineApi {
  /** Starts the live feed after event id `afterId` (0: from the first event). Returns a stop function. */
  connect(afterId: number, handlers: FeedHandlers): () => void;
}

/** Thrown by client methods when the engine answers with an error (HTTP 4xx/5xx or an IPC rejection). */
export class EngineError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly detail?: string,
  ) {
    super(detail ? `${error}: ${detail}` : error);
    this.name = 'EngineError';
  }
}

/** What to tell the user about a failed request: the engine's detail (it names the field), else its error. */
export function errorText(err: unknown): string {
  if (err instanceof EngineError) return err.detail ? err.detail : err.error;
  return err instanceof Error ? err.message : String(err);
}
